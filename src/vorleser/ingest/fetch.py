"""HTTP GET for ingest: bounded, polite and explicit about what went wrong.

stdlib urllib only. Redirects are followed by hand, so that a loop or a chain longer than
`max_redirects` becomes a FetchError naming the URL instead of urllib's generic error; the body is
read in chunks so that a 50 MB page is refused after 20 MB instead of filling memory. robots.txt
is honoured by crawls (more than one page from a site) through a RobotsCache.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from vorleser import __version__
from vorleser.errors import FetchError

USER_AGENT = f"vorleser/{__version__} (+https://github.com/vorleser/vorleser)"
"""Names vorleser and where to read about it, so site owners know who is asking."""

CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
"""Headers that carry credentials: sent to the URL's own origin only, never after a redirect
to another one."""
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class Response:
    """A finished HTTP response, after redirects."""

    url: str
    """The final URL (after redirects)."""
    status: int
    """The HTTP status code."""
    headers: Mapping[str, str] = field(repr=False)
    """Response headers, names in lower case."""
    body: bytes = field(repr=False)
    """The body, decompressed."""

    @cached_property
    def text(self) -> str:
        """The body as text: see `decode` for how the charset is chosen."""
        return decode(self.body, self.headers.get("content-type", ""))

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case ("text/html")."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx responses back to `fetch`, which counts them and detects loops."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


def fetch(
    url: str,
    *,
    timeout: float = 20,
    max_bytes: int = 20_000_000,
    max_redirects: int = 5,
    headers: Mapping[str, str] | None = None,
    raise_for_status: bool = True,
    deadline: float | None = None,
) -> Response:
    """GET `url`; FetchError(url, problem) for HTTP errors, loops, timeouts and oversize bodies.

    `timeout` bounds each wait for the server; `deadline` (seconds, default 3 x timeout) bounds
    the whole fetch, redirects included, so a server that drips one byte a second cannot hold
    an import forever. Credentials (Authorization, Cookie) go only to the origin they were given
    for: a redirect to another host, port or scheme is followed without them.
    With raise_for_status=False an HTTP error status is returned as a Response instead, for
    callers (the WordPress importer) that read the error body to explain it.
    """
    seen: list[str] = []
    current = url
    ends = time.monotonic() + (deadline if deadline is not None else 3 * timeout)
    sent = dict(headers or {})
    while True:
        if urlsplit(current).scheme not in ("http", "https"):
            raise FetchError(url, f"only http and https URLs can be fetched, not {current!r}")
        if _origin(current) != _origin(url):
            sent = {k: v for k, v in sent.items() if k.lower() not in CREDENTIAL_HEADERS}
        seen.append(current)
        response = _get(current, url, timeout, max_bytes, sent, ends)
        if response.status not in _REDIRECTS:
            break
        target = response.headers.get("location")
        if not target:
            raise FetchError(url, f"HTTP {response.status} redirect without a Location header")
        current = urljoin(current, target)
        if current in seen:
            raise FetchError(url, f"redirect loop ({' -> '.join([*seen, current])})")
        if len(seen) > max_redirects:
            raise FetchError(url, f"more than {max_redirects} redirects (last: {current})")
    if raise_for_status and response.status >= 400:
        raise FetchError(url, f"HTTP {response.status}{_reason(response)}")
    return response


def _origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, the unit credentials are bound to."""
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        port = None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _get(
    url: str,
    origin: str,
    timeout: float,
    max_bytes: int,
    extra: Mapping[str, str],
    ends: float,
) -> Response:
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", **extra}
    )
    left = ends - time.monotonic()
    if left <= 0:
        raise FetchError(origin, "took too long in all (the total deadline passed)")
    try:
        raw = _OPENER.open(request, timeout=min(timeout, left))
    except urllib.error.HTTPError as err:  # 3xx (not followed) and 4xx/5xx: still a response
        raw = err
    except TimeoutError as exc:
        raise FetchError(origin, f"timed out after {timeout:g} s") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise FetchError(origin, f"timed out after {timeout:g} s") from exc
        raise FetchError(origin, f"cannot connect: {exc.reason}") from exc
    except (OSError, ValueError) as exc:
        raise FetchError(origin, f"cannot connect: {exc}") from exc
    with raw:
        headers = {k.lower(): v for k, v in raw.headers.items()}
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise FetchError(origin, f"larger than {_mb(max_bytes)} ({_mb(int(length))})")
        body = _read(raw, origin, timeout, max_bytes, ends)
        status = raw.status if raw.status is not None else raw.getcode()
    body = _decompress(body, headers.get("content-encoding", ""), origin, max_bytes)
    return Response(url=url, status=int(status), headers=headers, body=body)


def _read(raw: object, origin: str, timeout: float, max_bytes: int, ends: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := raw.read1(_CHUNK):  # type: ignore[attr-defined]
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(origin, f"larger than {_mb(max_bytes)}")
            if time.monotonic() > ends:
                raise FetchError(origin, "took too long in all (the total deadline passed)")
            chunks.append(chunk)
    except TimeoutError as exc:
        raise FetchError(origin, f"timed out after {timeout:g} s") from exc
    except OSError as exc:
        raise FetchError(origin, f"connection broke while reading: {exc}") from exc
    return b"".join(chunks)


def _decompress(body: bytes, encoding: str, origin: str, max_bytes: int) -> bytes:
    encoding = encoding.strip().lower()
    if encoding not in ("gzip", "deflate"):
        return body
    try:
        if encoding == "gzip":
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
                out = fh.read(max_bytes + 1)
        else:
            out = zlib.decompressobj().decompress(body, max_bytes + 1)
    except (OSError, zlib.error, EOFError) as exc:
        raise FetchError(origin, f"broken {encoding} body: {exc}") from exc
    if len(out) > max_bytes:
        raise FetchError(origin, f"larger than {_mb(max_bytes)} (decompressed)")
    return out


def _reason(response: Response) -> str:
    from http import HTTPStatus

    try:
        return f" {HTTPStatus(response.status).phrase}"
    except ValueError:
        return ""


def _mb(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


def decode(body: bytes, content_type: str = "") -> str:
    """Bytes to text: BOM, valid UTF-8, the header's charset, a meta tag, then a guess.

    Valid UTF-8 with non-ASCII bytes wins over a declared charset, because misdeclared
    "ISO-8859-1" pages are common and UTF-8 bytes almost never decode by accident; text that
    is not valid in its declared charset is guessed by charset_normalizer instead of failing.

    >>> decode("Grüße".encode("utf-8"), "text/html; charset=iso-8859-1")
    'Grüße'
    >>> decode("Die Bäckerei grüßt ihre Kundschaft.".encode("cp1252"), "text/html; charset=utf-8")
    'Die Bäckerei grüßt ihre Kundschaft.'
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = [_header_charset(content_type), _meta_charset(body)]
    for name in filter(None, declared):
        if name.replace("-", "").replace("_", "") in ("utf8", "utf8mb4"):
            continue  # already failed above
        try:
            return body.decode(_latin1_is_cp1252(name))
        except (LookupError, UnicodeDecodeError):
            continue
    return _guess(body)


def _header_charset(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    return m.group(1).lower() if m else None


def _meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def _latin1_is_cp1252(name: str) -> str:
    """Browsers read ISO-8859-1 as windows-1252 (the WHATWG rule); „ and “ need it."""
    return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else name


def _guess(body: bytes) -> str:
    """charset_normalizer on the text without markup (tags drown the signal); among equally
    good guesses windows-1252 wins, the fallback browsers use for Western European pages."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(re.sub(rb"<[^>]*>", b" ", body)))
    if not matches:
        return body.decode("cp1252", errors="replace")
    best = min(m.chaos for m in matches)
    names = [m.encoding for m in matches if m.chaos <= best + 0.01]
    return body.decode("cp1252" if "cp1252" in names else names[0], errors="replace")


class RobotsCache:
    """robots.txt per site, fetched once: crawls (more than one page) ask before each URL.

    A missing robots.txt (404) allows everything; a site whose robots.txt cannot be read for
    another reason (401/403) is treated as disallowing, as the robots.txt RFC 9309 says.
    """

    def __init__(self, user_agent: str = USER_AGENT, timeout: float = 20) -> None:
        self._agent = user_agent.split("/")[0]
        self._timeout = timeout
        self._parsers: dict[str, urllib.robotparser.RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets vorleser fetch `url`."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        parser = self._parsers.get(site)
        if parser is None:
            parser = self._parsers[site] = self._load(site)
        return parser.can_fetch(self._agent, url)

    def check(self, url: str) -> None:
        """Raise FetchError when robots.txt disallows `url`."""
        if not self.allowed(url):
            raise FetchError(url, "robots.txt of this site disallows fetching it")

    def delay(self, url: str) -> float | None:
        """The site's Crawl-delay for vorleser, if it sets one."""
        self.allowed(url)
        parts = urlsplit(url)
        value = self._parsers[f"{parts.scheme}://{parts.netloc}"].crawl_delay(self._agent)
        return float(value) if value is not None else None

    def _load(self, site: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        try:
            response = fetch(
                f"{site}/robots.txt",
                timeout=self._timeout,
                max_bytes=500_000,
                raise_for_status=False,
            )
        except FetchError:
            parser.parse([])  # unreachable robots.txt: the fetch of the page will say why
            return parser
        if response.status in (401, 403):
            parser.disallow_all = True  # type: ignore[attr-defined]
        elif response.status >= 400 or "html" in response.content_type:
            parser.parse([])  # none, or a CMS answering every path with a page
        else:
            parser.parse(response.text.splitlines())
        return parser
