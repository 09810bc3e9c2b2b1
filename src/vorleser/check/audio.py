"""One sentence's audio, through the build's engine and sentence cache, as a WAV file.

The HTML report and the studio play single sentences: each is looked up in the project's
sentence cache under the build's own key (engine identity + spoken text) and synthesized into
it when missing, so whatever is listened to here is not synthesized again by the next build.
"""

from __future__ import annotations

import io
import threading
import wave
from functools import cache
from pathlib import Path

import numpy as np

from vorleser.audio import Samples
from vorleser.cache import SentenceCache, sentence_key
from vorleser.config import Config
from vorleser.tts import VoiceSpec, describe_voice
from vorleser.tts.synthesis import engine_for, speak

#: espeak-ng keeps global state and Piper sessions are not re-entrant: one synthesis at a time.
_LOCK = threading.Lock()


@cache
def identity(spec: VoiceSpec) -> str:
    """The engine identity of `spec` (the sentence cache's key), described once per process."""
    return describe_voice(spec).identity


def cache_root(config: Config) -> Path:
    """The project's cache folder, as the build uses it; for a lone article (no
    vorleser.toml), the user's cache that `vorleser speak` uses, so nothing is left beside it."""
    if not (config.project_dir / "vorleser.toml").is_file():
        from vorleser.speak import user_cache_dir

        return user_cache_dir()
    return config.project_dir / config.settings.build.cache_dir


def sentence_cache(config: Config) -> SentenceCache:
    """The sentence cache the build (or `speak`, for a lone article) uses."""
    return SentenceCache(cache_root(config))


def sentence_samples(
    config: Config, language: str, spoken: str, cache: SentenceCache
) -> tuple[Samples, int, bool]:
    """(samples, rate, synthesized now) for one spoken sentence in the configured voice."""
    from vorleser.audio.loudness import sentence_level

    spec = config.voice_for(language)
    key = sentence_key(identity(spec), spoken)
    entry = cache.get(key)
    if entry is not None:
        return entry.samples, entry.rate, False
    with _LOCK:
        engine = engine_for(spec)
        samples = speak(engine, spoken)
        rate = engine.info.sample_rate
    cache.put(key, samples, rate, sentence_level(samples, rate))
    return samples, rate, True


def is_cached(config: Config, language: str, spoken: str, cache: SentenceCache) -> bool:
    """Whether the build would find this sentence's audio in the cache."""
    return sentence_key(identity(config.voice_for(language)), spoken) in cache


def wav_bytes(samples: Samples, rate: int) -> bytes:
    """16-bit mono WAV: every browser plays it and knows its duration from the header."""
    pcm = (np.clip(samples, -1.0, 32767 / 32768) * 32768.0).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return out.getvalue()
