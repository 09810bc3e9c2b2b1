"""Answers of a WordPress behind a proxy that the real test site cannot give: body limits.

WordPress's REST API takes an upload as the raw request body, which PHP's post_max_size does
not limit; what stops a large MP3 in practice is the web server in front (nginx's
client_max_body_size, Apache's LimitRequestBody) with HTTP 413. A small local server plays
that proxy, so the message can be checked: one line, naming the size and what to raise.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from vorleser.errors import PublishError
from vorleser.wpublish.rest import WordPressClient

NGINX_413 = b"<html><head><title>413 Request Entity Too Large</title></head></html>"


@pytest.fixture
def proxy() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            me = {"id": 1, "capabilities": {"upload_files": True, "edit_published_posts": True}}
            self._answer(200, json.dumps(me).encode(), "application/json")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            if length > 1_000_000 and self.path.startswith("/abrupt"):
                self.close_connection = True  # refuse at once and hang up, as nginx may
                self._answer(413, NGINX_413, "text/html")
                return
            self.rfile.read(length)
            if length > 1_000_000:
                self._answer(413, NGINX_413, "text/html")
                return
            self._answer(201, b'{"id": 9, "source_url": "http://x/a.mp3"}', "application/json")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("path", ["", "/abrupt"])
def test_an_upload_over_the_proxys_limit_is_one_line_that_says_what_to_raise(
    proxy: str, path: str
) -> None:
    client = WordPressClient(proxy + path, "redaktion", "abcd efgh")
    client.check_login("upload_files")
    assert client.upload("klein.mp3", b"\xff\xfb" * 1000, "audio/mpeg", {})["id"] == 9
    with pytest.raises(PublishError) as caught:
        client.upload("lang.mp3", b"\xff\xfb" * 1_500_000, "audio/mpeg", {})
    message = str(caught.value)
    assert "\n" not in message
    assert "upload of 3.0 MB is too large for the site" in message
    assert "client_max_body_size" in message


def test_publishing_without_a_password_says_where_to_make_one() -> None:
    with pytest.raises(PublishError, match="Application Passwords"):
        WordPressClient("https://blog.example.org", "redaktion", "")
