"""HTML -> Markdown that parse_markdown understands: headings, paragraphs, quotes, lists, links.

One converter serves every HTML source (a page's main text, a feed item's content, a WordPress
post body), so parse_markdown applies the same furniture rules to all of them. We write the
Markdown ourselves rather than use a general converter because the output has one reader with
known needs: text that looks like Markdown syntax is escaped (a paragraph starting "1. FC" is not
a list), players, forms and images are dropped (they are never read), and link targets are made
absolute so that the related-links list works on the episode page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin

import lxml.etree
import lxml.html

# fmt: off
BLOCK_TAGS = frozenset((
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "div", "section",
    "article", "main", "figure", "figcaption", "table", "thead", "tbody", "tr", "pre", "hr", "dl",
    "dt", "dd", "details", "summary", "address", "header", "footer", "center", "body", "html",
))
"""Tags that end the running paragraph; their content becomes blocks of its own."""
SKIP_TAGS = frozenset((
    "script", "style", "noscript", "template", "iframe", "audio", "video", "source", "track",
    "img", "picture", "svg", "form", "button", "input", "select", "textarea", "object", "embed",
    "canvas", "nav", "head", "title", "meta", "link",
))
"""Tags whose content is never read: code, media players, forms, navigation."""
# fmt: on
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_ESCAPE = re.compile(r"([\\`*_\[\]<])")
_LINE_START = re.compile(r"^(#|>|[-+] |\d+[.)] )")
_SPACE = re.compile(r"[ \t\r\f\v\xa0]+")


def to_markdown(element: lxml.etree._Element, base_url: str | None = None) -> str:
    """An element's content as Markdown blocks separated by blank lines.

    Link targets are made absolute against `base_url`; `javascript:` and in-page links keep
    only their text.
    """
    return "\n\n".join(b for b in _blocks(element, base_url) if b.strip())


def fragment_to_markdown(html: str, base_url: str | None = None) -> str:
    """Markdown for an HTML fragment (a feed item's content, a WordPress post body).

    >>> fragment_to_markdown('<h2>Zoll</h2><p>Eine <a href="/studie">Studie</a> zählt 2*3.</p>',
    ...                      "https://ostblick.example/a/")
    '## Zoll\\n\\nEine [Studie](https://ostblick.example/studie) zählt 2\\\\*3.'
    """
    if not html.strip():
        return ""
    return to_markdown(lxml.html.fragment_fromstring(html, create_parent="div"), base_url)


def escape(text: str) -> str:
    """Backslash-escape the characters that would start Markdown emphasis, links, code or HTML.

    >>> escape("[1] *Stern*")
    '\\\\[1\\\\] \\\\*Stern\\\\*'
    """
    return _ESCAPE.sub(r"\\\1", text)


def absolute_url(href: str, base: str | None) -> str:
    """`href` resolved against `base`, with the characters that end a Markdown link escaped.

    >>> absolute_url("/wahl (2024)", "https://ostblick.example/a/b")
    'https://ostblick.example/wahl%20%282024%29'
    """
    url = urljoin(base, href) if base else href
    return url.replace(" ", "%20").replace(")", "%29").replace("(", "%28")


def _blocks(el: lxml.etree._Element, base: str | None) -> list[str]:
    """Child blocks in order; loose text and inline children between them form paragraphs."""
    out: list[str] = []
    run: list[str] = [_escape_text(el.text)]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in BLOCK_TAGS:
            out.append(_paragraph(run))
            run = []
            out.extend(_block(child, tag, base))
        elif tag and tag not in SKIP_TAGS:
            run.append(_inline(child, base))
        run.append(_escape_text(child.tail))
    out.append(_paragraph(run))
    return [b for b in out if b]


def _block(el: lxml.etree._Element, tag: str, base: str | None) -> list[str]:
    if tag in _HEADINGS:
        text = _inline_content(el, base)
        return [f"{'#' * int(tag[1])} {text}"] if text else []
    if tag == "p":
        return [_paragraph([_inline_content(el, base)])]
    if tag == "blockquote":
        inner = "\n\n".join(_blocks(el, base))
        return ["\n".join(f"> {ln}" if ln else ">" for ln in inner.split("\n"))] if inner else []
    if tag in ("ul", "ol"):
        return [_list(el, tag, base)]
    if tag == "pre":
        return ["```\n" + "".join(el.itertext()).strip("\n") + "\n```"]
    if tag in ("hr", "header", "footer"):
        return []
    if tag == "table":
        return _table(el, base)
    if tag == "tr":
        cells = [_inline_content(c, base) for c in el if isinstance(c.tag, str)]
        return [" · ".join(c for c in cells if c)]
    return _blocks(el, base)


def _table(el: lxml.etree._Element, base: str | None) -> list[str]:
    """A table as a Markdown (GFM) table, so the page shows a table and the voice reads rows.

    The first row is the header when it has <th> cells (or is in <thead>); otherwise the header
    stays empty. A table inside a cell is flattened to its text.
    """
    rows = [
        [_inline_content(c, base).replace("|", "\\|") for c in tr if c.tag in ("th", "td")]
        for tr in el.iter("tr")
    ]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    first = next(el.iter("tr"))
    has_header = first.find("th") is not None or first.getparent().tag == "thead"
    header = rows.pop(0) if has_header else []
    width = max(len(r) for r in [header, *rows])
    header = header + [""] * (width - len(header))

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells + [""] * (width - len(cells))) + " |"

    return ["\n".join([line(header), "|" + "---|" * width, *(line(r) for r in rows)])]


def _list(el: lxml.etree._Element, tag: str, base: str | None) -> str:
    """A list; an item's further blocks are indented under it, as CommonMark wants."""
    lines = []
    for number, item in enumerate((c for c in el if c.tag == "li"), 1):
        marker = f"{number}." if tag == "ol" else "-"
        first, *rest = _blocks(item, base) or [""]
        lines.append(f"{marker} {first}".rstrip())
        lines.extend("   " + ln for block in rest for ln in block.split("\n"))
    return "\n".join(lines)


def _inline(el: lxml.etree._Element, base: str | None) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "br":
        return "\n"
    if tag in SKIP_TAGS or not tag:
        return ""
    text = _inline_content(el, base)
    if not text:
        return ""
    if tag == "a":
        href = (el.get("href") or "").strip()
        if href and not href.lower().startswith(("javascript:", "#")):
            return f"[{text}]({absolute_url(href, base)})"
        return text
    if tag in _EMPHASIS:
        mark = _EMPHASIS[tag]
        return f"{mark}{text}{mark}"
    if tag == "code":
        return f"`{''.join(el.itertext())}`"
    return text


def _inline_content(el: lxml.etree._Element, base: str | None) -> str:
    parts = [_escape_text(el.text)]
    for child in el:
        marker = _superscript_number(child)
        if marker is not None:
            parts.append(_power_or_nothing(marker, "".join(parts)))
        else:
            parts.append(" " if child.tag in BLOCK_TAGS else _inline(child, base))
        parts.append(_escape_text(child.tail))
    return _paragraph(parts)


_POWERS = {"2": "²", "3": "³"}
_UNIT_BEFORE = re.compile(r"(?:\d[ \u00a0]?|(?<![\w])|/)[a-zA-Zµ]{1,3}$")


def _superscript_number(el: lxml.etree._Element) -> str | None:
    """The digits of <sup>1</sup> (or a link holding only one): a footnote mark or a power."""
    sup = el
    if el.tag == "a" and len(el) == 1 and not (el.text or "").strip():
        sup = el[0]
    if sup.tag != "sup" or len(sup):
        return None
    text = (sup.text or "").strip().strip("[]")
    return text if text.isdecimal() else None


def _power_or_nothing(digits: str, before: str) -> str:
    """ "m<sup>2</sup>" is m²; any other superscript number is a footnote mark, never read."""
    if digits in _POWERS and _UNIT_BEFORE.search(before):
        return _POWERS[digits]
    return ""


def _paragraph(parts: Iterable[str]) -> str:
    """Join inline pieces, collapse white space, and escape a start that reads as a block."""
    lines = [_SPACE.sub(" ", ln).strip() for ln in "".join(parts).split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    return _LINE_START.sub(r"\\\1", text)


def _escape_text(text: str | None) -> str:
    return escape(re.sub(r"\s+", " ", text)) if text else ""


__all__ = [
    "BLOCK_TAGS",
    "SKIP_TAGS",
    "absolute_url",
    "escape",
    "fragment_to_markdown",
    "to_markdown",
]
