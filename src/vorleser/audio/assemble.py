"""Sentences + pauses -> one track, with the times of every chapter and sentence.

The times are known exactly here (we place every sample), so transcripts and chapters come
from assembly, never from guessing afterwards. `lay_out` places the sentences from their
lengths alone; `assemble` fills one array from that layout, and `stream` yields the same
samples block by block, reading each sentence only when it is reached, so a long episode is
never held whole (the two agree to the sample).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from vorleser.audio import Samples, Track
from vorleser.model import ChapterMark, Cue, Script

LEAD_IN_SECONDS = 0.4
TAIL_SECONDS = 0.8


@dataclass(frozen=True)
class Layout:
    """Where every sentence of an episode sits, in samples."""

    rate: int
    """Sample rate in Hz."""
    starts: tuple[int, ...]
    """First sample of each sentence (in script order)."""
    lengths: tuple[int, ...]
    """Samples of each sentence."""
    total: int
    """Samples in the whole track, tail silence included."""
    chapters: tuple[ChapterMark, ...]
    """Chapter times in seconds."""
    cues: tuple[Cue, ...]
    """One cue per sentence, in seconds."""


def _samples(seconds: float, rate: int) -> int:
    return round(seconds * rate)  # as audio.silence() rounds


def lay_out(script: Script, lengths: Sequence[int], rate: int) -> Layout:
    """Place sentences of the given lengths (in script order) with the script's pauses."""
    pos = _samples(LEAD_IN_SECONDS, rate)
    cues: list[Cue] = []
    starts: list[int] = []
    chapter_starts: list[tuple[float, str]] = []
    index = 0
    for chapter in script.chapters:
        chapter_starts.append((0.0 if not chapter_starts else pos / rate, chapter.title))
        for sentence in chapter.sentences:
            start = pos
            starts.append(start)
            pos += lengths[index]
            index += 1
            cues.append(Cue(start / rate, pos / rate, sentence.text))
            if sentence.pause_after_ms:
                pos += _samples(sentence.pause_after_ms / 1000, rate)
    pos += _samples(TAIL_SECONDS, rate)
    total = pos / rate
    chapters = tuple(
        ChapterMark(
            start, chapter_starts[i + 1][0] if i + 1 < len(chapter_starts) else total, title
        )
        for i, (start, title) in enumerate(chapter_starts)
    )
    return Layout(rate, tuple(starts), tuple(lengths), pos, chapters, tuple(cues))


def assemble(
    script: Script, audio: Mapping[int, Samples], rate: int
) -> tuple[Track, tuple[ChapterMark, ...], tuple[Cue, ...]]:
    """Join sentence audio (indexed by position in script.sentences) with the script's pauses."""
    count = len(script.sentences)
    layout = lay_out(script, [len(audio[i]) for i in range(count)], rate)
    track = np.zeros(layout.total, dtype=np.float32)
    for i, start in enumerate(layout.starts):
        track[start : start + layout.lengths[i]] = audio[i]
    return Track(track, rate), layout.chapters, layout.cues


def stream(layout: Layout, read: Callable[[int], Samples], block: int) -> Iterator[Samples]:
    """The assembled track in blocks of `block` samples (the last one shorter).

    `read(i)` gives sentence i's samples; each is read once, when the first block that
    overlaps it is made, and dropped after its last one. A sentence whose length is not the
    one laid out (a concurrent build replaced its cache entry meanwhile) is cut or padded
    with silence to its place, so the times of the layout stay exact.
    """
    current: dict[int, Samples] = {}
    first = 0  # the first sentence that may still overlap a block
    for lo in range(0, layout.total, block):
        hi = min(lo + block, layout.total)
        out = np.zeros(hi - lo, dtype=np.float32)
        i = first
        while i < len(layout.starts) and layout.starts[i] < hi:
            start, length = layout.starts[i], layout.lengths[i]
            if start + length <= lo:
                current.pop(i, None)
                if i == first:
                    first += 1
                i += 1
                continue
            if i not in current:
                samples = read(i)
                if len(samples) != length:
                    fitted = np.zeros(length, dtype=np.float32)
                    fitted[: min(length, len(samples))] = samples[:length]
                    samples = fitted
                current[i] = samples
            a, b = max(start, lo), min(start + length, hi)
            out[a - lo : b - lo] = current[i][a - start : b - start]
            i += 1
        yield out


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
