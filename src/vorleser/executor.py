"""The Executor seam: run module-level functions on picklable jobs, here or in other processes.

This is all the build asks of a place to run work: `submit`, `map_unordered`, `close`. The jobs
themselves (sentence batches in vorleser.tts.synthesis, episodes in vorleser.episodes) know
nothing of where they run, so a cluster executor implements these three methods and nothing
else. Jobs are small descriptions and their results small, so nothing large is shipped.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol, TypeVar

from vorleser.errors import VorleserError

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
