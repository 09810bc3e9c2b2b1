"""The speech script: which sentences are spoken, in which chapters, with which pauses.

make_script is pure: the sentence splitter and the normalizer come in as callables, so the
script is the same for every engine and the cache key of a sentence depends only on its text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from vorleser.model import Article, Chapter, Script, Sentence
from vorleser.script.select import readable_sections
from vorleser.tables import read_language_table


@dataclass(frozen=True)
class ScriptSettings:
    """The knobs of a speech script (from [speech] and [audio] in vorleser.toml)."""

    podcast_title: str = ""
    """Named in the outro."""
    intro: bool = True
    """Read title and byline first."""
    outro: bool = True
    """Read a closing line."""
    disclosure: bool = True
    """Say once that a synthetic voice reads."""
    urls: str = "short"
    """"short" reads a URL's host, "skip" drops URLs."""
    sentence_pause_ms: int = 250
    """Silence after each sentence."""
    paragraph_pause_ms: int = 700
    """Silence after each paragraph and heading."""
    section_pause_ms: int = 1500
    """Silence before each section."""


@cache
def _phrase_table() -> dict[tuple[str, str], str]:
    rows = read_language_table("vorleser.script", "phrases.tsv", ("key", "language", "text"))
    return {(r["key"], r["language"]): r["text"] for r in rows}


def phrase(key: str, language: str, **values: str) -> str:
    """A built-in phrase in `language` (English when the language has none), filled in."""
    table = _phrase_table()
    template = table.get((key, language)) or table[(key, "en")]
    return template.format(**values)


def make_script(
    article: Article,
    settings: ScriptSettings,
    split: Callable[[str], list[str]],
    normalize: Callable[[str], str],
) -> Script:
    """Turn an article into chapters of sentences with pauses."""
    lang = article.language
    chapters: list[tuple[str, list[Sentence]]] = []

    def paragraph(sentences: list[str], pause_ms: int, closed: bool = False) -> list[Sentence]:
        out = [
            Sentence(
                text=s,
                spoken=normalize(_sentence(s) if closed else s),
                pause_after_ms=settings.sentence_pause_ms,
            )
            for s in sentences
            if s.strip()
        ]
        out = [s for s in out if s.spoken.strip()]
        if out:
            out[-1] = Sentence(out[-1].text, out[-1].spoken, pause_ms)
        return out

    intro: list[Sentence] = []
    if settings.intro:
        if not article.untitled:
            intro += paragraph([_sentence(article.title)], settings.paragraph_pause_ms)
        credits = []
        if article.author:
            credits.append(phrase("byline", lang, author=article.author))
        if article.translator:
            key = "translated" if article.original_language else "translated_plain"
            credits.append(
                phrase(
                    key,
                    lang,
                    translator=article.translator,
                    original_language=article.original_language or "",
                )
            )
        intro += paragraph(credits, settings.paragraph_pause_ms)
    if settings.disclosure:
        intro += paragraph([phrase("disclosure", lang)], settings.paragraph_pause_ms)
    current_title = phrase("intro_chapter", lang)
    current = intro
    for heading, paragraphs in readable_sections(article, settings.urls):
        if heading is not None:
            if current:
                last = current[-1]
                current[-1] = Sentence(last.text, last.spoken, settings.section_pause_ms)
                chapters.append((current_title, current))
            # a heading is spoken as a sentence of its own: falling tone, then a pause
            current_title = heading
            current = paragraph([heading], settings.paragraph_pause_ms, closed=True)
        for text in paragraphs:
            current += paragraph(split(text), settings.paragraph_pause_ms)
    if settings.outro:
        if current:
            last = current[-1]
            current[-1] = Sentence(last.text, last.spoken, settings.section_pause_ms)
        podcast = settings.podcast_title or "vorleser"
        title = article.title.strip().rstrip(".!?…")
        outro = (
            phrase("outro_untitled", lang, podcast=podcast)
            if article.untitled
            else phrase("outro", lang, title=title, podcast=podcast)
        )
        current += paragraph([outro], 0)
    if current:
        chapters.append((current_title, current))
    return Script(article=article, chapters=tuple(Chapter(t, tuple(s)) for t, s in chapters if s))


def _sentence(text: str) -> str:
    """A title or heading read as a sentence ends with punctuation, so engines close its
    intonation; without it espeak-ng runs a short heading into what follows."""
    text = text.strip()
    return text if text[-1:] in ".!?…" else text + "."
