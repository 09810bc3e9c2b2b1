"""Which changed articles get new audio in this build: an archive rendered in batches.

`vorleser build --since DATE --limit N` on an archive of 30,000 articles makes the newest N
episodes dated DATE or later and leaves the rest for later builds. Unchanged episodes are always
published; an article left over keeps its last published episode (as a failed one does) or, if
it never had one, is not in the feed yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from vorleser.episodes import AudioPlan
from vorleser.model import Article


@dataclass(frozen=True)
class Backfill:
    """The articles a build may make new episodes for (default: all)."""

    since: date | None = None
    """Make no episode of an article dated before this day."""
    limit: int | None = None
    """Make at most this many episodes, newest first."""

    def admits(self, articles: Sequence[Article]) -> set[str]:
        """The slugs of `articles` (each needing a new episode) that this build makes."""
        chosen = [
            a
            for a in sorted(articles, key=_newest_first)
            if self.since is None or a.date is None or a.date.date() >= self.since
        ]
        return {a.slug for a in chosen[: self.limit]}


def select(plan: AudioPlan, backfill: Backfill) -> AudioPlan:
    """`plan` without the episodes `backfill` leaves for later, nor the sentences only they need."""
    admitted = backfill.admits([w.job.script.article for w in plan.work])
    work = tuple(w for w in plan.work if w.job.script.article.slug in admitted)
    if len(work) == len(plan.work):
        return plan
    needed = {key for w in work for key in w.waiting}
    batches = tuple(
        replace(b, sentences=kept)
        for b in plan.batches
        if (kept := tuple(s for s in b.sentences if s[0] in needed))
    )
    return replace(plan, work=work, batches=batches)


def _newest_first(article: Article) -> tuple[float, str]:
    return (-(article.date.timestamp() if article.date else 0.0), article.slug)
