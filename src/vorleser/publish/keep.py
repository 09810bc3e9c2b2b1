"""The publishing rule: a build never loses an episode it published before (docs/publishing.md).

After every successful publish, the state folder keeps a record of each episode in the feed
(PROJECT/.vorleser/published/<output folder key>/<slug>.json, written atomically): the
episode with its article, chapters and cues. When an article fails in a later build (its
source no longer parses, its voice fails, the disk filled up while encoding), its last record
is published again in its place, provided the MP3 it names is still the one that was
published (same size and sha256). An article whose source is gone from the project is not
kept: deleting an article takes it down.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vorleser import atomic
from vorleser.errors import WriteError
from vorleser.model import Episode
from vorleser.publish.record import episode_from_json, episode_to_json

FOLDER = "published"
"""Folder in the state folder that holds the records, one subfolder per output folder."""


@dataclass(frozen=True)
class Kept:
    """Episodes published again because their article failed, and what could not be kept."""

    episodes: tuple[Episode, ...]
    """Last published episodes of failed articles, still intact in the output folder."""
    sources: tuple[str, ...]
    """The failed sources (as the build named them) whose episode is in `episodes`."""
    lost: tuple[str, ...]
    """'source: why' for failed articles whose last episode could not be kept."""


def records_dir(state_dir: Path, out_dir: Path) -> Path:
    """Where the records for `out_dir` live: each output folder has its own published state."""
    key = hashlib.sha256(str(out_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return state_dir / FOLDER / key


def source_key(source: str) -> str:
    """A source as records compare it: URLs as they are, files by their absolute path."""
    return source if "://" in source else os.path.abspath(source)


def last_published(state_dir: Path, out_dir: Path) -> dict[str, Episode]:
    """The last published episode per article source (damaged records are skipped)."""
    folder = records_dir(state_dir, out_dir)
    episodes: dict[str, Episode] = {}
    if not folder.is_dir():
        return episodes
    for path in sorted(folder.glob("*.json")):
        try:
            episode = episode_from_json(json.loads(path.read_text("utf-8")), out_dir)
        except (OSError, ValueError, TypeError, KeyError):
            continue
        episodes[source_key(episode.article.source)] = episode
    return episodes


def keep_failed(
    failed: Iterable[str], built: Iterable[Episode], state_dir: Path, out_dir: Path
) -> Kept:
    """The last published episodes of the `failed` sources that can be published again.

    An episode is kept only when its MP3 is still exactly the published file, and only when
    no episode built in this build took its slug.
    """
    failed = list(dict.fromkeys(failed))
    if not failed:  # the usual build: no record needs reading
        return Kept((), (), ())
    records = last_published(state_dir, out_dir)
    taken = {e.article.slug for e in built}
    kept: list[Episode] = []
    sources: list[str] = []
    lost: list[str] = []
    for source in failed:
        episode = records.get(source_key(source))
        if episode is None or episode.article.slug in taken:
            continue
        problem = _changed(episode)
        if problem:
            lost.append(f"{source}: its last published episode cannot be kept: {problem}")
            continue
        taken.add(episode.article.slug)
        kept.append(episode)
        sources.append(source)
    return Kept(tuple(kept), tuple(sources), tuple(lost))


def _changed(episode: Episode) -> str | None:
    """Why the episode's MP3 is no longer the published one, or None when it is."""
    path = episode.audio_path
    try:
        if path.stat().st_size != episode.size:
            return f"{path} has changed"
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    return None if digest.hexdigest() == episode.audio_hash else f"{path} has changed"


def remember(episodes: Iterable[Episode], state_dir: Path, out_dir: Path) -> None:
    """Record `episodes` as what `out_dir` publishes now; forget every other record.

    Called only after the feed was replaced, so a record never claims more than was published.
    """
    folder = records_dir(state_dir, out_dir)
    keep: set[str] = set()
    for episode in episodes:
        path = folder / f"{episode.article.slug}.json"
        keep.add(path.name)
        text = json.dumps(episode_to_json(episode, out_dir), ensure_ascii=False, indent=1) + "\n"
        try:
            if path.read_text("utf-8") == text:
                continue
        except (OSError, UnicodeDecodeError):
            pass
        atomic.write_text(path, text)
    if folder.is_dir():
        for path in folder.glob("*.json"):
            if path.name not in keep:
                try:
                    path.unlink()
                except OSError as exc:
                    raise WriteError(str(path), exc.strerror or str(exc)) from exc
