"""Transcripts from sentence timings: WebVTT (one cue per sentence) and SRT.

WebVTT is what Apple ingests and what the player page highlights; SRT is what AntennaPod
reads (STANDARDS.md §2.2, checklist 22). Both are rendered from the same `Cue`s, so the
times are the ones the audio really has.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from vorleser.model import Cue

#: WebVTT lines are kept to this many characters (Apple's and the namespace's advice).
VTT_LINE = 65
#: SRT subtitles are at most two lines of this many characters (broadcast convention, §2.2).
SRT_LINE = 32
#: Shortest cue we write: WebVTT requires the end time to be after the start time.
MIN_CUE = 0.001


def timestamp(seconds: float, sep: str = ".") -> str:
    """HH:MM:SS.mmm (WebVTT) or HH:MM:SS,mmm (SRT with sep=",").

    >>> timestamp(3725.5)
    '01:02:05.500'
    >>> timestamp(0.0004, ",")
    '00:00:00,000'
    """
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _clean(text: str) -> str:
    """One line of text: whitespace runs (newlines too) become one space.

    A blank line would end a cue early, and "-->" would be read as a timing line.
    """
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace("-->", "->")


def _vtt_escape(text: str) -> str:
    """Escape the three characters WebVTT cue text gives meaning to.

    >>> _vtt_escape("A & B <c> -> D")
    'A &amp; B &lt;c&gt; -&gt; D'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _times(cue: Cue) -> tuple[float, float]:
    start = max(0.0, cue.start)
    return start, max(cue.end, start + MIN_CUE)


def render_vtt(cues: Sequence[Cue]) -> str:
    """A WebVTT file with one cue per sentence, numbered from 1, lines wrapped at 65 characters.

    Wrapping happens before escaping so an entity like &amp; is never split across lines.
    """
    out = ["WEBVTT", ""]
    for number, cue in enumerate(cues, start=1):
        text = _clean(cue.text)
        if not text:
            continue
        start, end = _times(cue)
        lines = textwrap.wrap(text, VTT_LINE, break_long_words=False, break_on_hyphens=False)
        out += [str(number), f"{timestamp(start)} --> {timestamp(end)}"]
        out += [_vtt_escape(line) for line in lines]
        out.append("")
    return "\n".join(out)


def _srt_chunks(text: str) -> list[str]:
    """Split text into subtitles of at most two lines of SRT_LINE characters."""
    lines = textwrap.wrap(text, SRT_LINE, break_long_words=False, break_on_hyphens=False)
    return ["\n".join(lines[i : i + 2]) for i in range(0, len(lines), 2)]


def render_srt(cues: Sequence[Cue]) -> str:
    """An SRT file: each sentence split into two-line subtitles, timed by share of characters.

    A long sentence is spread over several subtitles; each gets a slice of the sentence's time
    in proportion to its length, so the last one still ends when the sentence does.
    """
    out: list[str] = []
    number = 0
    for cue in cues:
        text = _clean(cue.text)
        if not text:
            continue
        start, end = _times(cue)
        chunks = _srt_chunks(text)
        total = sum(len(c) for c in chunks)
        at = start
        for i, chunk in enumerate(chunks):
            until = end if i == len(chunks) - 1 else at + (end - start) * len(chunk) / total
            number += 1
            out += [str(number), f"{timestamp(at, ',')} --> {timestamp(until, ',')}", chunk, ""]
            at = until
    return "\n".join(out)
