"""RSS 2.0 / RSS 1.0 / Atom with full content -> ImportedArticles.

Which element gives which field is the table _FIELDS (first match wins), in the manner of
podcastparser: supporting another feed dialect is a row. A broken item becomes an error that
names the feed and the item; the other items still import. Broken XML fails the whole feed,
with the line number, since nothing in it can be trusted.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html as htmllib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from vorleser.errors import ArticleError, FetchError, VorleserError
from vorleser.ingest import hygiene
from vorleser.ingest.export import Harvest, ImportedArticle, SiteInfo, harvest_of
from vorleser.ingest.fetch import fetch
from vorleser.ingest.htmlmd import fragment_to_markdown
from vorleser.ingest.pages import PageFetcher
from vorleser.wpublish.block import strip_excerpt, strip_rendered

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
    "rss1": "http://purl.org/rss/1.0/",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
}

#: field -> XPaths relative to an item or entry, tried in order; the first non-empty wins.
_FIELDS: dict[str, tuple[str, ...]] = {
    "id": (
        "guid",
        "atom:id",
        "rss1:link",
        "link",
        "atom:link[@rel='alternate']/@href",
        "atom:link[not(@rel)]/@href",
    ),
    "title": ("title", "atom:title", "rss1:title", "dc:title"),
    "link": (
        "link",
        "atom:link[@rel='alternate']/@href",
        "atom:link[not(@rel)]/@href",
        "rss1:link",
    ),
    "author": ("dc:creator", "atom:author/atom:name", "author", "itunes:author"),
    "date": ("pubDate", "atom:published", "dc:date", "atom:updated"),
    "content": (
        "content:encoded",
        "atom:content",
        "description",
        "rss1:description",
        "atom:summary",
    ),
    "summary": ("description", "atom:summary", "itunes:summary", "rss1:description"),
    "image": (
        "media:content[starts-with(@type, 'image')]/@url",
        "media:thumbnail/@url",
        "enclosure[starts-with(@type, 'image')]/@url",
        "itunes:image/@href",
    ),
}
#: multi-valued field -> XPaths; all values of the first path that gives any are taken.
_LISTS: dict[str, tuple[str, ...]] = {
    "categories": (
        "category",
        "atom:category/@label | atom:category[not(@label)]/@term",
        "dc:subject",
        "rss1:category",
    ),
}
_FULL = ("content:encoded", "atom:content")
_ITEMS = "//item | //rss1:item | //atom:entry"
_FEED_LANGUAGE = ("/rss/channel/language", "/atom:feed/@xml:lang", "//dc:language")


def read_feed(source: str, pages: PageFetcher | None = None) -> Harvest:
    """Fetch (URL) or read (file) a feed and turn each item into an ImportedArticle.

    With `pages`, an item that carries only a summary is read from its link instead.
    """
    if "://" in source:
        response = fetch(source)
        data, base = response.body, response.url
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise FetchError(source, exc.strerror or str(exc)) from exc
        base = None
    return parse_feed(data, source, base_url=base, pages=pages)


def parse_feed(
    data: bytes, source: str, base_url: str | None = None, pages: PageFetcher | None = None
) -> Harvest:
    """Parse feed bytes (the XML declaration's encoding is honoured by the XML parser)."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(hygiene.clean_xml_bytes(data), parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise ArticleError(
            source, f"feed is not well-formed XML (line {exc.lineno}: {exc.msg})"
        ) from exc
    items = root.xpath(_ITEMS, namespaces=NS)
    if not items:
        raise ArticleError(
            source, f"no items found: not an RSS or Atom feed (root element <{_local(root.tag)}>)"
        )
    language = _first(root, _FEED_LANGUAGE)
    return harvest_of(
        (_item(item, n, source, base_url, language, pages) for n, item in enumerate(items, 1)),
        channel_info(root),
    )


def channel_info(root: lxml.etree._Element) -> SiteInfo:
    """What the feed says about its publisher, for `vorleser init`."""
    values = {name: _first(root, paths) or "" for name, paths in _CHANNEL.items()}
    owner = values.pop("owner")  # RSS managingEditor: "mail@example.org (Name)"
    m = re.match(r"\s*([^\s()]+@[^\s()]+)\s*(?:\((.*)\))?", owner)
    if m:
        values["email"] = values["email"] or m.group(1)
        values["author"] = values["author"] or (m.group(2) or "")
    return SiteInfo(
        **{k: _text(v) if k in ("title", "description") else v.strip() for k, v in values.items()}
    )


#: SiteInfo field -> XPaths from the feed's root, first non-empty wins (like _FIELDS).
_CHANNEL: dict[str, tuple[str, ...]] = {
    "title": ("/rss/channel/title", "/atom:feed/atom:title", "//rss1:channel/rss1:title"),
    "description": (
        "/rss/channel/description",
        "/atom:feed/atom:subtitle",
        "/rss/channel/itunes:summary",
        "//rss1:channel/rss1:description",
    ),
    "link": (
        "/rss/channel/link",
        "/atom:feed/atom:link[@rel='alternate']/@href",
        "/atom:feed/atom:link[not(@rel)]/@href",
        "//rss1:channel/rss1:link",
    ),
    "language": _FEED_LANGUAGE,
    "image": (
        "/rss/channel/itunes:image/@href",
        "/rss/channel/image/url",
        "/atom:feed/atom:logo",
        "/atom:feed/atom:icon",
    ),
    "author": ("/rss/channel/itunes:author", "/atom:feed/atom:author/atom:name"),
    "email": ("/rss/channel/itunes:owner/itunes:email", "/atom:feed/atom:author/atom:email"),
    "owner": ("/rss/channel/managingEditor",),
}


def _item(
    item: lxml.etree._Element,
    number: int,
    source: str,
    base: str | None,
    language: str | None,
    pages: PageFetcher | None,
) -> ImportedArticle | VorleserError:
    values = {name: _first(item, paths) for name, paths in _FIELDS.items()}
    title = _text(values["title"] or "")
    where = f"{source} item {number}" + (f" ({title})" if title else "")
    link = values["link"] or ""
    try:
        if not title:
            raise ArticleError(where, "has no title")
        content = _content(item)
        body = fragment_to_markdown(strip_rendered(content or ""), base_url=link or base)
        page: dict[str, Any] = {}
        if (not content or not body.strip()) and pages is not None and link:
            body, page = _teaser_page(pages, link, where)
        elif not content or not body.strip():
            raise ArticleError(
                where,
                "has no full text (content:encoded or Atom content), only a summary or nothing"
                + ("; without --summaries-only its link would be read" if link else ""),
            )
        meta: dict[str, Any] = {
            "title": title,
            "author": _text(values["author"] or "") or page.get("author"),
            "date": _date(values["date"], where) or page.get("date"),
            "image": values["image"] or page.get("image"),
            "summary": _summary(strip_excerpt(values["summary"] or "", content or ""))
            if values["summary"] != (content or "").strip()
            else None,
            "language": (language or "").split("-")[0].lower() or page.get("language"),
            "categories": _all(item, _LISTS["categories"]),
        }
    except VorleserError as exc:
        return exc
    key = values["id"] or link or "sha256:" + hashlib.sha256(title.encode()).hexdigest()
    return ImportedArticle(
        key=key, source=link or where, meta=meta, body=body, slug_hint=_slug_hint(link)
    )


def _teaser_page(pages: PageFetcher, link: str, where: str) -> tuple[str, dict[str, Any]]:
    """The article behind a teaser: its page, read like `vorleser speak URL` reads one."""
    from vorleser.ingest.html import page_to_markdown

    try:
        response = pages.get(link)
        if response.content_type and "html" not in response.content_type:
            raise ArticleError(link, f"not an HTML page (Content-Type {response.content_type})")
        return page_to_markdown(strip_rendered(response.text), link, url=response.url)
    except VorleserError as exc:
        raise ArticleError(where, f"only a summary, and its page {exc}") from exc


def _first(node: lxml.etree._Element, paths: tuple[str, ...]) -> str | None:
    for path in paths:
        for found in node.xpath(path, namespaces=NS):
            value = found if isinstance(found, str) else "".join(found.itertext())
            if value and value.strip():
                return str(value).strip()
    return None


def _all(node: lxml.etree._Element, paths: tuple[str, ...]) -> list[str]:
    for path in paths:
        found = node.xpath(path, namespaces=NS)
        values = [_text(v if isinstance(v, str) else "".join(v.itertext())) for v in found]
        if any(values):
            return list(dict.fromkeys(v for v in values if v))
    return []


def _content(item: lxml.etree._Element) -> str | None:
    """The item's HTML: content:encoded, Atom content (html, xhtml or text), or a description."""
    for path in _FIELDS["content"]:
        for el in item.xpath(path, namespaces=NS):
            kind = el.get("type", "html")
            if kind == "xhtml":
                inner = "".join(lxml.etree.tostring(c, encoding="unicode") for c in el)
                text = re.sub(r"\sxmlns(:\w+)?=\"[^\"]*\"", "", inner)
            elif kind == "text":
                text = "".join(
                    f"<p>{htmllib.escape(p)}</p>" for p in re.split(r"\n\s*\n", el.text or "")
                )
            else:
                text = el.text or ""
            if text.strip() and (path in _FULL or _looks_full(text)):
                return text
    return None


def _looks_full(description: str) -> bool:
    """A description is taken as the full text only when it has paragraphs or some length:
    feeds set to "summary" carry a teaser ending in "[…]", which is no article to read."""
    teaser = re.search(r"(\[…\]|\[\.\.\.\]|\[&#8230;\]|…)\s*$", description.strip())
    return not teaser and ("<p" in description.lower() or len(description) > 400)


def _summary(value: str | None) -> str | None:
    if not value:
        return None
    text = _text(lxml.html.fragment_fromstring(value, create_parent="div").text_content())
    text = re.sub(r"\s*(\[…\]|\[\.\.\.\]|…|Weiterlesen.*|Read more.*)$", "", text).strip()
    return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + " …"


def _date(value: str | None, where: str) -> dt.datetime | None:
    """RFC 822 (RSS) or ISO 8601 (Atom) -> aware datetime; a bad date is an item error."""
    if not value:
        return None
    try:
        date = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            date = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError) as exc:
            raise ArticleError(where, f"date {value!r} is neither RFC 822 nor ISO 8601") from exc
    return date if date.tzinfo else date.replace(tzinfo=dt.UTC)


def _slug_hint(link: str) -> str:
    segments = [s for s in urlsplit(link).path.split("/") if s]
    last = re.sub(r"\.(html?|php)$", "", segments[-1]) if segments else ""
    return "" if not last or last.isdigit() or last.startswith("?") else last


def _text(value: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(value)).strip()


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]
