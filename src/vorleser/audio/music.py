"""Intro and outro music: decode, match the rate, mix under the speech with fades.

WAV files are read with the standard library (`wave`), so the common case needs nothing
installed; every other format (MP3, FLAC, Ogg) is decoded by ffmpeg, with a clear error when
it is missing. The music sits `music_lu` below the speech's integrated loudness; the intro
fades out under the first words and the outro fades in under the last ones.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt

from vorleser.audio import Samples
from vorleser.audio.loudness import integrated_loudness
from vorleser.errors import AudioError

F32 = npt.NDArray[np.float32]


def read_audio(path: Path, rate: int) -> F32:
    """Mono float32 samples of `path` at `rate` (WAV natively, anything else via ffmpeg)."""
    if path.suffix.lower() == ".wav":
        try:
            return _resample(*_read_wav(path), rate)
        except (wave.Error, EOFError) as err:
            raise AudioError(str(path), f"not a PCM WAV file I can read: {err}") from err
        except OSError as err:
            raise AudioError(str(path), f"cannot read: {err.strerror}") from err
    from vorleser.audio.encode import decode

    if not path.exists():
        raise AudioError(str(path), "music file not found")
    return decode(path, rate)


def _read_wav(path: Path) -> tuple[F32, int]:
    with wave.open(str(path), "rb") as wav:
        width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
        raw = wav.readframes(wav.getnframes())
    if width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        data = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    elif width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = (b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)) << 8 >> 8
        data = ints.astype(np.float32) / 8388608.0
    else:
        data = np.frombuffer(raw, dtype="<i4").astype(np.float32) / 2147483648.0
    mono: F32 = data.reshape(-1, channels).mean(axis=1).astype(np.float32)
    return mono, rate


def _resample(samples: F32, rate: int, target: int) -> F32:
    if rate == target:
        return samples
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(rate, target)
    out: F32 = resample_poly(samples, target // g, rate // g).astype(np.float32)
    return out


def _fade(length: int, fade_in: int, fade_out: int) -> F32:
    """Gain curve of `length` samples with raised-cosine fades at both ends."""
    gain = np.ones(length, dtype=np.float32)
    fade_in, fade_out = min(fade_in, length), min(fade_out, length)
    if fade_in > 0:
        gain[:fade_in] *= _ramp(fade_in)
    if fade_out > 0:
        gain[length - fade_out :] *= _ramp(fade_out)[::-1]
    return gain


def _ramp(n: int) -> F32:
    return (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))).astype(np.float32)


def _at_level(music: F32, rate: int, level_lufs: float) -> F32:
    loudness = integrated_loudness(music, rate)
    if not np.isfinite(loudness):
        return music
    return (music * np.float32(10.0 ** ((level_lufs - loudness) / 20.0))).astype(np.float32)


def mix_music(
    speech: Samples,
    rate: int,
    intro: Path | None,
    outro: Path | None,
    *,
    music_lu: float = -10.0,
    overlap_s: float = 2.0,
) -> tuple[Samples, float]:
    """Mix intro/outro music around `speech`; return the mix and how far speech was shifted.

    Speech starts `overlap_s` (at most half the intro) before the intro ends, while the intro
    fades out; the outro starts the same overlap before the speech ends and fades in. Chapter
    and cue times must be shifted by the returned offset in seconds.
    """
    speech = np.asarray(speech, dtype=np.float32)
    if intro is None and outro is None:
        return speech, 0.0
    level = integrated_loudness(speech, rate)
    if not np.isfinite(level):
        level = -16.0
    level += music_lu
    short_fade = int(0.05 * rate)
    start = 0
    intro_part: F32 | None = None
    if intro is not None:
        intro_part = _at_level(read_audio(intro, rate), rate, level)
        overlap = min(int(overlap_s * rate), len(intro_part) // 2)
        intro_part = intro_part * _fade(len(intro_part), short_fade, overlap)
        start = len(intro_part) - overlap
    speech_end = start + len(speech)
    outro_part: F32 | None = None
    outro_start = speech_end
    if outro is not None:
        outro_part = _at_level(read_audio(outro, rate), rate, level)
        overlap = min(int(overlap_s * rate), len(outro_part) // 2, len(speech))
        outro_part = outro_part * _fade(len(outro_part), overlap, int(1.0 * rate))
        outro_start = speech_end - overlap
    total = max(speech_end, outro_start + (len(outro_part) if outro_part is not None else 0))
    if intro_part is not None:
        total = max(total, len(intro_part))
    mix = np.zeros(total, dtype=np.float32)
    mix[start:speech_end] += speech
    if intro_part is not None:
        mix[: len(intro_part)] += intro_part
    if outro_part is not None:
        mix[outro_start : outro_start + len(outro_part)] += outro_part
    return mix, start / rate
