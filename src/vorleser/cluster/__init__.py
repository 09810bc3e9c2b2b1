"""The build on a Dask distributed cluster: an Executor whose workers only compute.

The client (the build process) still reads the project, decides what the cache lacks, writes
every output file and publishes; workers synthesize sentences and make episodes (see
vorleser.cluster.jobs for what travels). Before the first job the client checks every worker
(same package versions, every voice loads with the client's engine identity, whether it sees
the cache folder), so a worker without a voice fails the build in seconds, not after an hour.

Faults: a worker that dies has its jobs rescheduled by Dask (jobs only write whole files, so
a repeated job changes nothing); a lost scheduler cancels every job, which becomes one
ClusterError before anything is published; the next build resumes from the cache.

Install with ``pip install "vorleser[cluster]"``; Dask is imported only here.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, as_completed
from typing import Any, TypeVar

from vorleser import atomic
from vorleser.cache import SentenceCache
from vorleser.cluster.jobs import JOBS, Traffic
from vorleser.cluster.remote import WorkerReport, inspect_worker, versions
from vorleser.errors import ClusterError, VorleserError
from vorleser.executor import ClusterRequest

T = TypeVar("T")
R = TypeVar("R")

_INSTALL = 'install Dask with `pip install "vorleser[cluster]"`'


def _quiet_dask_logging() -> None:
    """Silence Dask's client-side log lines: each cluster problem is one ClusterError instead.

    Dask gives its loggers levels of their own, so each one is set, not only the parent.
    """
    import distributed  # noqa: F401  (configures its loggers on import)

    for name in [*logging.root.manager.loggerDict]:
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.CRITICAL)


class DaskExecutor:
    """Executor over a Dask scheduler (``tcp://host:port``) or a local cluster (``local:N``).

    Connects on first use, so a build with nothing to do needs no cluster.
    """

    def __init__(self, request: ClusterRequest) -> None:
        self.request = request
        self.where = f"cluster {request.address}"
        self.cache = SentenceCache(request.cache_root.resolve())  # workers have other cwds
        self.identities = dict(request.voices)
        self.traffic = Traffic()
        self.client: Any = None
        self.shared = False
        self.workers: tuple[str, ...] = ()
        self.dashboard: str | None = None
        self._local: Any = None
        self._slots = 0
        self._lock = threading.RLock()  # close() may run inside _connect()
        self._running: set[Any] = set()

    @property
    def slots(self) -> int:
        """Threads across the cluster's workers at start (connects when asked first)."""
        self._connect()
        return self._slots

    def _connect(self) -> None:
        with self._lock:
            if self.client is None:
                self._open()

    def _open(self) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ClusterError(self.where, f"Dask is not installed; {_INSTALL}") from None
        _quiet_dask_logging()
        address = self.request.address
        try:
            if address.startswith("local:"):
                address = self._start_local(int(address.removeprefix("local:")))
            client = Client(address, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                self.where,
                f"cannot reach the scheduler ({exc}); start one with `dask scheduler` "
                "or fix [build] cluster / --cluster",
            ) from None
        self.client = client
        try:
            self._check_workers()
        except BaseException:
            self.close()
            raise
        services = client.scheduler_info().get("services", {})
        self.dashboard = client.dashboard_link if "dashboard" in services else None
        if self.request.notify is not None:
            cache = "shared cache folder" if self.shared else "audio through the client"
            line = f"{self.where}: {len(self.workers)} workers, {self._slots} threads, {cache}"
            self.request.notify(line + (f"; dashboard {self.dashboard}" if self.dashboard else ""))

    def _start_local(self, workers: int) -> str:
        from distributed import LocalCluster

        self._local = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        )
        return str(self._local.scheduler_address)

    def _check_workers(self) -> None:
        """Every worker: same versions, every voice with the client's identity; cache seen?"""
        from dask.config import get as dask_config
        from dask.utils import parse_timedelta

        timeout = parse_timedelta(dask_config("distributed.comm.timeouts.connect"))
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise ClusterError(
                self.where, f"no worker joined within {timeout:g} s; start some with `dask worker`"
            ) from None
        probe = self.cache.root / ".cluster-probe" / secrets.token_hex(8)
        token = secrets.token_hex(16)
        atomic.write_text(probe, token)
        specs = tuple(spec for spec, _ in self.request.voices)
        try:
            answers = self.client.run(inspect_worker, specs, probe, token, on_error="return")
        finally:
            probe.unlink(missing_ok=True)
        problems = [p for addr, ans in sorted(answers.items()) for p in self._judge(addr, ans)]
        if problems:
            raise ClusterError(self.where, "; ".join(problems))
        blind = sorted(a for a, ans in answers.items() if not ans.sees_cache)
        mode = self.request.cache_mode
        if mode == "shared" and blind:
            raise ClusterError(
                self.where,
                f"cache_mode is 'shared' but worker {blind[0]} does not see "
                f"{self.cache.root}; mount it at the same path on every worker",
            )
        self.shared = mode == "shared" or (mode == "auto" and not blind)
        info = self.client.scheduler_info(n_workers=-1)["workers"]
        self.workers = tuple(sorted(answers))
        self._slots = sum(int(w.get("nthreads", 1)) for w in info.values()) or 1

    def _judge(self, address: str, answer: WorkerReport | BaseException) -> list[str]:
        """What is wrong with one worker, as messages that name it and the fix."""
        if isinstance(answer, BaseException):
            return [
                f"worker {address} cannot run vorleser ({type(answer).__name__}: {answer}); "
                f'install the same vorleser with "vorleser[cluster]" on every worker'
            ]
        problems = [
            f"worker {address} has {name} {theirs}, the client {ours}; install the same "
            "versions everywhere (the audio would differ)"
            for (name, theirs), (_, ours) in zip(answer.versions, versions(), strict=True)
            if theirs != ours
        ]
        for (spec, identity), theirs, problem in zip(
            self.request.voices, answer.identities, answer.problems, strict=True
        ):
            voice = spec.name or f"{spec.engine} ({spec.language})"
            if problem:
                problems.append(
                    f"worker {address} cannot load voice {voice}: {problem}; install the same "
                    "voice packages on every worker or mount the voice folder"
                )
            elif theirs != identity:
                problems.append(
                    f"worker {address} has voice {voice} as {theirs!r}, the client as "
                    f"{identity!r}; install the same engine and voice everywhere"
                )
        return problems

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        self._connect()
        job = JOBS.get(fn)
        out: Future[R] = Future()
        try:
            remote = job.send(self, item) if job else self.client.submit(fn, item, pure=False)
        except (OSError, TimeoutError) as exc:
            raise self._lost(exc) from None
        with self._lock:
            self._running.add(remote)

        def done(finished: Any) -> None:
            try:
                if finished.status == "finished":
                    value = finished.result()
                    out.set_result(job.receive(self, item, value) if job else value)
                elif finished.status == "cancelled":
                    out.set_exception(self._lost(None))
                else:
                    out.set_exception(self._translate(finished.exception()))
            except BaseException as exc:  # e.g. the client's disk is full: the caller sees it
                if not out.done():
                    out.set_exception(exc)
            finally:
                with self._lock:
                    self._running.discard(finished)  # the worker may drop the result now

        remote.add_done_callback(done)
        return out

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        futures = [self.submit(fn, item) for item in items]
        for future in as_completed(futures):
            yield future.result()

    def _lost(self, exc: BaseException | None) -> ClusterError:
        detail = f" ({exc})" if exc else ""
        return ClusterError(
            self.where,
            f"lost the connection to the scheduler{detail}; nothing was published, and the next "
            "build continues from the cache",
        )

    def _translate(self, exc: BaseException | None) -> BaseException:
        """Dask's errors as vorleser errors; a job's own VorleserError passes unchanged."""
        if isinstance(exc, VorleserError) or exc is None:
            return exc or self._lost(None)
        from distributed import KilledWorker

        if isinstance(exc, KilledWorker):
            return ClusterError(
                self.where, f"a job killed every worker that ran it (out of memory?): {exc}"
            )
        if isinstance(exc, OSError | TimeoutError):
            return self._lost(exc)
        return exc

    def close(self) -> None:
        """Cancel what is left and disconnect; a local cluster is shut down."""
        client, self.client = self.client, None
        if client is not None:
            with self._lock:
                running, self._running = list(self._running), set()
            try:
                if running:
                    client.cancel(running)
                client.close(timeout=5)
            except (OSError, TimeoutError, RuntimeError):
                pass  # a lost scheduler: nothing left to release
        if self._local is not None:
            self._local.close()
            self._local = None


__all__ = ["DaskExecutor"]
