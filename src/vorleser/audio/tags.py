"""ID3v2 tags: title, artist, album, date, cover art and CHAP/CTOC chapters in time order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vorleser.model import ChapterMark


@dataclass(frozen=True)
class TagInfo:
    """What goes into an episode's ID3 tag."""

    title: str
    """TIT2: the article title."""
    artist: str
    """TPE1: the author (or the publisher when there is none)."""
    album: str
    """TALB: the podcast's title."""
    date: str | None
    """TDRC: ISO date (YYYY-MM-DD)."""
    cover: Path | None
    """JPEG or PNG to embed as APIC front cover."""
    chapters: tuple[ChapterMark, ...]
    """CHAP frames plus one ordered CTOC."""
    language: str = "de"
    """TLAN."""
    comment: str | None = None
    """COMM: e.g. the AI-voice disclosure."""


def write_tags(path: Path, info: TagInfo) -> None:
    """Write `info` as ID3v2.3 into the MP3 at `path` (in place).

    PLACEHOLDER (audio helper owns this module).
    """
    from mutagen.id3 import CHAP, CTOC, ID3, TALB, TIT2, TPE1, CTOCFlags

    tags = ID3()
    tags.add(TIT2(encoding=3, text=info.title))
    tags.add(TPE1(encoding=3, text=info.artist))
    tags.add(TALB(encoding=3, text=info.album))
    ids = [f"chp{i}" for i in range(len(info.chapters))]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=ids, sub_frames=[]))
    for cid, ch in zip(ids, info.chapters, strict=True):
        tags.add(CHAP(element_id=cid, start_time=int(ch.start * 1000),
                      end_time=int(ch.end * 1000), sub_frames=[TIT2(encoding=3, text=ch.title)]))
    tags.save(path, v2_version=3)
