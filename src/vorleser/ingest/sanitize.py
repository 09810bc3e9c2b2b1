"""Raw HTML from an article (a Markdown html block) -> safe, well-formed HTML and its plain text.

An allow-list, not a block-list: known text tags are kept with only the attributes we rebuild
(href with a safe scheme, colspan/rowspan, start); scripts, styles, frames, forms and media go
with their content; any other tag (div, span, font, section) is unwrapped so its text stays.
Loose inline content at the top is wrapped in <p>, and empty paragraphs are dropped, so the
page never gets <p> inside <p> or an empty paragraph.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

_DROP = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "template",
        "noscript",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "svg",
        "math",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "img",
        "picture",
        "map",
        "area",
        "head",
        "title",
        "meta",
        "link",
        "base",
    ]
)
_BLOCK = frozenset(
    [
        "p",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "pre",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "figure",
        "figcaption",
    ]
)
_INLINE = frozenset(
    [
        "a",
        "em",
        "strong",
        "i",
        "b",
        "u",
        "s",
        "sub",
        "sup",
        "small",
        "mark",
        "abbr",
        "cite",
        "q",
        "code",
        "br",
        "kbd",
    ]
)
_ATTRS = {
    "a": ("href",),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan"),
    "ol": ("start",),
}
_SAFE_HREF = re.compile(
    r"^(?:https?://|mailto:|/|#|\./|\.\./|[\w.-]+(?:/[\w.-]*)*(?:[?#].*)?$)", re.I
)
_READ_AS_LINE = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "blockquote",
        "caption",
        "tr",
        "pre",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
    ]
)


def sanitize_html(raw: str) -> tuple[str, str]:
    """(plain text, one line per block; safe HTML) of a raw HTML fragment; ("", "") when empty.

    >>> sanitize_html('<div onclick="x()">Roh <b>fett</b><script>x()</script></div>')
    ('Roh fett', '<p>Roh <b>fett</b></p>')
    >>> sanitize_html('<p><p>a</p></p><p> </p><!-- c -->')
    ('a', '<p>a</p>')
    """
    try:
        root = lxml.html.fragment_fromstring(raw, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return "", ""
    _clean(root)
    _wrap_loose_inline(root)
    for p in root.xpath(".//p"):
        if not p.text_content().strip() and not len(p):
            p.drop_tree()
    rendered = "".join(
        lxml.html.tostring(child, encoding="unicode", with_tail=False) for child in root
    )
    lines = [_text(el) for el in root.iter() if el.tag in _READ_AS_LINE and not _has_line_child(el)]
    text = "\n".join(line for line in lines if line)
    return (text, rendered) if rendered.strip() else ("", "")


def _clean(root: lxml.html.HtmlElement) -> None:
    """Drop dangerous subtrees, unwrap unknown tags, rebuild attributes (in place)."""
    for el in list(root.iter()):
        if el is root:
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _DROP:
            el.drop_tree()  # comments and processing instructions have no str tag
        elif tag == "h1":
            el.tag = "h2"
    for el in list(root.iter()):
        if el is root:
            continue
        if el.tag not in _BLOCK and el.tag not in _INLINE:
            el.drop_tag()
            continue
        keep = {k: el.get(k, "") for k in _ATTRS.get(el.tag, ()) if el.get(k)}
        el.attrib.clear()
        for key, value in keep.items():
            if key == "href" and not _SAFE_HREF.match(value.strip()):
                continue
            if key != "href" and not value.isdigit():
                continue
            el.set(key, value.strip())


def _wrap_loose_inline(root: lxml.html.HtmlElement) -> None:
    """Wrap runs of top-level text and inline elements into <p> elements."""
    nodes: list[lxml.html.HtmlElement | str] = []
    if root.text:
        nodes.append(root.text)
    for child in root:
        nodes.append(child)
        if child.tail:
            nodes.append(child.tail)
            child.tail = None
    root.text = None
    for child in list(root):
        root.remove(child)
    run: list[lxml.html.HtmlElement | str] = []

    def flush() -> None:
        if any((isinstance(n, str) and n.strip()) or not isinstance(n, str) for n in run):
            p = lxml.html.Element("p")
            for node in run:
                if isinstance(node, str):
                    if len(p):
                        p[-1].tail = (p[-1].tail or "") + node
                    else:
                        p.text = (p.text or "") + node
                else:
                    p.append(node)
            if p.text:
                p.text = p.text.lstrip()
            root.append(p)
        run.clear()

    for node in nodes:
        if isinstance(node, str) or node.tag in _INLINE:
            run.append(node)
        else:
            flush()
            root.append(node)
    flush()


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _has_line_child(el: lxml.html.HtmlElement) -> bool:
    """Whether a descendant is read as its own line (so `el` itself is not read twice)."""
    return any(d.tag in _READ_AS_LINE for d in el.iterdescendants())
