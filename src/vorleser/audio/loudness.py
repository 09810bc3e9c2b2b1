"""Loudness to the podcast norm: -16 LUFS integrated, true peak <= -1 dBTP (EBU R128).

TTS voices usually peak-normalize each sentence, so a whole episode sits near -20 LUFS with
0 dBFS peaks: plain gain to -16 LUFS would clip by about 5 dB. `normalize_loudness` therefore
combines the gain with a look-ahead peak limiter (a smooth gain envelope that dips *before*
each peak, so nothing is hard-clipped) and iterates, because limiting lowers the loudness that
the gain was computed for.

Everything is vectorized numpy/scipy: the meter follows ITU-R BS.1770-4 (K-weighting, 400 ms
blocks with 75 % overlap, absolute and relative gates) like pyloudnorm, which the tests use as
the independent check, but without its per-block Python loop. True peak is measured by 4x
oversampling (windowed-sinc interpolation at the quarter-sample points), evaluated only where
a sample comes within 6 dB of the peak, which is where inter-sample peaks can exceed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from vorleser.audio import Samples

F64 = npt.NDArray[np.float64]

ABSOLUTE_GATE_LUFS = -70.0
"""BS.1770 absolute gate: blocks quieter than this never count."""
RELATIVE_GATE_LU = -10.0
"""BS.1770 relative gate below the absolute-gated loudness."""
MIN_MEASURABLE_S = 0.4
"""One gating block: anything shorter has no integrated loudness."""

_TAPS = np.arange(-5, 7)
"""Sample offsets that feed one interpolated point (12 taps per phase, as in BS.1770 Annex 2)."""


@lru_cache(maxsize=8)
def _k_weighting_sos(rate: int) -> F64:
    """BS.1770 K-weighting as two biquads (high shelf + RLB high pass) for any sample rate.

    Coefficients come from the analog prototype (as libebur128 and ffmpeg derive them), so the
    48 kHz case reproduces the table in the standard exactly.
    """
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = np.tan(np.pi * f0 / rate)
    vh = 10.0 ** (gain_db / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / q + k * k
    shelf = [
        (vh + vb * k / q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
        1.0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / q + k * k) / a0,
    ]
    f0, q = 38.13547087602444, 0.5003270373238773
    k = np.tan(np.pi * f0 / rate)
    a0 = 1.0 + k / q + k * k
    highpass = [1.0, -2.0, 1.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0]
    return np.array([shelf, highpass], dtype=np.float64)


def _k_weight(samples: Samples, rate: int) -> npt.NDArray[np.float32]:
    from scipy.signal import sosfilt

    out: npt.NDArray[np.float32] = sosfilt(
        _k_weighting_sos(rate).astype(np.float32), samples.astype(np.float32, copy=False)
    )
    return out


def _block_powers(weighted_sq_cumsum: F64, rate: int) -> F64:
    """Mean square of every 400 ms block, stepped by 100 ms (pyloudnorm's block bounds)."""
    n = len(weighted_sq_cumsum) - 1
    count = int(np.round((n / rate - 0.4) / 0.1)) + 1
    j = np.arange(count)
    lower = (0.4 * (j * 0.25) * rate).astype(np.int64)
    upper = np.minimum((0.4 * (j * 0.25 + 1) * rate).astype(np.int64), n)
    powers: F64 = (weighted_sq_cumsum[upper] - weighted_sq_cumsum[lower]) / (0.4 * rate)
    return powers


def _gated_loudness(powers: F64) -> float:
    """BS.1770 gating over block mean squares → integrated loudness in LUFS (-inf if silent)."""
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(powers)
    kept = powers[block_lufs >= ABSOLUTE_GATE_LUFS]
    if not len(kept):
        return float("-inf")
    relative = -0.691 + 10.0 * np.log10(kept.mean()) + RELATIVE_GATE_LU
    kept = powers[(block_lufs > relative) & (block_lufs > ABSOLUTE_GATE_LUFS)]
    if not len(kept):
        return float("-inf")
    return float(-0.691 + 10.0 * np.log10(kept.mean()))


def _cumsum_sq(weighted: npt.NDArray[np.float32], envelope: Samples | None = None) -> F64:
    sq = np.square(weighted, dtype=np.float64) if envelope is None else np.square(
        weighted * envelope, dtype=np.float64
    )
    out = np.empty(len(sq) + 1)
    out[0] = 0.0
    np.cumsum(sq, out=out[1:])
    return out


def integrated_loudness(samples: Samples, rate: int) -> float:
    """Integrated loudness of mono `samples` in LUFS (EBU R128 / BS.1770-4); -inf when silent.

    Shorter than one 400 ms block gives -inf too, as there is nothing to gate.
    """
    if len(samples) < MIN_MEASURABLE_S * rate:
        return float("-inf")
    return _gated_loudness(_block_powers(_cumsum_sq(_k_weight(samples, rate)), rate))


@lru_cache(maxsize=2)
def _interpolation_matrix() -> npt.NDArray[np.float32]:
    """Kaiser-windowed sinc weights for the points 1/4, 2/4, 3/4 between samples (12 x 3)."""
    fractions = np.array([0.25, 0.5, 0.75])
    t = fractions[None, :] - _TAPS[:, None]
    window = np.kaiser(2 * 64 + 1, 8.0)
    # Window spans ±6.5 samples: look up by position on a fine grid.
    pos = np.clip(np.round((t + 6.5) / 13.0 * 128).astype(int), 0, 128)
    weights = np.sinc(t) * window[pos]
    weights /= weights.sum(axis=0, keepdims=True)
    return weights.astype(np.float32)


def _peaks_between(samples: Samples, index: npt.NDArray[np.intp]) -> npt.NDArray[np.float32]:
    """Largest |value| at the 4x-oversampled points between sample i and i+1, for each index i."""
    pad = 6
    padded = np.pad(samples.astype(np.float32, copy=False), pad)
    windows = padded[index[:, None] + _TAPS[None, :] + pad]
    between = np.abs(windows @ _interpolation_matrix()).max(axis=1)
    result: npt.NDArray[np.float32] = between.astype(np.float32)
    return result


def peak_envelope(samples: Samples, floor: float) -> Samples:
    """Per-sample true-peak estimate (4x oversampled), exact wherever it can exceed `floor`.

    Samples below `floor / 2` keep their own magnitude: an inter-sample peak 6 dB above its
    neighbours needs contrived full-scale signals near Nyquist, not speech or music.
    """
    env = np.abs(samples).astype(np.float32)
    index = np.flatnonzero(env >= floor / 2)
    if len(index):
        between = _peaks_between(samples, index)
        np.maximum.at(env, index, between)
        nxt = np.minimum(index + 1, len(env) - 1)
        np.maximum.at(env, nxt, between)
    return env


def true_peak(samples: Samples) -> float:
    """True peak of `samples` in dBTP (4x oversampling, BS.1770-4 Annex 2); -inf when silent."""
    if not len(samples):
        return float("-inf")
    top = float(np.abs(samples).max())
    if top == 0.0:
        return float("-inf")
    return float(20.0 * np.log10(float(peak_envelope(samples, top).max())))


def _limiter_gain(peaks: Samples, gain: float, ceiling: float, half_width: int) -> Samples:
    """Smooth look-ahead gain so that `gain * peaks * envelope <= ceiling` at every sample.

    A centred minimum filter followed by a triangular (two boxes) smoother of the same support:
    every smoothed value averages minima whose windows all contain the sample, so it can never
    exceed what that sample needs — the envelope starts dipping `half_width` samples before a
    peak (the look-ahead) and recovers as slowly afterwards, with no hard clipping.
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    need = np.minimum(1.0, ceiling / np.maximum(gain * peaks, 1e-12)).astype(np.float32)
    if float(need.min()) >= 1.0:
        return need
    held = minimum_filter1d(need, size=2 * half_width + 1, mode="nearest")
    box = half_width + 1
    smooth = uniform_filter1d(held, size=box, mode="nearest")
    smooth = uniform_filter1d(smooth, size=box, mode="nearest", origin=-1 if box % 2 == 0 else 0)
    return np.minimum(smooth, need)


def normalize_loudness(
    samples: Samples,
    rate: int,
    target_lufs: float = -16.0,
    peak_dbtp: float = -1.0,
    *,
    headroom_db: float = 0.7,
    window_s: float = 0.012,
    tolerance_lu: float = 0.2,
) -> Samples:
    """Return `samples` at `target_lufs` integrated with true peak at most `peak_dbtp`.

    The limiter aims `headroom_db` below `peak_dbtp` because MP3 encoding adds overshoot of its
    own; the delivered, decoded file is what must stay under the ceiling. `window_s` is the
    limiter's look-ahead (and release). Silent or sub-400-ms input is returned unchanged.
    """
    x = np.asarray(samples, dtype=np.float32)
    if len(x) < MIN_MEASURABLE_S * rate:
        return x.copy()
    weighted = _k_weight(x, rate)
    loudness = _gated_loudness(_block_powers(_cumsum_sq(weighted), rate))
    if not np.isfinite(loudness):
        return x.copy()
    ceiling = 10.0 ** ((peak_dbtp - headroom_db) / 20.0)
    half_width = max(1, int(window_s * rate))
    top = float(np.abs(x).max())
    gain_db = target_lufs - loudness
    envelope = np.ones_like(x)
    peaks: Samples | None = None
    covered = np.inf
    for _ in range(8):
        gain = 10.0 ** (gain_db / 20.0)
        if gain * top * 2.0 > ceiling:
            # Oversample only where a sample can reach the ceiling; 3 dB extra so that the next,
            # larger gain of the iteration can usually reuse the estimate.
            if peaks is None or ceiling / gain < covered:
                covered = ceiling / gain / 1.41
                peaks = peak_envelope(x, covered)
            envelope = _limiter_gain(peaks, gain, ceiling, half_width)
        # K-weighting is linear and the envelope is slow, so the output's weighted signal is
        # close to envelope * weighted input: no refiltering per iteration.
        measured = _gated_loudness(_block_powers(_cumsum_sq(weighted, envelope), rate))
        measured += gain_db
        if abs(measured - target_lufs) <= tolerance_lu:
            break
        gain_db += target_lufs - measured
    out = (x * (envelope * np.float32(10.0 ** (gain_db / 20.0)))).astype(np.float32)
    # The envelope varies within an interpolation window, so re-check the real true peak.
    peak = true_peak(out)
    limit_db = peak_dbtp - headroom_db
    if peak > limit_db:
        out *= np.float32(10.0 ** ((limit_db - peak) / 20.0))
    return out


def level_sentences(chunks: Sequence[Samples], rate: int, *, max_gain_db: float = 12.0) -> list[Samples]:
    """Bring each sentence's speech loudness to the median of all sentences.

    Per sentence: K-weighted power of 50 ms frames, averaged over the frames within 20 dB of
    its loudest frame (the voiced part, so leading/trailing silence does not count). Gains are
    capped at `max_gain_db` either way; silent chunks pass through. Results may exceed ±1:
    `normalize_loudness` limits the assembled episode afterwards.
    """
    levels: list[float | None] = []
    frame = max(1, int(0.05 * rate))
    for chunk in chunks:
        x = np.asarray(chunk, dtype=np.float32)
        if len(x) < frame:
            levels.append(None)
            continue
        weighted = _k_weight(x, rate)
        usable = len(weighted) // frame * frame
        power = np.square(weighted[:usable], dtype=np.float64).reshape(-1, frame).mean(axis=1)
        top = float(power.max())
        if top <= 10 ** (ABSOLUTE_GATE_LUFS / 10):
            levels.append(None)
            continue
        voiced = power[power >= top * 0.01]
        levels.append(float(10.0 * np.log10(voiced.mean())))
    known = [lv for lv in levels if lv is not None]
    if not known:
        return [np.asarray(c, dtype=np.float32) for c in chunks]
    common = float(np.median(known))
    out: list[Samples] = []
    for chunk, lv in zip(chunks, levels, strict=True):
        x = np.asarray(chunk, dtype=np.float32)
        if lv is None:
            out.append(x)
            continue
        gain_db = float(np.clip(common - lv, -max_gain_db, max_gain_db))
        out.append((x * np.float32(10.0 ** (gain_db / 20.0))).astype(np.float32))
    return out
