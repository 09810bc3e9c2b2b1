"""Article pages behind teaser feeds, fetched politely: robots.txt, a pause, a cache.

A feed that carries only summaries is read by visiting each item's link, which is a crawl of
the publisher's site, so: robots.txt is asked first (RobotsCache), requests to one host are
spaced by a delay (raised to the site's Crawl-delay), and every page is kept in a cache folder
with its ETag and Last-Modified, so the next import asks "changed since?" and a 304 answer costs
the site nothing. The page is then read by the same HTML reader as `vorleser speak URL`.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from vorleser import atomic
from vorleser.errors import ArticleError
from vorleser.ingest.fetch import Response, RobotsCache, fetch


class PageFetcher:
    """GETs article pages for one import: robots.txt, per-host delay, conditional requests."""

    def __init__(
        self,
        cache_dir: Path | None,
        *,
        delay: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cache_dir = cache_dir
        self.delay = delay
        self.robots = RobotsCache()
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self.requests = 0
        """Pages requested from the sites in this run."""
        self.not_modified = 0
        """Of those, answered 304 Not Modified (read from the cache)."""

    def get(self, url: str) -> Response:
        """The page at `url`, from the site or, when unchanged, from the cache."""
        self.robots.check(url)
        host = urlsplit(url).netloc
        wait = max(self.delay, self.robots.delay(url) or 0.0)
        if host in self._last:
            pause = self._last[host] + wait - self._clock()
            if pause > 0:
                self._sleep(pause)
        cached = self._cached(url)
        headers = {}
        if cached is not None:
            if etag := cached[0].get("etag"):
                headers["If-None-Match"] = etag
            if modified := cached[0].get("last-modified"):
                headers["If-Modified-Since"] = modified
        try:
            response = fetch(url, headers=headers, raise_for_status=False)
        finally:
            self._last[host] = self._clock()
            self.requests += 1
        if response.status == 304 and cached is not None:
            self.not_modified += 1
            meta, body = cached
            return Response(str(meta.get("url", url)), 200, meta.get("headers", {}), body)
        if response.status >= 400:
            raise ArticleError(url, f"the article page answered HTTP {response.status}")
        self._store(url, response)
        return response

    def _paths(self, url: str) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        folder = self.cache_dir / key[:2]
        return folder / f"{key}.json", folder / f"{key}.html"

    def _cached(self, url: str) -> tuple[dict[str, Any], bytes] | None:
        paths = self._paths(url)
        if paths is None:
            return None
        try:
            meta = json.loads(paths[0].read_text("utf-8"))
            return (meta if isinstance(meta, dict) else {}), paths[1].read_bytes()
        except (OSError, ValueError):
            return None  # no entry, or a damaged one: fetch the page again

    def _store(self, url: str, response: Response) -> None:
        paths = self._paths(url)
        headers = {k: v for k, v in response.headers.items() if k in _KEPT}
        if paths is None or not ({"etag", "last-modified"} & set(headers)):
            return
        atomic.write_bytes(paths[1], response.body)  # body first: the sidecar vouches for it
        meta = {"url": response.url, "headers": headers, **headers}
        atomic.write_text(paths[0], json.dumps(meta, ensure_ascii=False) + "\n")


_KEPT = frozenset({"content-type", "etag", "last-modified"})
