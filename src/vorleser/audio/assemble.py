"""Sentences + pauses -> one track, with the times of every chapter and sentence.

The times are known exactly here (we place every sample), so transcripts and chapters come
from assembly, never from guessing afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from vorleser.audio import Samples, Track, silence
from vorleser.model import ChapterMark, Cue, Script

LEAD_IN_SECONDS = 0.4
TAIL_SECONDS = 0.8


def assemble(
    script: Script, audio: Mapping[int, Samples], rate: int
) -> tuple[Track, tuple[ChapterMark, ...], tuple[Cue, ...]]:
    """Join sentence audio (indexed by position in script.sentences) with the script's pauses."""
    parts: list[Samples] = [silence(LEAD_IN_SECONDS, rate)]
    pos = len(parts[0])
    cues: list[Cue] = []
    starts: list[tuple[float, str]] = []
    index = 0
    for chapter in script.chapters:
        starts.append((0.0 if not starts else pos / rate, chapter.title))
        for sentence in chapter.sentences:
            samples = audio[index]
            index += 1
            start = pos
            parts.append(samples)
            pos += len(samples)
            cues.append(Cue(start / rate, pos / rate, sentence.text))
            if sentence.pause_after_ms:
                gap = silence(sentence.pause_after_ms / 1000, rate)
                parts.append(gap)
                pos += len(gap)
    parts.append(silence(TAIL_SECONDS, rate))
    pos += len(parts[-1])
    total = pos / rate
    chapters = tuple(
        ChapterMark(start, starts[i + 1][0] if i + 1 < len(starts) else total, title)
        for i, (start, title) in enumerate(starts)
    )
    return Track(np.concatenate(parts).astype(np.float32), rate), chapters, tuple(cues)


def shift(
    chapters: tuple[ChapterMark, ...], cues: tuple[Cue, ...], offset: float, total: float
) -> tuple[tuple[ChapterMark, ...], tuple[Cue, ...]]:
    """Move every time by `offset` s (music before speech); the last chapter ends at `total`."""
    if not offset and (not chapters or chapters[-1].end == total):
        return chapters, cues
    moved = [
        ChapterMark(0.0 if i == 0 else c.start + offset, c.end + offset, c.title)
        for i, c in enumerate(chapters)
    ]
    if moved:
        moved[-1] = ChapterMark(moved[-1].start, total, moved[-1].title)
    return tuple(moved), tuple(Cue(c.start + offset, c.end + offset, c.text) for c in cues)
