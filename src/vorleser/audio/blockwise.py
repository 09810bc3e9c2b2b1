"""Loudness normalization of a track that is never held whole: measure first, then apply.

`normalize_loudness` (vorleser.audio.loudness) works on one array, which for a three-hour
episode is about a gigabyte of float32 several times over. Here the track is a *source*, a
function that yields it afresh in blocks (assembled from the sentence cache as it goes), and
the same algorithm runs in passes over it: the K-weighted energy per ~1 ms hop (pass 1), the
true peak per hop where the limiter may act (pass 2, as often as the iteration needs a lower
floor), the gain envelope in chunks of hops, the true peak of the result (pass 3), and then
the normalized blocks themselves for the encoder. What is kept between passes is per hop
(a few bytes per millisecond), never per sample.

Blocks at the edges of a pass see their neighbours' samples (filter warm-up, interpolation
taps), so the result equals the in-memory one up to float rounding (tests/test_streaming.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import numpy as np

from vorleser.audio import Samples
from vorleser.audio.filters import BLOCK, GROUP
from vorleser.audio.loudness import (
    F64,
    MIN_MEASURABLE_S,
    _expand,
    _hop_energy,
    _k_weight,
    _limiter_gain,
    _loudness_from_steps,
    _segment_layout,
    peak_envelope,
)

Source = Callable[[], Iterator[Samples]]
"""A fresh pass over the track, in blocks whose length is a multiple of `block_size(rate)`."""

WARM_UP_S = 0.5
"""Context that K-weighting gets before each block: its response has died out long before."""
_TAP_CONTEXT = 8
"""Samples on either side that true-peak interpolation reads (vorleser.audio.loudness._TAPS)."""
_FILTER_ALIGN = BLOCK * GROUP
"""Samples per group of filter blocks in vorleser.audio.filters.sosfilt."""
_CHUNK_STEPS = 4096
"""100 ms steps per chunk of hops in the envelope computation (about 7 minutes)."""


def block_size(rate: int) -> int:
    """Samples per block: 50 steps of 100 ms (5 s), so blocks hold whole hops and steps."""
    return 50 * _segment_layout(rate)[1]


def _with_context(
    blocks: Iterable[Samples], before: int, after: int
) -> Iterator[tuple[Samples, Samples, int]]:
    """(block, block with up to `before`/`after` neighbouring samples, offset of the block)."""
    previous: Samples | None = None
    tail = np.zeros(0, dtype=np.float32)
    for block in blocks:
        if previous is not None:
            yield previous, np.concatenate((tail, previous, block[:after])), len(tail)
            tail = np.concatenate((tail, previous))[-before:] if before else tail[:0]
        previous = block
    if previous is not None:
        yield previous, np.concatenate((tail, previous)), len(tail)


def _measure(source: Source, rate: int, hop: int, step: int) -> tuple[F64, int, float]:
    """Per-hop K-weighted energy, the track's length and its largest sample."""
    warm = round(WARM_UP_S * rate)
    parts: list[F64] = []
    n, top = 0, 0.0
    for block, extended, offset in _with_context(source(), warm + _FILTER_ALIGN, 0):
        # start the context where the whole-track filter starts a block group, so the filter's
        # blocks (and their rounding) are the same as in one pass over the whole track
        cut = (offset - n) % _FILTER_ALIGN  # 0 near the start, where the context is all
        weighted = _k_weight(extended[cut:], rate)[offset - cut :]
        parts.append(_hop_energy(weighted, hop, step))
        n += len(block)
        if len(block):
            top = max(top, float(np.abs(block).max()))
    energy: F64 = np.concatenate(parts) if parts else np.zeros(0)
    return energy, n, top


def _hop_peaks(source: Source, floor: float, hop: int, hops: int) -> F64:
    """Per-hop true peak where samples reach `floor / 2` (see loudness.peak_envelope)."""
    peaks = np.zeros(hops, dtype=np.float64)
    at = 0
    for block, extended, offset in _with_context(source(), _TAP_CONTEXT, _TAP_CONTEXT):
        env = peak_envelope(extended, floor)[offset : offset + len(block)]
        whole = -(-len(env) // hop) * hop
        padded = np.zeros(whole, dtype=np.float32)
        padded[: len(env)] = env
        values = padded.reshape(-1, hop).max(axis=1)
        peaks[at : at + len(values)] = values
        at += len(values)
    return peaks


def _envelope(
    limiter: tuple[F64, float] | None, hops: int, per_step: int, ceiling: float, half_width: int
) -> Iterator[tuple[int, F64]]:
    """The limiter's gain per hop in chunks of whole steps: (first hop, values).

    `limiter` is (per-hop peaks, gain) or None for no limiting. Each chunk is computed with
    a halo wider than the limiter's filters reach, so the chunks equal one whole pass.
    """
    chunk = _CHUNK_STEPS * per_step
    halo = 4 * half_width + 8
    for lo in range(0, hops, chunk):
        hi = min(hops, lo + chunk)
        if limiter is None:
            yield lo, np.ones(hi - lo)
            continue
        peaks, gain = limiter
        a, b = max(0, lo - halo), min(hops, hi + halo)
        yield lo, _limiter_gain(peaks[a:b], gain, ceiling, half_width)[lo - a : hi - a]


def normalize_stream(
    source: Source,
    rate: int,
    target_lufs: float = -16.0,
    peak_dbtp: float = -1.0,
    *,
    headroom_db: float = 1.0,
    window_s: float = 0.012,
    tolerance_lu: float = 0.15,
) -> Iterator[Samples]:
    """The blocks of `source` at `target_lufs` with true peak at most `peak_dbtp`.

    The same algorithm and parameters as loudness.normalize_loudness; `source` is read four
    times or more (measure, peaks, check, output).
    """
    hop, step = _segment_layout(rate)
    energy, n, top = _measure(source, rate, hop, step)
    if n < MIN_MEASURABLE_S * rate:
        yield from source()
        return
    hops = len(energy)
    per_step = step // hop
    loudness = _loudness_from_steps(energy.reshape(-1, per_step).sum(axis=1), step, n, rate)
    if not np.isfinite(loudness):
        yield from source()
        return
    ceiling = 10.0 ** ((peak_dbtp - headroom_db) / 20.0)
    half_width = max(1, round(window_s * rate / hop))
    peaks: F64 | None = None
    limiter: tuple[F64, float] | None = None  # as in normalize_loudness: kept once computed
    covered = np.inf
    gain_db = target_lufs - loudness
    previous: float | None = None
    for _ in range(10):
        gain = 10.0 ** (gain_db / 20.0)
        if gain * top * 2.0 > ceiling:
            if peaks is None or ceiling / gain < covered:
                covered = ceiling / gain / 1.41
                peaks = _hop_peaks(source, covered, hop, hops)
            limiter = (peaks, gain)
        steps = np.zeros(hops // per_step)
        for lo, env in _envelope(limiter, hops, per_step, ceiling, half_width):
            weighted = energy[lo : lo + len(env)] * env**2
            steps[lo // per_step : (lo + len(env)) // per_step] = weighted.reshape(
                -1, per_step
            ).sum(axis=1)
        measured = _loudness_from_steps(steps, step, n, rate) + gain_db
        if abs(measured - target_lufs) <= tolerance_lu:
            break
        if previous is not None and measured - previous < 0.1 * (target_lufs - previous):
            break
        previous = measured
        gain_db += target_lufs - measured
    factor = 10.0 ** (gain_db / 20.0)
    gains = np.empty(hops, dtype=np.float32)
    for lo, env in _envelope(limiter, hops, per_step, ceiling, half_width):
        gains[lo : lo + len(env)] = (env * factor).astype(np.float32)
    del energy, peaks, limiter

    def output() -> Iterator[Samples]:
        at = 0
        for block in source():
            first = at // hop
            count = -(-len(block) // hop)
            a, b = max(0, first - 1), min(hops, first + count + 1)
            curve = _expand(gains[a:b].astype(np.float64), hop, (b - a) * hop)
            start = (first - a) * hop
            yield block * curve[start : start + len(block)]
            at += len(block)

    peak = 0.0
    for block, extended, offset in _with_context(output(), _TAP_CONTEXT, _TAP_CONTEXT):
        if len(block):
            local = float(np.abs(block).max())
            if local > 0:
                peaks_here = peak_envelope(extended, local)[offset : offset + len(block)]
                peak = max(peak, float(peaks_here.max()))
    # as normalize_loudness computes it, to the last bit
    peak_db = float(20.0 * np.log10(peak)) if peak > 0 else float("-inf")
    limit_db = peak_dbtp - headroom_db
    correction = np.float32(10.0 ** ((limit_db - peak_db) / 20.0)) if peak_db > limit_db else None
    for block in output():
        yield block if correction is None else block * correction
