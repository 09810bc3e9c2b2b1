"""Worker job: one script + cached sentence audio -> one finished episode (MP3, tags, chapters).

Levels the sentences, assembles them with their pauses, adds music, normalizes loudness,
encodes and tags, then records a manifest so an unchanged episode is reused next time.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from vorleser import atomic
from vorleser.audio import Samples
from vorleser.audio.assemble import assemble, shift
from vorleser.cache import SentenceCache
from vorleser.digest import file_digest
from vorleser.episodes.job import EpisodeJob, EpisodeResult, episode_from, manifest_path
from vorleser.errors import AudioError, VorleserError
from vorleser.model import ChapterMark, Episode
from vorleser.script import phrase


def make_episode(job: EpisodeJob) -> EpisodeResult:
    """Worker job: make the episode; a VorleserError fails this article only."""
    try:
        return EpisodeResult(job.script.article.source, _make(job))
    except VorleserError as exc:
        return EpisodeResult(job.script.article.source, None, str(exc))


def _make(job: EpisodeJob) -> Episode:
    from mutagen.mp3 import MP3

    audio, rate = _sentence_audio(job, SentenceCache(job.cache_root))
    track, chapters, cues = assemble(job.script, audio, rate)
    samples, offset = _music(job, track.samples, rate)
    chapters, cues = shift(chapters, cues, offset, len(samples) / rate)
    samples = _loudness(job, samples, rate)
    _encode(job, samples, rate, chapters)
    mp3: Any = MP3(job.mp3)  # type: ignore[no-untyped-call]
    manifest = {
        "key": job.key,
        "size": job.mp3.stat().st_size,
        "sha256": file_digest(job.mp3),
        "duration": float(mp3.info.length),
        "chapters": [[c.start, c.end, c.title] for c in chapters],
        "cues": [[c.start, c.end, c.text] for c in cues],
    }
    atomic.write_text(
        manifest_path(job.cache_root, job.mp3), json.dumps(manifest, ensure_ascii=False) + "\n"
    )
    return episode_from(job, manifest)


def _sentence_audio(job: EpisodeJob, cache: SentenceCache) -> tuple[dict[int, Samples], int]:
    chunks: list[Samples] = []
    levels: list[float | None] = []
    rate = 0
    for i, key in enumerate(job.sentence_keys()):
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


def _music(job: EpisodeJob, samples: Samples, rate: int) -> tuple[Samples, float]:
    if job.intro_music is None and job.outro_music is None:
        return samples, 0.0
    from vorleser.audio.music import mix_music

    mixed, offset = mix_music(samples, rate, job.intro_music, job.outro_music)
    return mixed, float(offset)


def _loudness(job: EpisodeJob, samples: Samples, rate: int) -> Samples:
    from vorleser.audio.loudness import normalize_loudness

    return normalize_loudness(
        samples.astype(np.float32),
        rate,
        target_lufs=job.audio.loudness_lufs,
        peak_dbtp=job.audio.true_peak_dbtp,
    )


def _encode(
    job: EpisodeJob, samples: Samples, rate: int, chapters: tuple[ChapterMark, ...]
) -> None:
    """Encode, tag and move into place, so a half-tagged MP3 is never visible."""
    from vorleser.audio.encode import encode_mp3
    from vorleser.audio.tags import TagInfo, write_tags

    a = job.script.article
    tmp = atomic.temp_path_for(job.mp3)
    try:
        encode_mp3(samples, rate, tmp, bitrate_kbps=job.audio.bitrate, threads=job.threads)
        write_tags(
            tmp,
            TagInfo(
                title=a.title,
                artist=a.author or job.show_author,
                album=job.show_title,
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
    if job.audio.opus:
        from vorleser.audio.encode import encode_opus

        encode_opus(samples, rate, job.mp3.with_suffix(".opus"))
