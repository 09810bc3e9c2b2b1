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
