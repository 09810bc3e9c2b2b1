"""The Executor seam: run synthesis jobs serially or in worker processes.

Each worker process loads its engine once (engines keep heavy state: espeak-ng's globals, a
Piper model) and writes results straight into the shared sentence cache, so the parent only
hears "done" and nothing large crosses a process boundary.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from vorleser.audio import Samples, silence
from vorleser.cache import SentenceCache
from vorleser.errors import EngineError
from vorleser.tts import Engine, VoiceSpec, load_engine


@dataclass(frozen=True)
class SynthJob:
    """One sentence to synthesize into the cache."""

    key: str
    """Cache key the result is stored under."""
    spoken: str
    """The normalized text."""


class Executor(Protocol):
    """Runs jobs; yields each finished job's key as soon as it is done."""

    def run(self, spec: VoiceSpec, cache_root: Path, jobs: list[SynthJob]) -> Iterator[str]:
        """Synthesize every job into the cache at cache_root."""
        ...


def speak(engine: Engine, text: str) -> Samples:
    """Synthesize one sentence, splitting it at clauses when the engine wants short input."""
    limit = getattr(engine, "max_sentence_chars", None)
    if not limit or len(text) <= limit:
        return engine.synthesize(text)
    from vorleser.script.clauses import split_long

    pieces = [engine.synthesize(p) for p in split_long(text, limit)]
    gap = silence(0.12, engine.sample_rate)
    joined: list[Samples] = []
    for piece in pieces:
        joined += [piece, gap]
    return np.concatenate(joined[:-1]) if joined else np.zeros(0, np.float32)


class SerialExecutor:
    """Everything in this process: no start-up cost, for small jobs and for tests."""

    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine

    def run(self, spec: VoiceSpec, cache_root: Path, jobs: list[SynthJob]) -> Iterator[str]:
        engine = self.engine or load_engine(spec)
        cache = SentenceCache(cache_root)
        for job in jobs:
            cache.put(job.key, speak(engine, job.spoken), engine.sample_rate)
            yield job.key


_worker_engine: Engine | None = None
_worker_cache: SentenceCache | None = None


def _init_worker(spec: VoiceSpec, cache_root: Path) -> None:
    global _worker_engine, _worker_cache
    _worker_engine = load_engine(spec)
    _worker_cache = SentenceCache(cache_root)


def _work(job: SynthJob) -> str:
    assert _worker_engine is not None and _worker_cache is not None
    _worker_cache.put(job.key, speak(_worker_engine, job.spoken), _worker_engine.sample_rate)
    return job.key


class ProcessExecutor:
    """A pool of worker processes, each with its own engine."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def run(self, spec: VoiceSpec, cache_root: Path, jobs: list[SynthJob]) -> Iterator[str]:
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(spec, cache_root),
        ) as pool:
            futures = [pool.submit(_work, job) for job in jobs]
            try:
                for future in as_completed(futures):
                    yield future.result()
            except BrokenProcessPool as exc:
                raise EngineError(
                    f"engine {spec.engine}",
                    "a synthesis worker process died (out of memory?); try again with --jobs 1",
                ) from exc


def choose_executor(jobs: int, pending: int) -> Executor:
    """A pool when it pays (several cores, enough sentences), else serial."""
    workers = jobs or os.cpu_count() or 1
    workers = min(workers, max(1, pending // 4))
    return ProcessExecutor(workers) if workers > 1 else SerialExecutor()


def batched(items: Iterable[SynthJob], size: int) -> Iterator[list[SynthJob]]:
    """Split jobs into lists of at most `size`."""
    batch: list[SynthJob] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


ProgressCallback = Callable[[int], None]
