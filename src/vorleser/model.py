"""The immutable, typed data that moves between the pipeline's stages.

ingest -> Article; script -> Script (chapters of sentences); episodes (tts + audio) -> Episode;
publish reads Podcast + Episodes. Nothing here does I/O: every stage takes these in and
hands new ones out, so a stage can be tested alone and cached by content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Link:
    """A hyperlink kept from the article (related articles, links in the text)."""

    title: str
    """The link's visible text."""
    url: str
    """Its target, as written in the source."""


#: Block kinds that the page shows and the audio never reads (code is not for listening).
SHOWN_NOT_READ = frozenset({"code"})


@dataclass(frozen=True)
class Block:
    """One top-level unit of an article's body: a paragraph, or a container with all its nesting."""

    kind: str
    """"paragraph", "heading" (a sub-heading inside a section), "quote", "list", "table",
    "code" (shown, never read) or "html" (a raw HTML block, passed through an allow-list)."""
    text: str
    """Plain text as a reader sees it: link texts kept, URLs, markup and footnote markers gone.
    One line per spoken paragraph: list items, quoted paragraphs, table rows ("Header: cell; …")."""
    html: str
    """The whole block as safe, well-formed HTML for the page (one element; a few for raw HTML)."""


@dataclass(frozen=True)
class Section:
    """A run of blocks under one heading; every section becomes one chapter."""

    heading: str | None
    """The heading's plain text; None for the text before the first heading."""
    blocks: tuple[Block, ...]
    """The section's body in reading order."""


@dataclass(frozen=True)
class Article:
    """One article as ingested, before anything about speech is decided."""

    source: str
    """Where it came from (a file path or URL), named in every error about it."""
    slug: str
    """URL-safe, stable name: file names of the episode and page derive from it."""
    title: str
    """The headline."""
    language: str = "de"
    """BCP 47 primary language code of the text (selects normalizer and voice)."""
    author: str | None = None
    """The writer, credited in the intro, on the page and as podcast:person."""
    translator: str | None = None
    """Who translated it, if it is a translation."""
    original_language: str | None = None
    """Language it was translated from, as a word in the article's language ("Ungarischen")."""
    date: dt.datetime | None = None
    """Publication time, timezone-aware (UTC when the source gives none)."""
    summary: str | None = None
    """A short description for the feed and index page."""
    image: str | None = None
    """Title image path or URL, as the source names it; the page shows it (a path is resolved
    against the article's file) with `image_credit`."""
    image_credit: str | None = None
    """"Titelbild: ..." credit, shown on the page under the image (not without one), never read."""
    sections: tuple[Section, ...] = ()
    """The body, split at headings."""
    related: tuple[Link, ...] = ()
    """"Mehr zum Thema" links: shown on the page, never read aloud."""
    categories: tuple[str, ...] = ()
    """Topics from the source (CMS categories, front matter): linked on the page, each with its
    own archive listing; not written to the feed (the feed's category is the show's)."""
    audio_links: tuple[str, ...] = ()
    """Links to existing audio found in the source (podcast blocks), kept out of the text;
    no stage uses them yet."""
    untitled: bool = False
    """No title anywhere in the source: `title` is made from the file name, shown on the page
    but never spoken (a slug read by a German voice sounds like English words)."""


@dataclass(frozen=True)
class Sentence:
    """The unit of synthesis and of caching."""

    text: str
    """The written sentence, shown in the transcript."""
    spoken: str
    """What the engine is given: the normalized text."""
    pause_after_ms: int = 0
    """Silence after this sentence (paragraph and section breaks)."""


@dataclass(frozen=True)
class Chapter:
    """A chapter of the speech script: intro, one per section, outro folded into the last."""

    title: str
    """Shown in players' chapter lists."""
    sentences: tuple[Sentence, ...]
    """What is read in this chapter, in order."""


@dataclass(frozen=True)
class Script:
    """Everything that will be spoken for one article."""

    article: Article
    """The article the script was made from."""
    chapters: tuple[Chapter, ...]
    """Intro first; never empty for a valid article."""

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """All sentences in reading order."""
        return tuple(s for c in self.chapters for s in c.sentences)


@dataclass(frozen=True)
class Cue:
    """A sentence placed on the episode's time line (one WebVTT cue)."""

    start: float
    """Seconds from the start of the episode."""
    end: float
    """Seconds from the start of the episode."""
    text: str
    """The written sentence."""


@dataclass(frozen=True)
class ChapterMark:
    """A chapter placed on the episode's time line."""

    start: float
    """Seconds from the start of the episode."""
    end: float
    """Seconds from the start of the episode."""
    title: str
    """The chapter title."""


@dataclass(frozen=True)
class Episode:
    """An article's finished audio edition, as publishing needs it."""

    article: Article
    """The article it was made from."""
    audio_path: Path
    """The encoded MP3 in the output folder."""
    duration: float
    """Length in seconds, as the MP3 has it."""
    size: int
    """The MP3's size in bytes (the enclosure length)."""
    chapters: tuple[ChapterMark, ...]
    """Chapters in time order."""
    cues: tuple[Cue, ...]
    """One per sentence, in time order."""
    audio_hash: str = ""
    """sha256 of the MP3 (from the episode manifest): changes exactly when players need to
    download it again; publishing does not use it yet."""
    narrator: str = ""
    """The voice that reads it, credited as podcast:person role narrator."""
    guid: str = ""
    """Item guid: a UUID of the MP3's first URL, assigned once and kept in .vorleser/guids.json
    (vorleser.state), never derived from the title."""


@dataclass(frozen=True)
class Podcast:
    """Show-level metadata from vorleser.toml, as the feed and pages need it."""

    title: str
    """The show's name."""
    description: str
    """The show's description."""
    language: str
    """Default language of articles and the feed (ISO 639-1)."""
    author: str
    """Publisher or network shown as itunes:author."""
    email: str
    """Owner e-mail (itunes:owner), used by directories for verification."""
    base_url: str
    """Absolute URL where the output folder is published, ending in '/'."""
    cover: str | None = None
    """Path of the cover image in the output folder, relative (e.g. 'cover.jpg')."""
    category: str = "News"
    """Apple Podcasts category; 'News/Politics' for a sub-category."""
    explicit: bool = False
    """itunes:explicit."""
    copyright: str | None = None
    """Copyright line."""
    guid: str = ""
    """podcast:guid as kept in the project state; empty derives it from the feed URL."""
    enclosure_prefix: str = ""
    """Put before enclosure URLs for listening statistics (OP3, Podtrac); empty for none."""
    episodes: tuple[Episode, ...] = field(default=())
    """The episodes, newest first."""
