"""Take-down: an article the publisher withdraws stays withdrawn, and its episode leaves the site.

`vorleser remove SLUG` removes the article's source file (or, with --keep-file, only marks it)
and records the slug in PROJECT/.vorleser/withdrawn.json. The build skips withdrawn slugs and
deletes their page and episode files from the output folder, so the next feed has no item for
them; the item guid in guids.json is kept, so the slug can never come back as a different
episode under the same guid. Imported articles are also tombstoned in imports.json, so the next
import does not bring them back (`vorleser import … --restore` or `vorleser remove --restore`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vorleser import atomic
from vorleser.errors import ArticleError
from vorleser.model import Article
from vorleser.publish import layout

WITHDRAWN = "withdrawn.json"
"""The list of withdrawn slugs, in the project's state folder (.vorleser/)."""
#: Episode files the build may have written for a slug.
EPISODE_SUFFIXES = ("mp3", "opus", "vtt", "srt", "chapters.json", "jpg", "png")


@dataclass(frozen=True)
class Removal:
    """What `withdraw` did."""

    slug: str
    """The withdrawn slug."""
    source: str | None
    """The article file it came from, when one was found."""
    deleted: bool
    """Whether that file was deleted (False with keep_file, or when none was found)."""


def withdrawn(state_dir: Path) -> dict[str, dict[str, str]]:
    """Withdrawn slug -> {source, at}; empty when nothing was withdrawn."""
    path = state_dir / WITHDRAWN
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ArticleError(str(path), f"cannot read the take-down list ({exc})") from exc
    slugs = data.get("slugs") if isinstance(data, dict) else None
    if not isinstance(slugs, dict):
        raise ArticleError(str(path), "the take-down list has no 'slugs' object")
    return {str(k): dict(v) if isinstance(v, dict) else {} for k, v in slugs.items()}


def _save(state_dir: Path, slugs: dict[str, dict[str, str]]) -> None:
    data = {"version": 1, "slugs": dict(sorted(slugs.items()))}
    atomic.write_text(state_dir / WITHDRAWN, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def withdraw(
    state_dir: Path, slug: str, source: Path | None, *, keep_file: bool = False
) -> Removal:
    """Record `slug` as withdrawn and delete its source file (unless keep_file)."""
    slugs = withdrawn(state_dir)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    slugs[slug] = {"source": str(source) if source else "", "at": now}
    _save(state_dir, slugs)
    deleted = False
    if source is not None and not keep_file:
        try:
            source.unlink()
            deleted = True
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise ArticleError(str(source), f"cannot delete it: {exc.strerror}") from exc
    return Removal(slug, str(source) if source else None, deleted)


def restore(state_dir: Path, slug: str) -> bool:
    """Take `slug` off the take-down list; False when it was not on it."""
    slugs = withdrawn(state_dir)
    if slug not in slugs:
        return False
    del slugs[slug]
    _save(state_dir, slugs)
    return True


def leave_out(articles: list[Article], state_dir: Path) -> tuple[list[Article], list[str]]:
    """The articles that are not withdrawn, and one warning per withdrawn one still present."""
    gone = withdrawn(state_dir)
    kept = [a for a in articles if a.slug not in gone]
    warnings = [
        f"{a.source}: withdrawn with `vorleser remove`, not published "
        f"(`vorleser remove --restore {a.slug}` brings it back)"
        for a in articles
        if a.slug in gone
    ]
    return kept, warnings


def prune_outputs(out_dir: Path, slugs: Iterable[str]) -> list[Path]:
    """Delete the page and episode files of withdrawn `slugs` from `out_dir`; returns them."""
    removed: list[Path] = []
    for slug in slugs:
        page = layout.path(out_dir, layout.page_file(slug))
        targets = [page, layout.path(out_dir, layout.embed_file(slug))] + [
            layout.path(out_dir, layout.episode_file(slug, suffix)) for suffix in EPISODE_SUFFIXES
        ]
        for target in targets:
            if target.is_file() and not target.is_symlink():
                target.unlink()
                removed.append(target)
        folder = page.parent
        if folder.is_dir() and folder != out_dir and not any(folder.iterdir()):
            folder.rmdir()
    return removed


__all__ = ["WITHDRAWN", "Removal", "leave_out", "prune_outputs", "restore", "withdraw", "withdrawn"]
