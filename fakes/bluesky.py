"""A fake Bluesky PDS on 127.0.0.1: createSession and refreshSession with real-shaped JWTs (atproto
decodes them), createRecord (a taken record key is refused), getRecord, getAuthorFeed, uploadBlob.
Faults by script; `revoked` makes the app password and every token a 401."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import json
import secrets
import time
from typing import Any

from fakes.http import Answer, JsonFake, Request

HANDLE = "worksonarm.bsky.social"
PASSWORD = "abcd-efgh-ijkl-mnop"
DID = "did:plc:worksonarmfake0000000000"
_B32 = "abcdefghijklmnopqrstuvwxyz234567"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def jwt(scope: str, lifetime: float) -> str:
    now = int(time.time())
    claims = {"scope": scope, "sub": DID, "iat": now, "exp": int(now + lifetime), "jti": secrets.token_hex(8)}
    signature = base64.urlsafe_b64encode(secrets.token_bytes(64)).rstrip(b"=").decode()
    return f"{_b64({'typ': 'at+jwt', 'alg': 'ES256K'})}.{_b64(claims)}.{signature}"


def cid_of(data: bytes) -> str:
    """A CIDv1 (dag-cbor, sha2-256) in base32, as the PDS names records and blobs."""
    raw = bytes([0x01, 0x71, 0x12, 0x20]) + hashlib.sha256(data).digest()
    bits = "".join(f"{byte:08b}" for byte in raw)
    bits += "0" * (-len(bits) % 5)
    return "b" + "".join(_B32[int(bits[i : i + 5], 2)] for i in range(0, len(bits), 5))


class FakeBluesky(JsonFake):
    def __init__(self, access_lifetime: float = 7200) -> None:
        self.records: dict[str, dict[str, Any]] = {}  # rkey -> {"uri", "cid", "value"}
        self.blobs: list[bytes] = []
        self.sessions = 0  # createSession calls that succeeded
        self.refreshes = 0
        self.revoked = False
        self.access_lifetime = access_lifetime
        self._access: set[str] = set()
        self._refresh: set[str] = set()
        self._order = itertools.count()
        super().__init__()

    @property
    def xrpc(self) -> str:
        return self.url + "/xrpc"

    @property
    def posts(self) -> list[dict[str, Any]]:
        return [r["value"] for r in sorted(self.records.values(), key=lambda r: r["order"])]

    def route_name(self, request: Request) -> str:
        return request.path.removeprefix("/xrpc/")

    def route(self, request: Request) -> Answer:
        name = self.route_name(request)
        if name == "com.atproto.server.createSession":
            return self.create_session(request.body)
        if name == "com.atproto.server.refreshSession":
            if self.revoked or request.bearer not in self._refresh:
                return 400, {"error": "ExpiredToken", "message": "Token has expired"}, {}
            self._refresh.discard(request.bearer)
            self.refreshes += 1
            return 200, self.session(), {}
        if self.revoked:
            return 401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, {}
        if request.bearer not in self._access and name != "com.atproto.repo.getRecord":
            return 400, {"error": "ExpiredToken", "message": "Token has expired"}, {}
        if name == "com.atproto.repo.createRecord":
            return self.create_record(request.body)
        if name == "com.atproto.repo.getRecord":
            record = self.records.get(request.query.get("rkey", ""))
            if record is None or request.query.get("repo") != DID:
                return 400, {"error": "RecordNotFound", "message": "Could not locate record"}, {}
            return 200, {k: record[k] for k in ("uri", "cid", "value")}, {}
        if name == "app.bsky.feed.getAuthorFeed":
            return (
                200,
                {"feed": [{"post": self.post_view(r)} for r in reversed(list(self.records.values()))]},
                {},
            )
        if name == "com.atproto.repo.uploadBlob":
            self.blobs.append(request.body)
            mime = request.headers.get("Content-Type", "application/octet-stream")
            blob = {
                "$type": "blob",
                "ref": {"$link": cid_of(request.body)},
                "mimeType": mime,
                "size": len(request.body),
            }
            return 200, {"blob": blob}, {}
        return 404, {"error": "MethodNotImplemented", "message": name}, {}

    def create_session(self, body: dict[str, Any]) -> Answer:
        if self.revoked or body.get("identifier") != HANDLE or body.get("password") != PASSWORD:
            return 401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, {}
        self.sessions += 1
        return 200, self.session(), {}

    def session(self) -> dict[str, Any]:
        access, refresh = (
            jwt("com.atproto.appPass", self.access_lifetime),
            jwt("com.atproto.refresh", 86400 * 60),
        )
        self._access.add(access)
        self._refresh.add(refresh)
        return {"accessJwt": access, "refreshJwt": refresh, "handle": HANDLE, "did": DID, "active": True}

    def expire_tokens(self) -> None:
        """Every access token stops working (as after their two hours); refresh tokens still do."""
        self._access.clear()

    def create_record(self, body: dict[str, Any]) -> Answer:
        rkey = body.get("rkey") or f"3k{next(self._order):011d}"
        if body.get("repo") != DID:
            return 400, {"error": "InvalidRequest", "message": "Input/repo must be the session's DID"}, {}
        if rkey in self.records:
            return 400, {"error": "InvalidRequest", "message": "Record already exists"}, {}
        record = body["record"]
        uri = f"at://{DID}/{body['collection']}/{rkey}"
        self.records[rkey] = {"uri": uri, "cid": cid_of(json.dumps(record).encode()), "value": record}
        self.records[rkey]["order"] = next(self._order)
        return 200, {"uri": uri, "cid": self.records[rkey]["cid"], "validationStatus": "valid"}, {}

    def post_view(self, record: dict[str, Any]) -> dict[str, Any]:
        return {
            "uri": record["uri"],
            "cid": record["cid"],
            "author": {"did": DID, "handle": HANDLE},
            "record": record["value"],
            "indexedAt": dt.datetime.now(dt.UTC).isoformat(),
        }

    def rate_limited_for(self, seconds: float) -> Answer:
        headers = {
            "ratelimit-limit": "5000",
            "ratelimit-remaining": "0",
            "ratelimit-reset": str(int(time.time() + seconds)),
            "ratelimit-policy": "5000;w=3600",
        }
        return 429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, headers
