"""What one episode needs and whether the last one can be kept: EpisodeJob, its key, the manifest.

The parent plans each episode (its key, its guid, whether the last result can be reused) and
only jobs that need work go to the workers (vorleser.episodes.make). An episode is re-made
only when its key changes: the key covers every sentence's audio key, the pauses, texts,
chapter titles, tag metadata, audio settings, cover and music. The manifest of the last result
lives in the cache; the MP3 is reused only when its hash still matches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vorleser.cache import sentence_key
from vorleser.digest import file_digest, text_digest
from vorleser.model import ChapterMark, Cue, Episode, Script
from vorleser.settings import AudioSettings
from vorleser.tts import EngineInfo

MANIFEST_VERSION = 2  # 2: MP3 level compensation


@dataclass(frozen=True)
class EpisodeJob:
    """Everything a worker needs to make one episode."""

    cache_root: Path
    """Sentence cache (audio in) and manifest store."""
    script: Script
    """What is spoken."""
    identity: str
    """Engine identity: with the spoken text it gives each sentence's cache key."""
    narrator: str
    """The voice's credit."""
    guid: str
    """The item guid, assigned by the parent (one writer for the guid file)."""
    mp3: Path
    """Where the MP3 goes."""
    cover: Path | None
    """Cover art to embed."""
    intro_music: Path | None
    """Music before the speech."""
    outro_music: Path | None
    """Music after the speech."""
    audio: AudioSettings
    """The [audio] settings (bitrate, loudness, Opus)."""
    show_title: str
    """The podcast's title (the album tag)."""
    show_author: str
    """The podcast's author (the artist tag of articles without one)."""
    key: str
    """The episode key (see module docstring)."""
    threads: int = 1
    """Encoder threads: the cores this job may use (more when few episodes run at once)."""

    def sentence_keys(self) -> list[str]:
        """The cache key of every sentence, in order."""
        return [sentence_key(self.identity, s.spoken) for s in self.script.sentences]


@dataclass(frozen=True)
class EpisodeResult:
    """What a worker hands back: the episode, or the problem that stopped it."""

    source: str
    """The article's source."""
    episode: Episode | None
    """The finished episode, when it worked."""
    problem: str | None = None
    """The error message, when it did not."""


@dataclass(frozen=True)
class EpisodeInputs:
    """What an episode is made from, besides its script and voice."""

    cache_root: Path
    """The sentence cache."""
    audio: AudioSettings
    """The [audio] settings."""
    intro_music: Path | None
    """Resolved [audio] intro_music."""
    outro_music: Path | None
    """Resolved [audio] outro_music."""
    cover: Path | None
    """Cover art to embed."""
    show_title: str
    """The podcast's title."""
    show_author: str
    """The podcast's author."""


def plan_episode(
    inputs: EpisodeInputs, script: Script, engine: EngineInfo, guid: str, mp3: Path
) -> tuple[EpisodeJob, Episode | None]:
    """The job for `script`, and the finished episode when the last one can be reused."""
    keys = [sentence_key(engine.identity, s.spoken) for s in script.sentences]
    job = EpisodeJob(
        cache_root=inputs.cache_root,
        script=script,
        identity=engine.identity,
        narrator=engine.narrator,
        guid=guid,
        mp3=mp3,
        cover=inputs.cover,
        intro_music=inputs.intro_music,
        outro_music=inputs.outro_music,
        audio=inputs.audio,
        show_title=inputs.show_title,
        show_author=inputs.show_author,
        key=_key(inputs, script, engine.identity, keys),
    )
    manifest = read_manifest(manifest_path(inputs.cache_root, mp3))
    if (
        manifest
        and manifest.get("key") == job.key
        and mp3.is_file()
        and mp3.stat().st_size == manifest["size"]
        and file_digest(mp3) == manifest["sha256"]
    ):
        return job, episode_from(job, manifest)
    return job, None


def _key(inputs: EpisodeInputs, script: Script, identity: str, keys: list[str]) -> str:
    a = script.article
    audio = inputs.audio
    parts = {
        "v": MANIFEST_VERSION,
        "keys": keys,
        "pauses": [s.pause_after_ms for s in script.sentences],
        "texts": [s.text for s in script.sentences],
        "chapters": [(c.title, len(c.sentences)) for c in script.chapters],
        "tags": [
            a.title,
            a.author,
            a.date.isoformat() if a.date else None,
            a.language,
            inputs.show_title,
            inputs.show_author,
        ],
        "audio": {
            "bitrate": audio.bitrate,
            "loudness_lufs": audio.loudness_lufs,
            "true_peak_dbtp": audio.true_peak_dbtp,
            "opus": audio.opus,
            "intro_music": audio.intro_music,
            "outro_music": audio.outro_music,
        },
        "files": [_file_or_none(p) for p in (inputs.cover, inputs.intro_music, inputs.outro_music)],
        "identity": identity,
    }
    return text_digest(json.dumps(parts, sort_keys=True, default=str))


def _file_or_none(path: Path | None) -> str | None:
    return file_digest(path) if path is not None and path.is_file() else None


def manifest_path(cache_root: Path, mp3: Path) -> Path:
    """Where the manifest of the episode at `mp3` is kept."""
    return cache_root / "episodes" / f"{text_digest(str(mp3.resolve()))[:16]}.json"


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest at `path`, or None (missing or damaged: the episode is simply made again)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def episode_from(job: EpisodeJob, manifest: dict[str, Any]) -> Episode:
    """The Episode a manifest describes."""
    return Episode(
        article=job.script.article,
        audio_path=job.mp3,
        duration=float(manifest["duration"]),
        size=int(manifest["size"]),
        chapters=tuple(ChapterMark(float(s), float(e), str(t)) for s, e, t in manifest["chapters"]),
        cues=tuple(Cue(float(s), float(e), str(t)) for s, e, t in manifest["cues"]),
        audio_hash=str(manifest["sha256"]),
        narrator=job.narrator,
        guid=job.guid,
    )
