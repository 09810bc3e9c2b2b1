"""Worker job: one script + cached sentence audio -> one finished episode (MP3, tags, chapters).

Levels the sentences, assembles them with their pauses, adds music, normalizes loudness,
encodes and tags, then records a manifest so an unchanged episode is reused next time.
Episodes without music or an Opus copy are streamed: read from the cache, assembled,
normalized and encoded block by block (vorleser.audio.blockwise), never held whole.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from vorleser import atomic
from vorleser.audio import Samples
from vorleser.audio.assemble import Layout, assemble, lay_out, shift, stream
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
    except OSError as exc:  # the sentence cache or a temporary file failed under us
        where = exc.filename or job.mp3
        return EpisodeResult(job.script.article.source, None, f"{where}: {exc.strerror or exc}")
    except MemoryError:
        return EpisodeResult(
            job.script.article.source, None, "out of memory while making the episode"
        )


STREAM_ABOVE_S = 0.0
"""Episodes longer than this (0: every one) are assembled, normalized and encoded block by
block (audio/blockwise.py), in memory that does not grow with their length: about 100 MB for
any length against ~60 MB per minute in one array (bench/memory.py), and faster. Episodes
with intro/outro music or an Opus copy are still made in one array."""


def _make(job: EpisodeJob) -> Episode:
    from mutagen.mp3 import MP3

    cache = SentenceCache(job.cache_root)
    streamed = _stream_layout(job, cache)
    if streamed is not None:  # never held whole (audio/blockwise.py)
        layout, levels = streamed
        chapters, cues = layout.chapters, layout.cues
        _encode(job, lambda tmp: _encode_streamed(job, cache, layout, levels, tmp), chapters)
    else:
        audio, rate = _sentence_audio(job, cache)
        track, chapters, cues = assemble(job.script, audio, rate)
        samples, offset = _music(job, track.samples, rate)
        chapters, cues = shift(chapters, cues, offset, len(samples) / rate)
        samples = _loudness(job, samples, rate)
        _encode(job, lambda tmp: _encode_whole(job, samples, rate, tmp), chapters, (samples, rate))
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


def _stream_layout(
    job: EpisodeJob, cache: SentenceCache
) -> tuple[Layout, list[float | None]] | None:
    """The layout and sentence levels of an episode to stream; None for the one-array path."""
    from vorleser.audio.mp3stream import streams

    if job.audio.opus or job.intro_music is not None or job.outro_music is not None:
        return None
    infos = [cache.info(key) for key in job.sentence_keys()]
    known = [info for info in infos if info is not None]
    rates = {info[0] for info in known}
    if not infos or len(known) < len(infos) or len(rates) != 1 or not streams(min(rates)):
        return None  # the one-array path reports what is missing
    layout = lay_out(job.script, [info[2] for info in known], rates.pop())
    if layout.total <= STREAM_ABOVE_S * layout.rate:
        return None
    return layout, [info[1] for info in known]


def _encode_streamed(
    job: EpisodeJob,
    cache: SentenceCache,
    layout: Layout,
    levels: list[float | None],
    dest: Path,
) -> None:
    """Sentences from the cache -> levelled, assembled, normalized blocks -> MP3 at `dest`."""
    from vorleser.audio.blockwise import block_size, normalize_stream
    from vorleser.audio.loudness import sentence_gains
    from vorleser.audio.mp3stream import Mp3Stream

    gains = sentence_gains(levels)
    keys = job.sentence_keys()

    def read(i: int) -> Samples:
        entry = cache.get(keys[i])
        if entry is None:
            raise AudioError(
                job.script.article.source,
                f"sentence {i + 1} is missing from the cache; build again",
            )
        gain = gains[i]
        return entry.samples if gain is None else (entry.samples * gain).astype(np.float32)

    rate = layout.rate
    writer = Mp3Stream(dest, rate, job.audio.bitrate, threads=job.threads)
    for block in normalize_stream(
        lambda: stream(layout, read, block_size(rate)),
        rate,
        target_lufs=job.audio.loudness_lufs,
        peak_dbtp=job.audio.true_peak_dbtp,
    ):
        writer.write(block)
    writer.close()


def _encode_whole(job: EpisodeJob, samples: Samples, rate: int, dest: Path) -> None:
    from vorleser.audio.encode import encode_mp3

    encode_mp3(samples, rate, dest, bitrate_kbps=job.audio.bitrate, threads=job.threads)


def _encode(
    job: EpisodeJob,
    write_mp3: Callable[[Path], None],
    chapters: tuple[ChapterMark, ...],
    whole: tuple[Samples, int] | None = None,
) -> None:
    """Encode (`write_mp3` writes the MP3 to the path it is given), tag and move into place,
    so a half-tagged MP3 is never visible; `whole` is the track for the Opus copy."""
    from vorleser.audio.tags import TagInfo, write_tags

    a = job.script.article
    tmp = atomic.temp_path_for(job.mp3)
    try:
        write_mp3(tmp)
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
    if job.audio.opus and whole is not None:
        from vorleser.audio.encode import encode_opus

        encode_opus(*whole, job.mp3.with_suffix(".opus"))
