"""Markdown (with optional YAML front matter) -> Article.

CMS exports are messy, so this reader repairs before it parses: paragraphs broken in
mid-sentence by an empty line are joined, podcast-player lines, image credits and a trailing
"Mehr zum Thema" list are taken out of the body (the credit and the links go to their own
fields), and a byline sentence becomes author, translator and original language.
HTML for the page is rendered from markdown-it's tokens by us, so raw HTML in an article can
never reach the page unescaped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from vorleser.errors import ArticleError
from vorleser.ingest import clean, hygiene, mdblocks
from vorleser.model import Article, Block, Link, Section
from vorleser.publish.urls import safe_url

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELDS = (
    "title",
    "author",
    "translator",
    "original_language",
    "date",
    "image",
    "image_credit",
    "related",
    "slug",
    "summary",
    "language",
    "categories",
)
MAX_BRACKETS = 64
"""More "[" than this in one line of a paragraph is a flood, not links (see _defuse_brackets)."""
MIN_YEAR, MAX_YEAR = 1000, 9000
"""Publication dates outside these years are typing errors, and some cannot be converted."""


def read_file(path: str, defaults: Mapping[str, Any] | None = None) -> Article:
    """Read a Markdown file; ArticleError names the file on any problem."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise ArticleError(path, exc.strerror or str(exc)) from exc
    merged = {"slug": slugify(p.stem)}
    merged.update(defaults or {})
    return parse_markdown(text, path, defaults=merged)


def parse_markdown(text: str, source: str, *, defaults: Mapping[str, Any] | None = None) -> Article:
    """Parse Markdown text into an Article; `defaults` fill fields the text does not give."""
    meta, body = _split_front_matter(hygiene.clean_text(text), source)
    fields: dict[str, Any] = hygiene.clean_value(dict(defaults or {}))
    fields.update({k: v for k, v in meta.items() if v not in (None, "")})
    lines = clean.drop_comments(body).split("\n")
    extracted = clean.extract_furniture(lines)
    body = "\n".join(extracted.lines)
    body = _defuse_brackets(clean.join_broken_paragraphs(body))
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(body)
    title_from_body, sections, images = _sections(tokens)
    title = fields.get("title") or title_from_body or _title_from_name(source)
    sections = _drop_leading_title(sections, title)
    sections, byline = clean.take_byline(sections)
    for key, value in byline.items():
        fields.setdefault(key, value)
    related = _related(fields.get("related"), source) + extracted.related
    if not any(s.blocks or s.heading for s in sections):
        raise ArticleError(source, "no text to read (the article body is empty)")
    return Article(
        source=source,
        slug=slugify(str(fields.get("slug") or title)),
        title=clean.plain(str(title)),
        language=str(fields.get("language") or "de"),
        author=_opt(fields.get("author")),
        translator=_opt(fields.get("translator")),
        original_language=_opt(fields.get("original_language")),
        date=_date(fields.get("date"), source),
        summary=_opt(fields.get("summary")) or _summary(sections),
        image=_opt(fields.get("image")) or (images[0] if images else None),
        image_credit=_opt(fields.get("image_credit")) or extracted.image_credit,
        sections=tuple(sections),
        related=tuple(dict.fromkeys(related)),
        categories=_categories(fields.get("categories"), source),
        audio_links=tuple(extracted.audio_links),
        untitled=not (fields.get("title") or title_from_body),
    )


def _defuse_brackets(body: str) -> str:
    """Escape the square brackets of a paragraph that holds a flood of them.

    markdown-it scans ahead from every "[" for its link label, so thousands of unmatched or
    nested brackets in one paragraph make reading quadratic (minutes for 100 kB). No article
    has more than MAX_BRACKETS in one line, or so many more "[" than "]"; such a paragraph is
    kept as text, its links not followed.
    """
    if body.count("[") <= MAX_BRACKETS:
        return body
    parts = re.split(r"(\n[ \t]*\n)", body)
    for i, part in enumerate(parts):
        opened = part.count("[")
        if opened <= MAX_BRACKETS:
            continue
        if opened - part.count("]") > MAX_BRACKETS // 4 or any(
            line.count("[") > MAX_BRACKETS for line in part.split("\n")
        ):
            parts[i] = re.sub(r"(?<!\\)\[", r"\\[", part)
    return "".join(parts)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slugify(text: str) -> str:
    """A URL-safe slug: lower case ASCII, German umlauts transliterated.

    >>> slugify("Minsk III: Frieden für die Ukraine?")
    'minsk-iii-frieden-fuer-die-ukraine'
    """
    text = text.lower().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:80].rstrip("-") or "artikel"


def _split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 2}" if mark is not None else ""
        problem = " ".join(str(exc).split())
        raise ArticleError(source, f"front matter is not valid YAML{line}: {problem}") from exc
    except (ValueError, OverflowError) as exc:  # YAML's own dates: "2026-02-30"
        raise ArticleError(source, f"front matter has an impossible date ({exc})") from exc
    except RecursionError as exc:
        raise ArticleError(source, "front matter is nested too deeply") from exc
    if not isinstance(meta, dict):
        raise ArticleError(source, "front matter must be a mapping of keys to values")
    unknown = sorted(set(map(str, meta)) - set(_FIELDS))
    if unknown:
        raise ArticleError(
            source,
            f"unknown front matter key(s): {', '.join(unknown)} (known: {', '.join(_FIELDS)})",
        )
    return meta, text[m.end() :]


def _opt(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


def _date(value: Any, source: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, dt.date):
        result = dt.datetime(value.year, value.month, value.day, 6, 0)
    else:
        try:
            result = dt.datetime.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise ArticleError(
                source, f"date {value!r} is not an ISO date like 2024-03-01"
            ) from exc
    result = result if result.tzinfo else result.replace(tzinfo=dt.UTC)
    try:
        result.astimezone(dt.UTC).timestamp()
    except (OverflowError, ValueError, OSError) as exc:
        raise ArticleError(source, f"date {value!r} is out of range") from exc
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise ArticleError(
            source, f"date {value!r} is out of range (years {MIN_YEAR} to {MAX_YEAR})"
        )
    return result


def _related(value: Any, source: str) -> list[Link]:
    if not value:
        return []
    if not isinstance(value, list):
        raise ArticleError(source, "front matter 'related' must be a list of {title, url}")
    links = []
    for item in value:
        if isinstance(item, dict) and "url" in item:
            links.append(Link(str(item.get("title") or item["url"]), str(item["url"])))
        elif isinstance(item, str):
            links.append(Link(item, item))
        else:
            raise ArticleError(source, f"related entry {item!r} needs a url")
    return links


def _categories(value: Any, source: str) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list):
        raise ArticleError(source, "front matter 'categories' must be a list of names")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _title_from_name(source: str) -> str:
    stem = Path(source.rstrip("/")).stem or source
    return stem.replace("-", " ").replace("_", " ").strip().capitalize()


def _summary(sections: list[Section]) -> str | None:
    for section in sections:
        for block in section.blocks:
            if block.kind == "paragraph" and len(block.text) > 40:
                text = block.text
                return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + " …"
    return None


def _drop_leading_title(sections: list[Section], title: str) -> list[Section]:
    """A first section whose heading repeats the title is the title, not a chapter."""
    if sections and sections[0].heading and clean.plain(sections[0].heading) == clean.plain(title):
        first = Section(None, sections[0].blocks)
        return [first, *sections[1:]]
    return sections


def _sections(tokens: list[Token]) -> tuple[str | None, list[Section], list[str]]:
    """Walk block tokens into sections.

    Returns (title from a leading H1 or bold line, sections, image sources).
    """
    title: str | None = None
    sections: list[Section] = []
    heading: str | None = None
    blocks: list[Block] = []
    images: list[str] = []
    i = 0
    seen_text = False
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            text = _inline_text(inline)
            level = int(tok.tag[1])
            if title is None and not seen_text and level == 1 and not blocks:
                title = text
            elif level <= 3 or not (blocks or heading):
                if blocks or heading is not None:
                    sections.append(Section(heading, tuple(blocks)))
                heading, blocks = text, []
            else:
                blocks.append(Block("heading", text, f"<h4>{_inline_html(inline, images)}</h4>"))
            seen_text = True
            i += 3
            continue
        if tok.type == "paragraph_open":
            inline = tokens[i + 1]
            text = _inline_text(inline)
            rendered = _inline_html(inline, images)
            bold_only = _bold_only(inline)
            if title is None and not seen_text and bold_only and len(text) < 200:
                title = text
            elif text:
                blocks.append(Block("paragraph", text, f"<p>{rendered}</p>"))
            seen_text = True
            i += 3
            continue
        if tok.type in mdblocks.BLOCK_TOKENS:
            block, i = mdblocks.read_block(
                tokens, i, lambda t: (_inline_text(t), _inline_html(t, images))
            )
            if block is not None:
                blocks.append(block)
                seen_text = True
            continue
        i += 1
    if blocks or heading is not None:
        sections.append(Section(heading, tuple(blocks)))
    return title, sections, images


def _bold_only(inline: Token) -> bool:
    kids = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    return len(kids) >= 3 and kids[0].type == "strong_open" and kids[-1].type == "strong_close"


def _inline_text(inline: Token) -> str:
    """Plain text of an inline token: link texts kept, targets, images and raw HTML dropped."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return clean.plain("".join(parts))


def _inline_html(inline: Token, images: list[str]) -> str:
    """Safe HTML of an inline token, built from tokens so nothing unescaped gets through."""
    out: list[str] = []
    for child in inline.children or []:
        t = child.type
        if t == "text":
            out.append(html.escape(clean.strip_footnote_markers(child.content), quote=False))
        elif t == "code_inline":
            out.append(f"<code>{html.escape(child.content, quote=False)}</code>")
        elif t in ("softbreak", "hardbreak"):
            out.append(" " if t == "softbreak" else "<br>")
        elif t in ("strong_open", "strong_close", "em_open", "em_close"):
            out.append(f"<{'/' if t.endswith('close') else ''}{child.tag}>")
        elif t == "link_open":
            href = safe_url(str(child.attrGet("href") or ""))
            if href is not None:
                out.append(f'<a href="{html.escape(href)}">')
            else:
                out.append("<a>")
        elif t == "link_close":
            out.append("</a>")
        elif t == "image":
            src = str(child.attrGet("src") or "")
            if src:
                images.append(src)
    return "".join(out).strip()
