"""The order of work on the workers: sentences first, each episode as soon as it can start.

Synthesis and episode-making share one pool. An article's episode (levelling, loudness,
encoding) is submitted the moment its last missing sentence is in the cache and goes ahead of
the remaining synthesis, so encoding one article overlaps the synthesis of the next instead
of waiting for all sentences of all articles. Only a few jobs are in flight at a time, which
is what lets a ready episode overtake the queue.

A worker that dies (SIGKILL, the out-of-memory killer) breaks the pool and every job in
flight with it, so none of them is blamed yet: each is run again alone on a fresh pool, and
only a job whose worker dies while it runs alone fails, and with it only its articles.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from vorleser.episodes.job import EpisodeJob, EpisodeResult
from vorleser.errors import ClusterError, VorleserError
from vorleser.executor import Executor
from vorleser.model import Episode
from vorleser.progress import Progress
from vorleser.tts.synthesis import SynthBatch, synthesize_batch


@dataclass(frozen=True)
class ArticleWork:
    """One article's outstanding work."""

    source: str
    """The article's source, for failures."""
    job: EpisodeJob
    """Its episode job, submitted once every sentence in `waiting` is cached."""
    waiting: frozenset[str]
    """Keys of its sentences that are not in the cache yet."""


@dataclass(frozen=True)
class Outcome:
    """What running the work gave."""

    episodes: tuple[Episode, ...]
    """Finished episodes, in the order they finished."""
    failures: tuple[tuple[str, str], ...]
    """(source, problem) of every article that failed."""
    synthesized: int
    """Sentences synthesized."""


def run(
    executor: Executor,
    slots: int,
    batches: Sequence[SynthBatch],
    articles: Sequence[ArticleWork],
    progress: Progress,
) -> Outcome:
    """Run every batch and every article's episode job, at most `slots` jobs at a time."""
    episodes: list[Episode] = []
    failures: list[tuple[str, str]] = []
    synthesized = 0
    waiting = {id(a): set(a.waiting) for a in articles}
    failed: set[int] = set()
    owners: dict[str, list[ArticleWork]] = {}
    for article in articles:
        for key in article.waiting:
            owners.setdefault(key, []).append(article)
    ready: deque[EpisodeJob] = deque(a.job for a in articles if not a.waiting)
    queue: deque[SynthBatch] = deque(batches)
    in_flight: dict[Future[Any], SynthBatch | EpisodeJob] = {}
    suspects: deque[SynthBatch | EpisodeJob] = deque()
    alone: SynthBatch | EpisodeJob | None = None
    while queue or ready or in_flight or suspects:
        if suspects:
            if not in_flight:
                alone = suspects.popleft()
                in_flight[_submit(executor, alone)] = alone
        else:
            while len(in_flight) < slots and (ready or queue):
                work = ready.popleft() if ready else queue.popleft()
                in_flight[_submit(executor, work)] = work
        done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
        for future in done:
            work = in_flight.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool:
                if work is not alone:
                    suspects.append(work)  # the pool broke under it: run it again, alone
                    continue
                problem = "the worker process died (killed, or out of memory)"
                if isinstance(work, EpisodeJob):
                    _finished(
                        EpisodeResult(work.script.article.source, None, problem), episodes, failures
                    )
                    progress.advance()
                else:
                    _fail_batch(work, owners, failed, failures, problem)
                continue
            except ClusterError:
                raise  # the cluster is gone or unfit: the whole build stops, nothing published
            except VorleserError as exc:
                if not isinstance(work, SynthBatch):
                    raise
                _fail_batch(work, owners, failed, failures, str(exc))
                continue
            if isinstance(work, EpisodeJob):
                _finished(result, episodes, failures)
                progress.advance()
                continue
            synthesized += result
            progress.advance(result)
            for key, _ in work.sentences:
                for article in owners.pop(key, []):
                    waiting[id(article)].discard(key)
                    if not waiting[id(article)] and id(article) not in failed:
                        ready.append(article.job)
    return Outcome(tuple(episodes), tuple(failures), synthesized)


def _submit(executor: Executor, work: SynthBatch | EpisodeJob) -> Future[Any]:
    from vorleser.episodes.make import make_episode  # numpy and the audio stack: only for work

    if isinstance(work, EpisodeJob):
        return executor.submit(make_episode, work)
    return executor.submit(synthesize_batch, work)


def _fail_batch(
    batch: SynthBatch,
    owners: dict[str, list[ArticleWork]],
    failed: set[int],
    failures: list[tuple[str, str]],
    problem: str,
) -> None:
    """A batch that failed fails every article that needed one of its sentences."""
    for key, _ in batch.sentences:
        for article in owners.pop(key, []):
            if id(article) not in failed:
                failed.add(id(article))
                failures.append((article.source, problem))


def _finished(
    result: EpisodeResult, episodes: list[Episode], failures: list[tuple[str, str]]
) -> None:
    if result.episode is not None:
        episodes.append(result.episode)
    else:
        failures.append((result.source, result.problem or "failed"))
