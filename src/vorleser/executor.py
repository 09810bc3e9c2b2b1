"""The Executor seam: map a top-level function over jobs, serially or in worker processes.

Jobs are small, picklable descriptions (a batch of sentences, one episode to make); results
go to the shared on-disk cache or come back small, so nothing large crosses a process
boundary. Engines are loaded once per process (espeak-ng keeps global state, a Piper model is
hundreds of MB) and kept for every later job in that process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np

from vorleser.audio import Samples, silence
from vorleser.cache import SentenceCache
from vorleser.errors import VorleserError
from vorleser.tts import Engine, VoiceSpec, load_engine

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs module-level functions on picklable items, here or in worker processes."""

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        """Start `fn(item)`; the future holds its result or its exception."""
        ...

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """`fn` must be a module-level function and items picklable (for process pools)."""
        ...

    def close(self) -> None:
        """Release workers; the executor may not be used afterwards."""
        ...


class SerialExecutor:
    """Everything in this process: no start-up cost, for small builds and for tests."""

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        future: Future[R] = Future()
        try:
            future.set_result(fn(item))
        except Exception as exc:  # the future carries it, as a pool's would
            future.set_exception(exc)
        return future

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        for item in items:
            yield fn(item)

    def close(self) -> None:
        """Nothing to release."""


class ProcessExecutor:
    """A pool of worker processes, started on first use and reused for every stage."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # fork starts in milliseconds; spawn only where fork does not exist
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context(method)
            )
        return self._pool

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        return self._get_pool().submit(fn, item)

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        pool = self._get_pool()
        futures: list[Future[R]] = [pool.submit(fn, item) for item in items]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BrokenProcessPool as exc:
            raise VorleserError(
                "worker process", "a worker died (out of memory?); try again with --jobs 1"
            ) from exc
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def choose_executor(jobs: int, work_items: int) -> Executor:
    """A process pool when it pays (several cores and enough work), else serial."""
    workers = min(jobs or os.cpu_count() or 1, max(1, work_items))
    return ProcessExecutor(workers) if workers > 1 else SerialExecutor()


# --- synthesis jobs -------------------------------------------------------------------------


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


def synthesize_batch(batch: SynthBatch) -> int:
    """Worker job: synthesize every sentence of `batch` into the cache; returns how many."""
    from vorleser.audio.loudness import sentence_level

    engine = engine_for(batch.spec)
    cache = SentenceCache(batch.cache_root)
    for key, spoken in batch.sentences:
        samples = speak(engine, spoken)
        level = sentence_level(samples, engine.sample_rate)
        cache.put(key, samples, engine.sample_rate, level)
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
