"""A preview server over a built site: the content types and byte ranges podcast players expect.

Python's SimpleHTTPRequestHandler guesses types from the system's mime table (no text/vtt,
no application/rss+xml on many machines) and ignores Range, so browsers cannot seek in long
MP3s and players refuse transcripts. This handler fixes both and stays on the standard library.
"""

from __future__ import annotations

import html
import io
import logging
import os
import posixpath
import re
import shutil
import sys
import threading
import urllib.parse
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from vorleser.errors import PublishError
from vorleser.publish import layout

log = logging.getLogger(__name__)

#: Content-Type by file name suffix (longest match wins, so ".chapters.json" beats ".json").
CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mp3": "audio/mpeg",
    ".opus": "audio/ogg",
    ".m4a": "audio/mp4",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".chapters.json": "application/json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}
#: Content-Type by exact file name, before suffixes.
NAMED_TYPES: dict[str, str] = {layout.FEED: "application/rss+xml; charset=utf-8"}

_RANGE = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


MAX_CONNECTIONS = 512
"""Connections served at once (one thread each); more are closed at once, so a flood of
half-open connections cannot exhaust threads, and a few hundred leave room for real clients."""
READ_TIMEOUT = 10.0
"""Seconds a client may stay silent (half-open connections are dropped after this)."""


class PreviewServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that ignores clients hanging up mid-file (browsers do when seeking),
    serves at most MAX_CONNECTIONS at once and drops silent clients after READ_TIMEOUT."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, *args: Any, max_connections: int = MAX_CONNECTIONS, **kwargs: Any) -> None:
        self._slots = threading.BoundedSemaphore(max_connections)
        super().__init__(*args, **kwargs)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a thread when a slot is free, else close it at once."""
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """The base class's thread body, giving the slot back when the connection ends."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log unexpected errors; a reset or broken connection is normal for media."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        log.exception("error while serving %s", client_address)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000) -> PreviewServer:
    """A threading HTTP server over `root`, bound but not yet serving (port 0 picks a free one).

    Call serve_forever() on it (in a thread, for tests) and shutdown() to stop.
    """
    root = Path(root)
    if not (root / layout.INDEX).is_file():
        raise PublishError(str(root), "no built site here (index.html missing); run vorleser build")
    if not 0 <= port <= 65535:
        raise PublishError(f"port {port}", "not a TCP port; give a number from 0 to 65535")
    handler = partial(SiteHandler, directory=str(root.resolve()))
    try:
        return PreviewServer((host, port), handler)
    except (OverflowError, ValueError) as exc:
        raise PublishError(f"{host}:{port}", f"cannot listen ({exc})") from exc
    except OSError as exc:
        raise PublishError(
            f"{host}:{port}", f"cannot listen ({exc.strerror}); try another --port"
        ) from exc


def content_type(path: str) -> str:
    """The Content-Type for a file name.

    >>> content_type("episodes/a.chapters.json"), content_type("feed.xml")
    ('application/json; charset=utf-8', 'application/rss+xml; charset=utf-8')
    """
    name = posixpath.basename(path).lower()
    if name in NAMED_TYPES:
        return NAMED_TYPES[name]
    for suffix in sorted(CONTENT_TYPES, key=len, reverse=True):
        if name.endswith(suffix):
            return CONTENT_TYPES[suffix]
    return "application/octet-stream"


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single `bytes=` range; None to ignore the header.

    Raises ValueError when the range cannot be satisfied (the caller answers 416).

    >>> [parse_range(h, 1000) for h in ("bytes=0-99", "bytes=-100", "bytes=990-")]
    [(0, 99), (900, 999), (990, 999)]
    """
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None  # other units and multiple ranges: RFC 9110 lets us send the whole file
    match = _RANGE.match(spec)
    if not match or not (match[1] or match[2]):
        raise ValueError(header)
    if match[1]:
        first = int(match[1])
        last = min(int(match[2]), size - 1) if match[2] else size - 1
        if first >= size or first > last:
            raise ValueError(header)
        return first, last
    suffix = int(match[2])
    if suffix == 0 or size == 0:
        raise ValueError(header)
    return max(0, size - suffix), size - 1


class SiteHandler(SimpleHTTPRequestHandler):
    """GET and HEAD with our content types, Range support and CORS for transcripts and chapters."""

    server_version = "vorleser-preview"
    timeout = READ_TIMEOUT
    _remaining: int | None = None

    def visible(self, path: str) -> bool:
        """Whether `path` may be served: inside the site after resolving links, and neither a
        hidden file (dotfiles, the build's temporary files) nor inside a hidden folder."""
        root = os.path.realpath(self.directory)
        real = os.path.realpath(path)
        if real != root and not real.startswith(root + os.sep):
            return False
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.directory))
        return not any(
            part.startswith(".")
            for part in relative.split(os.sep)
            if part not in (".", "")
        )

    def send_head(self) -> IO[bytes] | None:  # type: ignore[override]
        """Send status and headers; return the file positioned at the first byte to send."""
        self._remaining = None
        path = self.translate_path(self.path)
        if not self.visible(path):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slash URL
            index = os.path.join(path, "index.html")
            if not os.path.isfile(index):
                return super().send_head()  # a listing, handy for episodes/
            path = index
        try:
            fh = open(path, "rb")  # noqa: SIM115 - handed to copyfile by the base class
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        try:
            size = os.fstat(fh.fileno()).st_size
            first, last = 0, size - 1
            status = HTTPStatus.OK
            header = self.headers.get("Range")
            if header:
                try:
                    wanted = parse_range(header, size)
                except ValueError:
                    fh.close()
                    self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Accept-Ranges", "bytes")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if wanted is not None:
                    first, last = wanted
                    status = HTTPStatus.PARTIAL_CONTENT
            self.send_response(status)
            self.send_header("Content-Type", content_type(path))
            self.send_header("Content-Length", str(max(0, last - first + 1)))
            if status == HTTPStatus.PARTIAL_CONTENT:
                self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Cache-Control", "no-cache")  # a preview: rebuilds show at once
            self.send_header(
                "Last-Modified", self.date_time_string(int(os.fstat(fh.fileno()).st_mtime))
            )
            self.end_headers()
            fh.seek(first)
            self._remaining = max(0, last - first + 1)
            return fh
        except BaseException:
            fh.close()
            raise

    def list_directory(self, path: str | os.PathLike[str]) -> io.BytesIO | None:
        """A plain listing of the visible entries (no dotfiles, no links out of the site)."""
        try:
            names = sorted(os.listdir(path), key=str.lower)
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "No permission to list directory")
            return None
        items = []
        for name in names:
            full = os.path.join(path, name)
            if self.visible(full):
                shown = name + ("/" if os.path.isdir(full) else "")
                href = urllib.parse.quote(shown)
                items.append(f'<li><a href="{href}">{html.escape(shown)}</a></li>')
        body = (
            "<!doctype html><meta charset=utf-8><title>Index</title><ul>"
            + "".join(items)
            + "</ul>\n"
        ).encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        """Copy only the requested range (the whole file when there was no Range)."""
        remaining = self._remaining
        if remaining is None:
            shutil.copyfileobj(source, outputfile)
            return
        while remaining > 0:
            chunk = source.read(min(64 * 1024, remaining))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)

    def log_message(self, format: str, *args: Any) -> None:
        """Requests go to logging, not stderr: the library never prints."""
        log.info("%s - %s", self.address_string(), format % args)
