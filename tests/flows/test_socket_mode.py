"""Socket Mode: a local websocket server poses as Slack and sends a slash-command envelope."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time

import pytest
from websockets.sync.server import ServerConnection, serve

from fakes.slack import FakeSlack
from tests.corpus import ROOT, slack_payload
from tests.support import clean_env, free_port, start_serve, wait_healthy


class FakeSocketModeSlack:
    """Greets with hello, sends queued envelopes, and collects the acks."""

    def __init__(self) -> None:
        self.outbox: queue.Queue[dict] = queue.Queue()
        self.acks: queue.Queue[dict] = queue.Queue()
        self.connected = threading.Event()
        self._server = serve(self._handle, "127.0.0.1", 0)
        self.port = self._server.socket.getsockname()[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _handle(self, ws: ServerConnection) -> None:
        ws.send(json.dumps({"type": "hello", "num_connections": 1}))
        self.connected.set()
        while True:
            try:
                envelope = self.outbox.get(timeout=0.05)
                ws.send(json.dumps(envelope))
            except queue.Empty:
                pass
            try:
                message = ws.recv(timeout=0.05)
            except TimeoutError:
                continue
            except Exception:
                return
            self.acks.put(json.loads(message))

    def close(self) -> None:
        self._server.shutdown()


@pytest.fixture
def socket_slack():
    ws = FakeSocketModeSlack()
    api = FakeSlack()
    api.ws_url = f"ws://127.0.0.1:{ws.port}/link/?ticket=t1"
    yield api, ws
    ws.close()
    api.close()


def test_slash_command_over_socket_mode(tmp_path, socket_slack):
    api, ws = socket_slack
    db = tmp_path / "bot.db"
    subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(db), "index"], check=True, cwd=ROOT, capture_output=True
    )
    port = free_port()
    env = clean_env(
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_APP_TOKEN="xapp-1-test",
        SLACK_API_URL=api.base_url,
        WORKSONARM_DB=str(db),
    )
    proc = start_serve(env, port, tmp_path, stderr=subprocess.PIPE)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc)  # /healthz is served in Socket Mode too
        assert ws.connected.wait(10), "the bot never opened the websocket"
        [opened] = api.calls_to("apps.connections.open")
        assert opened.headers["Authorization"] == "Bearer xapp-1-test"
        envelope = slack_payload("socket_mode_slash_command_envelope.json")
        envelope["payload"].update({"command": "/worksonarm", "text": "golang"})
        ws.outbox.put(envelope)
        deadline = time.monotonic() + 5
        ack = None
        while time.monotonic() < deadline:
            candidate = ws.acks.get(timeout=5)
            if candidate.get("envelope_id") == envelope["envelope_id"]:
                ack = candidate
                break
        assert ack is not None
        text = json.dumps(ack["payload"], ensure_ascii=False)
        assert "Languages and compilers" in text and "Golang 1.9 plan for ARM64 support" in text
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
