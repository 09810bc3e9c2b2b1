"""Synthesis as jobs for the executor: batches of sentences of one voice, into the cache.

Jobs are small, picklable descriptions; the audio goes to the shared on-disk cache, so nothing
large crosses a process boundary. Engines are loaded once per process (espeak-ng keeps global
state, a Piper model is hundreds of MB) and kept for every later job in that process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vorleser.cache import SentenceCache
from vorleser.tts import Engine, VoiceSpec, load_engine

if TYPE_CHECKING:  # numpy is imported where samples are made: planning a build needs none
    from vorleser.audio import Samples


@dataclass(frozen=True)
class SynthBatch:
    """Sentences of one voice to synthesize into the cache."""

    spec: VoiceSpec
    """The voice (each process loads it once)."""
    cache_root: Path
    """The sentence cache shared by all processes."""
    sentences: tuple[tuple[str, str], ...]
    """(cache key, spoken text) pairs."""


_engines: dict[VoiceSpec, Engine] = {}


def engine_for(spec: VoiceSpec) -> Engine:
    """This process's engine for `spec`, loaded on first use."""
    engine = _engines.get(spec)
    if engine is None:
        engine = _engines[spec] = load_engine(spec)
    return engine


def speak(engine: Engine, text: str) -> Samples:
    """One sentence's samples, split at clauses first when the engine wants short input."""
    limit = engine.info.max_sentence_chars
    if not limit or len(text) <= limit:
        return _joined(engine, text)
    import numpy as np

    from vorleser.audio import silence
    from vorleser.script.clauses import split_long

    pieces = [_joined(engine, p) for p in split_long(text, limit)]
    gap = silence(0.12, engine.info.sample_rate)
    joined: list[Samples] = []
    for piece in pieces:
        joined += [piece, gap]
    return np.concatenate(joined[:-1]) if joined else np.zeros(0, np.float32)


def _joined(engine: Engine, text: str) -> Samples:
    import numpy as np

    chunks = [chunk.samples for chunk in engine.synthesize(text)]
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)


def synthesize_batch(batch: SynthBatch) -> int:
    """Worker job: synthesize every sentence of `batch` into the cache; returns how many."""
    from vorleser.audio.loudness import sentence_level

    engine = engine_for(batch.spec)
    rate = engine.info.sample_rate
    cache = SentenceCache(batch.cache_root)
    for key, spoken in batch.sentences:
        samples = speak(engine, spoken)
        cache.put(key, samples, rate, sentence_level(samples, rate))
    return len(batch.sentences)


def batches(
    spec: VoiceSpec, cache_root: Path, pending: Sequence[tuple[str, str]], workers: int
) -> list[SynthBatch]:
    """Cut pending sentences into batches, longest sentences first.

    Longest-first keeps the workers evenly busy to the end (a long sentence started last would
    leave the other cores idle); batches stay small so the tail is short, and group sentences
    only when there are so many that per-job overhead would show.
    """
    ordered = sorted(pending, key=lambda item: len(item[1]), reverse=True)
    size = max(1, min(16, len(ordered) // max(1, workers * 16)))
    return [
        SynthBatch(spec, cache_root, tuple(ordered[i : i + size]))
        for i in range(0, len(ordered), size)
    ]
