"""What should be on which post: the built feed's episodes matched to the imported posts.

The import index (imports.json) knows each article's post id on the site it came from; the
built feed (site/feed.xml) says which episodes are published. An article in both should carry
its MP3 on its post; one that left the feed is withdrawn from its post.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.etree

from vorleser.errors import PublishError
from vorleser.ingest.export import load_index
from vorleser.publish import layout


@dataclass(frozen=True)
class PostAudio:
    """The audio one post should carry."""

    post: int
    """The post id."""
    slug: str
    """The article's slug (the MP3's name)."""
    mp3: Path
    """The built MP3."""
    sha256: str
    """Its hash: a new one means a new upload."""
    size: int
    """Its size in bytes (the enclosure length)."""
    title: str
    """The media item's title."""


def wanted_audio(project_dir: Path, site: str, out_dir: Path) -> dict[int, PostAudio]:
    """Post id -> audio, for every article imported from `site` with an episode in the feed."""
    episodes = feed_episodes(out_dir)
    wanted: dict[int, PostAudio] = {}
    for key, entry in load_index(project_dir).items():
        post = post_id(key, entry, site)
        slug = str(entry.get("slug", ""))
        if post is None or slug not in episodes:
            continue
        mp3 = out_dir / layout.episode_file(slug, "mp3")
        try:
            data = mp3.read_bytes()
        except OSError:
            continue  # listed but gone: the next build will say why
        wanted[post] = PostAudio(
            post, slug, mp3, hashlib.sha256(data).hexdigest(), len(data), episodes[slug]
        )
    return wanted


def feed_episodes(out_dir: Path) -> dict[str, str]:
    """slug -> title of every episode in the built feed (what is published is what it lists)."""
    path = out_dir / layout.FEED
    try:
        root = lxml.etree.fromstring(path.read_bytes())
    except OSError as exc:
        raise PublishError(str(path), "no built feed here; run `vorleser build` first") from exc
    except lxml.etree.XMLSyntaxError as exc:
        raise PublishError(str(path), f"the built feed is broken ({exc}); build again") from exc
    found: dict[str, str] = {}
    for item in root.iter("item"):
        for url in item.xpath("enclosure[@type='audio/mpeg']/@url"):
            name = unquote(urlsplit(str(url)).path.rsplit("/", 1)[-1])
            if name.endswith(".mp3"):
                found[name[: -len(".mp3")]] = item.findtext("title") or name
    return found


def post_id(key: str, entry: dict[str, Any], site: str) -> int | None:
    """The post id of an import index entry that came from `site`, else None.

    Imports from the REST API record it; items imported from the site's feed have WordPress's
    guid "…/?p=123", which names it too.

    >>> entry = {"origin": {"site": "https://blog.example/", "post": "7"}}
    >>> post_id("x", entry, "https://blog.example")
    7
    >>> post_id("https://blog.example/?p=12", {"slug": "a"}, "https://BLOG.example/")
    12
    >>> post_id("https://andere.example/?p=12", {"slug": "a"}, "https://blog.example") is None
    True
    """
    origin = entry.get("origin")
    if isinstance(origin, dict) and origin.get("post"):
        if site_key(str(origin.get("site", ""))) == site_key(site):
            return int(origin["post"])
        return None
    m = re.fullmatch(r"(https?://[^?#]+?)/?\?p=(\d+)", key)
    if m and site_key(m.group(1)) == site_key(site):
        return int(m.group(2))
    return None


def site_key(site: str) -> str:
    """A site's address without scheme, case of the host or trailing slash, for comparing."""
    parts = urlsplit(site.strip())
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"
