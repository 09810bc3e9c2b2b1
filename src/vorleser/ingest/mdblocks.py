"""Container and leaf blocks of Markdown (quotes, lists, tables, code, raw HTML) -> one Block each.

The page shows a container as one element with all its nesting (a list in a quote in a list),
rendered from markdown-it's tokens by us, so the HTML is always well formed: no <p> inside <p>,
no empty paragraphs. What is read aloud is Block.text, one line per spoken paragraph:
a list item or quoted paragraph per line, a table row by row ("Header: cell; Header: cell"),
code never (model.SHOWN_NOT_READ). Raw HTML blocks pass through a tag allow-list
(vorleser.ingest.sanitize) first.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markdown_it.token import Token

from vorleser.ingest.sanitize import sanitize_html
from vorleser.model import Block

#: Renders one inline token as (plain text, safe HTML).
InlineRenderer = Callable[[Token], tuple[str, str]]

_KIND = {
    "blockquote_open": "quote",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
}
#: Opening token types this module turns into a Block (readers hand them over at level 0).
BLOCK_TOKENS = frozenset(_KIND)
_TAGS = frozenset(
    [
        "blockquote",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
    ]
)
_ALIGN = re.compile(r"^text-align:(left|right|center)$")


def read_block(tokens: list[Token], start: int, inline: InlineRenderer) -> tuple[Block | None, int]:
    """The Block for the block token at `start` and the index after it (None when empty)."""
    tok = tokens[start]
    kind = _KIND[tok.type]
    if tok.type in ("fence", "code_block"):
        code = tok.content.rstrip("\n")
        if not code.strip():
            return None, start + 1
        return Block(
            "code", code, f"<pre><code>{html.escape(code, quote=False)}</code></pre>"
        ), start + 1
    if tok.type == "html_block":
        text, rendered = sanitize_html(tok.content)
        return (Block("html", text, rendered) if rendered else None), start + 1
    end = _closing(tokens, start)
    parts: list[str] = []
    lines: list[str] = []
    row: list[str] = []
    header: list[str] = []
    in_head = False
    for t in tokens[start : end + 1]:
        parts.append(_render(t, inline))
        if t.type in ("thead_open", "thead_close"):
            in_head = t.type == "thead_open"
        if t.type == "inline" and kind != "table":
            text, _ = inline(t)
            if text:
                lines.append(text)
        elif t.type == "inline":
            row.append(inline(t)[0])
        elif t.type == "tr_close":
            if not header and in_head:
                header = row
            elif any(row):
                lines.append(_row_text(header, row))
            row = []
    rendered = "".join(parts)
    if kind == "table" and not any(header):
        rendered = re.sub(r"<thead>.*?</thead>", "", rendered, count=1, flags=re.S)
    if not lines and kind != "table":
        return None, end + 1
    if kind == "table" and not lines and header:
        lines.append(_row_text([], header))
    return Block(kind, "\n".join(lines), rendered), end + 1


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token that closes the one at `start` (same level, matching type)."""
    opener = tokens[start]
    closer = opener.type.replace("_open", "_close")
    for i in range(start + 1, len(tokens)):
        if tokens[i].type == closer and tokens[i].level == opener.level:
            return i
    return len(tokens) - 1


def _row_text(header: list[str], row: list[str]) -> str:
    """One spoken line per table row: "Header: cell; …", or the bare cells without a header.

    >>> _row_text(["Land", "Anteil"], ["Ungarn", "85 %"])
    'Land: Ungarn; Anteil: 85 %.'
    """
    cells = [
        f"{h}: {c}" if h else c
        for h, c in zip(header + [""] * (len(row) - len(header)), row, strict=False)
        if c
    ]
    return "; ".join(cells) + "."


def _render(t: Token, inline: InlineRenderer) -> str:
    """HTML of one token inside a container; only known tags, attributes rebuilt by us."""
    if t.type == "inline":
        return inline(t)[1]
    if t.type in ("fence", "code_block"):
        return f"<pre><code>{html.escape(t.content.rstrip(chr(10)), quote=False)}</code></pre>"
    if t.type == "html_block":
        return sanitize_html(t.content)[1]
    if t.type == "hr":
        return "<hr>"
    if t.hidden or t.tag not in _TAGS:
        return ""
    if t.nesting == -1:
        return f"</{t.tag}>"
    attrs = ""
    start = t.attrGet("start")
    if t.tag == "ol" and start is not None and str(start).isdigit() and str(start) != "1":
        attrs = f' start="{start}"'
    style = str(t.attrGet("style") or "")
    if t.tag in ("th", "td") and _ALIGN.match(style):
        attrs = f' style="{style}"'
    return f"<{t.tag}{attrs}>"
