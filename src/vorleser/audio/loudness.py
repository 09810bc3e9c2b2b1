"""Loudness to the podcast norm: -16 LUFS integrated, true peak <= -1 dBTP (EBU R128).

TTS voices usually peak-normalize each sentence, so a whole episode sits near -20 LUFS with
0 dBFS peaks: plain gain to -16 LUFS would clip by about 5 dB. `normalize_loudness` therefore
combines the gain with a look-ahead peak limiter (a smooth gain envelope that dips *before*
each peak, so nothing is hard-clipped) and iterates, because limiting lowers the loudness that
the gain was computed for.

Everything is vectorized numpy (no scipy: importing it would cost more than the work, see
`vorleser.audio.filters`): the meter follows ITU-R BS.1770-4 (K-weighting, 400 ms
blocks with 75 % overlap, absolute and relative gates) like pyloudnorm, which the tests use as
the independent check, but without its per-block Python loop. True peak is measured by 4x
oversampling (windowed-sinc interpolation at the quarter-sample points) wherever a sample comes
within 6 dB of the ceiling, which is where inter-sample peaks can exceed it.
The limiter and the iteration work on ~1 ms hops, not samples.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from vorleser.audio import Samples
from vorleser.audio.filters import matmul_one_thread, running_mean, running_min, sosfilt

F64 = npt.NDArray[np.float64]

ABSOLUTE_GATE_LUFS = -70.0
"""BS.1770 absolute gate: blocks quieter than this never count."""
RELATIVE_GATE_LU = -10.0
"""BS.1770 relative gate below the absolute-gated loudness."""
MIN_MEASURABLE_S = 0.4
"""One gating block: anything shorter has no integrated loudness."""

_TAPS = np.arange(-7, 9)
"""Sample offsets that feed one interpolated point (16 taps, Kaiser beta 5)."""


@lru_cache(maxsize=8)
def _k_weighting_sos(rate: int) -> tuple[tuple[float, ...], ...]:
    """BS.1770 K-weighting as two biquads (high shelf + RLB high pass) for any sample rate.

    Coefficients come from the analog prototype (as libebur128 and ffmpeg derive them), so the
    48 kHz case reproduces the table in the standard.
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
    return tuple(float(c) for c in shelf), tuple(float(c) for c in highpass)


def _k_weight(samples: Samples, rate: int) -> npt.NDArray[np.float32]:
    return sosfilt(_k_weighting_sos(rate), samples)


def _segment_layout(rate: int) -> tuple[int, int]:
    """(hop, step): 100 ms gating steps, split into hops of about 1 ms that divide them exactly."""
    step = max(1, round(0.1 * rate))
    limit = max(1, rate // 500)
    return max(d for d in range(1, min(step, limit) + 1) if step % d == 0), step


def _hop_energy(values: npt.NDArray[np.float32], hop: int, step: int) -> F64:
    """Sum of squares per hop, zero-padded to whole 100 ms steps."""
    padded = np.zeros(-(-len(values) // step) * step, dtype=np.float32)
    np.square(values, out=padded[: len(values)])
    sums: F64 = padded.reshape(-1, hop).sum(axis=1, dtype=np.float64)
    return sums


def _gated_loudness(powers: F64) -> float:
    """BS.1770 gating over block mean squares → integrated loudness in LUFS (-inf if silent)."""
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(np.maximum(powers, 0.0))
    kept = powers[block_lufs >= ABSOLUTE_GATE_LUFS]
    if not len(kept):
        return float("-inf")
    relative = -0.691 + 10.0 * np.log10(kept.mean()) + RELATIVE_GATE_LU
    kept = powers[(block_lufs > relative) & (block_lufs > ABSOLUTE_GATE_LUFS)]
    if not len(kept):
        return float("-inf")
    return float(-0.691 + 10.0 * np.log10(kept.mean()))


def _loudness_from_hops(energy: F64, hop: int, step: int, n: int, rate: int) -> float:
    """Integrated loudness from per-hop weighted energies (400 ms blocks, 100 ms steps)."""
    return _loudness_from_steps(energy.reshape(-1, step // hop).sum(axis=1), step, n, rate)


def _loudness_from_steps(steps: F64, step: int, n: int, rate: int) -> float:
    """Integrated loudness from weighted energies per 100 ms step."""
    count = min(int(np.round((n / rate - 0.4) / 0.1)) + 1, len(steps) - 3)
    if count < 1:
        return float("-inf")
    blocks = steps[:count] + steps[1 : count + 1] + steps[2 : count + 2] + steps[3 : count + 3]
    return _gated_loudness(blocks / (4 * step))


def integrated_loudness(samples: Samples, rate: int) -> float:
    """Integrated loudness of mono `samples` in LUFS (EBU R128 / BS.1770-4); -inf when silent.

    Shorter than one 400 ms block gives -inf too, as there is nothing to gate.
    """
    n = len(samples)
    if n < MIN_MEASURABLE_S * rate:
        return float("-inf")
    hop, step = _segment_layout(rate)
    energy = _hop_energy(_k_weight(samples, rate), hop, step)
    return _loudness_from_hops(energy, hop, step, n, rate)


@lru_cache(maxsize=1)
def _interpolation_matrix() -> npt.NDArray[np.float32]:
    """Kaiser-windowed sinc weights (taps x 3) for the points 1/4, 2/4, 3/4 past a sample."""
    fractions = np.array([0.25, 0.5, 0.75])
    t = fractions[None, :] - _TAPS[:, None]
    span = float(np.abs(t).max()) + 0.5
    window = np.i0(5.0 * np.sqrt(1.0 - (t / span) ** 2)) / np.i0(5.0)
    return (np.sinc(t) * window).astype(np.float32)


def peak_envelope(samples: Samples, floor: float) -> Samples:
    """Per-sample true-peak estimate (4x oversampled), exact wherever it can exceed `floor`.

    Sample i gets the largest magnitude between i and i+1. Only samples of at least
    `floor / 2` are interpolated: an inter-sample peak more than 6 dB above both neighbours
    needs contrived full-scale signals near Nyquist, not speech or music.
    """
    x = np.asarray(samples, dtype=np.float32)
    env = np.abs(x)
    index = np.flatnonzero(env >= floor / 2)
    if len(index):
        pad = int(np.abs(_TAPS).max())
        padded = np.pad(x, pad)
        windows = np.lib.stride_tricks.sliding_window_view(padded, len(_TAPS))[index]
        points = np.abs(matmul_one_thread(windows, _interpolation_matrix()))
        between = np.maximum(np.maximum(points[:, 0], points[:, 1]), points[:, 2])
        env[index] = np.maximum(env[index], between)
    return env


def true_peak(samples: Samples) -> float:
    """True peak of `samples` in dBTP (4x oversampling, BS.1770-4 Annex 2); -inf when silent."""
    if not len(samples):
        return float("-inf")
    top = float(np.abs(samples).max())
    if top == 0.0:
        return float("-inf")
    return float(20.0 * np.log10(float(peak_envelope(samples, top).max())))


def _limiter_gain(hop_peaks: F64, gain: float, ceiling: float, half_width: int) -> F64:
    """Smooth look-ahead gain per hop so that `gain * peak * envelope <= ceiling` everywhere.

    A centred minimum filter (one hop wider on each side) and then a triangular smoother (two
    boxes) of support `2 * half_width + 1` hops: each smoothed value averages minima whose
    windows all cover the hop and its neighbours, so neither it nor the linear interpolation to
    the samples between two hop centres can exceed what a sample needs. The envelope dips
    `half_width` hops before a peak (the look-ahead) and recovers as smoothly after it.
    """
    need = np.minimum(1.0, ceiling / np.maximum(gain * hop_peaks, 1e-12))
    if float(need.min()) >= 1.0:
        return need
    held = running_min(need, 2 * half_width + 3)
    box = half_width + 1
    smooth = running_mean(running_mean(held, box), box, origin=-1 if box % 2 == 0 else 0)
    result: F64 = np.minimum(smooth, need)
    return result


def _expand(hop_values: F64, hop: int, n: int) -> Samples:
    """Linear interpolation of per-hop values (placed at hop centres) back to `n` samples."""
    v = hop_values.astype(np.float32)
    prev = np.concatenate((v[:1], v[:-1]))[:, None]
    nxt = np.concatenate((v[1:], v[-1:]))[:, None]
    here = v[:, None]
    frac = ((np.arange(hop, dtype=np.float32) + 0.5) / hop - 0.5)[None, :]
    out = np.where(frac < 0, here + (here - prev) * frac, here + (nxt - here) * frac)
    result: Samples = out.reshape(-1)[:n]
    return result


def normalize_loudness(
    samples: Samples,
    rate: int,
    target_lufs: float = -16.0,
    peak_dbtp: float = -1.0,
    *,
    headroom_db: float = 1.0,
    window_s: float = 0.012,
    tolerance_lu: float = 0.15,
) -> Samples:
    """Return `samples` at `target_lufs` integrated with true peak at most `peak_dbtp`.

    The limiter aims `headroom_db` below `peak_dbtp` because MP3 encoding adds overshoot of its
    own, and the decoded file is what must stay under the ceiling. `window_s` is the limiter's
    look-ahead (and release). Silent or sub-400-ms input comes back unchanged.
    """
    x = np.asarray(samples, dtype=np.float32)
    n = len(x)
    if n < MIN_MEASURABLE_S * rate:
        return x.copy()
    hop, step = _segment_layout(rate)
    energy = _hop_energy(_k_weight(x, rate), hop, step)
    loudness = _loudness_from_hops(energy, hop, step, n, rate)
    if not np.isfinite(loudness):
        return x.copy()
    ceiling = 10.0 ** ((peak_dbtp - headroom_db) / 20.0)
    half_width = max(1, round(window_s * rate / hop))
    top = float(np.abs(x).max())
    envelope = np.ones(len(energy))
    hop_peaks: F64 | None = None
    covered = np.inf
    gain_db = target_lufs - loudness
    previous: float | None = None
    for _ in range(10):
        gain = 10.0 ** (gain_db / 20.0)
        if gain * top * 2.0 > ceiling:
            # Oversample only where a sample can reach the ceiling, 3 dB wider so that the
            # next, larger gain of the iteration can usually reuse the estimate.
            if hop_peaks is None or ceiling / gain < covered:
                covered = ceiling / gain / 1.41
                padded = np.zeros(len(energy) * hop, dtype=np.float32)
                padded[:n] = peak_envelope(x, covered)
                hop_peaks = padded.reshape(-1, hop).max(axis=1).astype(np.float64)
            envelope = _limiter_gain(hop_peaks, gain, ceiling, half_width)
        # K-weighting is linear and the envelope slow next to it, so the output's weighted
        # energy per hop is the input's times envelope²: no refiltering per iteration.
        measured = _loudness_from_hops(energy * envelope**2, hop, step, n, rate) + gain_db
        if abs(measured - target_lufs) <= tolerance_lu:
            break
        if previous is not None and measured - previous < 0.1 * (target_lufs - previous):
            break  # the limiter eats further gain (extreme crest factor): stop, do not pump
        previous = measured
        gain_db += target_lufs - measured
    out = x * _expand(envelope * 10.0 ** (gain_db / 20.0), hop, n)
    # The envelope moves inside an interpolation window: re-check the real true peak.
    peak = true_peak(out)
    limit_db = peak_dbtp - headroom_db
    if peak > limit_db:
        out *= np.float32(10.0 ** ((limit_db - peak) / 20.0))
    return out


def sentence_level(chunk: Samples, rate: int) -> float | None:
    """A sentence's speech loudness in dB (None for silence or very short chunks).

    K-weighted power of 50 ms frames, averaged over the frames within 20 dB of the loudest
    (the voiced part, so leading/trailing silence does not count). Computed once when the
    sentence is synthesized and kept in the sentence cache, so levelling an episode is cheap.
    """
    frame = max(1, int(0.05 * rate))
    x = np.asarray(chunk, dtype=np.float32)
    if len(x) < frame:
        return None
    weighted = _k_weight(x, rate)
    usable = len(weighted) // frame * frame
    power = np.square(weighted[:usable], dtype=np.float64).reshape(-1, frame).mean(axis=1)
    top = float(power.max())
    if top <= 10 ** (ABSOLUTE_GATE_LUFS / 10):
        return None
    voiced = power[power >= top * 0.01]
    return float(10.0 * np.log10(voiced.mean()))


def level_sentences(
    chunks: Sequence[Samples],
    rate: int,
    *,
    max_gain_db: float = 12.0,
    levels: Sequence[float | None] | None = None,
) -> list[Samples]:
    """Bring each sentence's speech loudness (see `sentence_level`) to the median of all.

    `levels` are the chunks' known levels (from the cache); missing ones are measured here.
    Gains are capped at `max_gain_db` either way; silent chunks pass through. Results may
    exceed ±1: `normalize_loudness` limits the assembled episode afterwards.
    """
    given = list(levels) if levels is not None else [None] * len(chunks)
    measured: list[float | None] = [
        lv if lv is not None else sentence_level(chunk, rate)
        for chunk, lv in zip(chunks, given, strict=True)
    ]
    out: list[Samples] = []
    for chunk, gain in zip(chunks, sentence_gains(measured, max_gain_db), strict=True):
        x = np.asarray(chunk, dtype=np.float32)
        out.append(x if gain is None else (x * gain).astype(np.float32))
    return out


def sentence_gains(
    levels: Sequence[float | None], max_gain_db: float = 12.0
) -> list[np.float32 | None]:
    """The factor that brings each sentence to the median level (None: leave it as it is).

    `level_sentences` applies these to arrays; a streamed episode applies them as it reads.
    """
    known = [lv for lv in levels if lv is not None]
    if not known:
        return [None] * len(levels)
    common = float(np.median(known))
    return [
        None
        if lv is None
        else np.float32(10.0 ** (float(np.clip(common - lv, -max_gain_db, max_gain_db)) / 20.0))
        for lv in levels
    ]
