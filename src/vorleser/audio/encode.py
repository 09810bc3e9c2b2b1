"""Encoding to MP3 (lameenc, no system binaries needed) and Opus."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vorleser import atomic
from vorleser.audio import Samples


def encode_mp3(samples: Samples, rate: int, dest: Path, bitrate_kbps: int = 64) -> None:
    """Encode mono `samples` to a constant-bitrate MP3 at `dest`, atomically.

    PLACEHOLDER (audio helper owns this module).
    """
    import lameenc

    enc = lameenc.Encoder()
    enc.set_bit_rate(bitrate_kbps)
    enc.set_in_sample_rate(rate)
    enc.set_channels(1)
    enc.set_quality(5)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    data = enc.encode(pcm) + enc.flush()
    atomic.write_bytes(dest, bytes(data))
