"""What a failed request says about the post it carried. Only a connection that was never made
(refused, a name that did not resolve, a connect timeout) proves nothing was posted; a connection
dropped after the request left, a read timeout or an answer that cannot be read may come after
the post was made. Those are "maybe sent": the outbox looks for the post before any new try."""

from __future__ import annotations

import socket
import urllib.error

import httpx
import requests
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

_NEVER_CONNECTED = (
    ConnectionRefusedError,
    socket.gaierror,
    NewConnectionError,  # urllib3 (requests: X, Mastodon), NameResolutionError included
    ConnectTimeoutError,
    requests.ConnectTimeout,
    httpx.ConnectError,  # httpx (atproto: Bluesky)
    httpx.ConnectTimeout,
)


def never_sent(exc: BaseException) -> bool:
    """True when the request certainly never reached the server, by its cause or anything it wraps."""
    todo: list[BaseException] = [exc]
    seen: set[int] = set()
    while todo:
        error = todo.pop()
        if id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, _NEVER_CONNECTED):
            return True
        if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
            return True  # urllib (slack_sdk) raises it while connecting and sending, before any answer
        wrapped = (error.__cause__, error.__context__, getattr(error, "reason", None), *error.args)
        todo += [inner for inner in wrapped if isinstance(inner, BaseException)]
    return False
