"""A feed server on 127.0.0.1: ETag / Last-Modified with 304s, and scripted faults."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt

from bot.archive.frontmatter import split_front_matter


class FakeFeed:
    def __init__(self) -> None:
        self.body = b""
        self.faults: list[tuple[int, float]] = []  # (status, delay) answered before the real feed
        self.requests: list[dict[str, str]] = []
        self.last_modified = format_datetime(datetime(2019, 8, 2, tzinfo=UTC), usegmt=True)
        # A hostile body instead of the feed: chunks written as they come, no Content-Length.
        self.stream: Callable[[], Iterable[bytes]] | None = None
        self.stream_headers: dict[str, str] = {}
        self.stream_delay = 0.0  # seconds between chunks
        self.files: dict[str, tuple[str, bytes]] = {}  # other paths: (content type, body), an image
        # Paths sent a byte at a time: (content type, body, seconds between bytes); and how many
        # bytes of each went out before the client hung up.
        self.drips: dict[str, tuple[str, bytes, float]] = {}
        self.dripped: dict[str, int] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                if self.path in fake.drips:
                    return self._drip(*fake.drips[self.path])
                if self.path in fake.files:
                    kind, data = fake.files[self.path]
                    self.send_response(200)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                fake.requests.append(dict(self.headers))
                if fake.stream is not None:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    for name, value in fake.stream_headers.items():
                        self.send_header(name, value)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    try:
                        for chunk in fake.stream():
                            self.wfile.write(chunk)
                            time.sleep(fake.stream_delay)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the bot hung up: what it should do
                    return
                if fake.faults:
                    status, delay = fake.faults.pop(0)
                    time.sleep(delay)
                    if status:
                        self.send_response(status)
                        self.send_header("Content-Length", "5")
                        self.end_headers()
                        self.wfile.write(b"oops\n")
                        return
                etag = '"' + hashlib.sha256(fake.body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", fake.last_modified)
                self.send_header("Content-Length", str(len(fake.body)))
                self.end_headers()
                self.wfile.write(fake.body)

            def _drip(self, kind: str, data: bytes, pause: float) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                fake.dripped[self.path] = 0
                try:
                    for at in range(len(data)):
                        self.wfile.write(data[at : at + 1])
                        self.wfile.flush()
                        fake.dripped[self.path] += 1
                        time.sleep(pause)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client hung up

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/feed.xml"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def rss(items: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 feed like Hugo's: full HTML, entity-escaped, in <description>; an item's `extra`
    is raw XML inside it (a media:thumbnail, an enclosure)."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">',
        "<channel><title>Works on Arm News</title>",
        "<link>https://worksonarm.example/</link><description>weekly</description>",
    ]
    for item in items:
        parts.append(
            f"<item><title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>"
            f"<guid>{escape(item.get('guid', item['link']))}</guid>"
            + (f"<pubDate>{item['pubDate']}</pubDate>" if item.get("pubDate") else "")  # none: undated
            + f"<description>{escape(item['html'])}</description>{item.get('extra', '')}</item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts).encode()


def issue_item(path: Path, base: str = "https://worksonarm.example/news/") -> dict[str, str]:
    """A markdown issue as Hugo would publish it in its feed."""
    meta, body = split_front_matter(path.read_text())
    week = path.stem
    friday = datetime.fromisocalendar(int(week[:4]), int(week[-2:]), 5).replace(tzinfo=UTC, hour=16)
    return {
        "title": meta.get("title") or f"Works on Arm News {week}",
        "link": f"{base}{week}/",
        "pubDate": format_datetime(friday, usegmt=True),
        "html": MarkdownIt().render(body),
    }
