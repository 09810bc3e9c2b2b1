"""Encoding to MP3 (lameenc, no system binaries needed) and Opus (ffmpeg).

lameenc emits bare CBR frames without the Xing/Info frame that LAME's command line writes, so
`encode_mp3` adds one itself: frame count, byte count, TOC and the LAME extension with encoder
delay and padding. Players then know the exact duration and gapless decoders (ffmpeg, mutagen's
length) trim the codec delay, so chapter and transcript times line up to the sample.
"""

from __future__ import annotations

import logging
import os
import shlex
import shutil
import struct
import subprocess
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from vorleser import atomic
from vorleser.audio import Samples
from vorleser.audio.filters import upsample
from vorleser.errors import AudioError

log = logging.getLogger(__name__)

MP3_RATES = (44100, 48000)
"""Output rates: what podcast directories expect (checklist item 29)."""
ENCODER_DELAY = 576
"""Samples LAME prepends (its ENCDELAY); decoders add their own 529 and trim both."""
_SAMPLES_PER_FRAME = 1152
_BITRATES_V1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_RATE_INDEX_V1 = {44100: 0, 48000: 1, 32000: 2}


LAME_LEVEL_COMPENSATION = 10 ** (0.447 / 20)
"""LAME's mono MP3s decode 0.447 dB quieter than their input, at every bitrate, quality, level
and frequency (measured with ffmpeg's decoders and with ffmpeg's own libmp3lame alike); the
input is raised by as much, so the decoded episode has the loudness that was measured."""


def _upsample(samples: Samples, rate: int) -> tuple[npt.NDArray[np.float32], int]:
    """Resample to 44.1/48 kHz: integer factors with a short numpy FIR, others with scipy.

    TTS voices run at 16, 22.05 or 24 kHz, all integer factors; scipy (0.8 s to import) is
    only loaded for the odd rate.
    """
    if rate in MP3_RATES:
        return np.asarray(samples, dtype=np.float32), rate
    for out_rate in MP3_RATES:
        if out_rate % rate == 0:
            return upsample(samples, out_rate // rate), out_rate
    from scipy.signal import resample_poly

    y = resample_poly(np.asarray(samples, dtype=np.float32), 44100, rate)
    return y.astype(np.float32), 44100


def _crc16(data: bytes) -> int:
    """CRC-16 (polynomial 0x8005, reflected: 'ARC') as the LAME tag uses for its own CRC."""
    table = _crc_table()
    crc = 0
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


@lru_cache(maxsize=1)
def _crc_table() -> tuple[int, ...]:
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


def _count_frames(data: bytes, frame_len: int) -> int:
    """Number of MPEG frames in a CBR stream whose frames are `frame_len` or one byte longer."""
    count, pos = 0, 0
    while pos + 4 <= len(data):
        if data[pos] != 0xFF or data[pos + 1] & 0xE0 != 0xE0:
            raise AudioError("mp3", f"lost frame sync at byte {pos}")
        pos += frame_len + ((data[pos + 2] >> 1) & 1)
        count += 1
    return count


def _info_frame(
    first_header: bytes, rate: int, frames: int, stream_bytes: int, samples: int, kbps: int
) -> bytes:
    """A Xing 'Info' frame with the LAME extension for a CBR MPEG-1 Layer III mono stream."""
    index = next(
        i for i, b in enumerate(_BITRATES_V1) if b and 144000 * b // rate >= 200 and b >= kbps
    )
    size = 144000 * _BITRATES_V1[index] // rate
    header = bytearray(first_header)
    header[2] = (index << 4) | (_RATE_INDEX_V1[rate] << 2)  # no padding, private bit clear
    frame = bytearray(size)
    frame[:4] = header
    total_bytes = stream_bytes + size
    pos = 4 + 17  # MPEG-1 mono side information
    toc = bytes(min(255, i * 256 // 100) for i in range(100))
    frame[pos : pos + 120] = (
        b"Info" + struct.pack(">III", 0x0F, frames, total_bytes) + toc + struct.pack(">I", 50)
    )
    pos += 120
    padding = frames * _SAMPLES_PER_FRAME - ENCODER_DELAY - samples
    lame = bytearray(36)
    lame[0:9] = b"LAME3.100"
    lame[9] = 0x01  # tag revision 0, VBR method 1 = CBR
    lame[10] = min(255, rate // 2 // 100)  # lowpass / 100 Hz (informational)
    lame[20] = min(255, kbps)
    lame[21:24] = ((ENCODER_DELAY << 12) | (padding & 0xFFF)).to_bytes(3, "big")
    lame[28:32] = struct.pack(">I", total_bytes)
    frame[pos : pos + 36] = lame
    frame[pos + 34 : pos + 36] = struct.pack(">H", _crc16(bytes(frame[:190])))
    return bytes(frame)


def _cuts(ints: npt.NDArray[np.int16], parts: int) -> list[int]:
    """Where to split `ints` for `parts` independent LAME streams (fewer if pauses are lacking).

    A cut at c (a multiple of 1152) drops the silent frame [c, c + 1152) and needs silence in
    the frames on either side too. Why that makes the join exact: LAME always writes
    ceil(len / 1152) + 1 frames, so a stream of c samples occupies c + 1152 sample slots
    (576 encoder delay in front, 576 padding behind); the next stream's own 576-sample delay
    then puts its first sample exactly where it sat in a single stream. The dropped samples
    were digital silence, and so is what the decoder makes of delay and padding.
    """
    frame = _SAMPLES_PER_FRAME
    count = len(ints) // frame
    if parts < 2 or count < 8:
        return []
    silent: npt.NDArray[np.bool_] = ~np.any(ints[: count * frame].reshape(count, frame), axis=1)
    usable = np.flatnonzero(silent[:-2] & silent[1:-1] & silent[2:]) + 1  # frame k, k±1 silent
    cuts: list[int] = []
    for i in range(1, parts):
        if not len(usable):
            break
        k = int(usable[np.abs(usable - count * i // parts).argmin()])
        if not cuts or k * frame >= cuts[-1] + 3 * frame:
            cuts.append(k * frame)
    return cuts


def _free_cores() -> int:
    """CPU cores this process may run on (its affinity where the OS tells)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _lame_stream(pcm: npt.NDArray[np.int16], rate: int, kbps: int, quality: int) -> bytes:
    """One complete LAME stream (bare CBR frames); lameenc releases the GIL while it works."""
    import lameenc

    enc = lameenc.Encoder()
    enc.set_bit_rate(kbps)
    enc.set_in_sample_rate(rate)
    enc.set_channels(1)
    enc.set_quality(quality)
    return bytes(enc.encode(pcm.tobytes()) + enc.flush())


def _encode_parts(
    ints: npt.NDArray[np.int16], rate: int, kbps: int, quality: int, threads: int
) -> bytes:
    """The frames of `ints`, encoded as up to `threads` streams in parallel and joined.

    Falls back to one stream when there is no silent place to cut, or when an encoder wrote
    a frame count other than the join assumes (which would shift the later parts).
    """
    cuts = _cuts(ints, threads)
    if not cuts:
        return _lame_stream(ints, rate, kbps, quality)
    frame = _SAMPLES_PER_FRAME
    bounds = [0, *cuts]
    pieces = [
        ints[(b + frame if i else 0) : end]
        for i, (b, end) in enumerate(zip(bounds, [*cuts, len(ints)], strict=True))
    ]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(pieces)) as pool:
        streams = list(pool.map(lambda p: _lame_stream(p, rate, kbps, quality), pieces))
    frame_len = 144000 * kbps // rate
    for piece, stream in zip(pieces[:-1], streams[:-1], strict=True):
        if _count_frames(stream, frame_len) != -(-len(piece) // frame) + 1:
            log.debug("LAME framing differs from what the join assumes; encoding in one stream")
            return _lame_stream(ints, rate, kbps, quality)
    return b"".join(streams)


def encode_mp3(
    samples: Samples,
    rate: int,
    dest: Path,
    bitrate_kbps: int = 64,
    *,
    quality: int = 7,
    threads: int | None = None,
) -> None:
    """Encode mono `samples` to a constant-bitrate MP3 at `dest`, atomically.

    Input at other rates is resampled to 44.1 or 48 kHz, which every directory accepts. The
    LAME `quality` 7 is about twice as fast as 5 and indistinguishable for speech at 64 kbps.
    Episodes of a minute or more are cut in pauses and encoded in `threads` parallel streams
    (default: 2 where two cores are free to this process), joined sample-exactly
    (see `_cuts`); the result decodes to the same samples at the same times.
    """
    if bitrate_kbps not in _BITRATES_V1[1:]:
        raise AudioError(str(dest), f"bitrate {bitrate_kbps} kbps is not an MP3 bitrate")
    pcm, out_rate = _upsample(samples, rate)
    ints = np.clip(pcm * (32768.0 * LAME_LEVEL_COMPENSATION), -32768, 32767).astype("<i2")
    del pcm
    if threads is None:
        threads = min(2, _free_cores()) if len(ints) >= 60 * out_rate else 1
    data = _encode_parts(ints, out_rate, bitrate_kbps, quality, threads)
    if len(data) < 4:
        raise AudioError(str(dest), "the encoder produced no audio (empty input?)")
    frame_len = 144000 * bitrate_kbps // out_rate
    frames = _count_frames(data, frame_len)
    info = _info_frame(data[:4], out_rate, frames, len(data), len(ints), bitrate_kbps)
    atomic.write_bytes(dest, info + data)


def _ffmpeg() -> str:
    """The ffmpeg binary: $VORLESER_FFMPEG, else the one on PATH."""
    found = os.environ.get("VORLESER_FFMPEG") or shutil.which("ffmpeg")
    if not found:
        raise AudioError(
            "ffmpeg",
            "not found; install it (Debian: apt-get install ffmpeg) or set VORLESER_FFMPEG",
        )
    return found


def encode_opus(samples: Samples, rate: int, dest: Path, bitrate_kbps: int = 32) -> None:
    """Encode mono `samples` to Ogg Opus at `dest` with ffmpeg, atomically."""
    tmp = atomic.temp_path_for(dest)
    cmd = [
        _ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0",
        "-c:a", "libopus", "-b:a", f"{bitrate_kbps}k", "-ar", "48000", "-f", "ogg", str(tmp),
    ]  # fmt: skip
    log.debug("running %s", shlex.join(cmd))
    try:
        result = subprocess.run(
            cmd,
            input=np.asarray(samples, dtype="<f4").tobytes(),
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            raise AudioError(str(dest), f"ffmpeg failed: {result.stderr.decode(errors='replace')}")
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def decode(path: Path, rate: int) -> npt.NDArray[np.float32]:
    """Decode any audio file ffmpeg reads to mono float32 at `rate` (music beds, tests)."""
    cmd = [
        _ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path),
        "-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1",
    ]  # fmt: skip
    log.debug("running %s", shlex.join(cmd))
    result = subprocess.run(cmd, capture_output=True, check=False)
    if result.returncode != 0:
        raise AudioError(str(path), f"ffmpeg cannot decode it: {result.stderr.decode().strip()}")
    return np.frombuffer(result.stdout, dtype="<f4").copy()
