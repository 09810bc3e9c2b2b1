"""One script + cached sentence audio -> one finished episode (MP3 with tags and chapters).

Work is split so it can run in worker processes: the parent plans each episode (its key, its
guid, whether the last result can be reused) and only EpisodeJobs that need work go to the
workers, where `make_episode` levels, assembles, normalizes loudness, encodes and tags.

An episode is re-made only when its key changes: the key covers every sentence's audio key,
the pauses, texts, chapter titles, tag metadata, audio settings, cover and music. The manifest
of the last result lives in the cache; the MP3 is reused only when its hash still matches.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vorleser import atomic
from vorleser.audio import Samples
from vorleser.audio.assemble import assemble, shift
from vorleser.cache import SentenceCache, sentence_key
from vorleser.config import Config
from vorleser.errors import AudioError, VorleserError
from vorleser.model import ChapterMark, Cue, Episode, Script
from vorleser.script import phrase

_MANIFEST_VERSION = 2  # 2: MP3 level compensation


@dataclass(frozen=True)
class EpisodeJob:
    """Everything a worker needs to make one episode."""

    config: Config
    """The project's settings."""
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
    key: str
    """The episode key (see module docstring)."""
    threads: int = 1
    """Encoder threads: the cores this job may use (more when few episodes run at once)."""


@dataclass(frozen=True)
class EpisodeResult:
    """What a worker hands back: the episode, or the problem that stopped it."""

    source: str
    """The article's source."""
    episode: Episode | None
    """The finished episode, when it worked."""
    problem: str | None = None
    """The error message, when it did not."""


def prepare_cover(config: Config, out_dir: Path) -> Path:
    """The podcast cover in the output folder (converted, or drawn when none is configured)."""
    from vorleser.publish.artwork import default_cover
    from vorleser.publish.artwork import prepare_cover as convert

    dest = out_dir / (config.podcast.cover or "cover.jpg")
    source = config.path("podcast", "cover")
    if source is not None:
        convert(source, dest)
    else:
        default_cover(config.podcast.title, dest)
    return dest


def plan_episode(
    config: Config,
    cache_root: Path,
    script: Script,
    engine: tuple[str, str],
    guid: str,
    mp3: Path,
    cover: Path | None,
) -> tuple[EpisodeJob, Episode | None]:
    """The job for `script`, and the finished episode when the last one can be reused."""
    identity, narrator = engine
    keys = [sentence_key(identity, s.spoken) for s in script.sentences]
    job = EpisodeJob(
        config,
        cache_root,
        script,
        identity,
        narrator,
        guid,
        mp3,
        cover,
        _key(config, script, identity, keys, cover),
    )
    manifest = _read_manifest(_manifest_path(cache_root, mp3))
    if (
        manifest
        and manifest.get("key") == job.key
        and mp3.is_file()
        and mp3.stat().st_size == manifest["size"]
        and file_sha256(mp3) == manifest["sha256"]
    ):
        return job, _episode(job, manifest)
    return job, None


def make_episode(job: EpisodeJob) -> EpisodeResult:
    """Worker job: make the episode; a VorleserError fails this article only."""
    try:
        return EpisodeResult(job.script.article.source, _make(job))
    except VorleserError as exc:
        return EpisodeResult(job.script.article.source, None, str(exc))


def _make(job: EpisodeJob) -> Episode:
    from mutagen.mp3 import MP3

    cache = SentenceCache(job.cache_root)
    keys = [sentence_key(job.identity, s.spoken) for s in job.script.sentences]
    audio, rate = _sentence_audio(job, cache, keys)
    track, chapters, cues = assemble(job.script, audio, rate)
    samples, offset = _music(job.config, track.samples, rate)
    chapters, cues = shift(chapters, cues, offset, len(samples) / rate)
    samples = _loudness(job.config, samples, rate)
    _encode(job, samples, rate, chapters)
    manifest = {
        "key": job.key,
        "size": job.mp3.stat().st_size,
        "sha256": file_sha256(job.mp3),
        "duration": float(MP3(job.mp3).info.length),
        "chapters": [[c.start, c.end, c.title] for c in chapters],
        "cues": [[c.start, c.end, c.text] for c in cues],
    }
    atomic.write_text(
        _manifest_path(job.cache_root, job.mp3), json.dumps(manifest, ensure_ascii=False) + "\n"
    )
    return _episode(job, manifest)


def _key(config: Config, script: Script, identity: str, keys: list[str], cover: Path | None) -> str:
    a = script.article
    parts = {
        "v": _MANIFEST_VERSION,
        "keys": keys,
        "pauses": [s.pause_after_ms for s in script.sentences],
        "texts": [s.text for s in script.sentences],
        "chapters": [(c.title, len(c.sentences)) for c in script.chapters],
        "tags": [
            a.title,
            a.author,
            a.date.isoformat() if a.date else None,
            a.language,
            config.podcast.title,
            config.podcast.author,
        ],
        "audio": {
            k: config.get("audio", k)
            for k in (
                "bitrate",
                "loudness_lufs",
                "true_peak_dbtp",
                "opus",
                "intro_music",
                "outro_music",
            )
        },
        "files": [
            _hash_file(p)
            for p in (
                cover,
                config.path("audio", "intro_music"),
                config.path("audio", "outro_music"),
            )
        ],
        "identity": identity,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _manifest_path(cache_root: Path, mp3: Path) -> Path:
    name = hashlib.sha256(str(mp3.resolve()).encode()).hexdigest()[:16]
    return cache_root / "episodes" / f"{name}.json"


def _sentence_audio(
    job: EpisodeJob, cache: SentenceCache, keys: list[str]
) -> tuple[dict[int, Samples], int]:
    chunks: list[Samples] = []
    levels: list[float | None] = []
    rate = 0
    for i, key in enumerate(keys):
        entry = cache.get(key)
        if entry is None:
            raise AudioError(
                job.script.article.source,
                f"sentence {i + 1} is missing from the cache; build again",
            )
        chunks.append(entry.samples)
        levels.append(entry.level)
        rate = entry.rate
    from vorleser.audio.loudness import level_sentences

    return dict(enumerate(level_sentences(chunks, rate, levels=levels))), rate


def _music(config: Config, samples: Samples, rate: int) -> tuple[Samples, float]:
    intro = config.path("audio", "intro_music")
    outro = config.path("audio", "outro_music")
    if intro is None and outro is None:
        return samples, 0.0
    from vorleser.audio.music import mix_music

    mixed, offset = mix_music(samples, rate, intro, outro)
    return mixed, float(offset)


def _loudness(config: Config, samples: Samples, rate: int) -> Samples:
    from vorleser.audio.loudness import normalize_loudness

    return normalize_loudness(
        samples.astype(np.float32),
        rate,
        target_lufs=config.get("audio", "loudness_lufs"),
        peak_dbtp=config.get("audio", "true_peak_dbtp"),
    )


def _encode(
    job: EpisodeJob, samples: Samples, rate: int, chapters: tuple[ChapterMark, ...]
) -> None:
    """Encode, tag and move into place, so a half-tagged MP3 is never visible."""
    from vorleser.audio.encode import encode_mp3
    from vorleser.audio.tags import TagInfo, write_tags

    a = job.script.article
    config = job.config
    tmp = atomic.temp_path_for(job.mp3)
    try:
        encode_mp3(
            samples, rate, tmp, bitrate_kbps=config.get("audio", "bitrate"), threads=job.threads
        )
        write_tags(
            tmp,
            TagInfo(
                title=a.title,
                artist=a.author or config.podcast.author,
                album=config.podcast.title,
                date=a.date.date().isoformat() if a.date else None,
                cover=job.cover,
                chapters=chapters,
                language=a.language,
                comment=phrase("disclosure", a.language),
            ),
        )
        os.replace(tmp, job.mp3)
    finally:
        tmp.unlink(missing_ok=True)
    if config.get("audio", "opus"):
        from vorleser.audio.encode import encode_opus

        encode_opus(samples, rate, job.mp3.with_suffix(".opus"))


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _hash_file(path: Path | None) -> str | None:
    if path is None or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _episode(job: EpisodeJob, manifest: dict[str, Any]) -> Episode:
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
