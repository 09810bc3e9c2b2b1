"""The Executor seam: run module-level functions on picklable jobs, here or in other processes.

This is all the build asks of a place to run work: `submit`, `map_unordered`, `close`. The jobs
themselves (sentence batches in vorleser.tts.synthesis, episodes in vorleser.episodes) know
nothing of where they run, so a cluster executor implements these three methods and nothing
else. Jobs are small descriptions and their results small, so nothing large is shipped.

Workers end with the build: each one watches its parent (on Linux the kernel kills it the
moment the parent dies), so a killed build leaves no worker behind. A pool whose worker died
is replaced on the next submit; which jobs to run again is the scheduler's decision.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar, cast

from vorleser.errors import VorleserError
from vorleser.tts import VoiceSpec

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
                max_workers=self.workers,
                mp_context=multiprocessing.get_context(method),
                initializer=bind_to_parent,
                initargs=(os.getpid(),),
            )
        return self._pool

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        """Submit to the pool; a pool broken by a dead worker is replaced by a fresh one."""
        try:
            return self._get_pool().submit(fn, item)
        except BrokenProcessPool:
            self._discard()
            return self._get_pool().submit(fn, item)

    def _discard(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

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


_PR_SET_PDEATHSIG = 1


def bind_to_parent(parent: int) -> None:
    """Worker start-up: make this process end when the process `parent` ends.

    On Linux the kernel sends SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG), even to
    a worker busy in C code; elsewhere, and as a second line, a thread polls the parent id.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def choose_executor(jobs: int, work_items: int) -> Executor:
    """A process pool when it pays (several cores and enough work), else serial."""
    workers = min(jobs or os.cpu_count() or 1, max(1, work_items))
    return ProcessExecutor(workers) if workers > 1 else SerialExecutor()


class ClusterExecutor(Executor, Protocol):
    """An executor on machines of its own: it knows its size only once connected."""

    @property
    def slots(self) -> int:
        """Threads across its workers (connects when first asked)."""
        ...


@dataclass(frozen=True)
class ClusterRequest:
    """What a cluster executor needs to know before the first job: where, and what to check."""

    address: str
    """Scheduler address (``tcp://host:8786``) or ``local:N`` for a cluster on this machine."""
    cache_root: Path
    """The client's sentence cache; workers use it directly only when they see it too."""
    cache_mode: str = "auto"
    """``shared``: workers read and write `cache_root`; ``client``: audio travels through the
    client; ``auto``: shared when every worker sees the folder, else client."""
    voices: tuple[tuple[VoiceSpec, str], ...] = ()
    """Each voice the build speaks with, and its engine identity on the client."""
    notify: Callable[[str], None] | None = field(default=None, compare=False)
    """Told once connected: workers, threads, where the audio goes, the dashboard link."""


def open_cluster(request: ClusterRequest, name: str = "dask") -> ClusterExecutor:
    """The cluster executor registered as `name` (group ``vorleser.executors``), unconnected."""
    from vorleser.registry import executor_class

    return cast(ClusterExecutor, executor_class(name)(request))
