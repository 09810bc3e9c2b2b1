"""Chapter lists outside the MP3: Podcasting 2.0 JSON chapters and the description timestamps.

The same `ChapterMark`s feed the JSON file (read by Apple, AntennaPod, Pocket Casts and web
players), Podlove Simple Chapters in the feed, and the "00:00 Title" lines in the item
description that Spotify and YouTube read (STANDARDS.md §0, checklist 21 and 23).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from vorleser.model import ChapterMark
from vorleser.publish.transcript import timestamp

#: Spotify and YouTube ignore description chapters unless there are this many...
MIN_DESCRIPTION_CHAPTERS = 3
#: ...and each starts at least this many seconds after the one before (YouTube's rule).
MIN_DESCRIPTION_GAP = 10.0


def render_chapters_json(chapters: Sequence[ChapterMark], title: str) -> str:
    """Podcasting 2.0 JSON chapters, version 1.2.0 (checklist 23).

    The first chapter is pinned to 0 s: players that find no chapter at the start show none
    for the opening seconds, and the build's intro always starts there anyway.
    """
    items = []
    for i, ch in enumerate(chapters):
        start = 0.0 if i == 0 else round(ch.start, 3)
        items.append({"startTime": start, "endTime": round(ch.end, 3), "title": ch.title.strip()})
    doc = {"version": "1.2.0", "title": title, "chapters": items}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def clock(seconds: float, hours: bool = False) -> str:
    """MM:SS, or HH:MM:SS when `hours` (whole seconds, rounded down so a mark never lies late).

    >>> clock(65.9)
    '01:05'
    >>> clock(3725, hours=True)
    '01:02:05'
    """
    s = max(0, int(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}" if hours else f"{h * 60 + m:02d}:{s:02d}"


def precise_clock(seconds: float) -> str:
    """HH:MM:SS.mmm, the form Podlove Simple Chapters use (WebVTT's, too).

    >>> precise_clock(200.5)
    '00:03:20.500'
    """
    return timestamp(seconds)


def description_lines(chapters: Sequence[ChapterMark], duration: float) -> list[str]:
    """ "00:00 Title" lines for the item description, or [] when directories would reject them.

    YouTube wants lines at least 10 s apart: of two chapters closer than that, the earlier
    (the one lasting under 10 s) is left out of this list; it stays in the JSON and the MP3.
    The first line is always 00:00. Fewer than three lines would be ignored by Spotify and
    YouTube, so none are returned then.
    """
    hours = duration >= 3600
    kept: list[ChapterMark] = []
    for ch in chapters:
        if not kept or ch.start - kept[-1].start >= MIN_DESCRIPTION_GAP:
            kept.append(ch)
        elif len(kept) > 1:  # never replace the opening 00:00 line
            kept[-1] = ch
    if len(kept) < MIN_DESCRIPTION_CHAPTERS:
        return []
    return [
        f"{clock(0 if i == 0 else ch.start, hours)} {ch.title.strip()}" for i, ch in enumerate(kept)
    ]
