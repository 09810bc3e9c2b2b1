"""Repairs and page furniture: what in an article's source is shown but never read aloud.

The phrases that mark furniture (related lists, image credits, podcast-player lines, bylines)
are data in furniture.tsv, so a publisher's CMS wording is a new row, not new code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from vorleser.model import Block, Link, Section
from vorleser.tables import read_language_table

_FOOTNOTE = re.compile(r"\[\^?\d{1,3}\]|(?<=[\w.,;:!?“”\"')])[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
#: "80 m²", "5 km³", "m²-Preis": a power after a unit symbol is part of the unit.
_UNIT_POWER = re.compile(r"(?:\d[ \u00a0]?|(?<![\w])|/)[a-zA-Zµ]{1,3}$")
_FOOTNOTE_DEF = re.compile(r"^\s*\[\^?\d{1,3}\]:")
_AUDIO_URL = re.compile(r"https?://\S{1,500}?\.(?:mp3|m4a|ogg|opus|wav)\b", re.I)
# Neither part may run over a bracket or line end, so every match attempt stops at the next "[":
# a flood of brackets costs linear time, not quadratic.
_LINK = re.compile(r"\[([^\[\]\n]*)\]\(\s*<?([^()\s<>\[\]]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_MARKUP = re.compile(r"^[\s>#*_\-+]*|[*_]+")
_SHORTCODE = re.compile(r"^\s*\[/?(?:audio|powerpress|podcast|smart_track_player)\b[^\]]*\]", re.I)
_AUDIO_OPEN = re.compile(r"<audio\b", re.I)
_AUDIO_CLOSE = re.compile(r"</audio>|/>", re.I)
_SENTENCE_ENDS = frozenset('.!?:;…"“”»«)]')
_URL = re.compile(r"https?://")
_BYLINE_NAME = r"([A-ZÄÖÜ][\w.'’-]*(?:\s+(?:[A-ZÄÖÜ][\w.'’-]*|von|van|de|der|zu|al|el|bin)){0,4})"


@dataclass
class Furniture:
    """What extract_furniture took out of the body."""

    lines: list[str]
    related: list[Link] = field(default_factory=list)
    image_credit: str | None = None
    audio_links: list[str] = field(default_factory=list)


@cache
def _phrases() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in read_language_table("vorleser.ingest", "furniture.tsv", ("kind", "phrase")):
        out.setdefault(row["kind"], []).append(row["phrase"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def plain(text: str) -> str:
    """Collapse white space, drop footnote markers and stray Markdown escapes."""
    text = strip_footnote_markers(text).replace("\\", "")
    return re.sub(r"\s+", " ", text).strip()


def strip_footnote_markers(text: str) -> str:
    """Remove footnote markers like [1], [^2] and superscript digits after words.

    A ² or ³ after a unit symbol is kept: it is part of the unit, not a footnote.

    >>> strip_footnote_markers("Die Wohnung hat 80 m², sagt er.² Der Preis pro m² stieg[3].")
    'Die Wohnung hat 80 m², sagt er. Der Preis pro m² stieg.'
    """

    def replace(match: re.Match[str]) -> str:
        marker = match.group()
        if marker in "²³" and _UNIT_POWER.search(match.string, 0, match.start()):
            return marker
        return ""

    return _FOOTNOTE.sub(replace, text)


def drop_comments(text: str) -> str:
    """Remove HTML comments and <audio> elements (players are never read)."""
    return _cut_spans(
        _cut_spans(text, re.compile("<!--"), re.compile("-->")), _AUDIO_OPEN, _AUDIO_CLOSE
    )


def _cut_spans(text: str, opener: re.Pattern[str], closer: re.Pattern[str]) -> str:
    """`text` without the spans from each `opener` to the next `closer` after it.

    A hand-made loop instead of a lazy `.*?` pattern: an unclosed opener ends the search
    instead of being retried from every later opener (quadratic on "<!--" repeated).
    """
    out: list[str] = []
    pos = 0
    while (start := opener.search(text, pos)) is not None:
        end = closer.search(text, start.end())
        if end is None:
            break
        out.append(text[pos : start.start()])
        pos = end.end()
    out.append(text[pos:])
    return "".join(out)


def _bare(line: str) -> str:
    """A line without leading Markdown markup and emphasis, for phrase matching."""
    return _MARKUP.sub("", _LINK.sub(r"\1", line)).strip().lower()


def starts(line: str, kind: str) -> str | None:
    """The furniture phrase of `kind` that `line` opens with, or None (markup ignored)."""
    bare = _bare(line)
    for phrase in _phrases()[kind]:
        if bare.startswith(phrase) and (
            len(bare) == len(phrase) or not bare[len(phrase)].isalnum()
        ):
            return phrase
    return None


def extract_furniture(lines: list[str]) -> Furniture:
    """Take podcast lines, credits, footnote definitions and the related list out of the body."""
    result = Furniture(lines=[])
    for audio in _AUDIO_URL.findall("\n".join(lines)):
        result.audio_links.append(audio)
    related_at = _related_start(lines)
    body = lines if related_at is None else lines[:related_at]
    if related_at is not None:
        for line in lines[related_at + 1 :]:
            for title, url in _LINK.findall(line):
                result.related.append(Link(plain(title) or url, url))
            if not _LINK.search(line) and line.strip() and not line.lstrip().startswith(("-", "*")):
                url = re.search(r"https?://\S+", line)
                if url:
                    result.related.append(
                        Link(plain(line.replace(url.group(0), "")) or url.group(0), url.group(0))
                    )
        # a related line like "Mehr zum Thema: [A](url)" carries its links on the same line
        for title, url in _LINK.findall(lines[related_at]):
            result.related.append(Link(plain(title) or url, url))
    for line in body:
        if _SHORTCODE.match(line) or _FOOTNOTE_DEF.match(line) or starts(line, "podcast"):
            continue
        if _only_audio_link(line):
            continue
        phrase = starts(line, "credit")
        if phrase and len(line) < 300:
            if result.image_credit is None:
                credit = _bare(line)[len(phrase) :].lstrip(" :–-")
                original = plain(_LINK.sub(r"\1", line))
                result.image_credit = (
                    original[len(original) - len(credit) :] if credit else original
                )
            continue
        result.lines.append(line)
    return result


def _related_start(lines: list[str]) -> int | None:
    """Index of the line that opens a trailing related-articles list, if the rest is that list.

    One pass from the end records whether everything after each line is links or blank, so
    an article of many "Mehr zum Thema" lines is still read in linear time.
    """
    count = len(lines)
    only_links = [True] * (count + 1)  # lines[k:] are all links or blank
    any_after = [False] * (count + 1)  # lines[k:] hold a non-blank line
    for k in range(count - 1, -1, -1):
        line = lines[k]
        blank = not line.strip()
        is_link = blank or bool(_LINK.search(line) or _URL.search(line))
        only_links[k] = only_links[k + 1] and is_link
        any_after[k] = any_after[k + 1] or not blank
    for i, line in enumerate(lines):
        if not only_links[i + 1] or not starts(line, "related"):
            continue
        if any_after[i + 1] or _LINK.search(line):
            return i
    return None


def _only_audio_link(line: str) -> bool:
    stripped = _LINK.sub(lambda m: m.group(2) if _AUDIO_URL.match(m.group(2)) else m.group(0), line)
    # a table's delimiter row ("|---|--:|") is not an audio line: it has no audio URL
    return bool(_AUDIO_URL.search(stripped)) and not _AUDIO_URL.sub("", stripped).strip(" \t|-–:*_")


def join_broken_paragraphs(body: str) -> str:
    """Join paragraphs that a CMS broke in mid-sentence with an empty line.

    A plain paragraph that ends without sentence punctuation is continued by the next one,
    whatever its first letter: German nouns are capitalized ("… geben sie der Regierung
    auch" / "Rückendeckung."). Only a short line (at most `_TITLE_WORDS` words) that starts
    with a capital stays apart when the next starts with one too: it reads as a heading.
    Pieces are collected and joined once (linear time).
    """
    paras = re.split(r"\n[ \t]*\n", body)
    groups: list[list[str]] = []
    for para in paras:
        last = groups[-1] if groups else None
        if (
            last is not None
            and (para.lstrip()[:1].islower() or not (len(last) == 1 and _title_like(last[0])))
            and _plain_text(para)
            and _plain_text(last[0])
            and _plain_text(last[-1])
            and last[-1].rstrip()[-1:] not in _SENTENCE_ENDS
        ):
            last[-1] = last[-1].rstrip()
            last.append(para.lstrip())
        else:
            groups.append([para])
    return "\n\n".join(" ".join(group) for group in groups)


_TITLE_WORDS = 6
_NOT_PROSE = ("#", ">", "-", "*", "+", "|", "```", "~~~", "<", "![")
_LIST_ITEM = re.compile(r"\d{1,3}[.)][ \t]")


def _plain_text(para: str) -> bool:
    """A paragraph of prose: no heading, quote, list, table, code or HTML block."""
    stripped = para.lstrip("\n").lstrip(" ")
    return bool(para.strip()) and not (
        para.lstrip("\n").startswith(("    ", "\t"))
        or stripped.startswith(_NOT_PROSE)
        or _LIST_ITEM.match(stripped)
        or para.rstrip().endswith(">")
    )


def _title_like(para: str) -> bool:
    """A short line starting with a capital: a heading typed as a paragraph, not a fragment."""
    words = para.split()
    return len(words) <= _TITLE_WORDS and para.lstrip()[:1].isupper()


def take_byline(sections: list[Section]) -> tuple[list[Section], dict[str, str]]:
    """Recognise a byline paragraph near the start and turn it into fields.

    "Ein Beitrag von X, aus dem Ungarischen übersetzt von Y." -> author X, translator Y,
    original_language "Ungarischen". The paragraph is removed: the intro reads the credits.
    """
    if not sections:
        return sections, {}
    first = sections[0]
    for index, block in enumerate(first.blocks[:2]):
        fields = parse_byline(block.text)
        if fields:
            blocks = first.blocks[:index] + first.blocks[index + 1 :]
            return [Section(first.heading, blocks), *sections[1:]], fields
    return sections, {}


def _name(raw: str) -> str:
    """A name without the sentence's closing dot (an initial like "J." keeps its dot)."""
    raw = raw.strip()
    last = raw.rsplit(" ", 1)[-1]
    return raw[:-1] if raw.endswith(".") and len(last) > 2 else raw


def parse_byline(text: str) -> dict[str, str]:
    """Fields of a byline sentence, or {} when `text` is not one.

    >>> parse_byline("Ein Beitrag von Anna Weber, aus dem Ungarischen übersetzt von Péter Kovács.")
    {'author': 'Anna Weber', 'translator': 'Péter Kovács', 'original_language': 'Ungarischen'}
    """
    if len(text) > 250:
        return {}
    lower = text.lower()
    opener = next((p for p in _phrases()["byline"] if lower.startswith(p + " ")), None)
    if opener is None:
        return {}
    rest = text[len(opener) :].strip()
    m = re.match(_BYLINE_NAME, rest)
    if not m:
        return {}
    fields = {"author": _name(m.group(1))}
    tail = rest[m.end() :]
    for phrase in _phrases()["translated"]:
        pos = tail.lower().find(phrase)
        if pos >= 0:
            t = re.match(r"\s*" + _BYLINE_NAME, tail[pos + len(phrase) :])
            if t:
                fields["translator"] = _name(t.group(1))
            break
    lang = re.search(r"\b(?:aus dem|from)\s+([A-ZÄÖÜ][\wäöü]+)", tail)
    if lang:
        fields["original_language"] = lang.group(1)
    leftover = re.sub(r"[\s.,;:()–-]", "", tail)
    if "translator" not in fields and len(leftover) > 60:
        return {}
    return fields


__all__ = [
    "Block",
    "Furniture",
    "drop_comments",
    "extract_furniture",
    "join_broken_paragraphs",
    "parse_byline",
    "plain",
    "starts",
    "strip_footnote_markers",
    "take_byline",
]
