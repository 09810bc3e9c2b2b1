"""Where every output file lives, relative to the output folder and as a public URL.

One place owns the layout so the feed, the pages, the build and the server can never disagree.
Enclosure URLs depend on the slug only, never on the title, so renaming an article keeps them.
"""

from __future__ import annotations

from pathlib import Path

from vorleser.model import Podcast

FEED = "feed.xml"
INDEX = "index.html"
STATIC_DIR = "static"


def episode_file(slug: str, suffix: str) -> str:
    """Relative path of an episode file; suffix: mp3, vtt, srt, chapters.json or opus."""
    return f"episodes/{slug}.{suffix}"


def page_file(slug: str) -> str:
    """Relative path of an article's page."""
    return f"{slug}/index.html"


def url(podcast: Podcast, relative: str) -> str:
    """Absolute public URL of an output file (base_url ends in '/')."""
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return podcast.base_url + relative


def path(out_dir: Path, relative: str) -> Path:
    """Filesystem path of an output file."""
    return out_dir / relative


def embed_file(slug: str) -> str:
    """Relative path of an episode's embeddable player (for an iframe on another site)."""
    return f"{slug}/embed.html"


SEARCH = "search/index.html"
SEARCH_DIR = "pagefind"


RESERVED = frozenset({"episodes", STATIC_DIR, "search", SEARCH_DIR, "category", "author", "page"})
"""Top-level folders of the site: an article with such a slug would overwrite one of them."""


def listing_file(kind: str, slug: str, page: int) -> str:
    """Relative path of page `page` (from 1) of a listing: the index, a category or an author.

    >>> listing_file("index", "", 1), listing_file("index", "", 3)
    ('index.html', 'page/3/index.html')
    >>> listing_file("category", "politik", 2)
    'category/politik/page/2/index.html'
    """
    base = "" if kind == "index" else f"{kind}/{slug}/"
    return f"{base}index.html" if page == 1 else f"{base}page/{page}/index.html"
