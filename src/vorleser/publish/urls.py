"""The URL allow-list: only http, https, mailto and relative links are written into a page or feed.

Articles come from anywhere (a CMS, a feed, a saved page), and a `javascript:` or `data:` link in
their "Mehr zum Thema" list would run script on the publisher's site when a listener clicks it.
Browsers ignore tabs, line breaks and leading control characters inside a scheme
("java\\tscript:"), so the check looks at the URL as a browser does, not as it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vorleser.model import Link

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a published link may have; a URL without a scheme is relative and allowed."""

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def safe_url(url: str) -> str | None:
    """`url` as a browser reads it when it may be published, None when it may not.

    >>> safe_url("https://example.org/minsk"), safe_url("../deiche/"), safe_url("mailto:a@b.de")
    ('https://example.org/minsk', '../deiche/', 'mailto:a@b.de')
    >>> safe_url("java\\tscript:alert(1)"), safe_url(" data:text/html,x"), safe_url("vbscript:x")
    (None, None, None)
    """
    cleaned = _IGNORED.sub("", url).strip(_C0_AND_SPACE)
    if not cleaned:
        return None
    match = _SCHEME.match(cleaned)
    if match is None:
        head = re.split(r"[/?#]", cleaned, maxsplit=1)[0]
        return cleaned if ":" not in head else None  # no scheme a browser would take
    return cleaned if match.group(1).lower() in ALLOWED_SCHEMES else None


def safe_links(links: Iterable[Link]) -> tuple[Link, ...]:
    """The links whose URL may be published (as the browser reads it); the rest are left out."""
    kept = []
    for link in links:
        url = safe_url(link.url)
        if url is not None:
            kept.append(Link(link.title, url))
    return tuple(kept)


def unsafe_links(links: Iterable[Link]) -> tuple[Link, ...]:
    """The links that safe_links leaves out, for the build's warning."""
    return tuple(link for link in links if safe_url(link.url) is None)


__all__ = ["ALLOWED_SCHEMES", "safe_links", "safe_url", "unsafe_links"]
