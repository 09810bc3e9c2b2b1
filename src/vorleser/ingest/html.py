"""HTML page, file or URL -> Article: main text by trafilatura, the rest recovered from the page.

trafilatura finds the article among navigation, cookie banners, share buttons, sidebars and
comments; we take its XML (which keeps headings, quotes, lists and links), map its tags to HTML
and hand it to htmlmd, the converter that also serves feed items and WordPress posts, so that
parse_markdown applies the same furniture rules to every source.
trafilatura drops link-dense lists and figure captions, which is right for search engines but
loses the "Mehr zum Thema" list and the "Titelbild: …" credit: both are recovered from the page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from vorleser.errors import ArticleError
from vorleser.ingest import clean
from vorleser.ingest.fetch import decode, fetch
from vorleser.ingest.htmlmd import absolute_url, escape, to_markdown
from vorleser.ingest.markdown import parse_markdown, slugify
from vorleser.model import Article

#: trafilatura's XML vocabulary -> the HTML tag it stands for ("head" takes its rend="h2").
_TRAFILATURA_TAGS = {
    "quote": "blockquote",
    "list": "ul",
    "item": "li",
    "ref": "a",
    "lb": "br",
    "graphic": "img",
    "row": "tr",
    "cell": "td",
    "code": "code",
    "del": "del",
    "main": "div",
    "doc": "div",
}
_HI = {"#b": "strong", "#i": "em", "#u": "span", "#t": "code", "#sub": "sub", "#sup": "sup"}
_CREDIT_TAGS = ("figcaption", "p", "span", "small", "div", "em", "cite")
_CHROME = re.compile(
    r"^(nav|aside|footer|form)\b|\b(cookies?|consent|gdpr|share|sharing|sharedaddy|social|"
    r"comments?|respond|sidebar|widget|newsletter|navigation|navbar|menu|breadcrumbs?)\b"
)
MIN_TEXT = 80
"""Fewer characters of main text than this is not an article (a leftover teaser or banner)."""


def read_file(path: str, defaults: Mapping[str, Any] | None = None) -> Article:
    """Read a saved HTML page; ArticleError names the file."""
    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        raise ArticleError(path, exc.strerror or str(exc)) from exc
    merged = {"slug": Path(path).stem, **(defaults or {})}
    return html_to_article(decode(body), path, defaults=merged)


def read_url(url: str, defaults: Mapping[str, Any] | None = None) -> Article:
    """Fetch a page (or a Markdown file) over HTTP and read it as an article."""
    response = fetch(url)
    if response.content_type in ("text/markdown", "text/x-markdown") or (
        response.content_type == "text/plain" and urlsplit(url).path.endswith((".md", ".markdown"))
    ):
        return parse_markdown(
            response.text, url, defaults={"slug": _url_slug(url), **(defaults or {})}
        )
    if response.content_type and "html" not in response.content_type:
        raise ArticleError(url, f"not an HTML page (Content-Type {response.content_type})")
    return html_to_article(response.text, url, url=response.url, defaults=defaults)


def html_to_article(
    html: str, source: str, url: str | None = None, defaults: Mapping[str, Any] | None = None
) -> Article:
    """Extract the article from a whole page and parse it; ArticleError when there is none."""
    markdown, meta = page_to_markdown(html, source, url)
    return parse_markdown(markdown, source, defaults={**meta, **(defaults or {})})


def page_to_markdown(html: str, source: str, url: str | None = None) -> tuple[str, dict[str, Any]]:
    """The page's main text as Markdown, and its metadata as Article field defaults."""
    import trafilatura  # heavy: only pages need it

    tree = _parse_html(html, source)
    credit, related = _find_credit(tree), _find_related(tree, url)
    meta = _metadata(tree, url)
    _strip_chrome(tree)
    try:
        xml = trafilatura.extract(
            tree,
            url=url,
            output_format="xml",
            include_links=True,
            include_formatting=True,
            include_comments=False,
            include_images=True,
            include_tables=True,
            with_metadata=True,
        )
    except Exception as exc:  # trafilatura wraps lxml and its own errors loosely
        raise ArticleError(source, f"main text extraction failed: {exc}") from exc
    doc = lxml.etree.fromstring(xml.encode("utf-8")) if xml else None
    main = doc.find("main") if doc is not None else None
    if main is None or len(_text(main)) < MIN_TEXT:
        raise ArticleError(
            source, "no main text found (not an article page, or one that needs JavaScript)"
        )
    meta = {**{k: v for k, v in _doc_metadata(doc).items() if v}, **meta}
    _as_html(main)
    body = to_markdown(main, base_url=url)
    body = _drop_title_heading(body, str(meta.get("title") or ""))
    found = clean.extract_furniture(body.split("\n"))
    if found.image_credit is None and credit:
        body = f"{credit}\n\n{body}"
    if not found.related and related:
        heading, links = related
        body += f"\n\n## {escape(heading)}\n\n" + "\n".join(
            f"- [{escape(text)}]({href})" for text, href in links
        )
    return body + "\n", meta


def _parse_html(html: str, source: str) -> lxml.html.HtmlElement:
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses str input with an encoding decl
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ArticleError(source, f"not an HTML page: {exc}") from exc


def _as_html(root: lxml.etree._Element) -> None:
    """Rename trafilatura's XML tags in place to the HTML tags the converter knows."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "head":
            el.tag = el.get("rend", "h2") if re.fullmatch(r"h[1-6]", el.get("rend", "")) else "h2"
        elif el.tag == "hi":
            el.tag = _HI.get(el.get("rend", ""), "span")
        elif el.tag == "list":
            el.tag = "ol" if el.get("rend") == "ol" else "ul"
        elif el.tag in _TRAFILATURA_TAGS:
            if el.tag == "ref":
                el.set("href", el.get("target", ""))
            el.tag = _TRAFILATURA_TAGS[el.tag]


def _drop_title_heading(body: str, title: str) -> str:
    first, _, rest = body.partition("\n\n")
    if title and first.startswith("# ") and clean.plain(first[2:]) == clean.plain(escape(title)):
        return rest
    return body


def _text(el: lxml.etree._Element) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _find_credit(tree: lxml.html.HtmlElement) -> str | None:
    """The first short element that reads like an image credit ("Titelbild: …", "Foto: …")."""
    for tag in _CREDIT_TAGS:
        for el in tree.iter(tag):
            text = _text(el)
            if 0 < len(text) < 300 and clean.starts(text, "credit") and not _inside_chrome(el):
                return text
    return None


def _find_related(
    tree: lxml.html.HtmlElement, base: str | None
) -> tuple[str, list[tuple[str, str]]] | None:
    """A "Mehr zum Thema" heading (or line) and the links in the elements that follow it."""
    for el in tree.iter("h2", "h3", "h4", "h5", "h6", "p", "strong", "div", "span"):
        heading = _text(el)
        if not heading or len(heading) > 60 or _inside_chrome(el):
            continue
        if not clean.starts(heading, "related"):
            continue
        links = [_link(a, base) for a in el.iter("a")]
        for sibling in el.itersiblings():
            if sibling.tag in ("h1", "h2", "h3", "h4", "h5", "h6") or not sibling.findall(".//a"):
                break
            links.extend(_link(a, base) for a in sibling.iter("a"))
        links = [(t, u) for t, u in links if t and u]
        if links:
            return heading.rstrip(":"), list(dict.fromkeys(links))
    return None


def _link(a: lxml.etree._Element, base: str | None) -> tuple[str, str]:
    href = (a.get("href") or "").strip()
    return _text(a), absolute_url(href, base) if href and not href.startswith("#") else ""


def _is_chrome(el: lxml.etree._Element) -> bool:
    """Navigation, a sidebar, the footer, comments, share buttons or a cookie banner."""
    marks = f"{el.tag} {el.get('class', '')} {el.get('id', '')}".lower()
    return bool(_CHROME.search(marks))


def _inside_chrome(el: lxml.etree._Element) -> bool:
    return any(_is_chrome(parent) for parent in el.iterancestors())


def _strip_chrome(tree: lxml.html.HtmlElement) -> None:
    """Remove page chrome before extraction, so a page without an article has no text left.

    Never the body, main or article element, nor anything that holds one (a WordPress body
    class like "has-sidebar" must not take the article with it).
    """
    doomed = [
        el
        for el in tree.iter()
        if isinstance(el.tag, str)
        and el.tag not in ("html", "body", "main", "article")
        and _is_chrome(el)
        and not el.xpath(".//article | .//main | .//h1")
    ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _doc_metadata(doc: lxml.etree._Element) -> dict[str, Any]:
    """trafilatura's metadata (it knows many CMS conventions), as Article field defaults."""
    attrs = dict(doc.attrib)
    return {
        "title": attrs.get("title"),
        "author": attrs.get("author"),
        "summary": attrs.get("description"),
        "date": _date(attrs.get("date")),
    }


def _metadata(tree: lxml.html.HtmlElement, url: str | None) -> dict[str, Any]:
    """Article field defaults from the page head, which win over trafilatura's guesses."""
    meta: dict[str, Any] = {
        "title": _meta(tree, "og:title", "twitter:title") or _page_title(tree),
        "author": _meta(tree, "author", "article:author", "dc.creator"),
        "summary": _meta(tree, "description", "og:description"),
        "date": _date(
            _meta(tree, "article:published_time", "og:article:published_time", "date", "dc.date")
            or _attr(tree, "//article//time/@datetime")
        ),
        "image": _meta(tree, "og:image", "twitter:image") or _attr(tree, "//main//img/@src"),
        "language": _language(
            _attr(tree, "/html/@lang") or _meta(tree, "og:locale", "content-language", "language")
        ),
    }
    if url:
        meta["slug"] = _url_slug(url)
        if meta["image"]:
            meta["image"] = urljoin(url, str(meta["image"]))
    return {k: v for k, v in meta.items() if v}


def _page_title(tree: lxml.html.HtmlElement) -> str | None:
    """The headline: the page's only <h1>, else <title> without its " | Site name" tail."""
    h1 = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    if len(h1) == 1 and h1[0]:
        return h1[0]
    title = _text_of(tree, "//title")
    if not title:
        return None
    parts = re.split(r"\s+[|–—·»-]\s+", title)
    return parts[0] if len(parts) > 1 and len(parts[0].split()) >= 2 else title


def _meta(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "http-equiv"):
            values = tree.xpath(
                f"//meta[translate(@{attr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
                f"'abcdefghijklmnopqrstuvwxyz')='{name}']/@content"
            )
            if values and str(values[0]).strip():
                return str(values[0]).strip()
    return None


def _attr(tree: lxml.html.HtmlElement, xpath: str) -> str | None:
    values = tree.xpath(xpath)
    return str(values[0]).strip() or None if values else None


def _text_of(tree: lxml.html.HtmlElement, xpath: str) -> str | None:
    found = tree.xpath(xpath)
    return _text(found[0]) or None if found else None


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        date = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return date if date.tzinfo else date.replace(tzinfo=dt.UTC)


def _language(value: str | None) -> str | None:
    """Primary subtag of a BCP 47 tag or locale ("de-AT", "de_DE" -> "de")."""
    m = re.match(r"\s*([a-zA-Z]{2,3})\b", value or "")
    return m.group(1).lower() if m else None


def _url_slug(url: str) -> str | None:
    """The last path segment of an article URL, which sites keep stable."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        return None
    stem = re.sub(r"\.(html?|php|aspx?|md)$", "", segments[-1], flags=re.I)
    return slugify(stem) if stem and not stem.isdigit() else None


__all__ = ["html_to_article", "page_to_markdown", "read_file", "read_url"]
