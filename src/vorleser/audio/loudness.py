"""Loudness to the podcast norm: -16 LUFS integrated, true peak <= -1 dBTP (EBU R128)."""

from __future__ import annotations

import numpy as np

from vorleser.audio import Samples


def normalize_loudness(
    samples: Samples, rate: int, target_lufs: float = -16.0, peak_dbtp: float = -1.0
) -> Samples:
    """Return `samples` at `target_lufs` integrated with true peak at most `peak_dbtp`.

    PLACEHOLDER (audio helper replaces it): plain gain from pyloudnorm's measurement
    followed by a hard clip guard.
    """
    import pyloudnorm

    meter = pyloudnorm.Meter(rate)
    loudness = meter.integrated_loudness(samples.astype(np.float64))
    if not np.isfinite(loudness):
        return samples
    gain = 10 ** ((target_lufs - loudness) / 20)
    limit = 10 ** (peak_dbtp / 20)
    return np.clip(samples * gain, -limit, limit).astype(np.float32)
