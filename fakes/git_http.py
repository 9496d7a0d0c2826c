"""The newsletter's repository over git's smart HTTP on 127.0.0.1 (dulwich's own server), behind
Basic auth: a private archive, whose URL carries a user and a password."""

from __future__ import annotations

import base64
import threading
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from dulwich.server import DictBackend
from dulwich.web import make_wsgi_chain


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class GitHttp:
    def __init__(self, repo: Any, user: str, password: str) -> None:
        serve = make_wsgi_chain(DictBackend({"/news.git": repo}))
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.refused = 0  # requests without the right credentials

        def guarded(environ: dict[str, Any], start_response: Any) -> Any:
            if environ.get("HTTP_AUTHORIZATION") != expected:
                self.refused += 1
                start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="git"')])
                return [b""]
            return serve(environ, start_response)

        self._server = make_server("127.0.0.1", 0, guarded, handler_class=_Quiet)
        port = self._server.server_address[1]
        self.url = f"http://{user}:{password}@127.0.0.1:{port}/news.git"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
