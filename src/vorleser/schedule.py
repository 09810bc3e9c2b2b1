"""The order of work on the workers: sentences first, each episode as soon as it can start.

Synthesis and episode-making share one pool. An article's episode (levelling, loudness,
encoding) is submitted the moment its last missing sentence is in the cache and goes ahead of
the remaining synthesis, so encoding one article overlaps the synthesis of the next instead
of waiting for all sentences of all articles. Only a few jobs are in flight at a time, which
is what lets a ready episode overtake the queue.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from vorleser.errors import VorleserError
from vorleser.executor import Executor, SynthBatch, synthesize_batch
from vorleser.produce import EpisodeJob, EpisodeResult, make_episode


@dataclass
class ArticleWork:
    """One article's outstanding work."""

    source: str
    """The article's source, for failures."""
    job: EpisodeJob
    """Its episode job, submitted once `waiting` is empty."""
    waiting: set[str] = field(default_factory=set)
    """Keys of its sentences that are not in the cache yet."""
    failed: bool = False
    """Set when a sentence of it could not be synthesized."""


def run(
    executor: Executor,
    slots: int,
    batches: list[SynthBatch],
    articles: list[ArticleWork],
    on_synthesized: Callable[[int], None],
    on_episode: Callable[[EpisodeResult], None],
    on_failure: Callable[[str, str], None],
) -> None:
    """Run every batch and every article's episode job, at most `slots` jobs at a time."""
    owners: dict[str, list[ArticleWork]] = {}
    for article in articles:
        for key in article.waiting:
            owners.setdefault(key, []).append(article)
    ready: deque[EpisodeJob] = deque(a.job for a in articles if not a.waiting)
    queue: deque[SynthBatch] = deque(batches)
    in_flight: dict[Future[Any], SynthBatch | EpisodeJob] = {}
    while queue or ready or in_flight:
        while len(in_flight) < slots and (ready or queue):
            if ready:
                job = ready.popleft()
                in_flight[executor.submit(make_episode, job)] = job
            else:
                batch = queue.popleft()
                in_flight[executor.submit(synthesize_batch, batch)] = batch
        done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
        for future in done:
            work = in_flight.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool as exc:
                raise VorleserError(
                    "worker process", "a worker died (out of memory?); try again with --jobs 1"
                ) from exc
            except VorleserError as exc:
                if isinstance(work, SynthBatch):
                    _fail_owners(work, owners, str(exc), on_failure)
                    continue
                raise
            if isinstance(work, EpisodeJob):
                on_episode(result)
                continue
            on_synthesized(result)
            for key, _ in work.sentences:
                for article in owners.pop(key, []):
                    article.waiting.discard(key)
                    if not article.waiting and not article.failed:
                        ready.append(article.job)


def _fail_owners(
    batch: SynthBatch,
    owners: dict[str, list[ArticleWork]],
    problem: str,
    on_failure: Callable[[str, str], None],
) -> None:
    """A batch that failed fails every article that needed one of its sentences."""
    for key, _ in batch.sentences:
        for article in owners.pop(key, []):
            if not article.failed:
                article.failed = True
                on_failure(article.source, problem)
