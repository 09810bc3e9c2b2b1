"""Read a rendered feed (and index) back before it replaces the published one.

The feed is what podcast apps trust: once it lists fewer items, or is cut off, subscribers
lose episodes. So the new feed is parsed from its bytes and compared with what it must
contain (one item per episode, each with its guid and its enclosure) before the atomic
replace; a feed that fails is never written.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from vorleser.errors import PublishError
from vorleser.model import Podcast
from vorleser.publish import layout


def check_feed(data: bytes, podcast: Podcast, where: str) -> None:
    """Raise PublishError naming `where` unless `data` is a whole feed of `podcast`'s episodes."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise PublishError(where, f"the new feed does not parse ({exc}); kept the old one") from exc
    items = root.findall("./channel/item")
    found = {(item.findtext("guid"), _enclosure_url(item)) for item in items}
    wanted = {
        (e.guid or e.article.slug, layout.url(podcast, layout.episode_file(e.article.slug, "mp3")))
        for e in podcast.episodes
    }
    if len(items) != len(podcast.episodes) or found != wanted:
        raise PublishError(
            where,
            f"the new feed lists {len(items)} items where {len(podcast.episodes)} were "
            "expected; kept the old one",
        )


def check_index(html: str, podcast: Podcast, where: str, page: str = layout.INDEX) -> None:
    """Raise PublishError naming `where` unless the index `html` links every episode's page.

    `page` is where the index lives in the output folder (a later page of a paged index,
    "page/2/index.html"); its relative links are resolved from there.
    """
    from lxml import html as lxml_html

    folder = posixpath.dirname(page)
    try:
        links = {
            posixpath.normpath(posixpath.join(folder, link))
            for _, _, link, _ in lxml_html.fromstring(html).iterlinks()
        }
    except (etree.ParserError, ValueError) as exc:
        raise PublishError(
            where, f"the new index does not parse ({exc}); kept the old one"
        ) from exc
    missing = [
        e.article.slug for e in podcast.episodes if layout.page_file(e.article.slug) not in links
    ]
    if missing:
        raise PublishError(where, f"the new index lacks {', '.join(missing)}; kept the old one")


def _enclosure_url(item: etree._Element) -> str | None:
    enclosure = item.find("enclosure")
    return None if enclosure is None else enclosure.get("url")
