"""What a project keeps between builds: item guids, first-seen dates and the podcast:guid.

Kept in PROJECT/.vorleser/ (JSON, written atomically), because these must never change once a
feed has published them, whatever happens to caches or output folders. For the same reason a
damaged file is a StateError naming the file and the repair, never silently started afresh:
fresh values would change guids and dates that listeners' apps already hold. Only the build
writes here; rendering the feed or pages reads nothing from this folder.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import replace
from pathlib import Path

from vorleser import atomic
from vorleser.errors import StateError
from vorleser.model import Article
from vorleser.publish import layout

GUID_FILE = "podcast-guid"
"""File in the state folder that keeps podcast:guid once assigned (feed checklist 10)."""


def _read_map(path: Path, holds: str) -> dict[str, str]:
    """A {slug: value} state file; empty when missing, StateError when damaged."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise StateError(str(path), _damaged(holds, f"not valid JSON ({exc})")) from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise StateError(str(path), _damaged(holds, "not an object of slug -> string"))
    return data


def _damaged(holds: str, problem: str) -> str:
    return (
        f"{problem}; it keeps the {holds} already published, so it is not reset: restore it "
        "from a backup or version control (deleting it assigns new values)"
    )


def date_undated(articles: list[Article], state_dir: Path) -> list[Article]:
    """Give articles without a date the time the build first saw them, kept in the state.

    Feeds need a pubDate that never changes; the first build's time is the honest stand-in.
    """
    if all(a.date is not None for a in articles):
        return articles
    path = state_dir / "first-seen.json"
    seen = _read_map(path, "dates of undated articles")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    changed = False
    dated = []
    for article in articles:
        if article.date is None:
            if article.slug not in seen:
                seen[article.slug] = now
                changed = True
            try:
                date = dt.datetime.fromisoformat(seen[article.slug])
            except ValueError:
                raise StateError(
                    str(path),
                    _damaged("dates", f"{article.slug}: {seen[article.slug]!r} is not a date"),
                ) from None
            article = replace(article, date=date)
        dated.append(article)
    if changed:
        atomic.write_text(path, json.dumps(seen, indent=1, sort_keys=True) + "\n")
    return dated


def assign_guids(state_dir: Path, podcast_base: str, slugs: list[str]) -> dict[str, str]:
    """Item guids for `slugs`: assigned once, then read back, so they never change."""
    path = state_dir / "guids.json"
    guids = _read_map(path, "item guids")
    new = [slug for slug in slugs if slug not in guids]
    for slug in new:
        guids[slug] = str(
            uuid.uuid5(uuid.NAMESPACE_URL, podcast_base + layout.episode_file(slug, "mp3"))
        )
    if new:
        atomic.write_text(path, json.dumps(guids, indent=1, sort_keys=True) + "\n")
    return {slug: guids[slug] for slug in slugs}


def podcast_guid(state_dir: Path, feed_url: str) -> str:
    """podcast:guid from the state, assigned from `feed_url` and stored on first use.

    It is kept for the podcast's life, even when the feed moves (checklist 10), so it is read
    back rather than recomputed from the current URL.
    """
    from vorleser.publish.feed import podcast_guid as derive

    path = state_dir / GUID_FILE
    if path.exists():
        value = path.read_text(encoding="utf-8").strip()
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise StateError(
                str(path), f"{value!r} is not a UUID; delete the file to assign a new podcast:guid"
            ) from None
    value = derive(feed_url)
    atomic.write_text(path, value + "\n")
    return value
