"""What a project keeps between builds: item guids and first-seen dates.

Kept in PROJECT/.vorleser/ (JSON, written atomically), because these must never change once a
feed has published them, whatever happens to caches or output folders.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import replace
from pathlib import Path

from vorleser import atomic
from vorleser.model import Article
from vorleser.publish import layout


def date_undated(articles: list[Article], state_dir: Path) -> list[Article]:
    """Give articles without a date the time the build first saw them, kept in the state.

    Feeds need a pubDate that never changes; the first build's time is the honest stand-in.
    """
    if all(a.date is not None for a in articles):
        return articles
    path = state_dir / "first-seen.json"
    try:
        seen: dict[str, str] = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        seen = {}
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    changed = False
    dated = []
    for article in articles:
        if article.date is None:
            if article.slug not in seen:
                seen[article.slug] = now
                changed = True
            article = replace(article, date=dt.datetime.fromisoformat(seen[article.slug]))
        dated.append(article)
    if changed:
        atomic.write_text(path, json.dumps(seen, indent=1, sort_keys=True) + "\n")
    return dated


def assign_guids(state_dir: Path, podcast_base: str, slugs: list[str]) -> dict[str, str]:
    """Item guids for `slugs`: assigned once, then read back, so they never change."""
    path = state_dir / "guids.json"
    try:
        guids: dict[str, str] = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        guids = {}
    new = [slug for slug in slugs if slug not in guids]
    for slug in new:
        guids[slug] = str(
            uuid.uuid5(uuid.NAMESPACE_URL, podcast_base + layout.episode_file(slug, "mp3"))
        )
    if new:
        atomic.write_text(path, json.dumps(guids, indent=1, sort_keys=True) + "\n")
    return {slug: guids[slug] for slug in slugs}
