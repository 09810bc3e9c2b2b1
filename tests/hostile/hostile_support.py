"""Oracles shared by the hostile corpus: XML safety (lxml decides), the URL allow-list, publishing.

Kept beside the corpus tests; the helpers render what vorleser would publish for an article
(page and feed) without synthesizing audio, so every hostile input is checked where it lands.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html

from vorleser.model import Article, Episode, Podcast
from vorleser.publish.urls import safe_url

HERE = Path(__file__).resolve().parent
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "srcset", "content")


def strings(value: Any) -> Iterator[str]:
    """Every string inside `value` (dataclasses, tuples, lists, dicts)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)


def xml_safe(text: str) -> bool:
    """Whether lxml (libxml2's own rule) accepts `text` as XML character data."""
    try:
        lxml.etree.Element("x").text = text
    except ValueError:
        return False
    return True


def assert_xml_safe(value: Any) -> None:
    bad = [s for s in strings(value) if not xml_safe(s)]
    assert not bad, f"not XML-safe: {bad[:3]!r}"


def episode_for(article: Article, folder: Path) -> Episode:
    """An episode of `article` without audio, enough to render its page and feed item."""
    return Episode(
        article=article,
        audio_path=folder / "none.mp3",
        duration=12.0,
        size=1000,
        chapters=(),
        cues=(),
        narrator="espeak-ng de",
        guid="urn:uuid:00000000-0000-0000-0000-000000000000",
    )


def podcast_of(*episodes: Episode) -> Podcast:
    return Podcast(
        title="Kommentare",
        description="Meinungen zur Lage",
        language="de",
        author="Redaktion Beispiel",
        email="redaktion@example.org",
        base_url="https://example.org/pod/",
        episodes=episodes,
    )


def published_urls(html: str) -> list[str]:
    """Every URL-bearing attribute of a page."""
    doc = lxml.html.fromstring(html)
    urls = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in URL_ATTRIBUTES:
            value = el.get(attr)
            if value is None:
                continue
            if attr == "content" and el.get("property") not in ("og:url", "og:image", "og:audio"):
                continue
            urls.append(value)
    return urls


def assert_published_safely(article: Article, tmp: Path) -> None:
    """The article's page and feed: well-formed, XML-safe, and no URL outside the allow-list."""
    from vorleser.publish.feed import render_feed
    from vorleser.publish.site import render_page

    episode = episode_for(article, tmp)
    podcast = podcast_of(episode)
    page = render_page(podcast, episode)
    # The page's own links (subscribe buttons like podcast://) come from the publisher's
    # settings, not from the article: those of a plain article with the same slug are exempt.
    plain = dataclasses.replace(
        article, title="T", summary=None, sections=(), related=(), image=None, author=None
    )
    plain_episode = episode_for(plain, tmp)
    own = set(published_urls(render_page(podcast_of(plain_episode), plain_episode)))
    for url in published_urls(page):
        if url not in own:
            assert safe_url(url) is not None, f"published URL outside the allow-list: {url!r}"
    feed = render_feed(podcast)
    root = lxml.etree.fromstring(feed)  # strict XML parser: a forbidden character fails here
    for el in root.iter():
        for name, value in el.attrib.items():
            if name in ("url", "href", "uri") or name.endswith("}href"):
                assert safe_url(value) is not None, value
