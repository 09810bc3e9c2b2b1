"""A tiny HTTP server on 127.0.0.1 for pages and feeds that the tests write themselves.

Routes map a path (with query, or without it) to a Page, or to a function of the full request
path that returns one (a paginated API); the server runs in a thread for the test's duration.
It also plays the site that is not WordPress, for the "REST API disabled" messages, and a slow
site that stalls before or during its answer, for timeouts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Page:
    """One canned answer."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    stream_bytes: int = 0
    """Send this many extra bytes of filler without a Content-Length (an endless page)."""
    delay: float = 0
    """Seconds to wait before answering at all (a server that hangs)."""
    stall: float = 0
    """Seconds to wait after the headers and the first half of the body (a stalled download)."""


Route = Page | Callable[[str], Page]


@dataclass
class Server:
    """The running server: `url(path)` gives an address, `routes` can be changed at any time."""

    base: str
    routes: dict[str, Route]
    closing: threading.Event = field(default_factory=threading.Event)
    """Set when the server stops, to cut short the waits of slow pages."""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    """Serve `routes` on a free port of 127.0.0.1 until the block ends."""
    state = Server("", routes)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            state.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = state.routes.get(self.path) or state.routes.get(self.path.split("?")[0])
            if route is None:
                route = Page(b"<html><body><h1>Nicht gefunden</h1></body></html>", 404)
            page = route if isinstance(route, Page) else route(self.path)
            if page.delay and state.closing.wait(page.delay):
                return
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            for name, value in page.headers.items():
                self.send_header(name, value)
            if not page.stream_bytes and "Content-Length" not in page.headers:
                self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            try:
                if page.stall:
                    half = len(page.body) // 2
                    self.wfile.write(page.body[:half])
                    self.wfile.flush()
                    if state.closing.wait(page.stall):
                        return
                    self.wfile.write(page.body[half:])
                else:
                    self.wfile.write(page.body)
                chunk = b"<p>" + b"Fuelltext " * 6000 + b"</p>\n"
                for _ in range(page.stream_bytes // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.closing.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()
