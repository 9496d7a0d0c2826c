"""Which failures prove a post was never sent, as each network's own library raises them: only a
connection never made (a closed port) does; a connection dropped after the request was read does
not, nor does a read timeout."""

from __future__ import annotations

import httpx
import pytest
import requests
from slack_sdk import WebClient

from bot.publishers.wire import never_sent
from fakes.http import HANGUP, JsonFake, Request
from tests.support import free_port


class Hangs(JsonFake):
    """Reads every request, then hangs up (or, slow, answers after the client's timeout)."""

    def route(self, request: Request):
        return HANGUP


def failure(call) -> BaseException:
    with pytest.raises(Exception) as caught:
        call()
    return caught.value


def calls(base: str) -> dict:
    return {
        "slack_sdk": lambda: WebClient(
            token="xoxb-x", base_url=base + "/api/", timeout=2, retry_handlers=[]
        ).chat_postMessage(channel="C1", text="hi"),
        "requests": lambda: requests.post(base + "/2/tweets", json={"text": "hi"}, timeout=2),
        "httpx": lambda: httpx.post(base + "/xrpc/com.atproto.repo.createRecord", json={}, timeout=2),
    }


@pytest.mark.parametrize("library", ["slack_sdk", "requests", "httpx"])
def test_a_closed_port_is_never_sent_and_a_hang_up_may_be(library):
    closed = f"http://127.0.0.1:{free_port()}"
    assert never_sent(failure(calls(closed)[library]))
    fake = Hangs()
    try:
        assert not never_sent(failure(calls(fake.url)[library]))
        fake.slow["POST " + "/api/chat.postMessage"] = 3
        fake.slow["POST /2/tweets"] = 3
        fake.slow["POST /xrpc/com.atproto.repo.createRecord"] = 3
        assert not never_sent(failure(calls(fake.url)[library])), "a read timeout may come after the post"
        assert fake.requests, "the requests reached the server"
    finally:
        fake.close()
