"""What the templates show, computed from model values: clocks, dates, credits, chapter views.

Pure functions of an episode and the UI strings, so the page, the embed and the listings show
an episode the same way, and each piece has a doctest.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass

from vorleser.model import ChapterMark, Cue, Episode
from vorleser.publish import layout

SPEEDS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
"""Playback speeds offered by the player."""


@dataclass(frozen=True)
class ChapterView:
    """A chapter as the player shows it: its place on the timeline and the cues inside it."""

    start: float
    end: float
    title: str
    clock: str
    href: str
    """The MP3 at this chapter (#t=), for browsers without JavaScript."""
    percent: float
    """Where the chapter starts on the timeline, in percent of the episode."""
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class EpisodeLinks:
    """The files of one episode, as URLs relative to the page that links them."""

    page: str
    embed: str
    mp3: str
    vtt: str
    srt: str


def links(from_file: str, slug: str) -> EpisodeLinks:
    """Every file of episode `slug` relative to `from_file`."""
    return EpisodeLinks(
        page=rel(from_file, layout.page_file(slug)),
        embed=rel(from_file, layout.embed_file(slug)),
        mp3=rel(from_file, layout.episode_file(slug, "mp3")),
        vtt=rel(from_file, layout.episode_file(slug, "vtt")),
        srt=rel(from_file, layout.episode_file(slug, "srt")),
    )


def chapter_views(episode: Episode, mp3: str) -> list[ChapterView]:
    """The episode's chapters with their cues and timeline positions."""
    total = episode.duration or 1.0
    return [
        ChapterView(
            c.start,
            c.end,
            c.title,
            clock(c.start),
            f"{mp3}#t={c.start:.3f}",
            round(min(100.0, 100 * c.start / total), 3),
            cues,
        )
        for c, cues in cues_by_chapter(episode.chapters, episode.cues)
    ]


def cues_by_chapter(
    chapters: tuple[ChapterMark, ...], cues: tuple[Cue, ...]
) -> list[tuple[ChapterMark, tuple[Cue, ...]]]:
    """Pair each chapter with the cues that start inside it (cues before the first go to it)."""
    groups: list[tuple[ChapterMark, list[Cue]]] = [(c, []) for c in chapters]
    if not groups:
        return []
    index = 0
    for cue in cues:
        while index + 1 < len(groups) and cue.start >= groups[index + 1][0].start - 0.001:
            index += 1
        groups[index][1].append(cue)
    return [(c, tuple(group)) for c, group in groups]


def byline(
    ui: dict[str, str], author: str | None, translator: str | None, language: str | None
) -> str | None:
    """The credit line: author, then translator and original language when known.

    >>> from vorleser.publish.strings import ui_strings
    >>> byline(ui_strings("de"), "Anna Beispiel", "Ben Muster", "Ungarischen")
    'Ein Beitrag von Anna Beispiel, aus dem Ungarischen übersetzt von Ben Muster'
    >>> byline(ui_strings("de"), None, "Ben Muster", None)
    'Übersetzt von Ben Muster'
    """
    parts = []
    if author:
        parts.append(ui["byline_author"].format(author=author))
    if translator and language:
        parts.append(ui["byline_translation"].format(language=language, translator=translator))
    elif translator:
        parts.append(ui["byline_translator"].format(translator=translator))
    if not parts:
        return None
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def rel(from_file: str, to_file: str) -> str:
    """Relative URL from one output file to another (both relative to the output folder).

    >>> rel("essay/index.html", "episodes/essay.mp3")
    '../episodes/essay.mp3'
    >>> rel("index.html", "essay/index.html")
    'essay/index.html'
    """
    return posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")


def clock(seconds: float) -> str:
    """Seconds as M:SS, or H:MM:SS from an hour on.

    >>> clock(75.4), clock(3725)
    ('1:15', '1:02:05')
    """
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def iso_duration(seconds: float) -> str:
    """An ISO 8601 duration for <time datetime>, e.g. PT2M8S.

    >>> iso_duration(128.4), iso_duration(3725)
    ('PT2M8S', 'PT1H2M5S')
    """
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + f"{minutes}M{secs}S"


def date(ui: dict[str, str], when: dt.datetime | None) -> dict[str, str] | None:
    """A date as <time> needs it: machine-readable and in the site language's format."""
    if when is None:
        return None
    return {"iso": when.isoformat(), "text": when.strftime(ui["date_format"])}


def credit(ui: dict[str, str], text: str | None) -> str | None:
    """The image credit; a credit that already carries its label ("Foto: ...") is kept as is.

    >>> from vorleser.publish.strings import ui_strings
    >>> credit(ui_strings("de"), "Anna Beispiel"), credit(ui_strings("de"), "Foto: A")
    ('Titelbild: Anna Beispiel', 'Foto: A')
    """
    if not text:
        return None
    label, colon, _ = text.partition(":")
    if colon and label and len(label) <= 20 and " " not in label.strip():
        return text
    return ui["image_credit"].format(credit=text)
