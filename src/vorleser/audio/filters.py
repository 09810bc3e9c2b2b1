"""Linear filters in numpy alone: IIR cascades in blocks, FIR upsampling, running min and mean.

Why not scipy: `import scipy.signal` alone costs about 0.8 s per process, more than measuring
and limiting an 11-minute episode, and every build pays it. The tricks that make numpy fast:

- An IIR filter is linear and time-invariant, so a block of `BLOCK` outputs is a matrix times
  the block's inputs plus a matrix times the filter state at the block start. The big product
  runs in BLAS for all blocks at once; only the 4-number state has to travel from block to
  block, and that recurrence is again solved in groups of blocks, leaving a Python loop over
  a few hundred groups for an hour of audio. The result is the exact recursive filter (as
  `scipy.signal.sosfilt`), not a truncated impulse response.
- FIR upsampling is one product of overlapping input windows with a polyphase matrix whose
  columns are the output samples of a block, already interleaved.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

BLOCK = 64
"""Samples per block of the IIR filter: large enough for BLAS, small enough for cheap setup."""
GROUP = 64
"""Blocks per group in the state recurrence."""


def matmul_one_thread(
    rows: npt.NDArray[np.floating], matrix: npt.NDArray[np.floating]
) -> np.ndarray:
    """`rows @ matrix`, as a stack of products small enough that OpenBLAS stays on one thread.

    Build workers already use every core; BLAS threads on top of them spin against each other
    (measured: sentence levels 10-20x slower on a busy two-core machine).
    """
    count, inner = rows.shape
    per = max(1, 200_000 // (inner * matrix.shape[1]))
    whole = count // per * per
    parts = []
    if whole:
        stack = np.ascontiguousarray(rows[:whole]).reshape(-1, per, inner)
        parts.append((stack @ matrix).reshape(whole, -1))
    if whole < count:
        parts.append(np.ascontiguousarray(rows[whole:]) @ matrix)
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _simulate(
    sos: tuple[tuple[float, ...], ...], x: list[float], state: list[float]
) -> tuple[list[float], list[list[float]]]:
    """Direct form II transposed cascade, one sample at a time: outputs and the state after each.

    Only used to derive the block matrices (a few hundred samples), so plain Python is fine.
    """
    z = list(state)
    ys: list[float] = []
    states: list[list[float]] = []
    for value in x:
        v = value
        for s, (b0, b1, b2, _a0, a1, a2) in enumerate(sos):
            y = b0 * v + z[2 * s]
            z[2 * s] = b1 * v - a1 * y + z[2 * s + 1]
            z[2 * s + 1] = b2 * v - a2 * y
            v = y
        ys.append(v)
        states.append(list(z))
    return ys, states


@lru_cache(maxsize=16)
def _block_matrices(
    sos: tuple[tuple[float, ...], ...],
) -> tuple[F32, F64, F64, F64, F64]:
    """(zero-state response, input-to-final-state, state-to-output, block state transition,
    group matrix) for a cascade of normalized biquads (a0 == 1)."""
    order = 2 * len(sos)
    impulse, trajectory = _simulate(sos, [1.0] + [0.0] * (BLOCK - 1), [0.0] * order)
    h = np.array(impulse)
    lags = np.arange(BLOCK)[:, None] - np.arange(BLOCK)[None, :]
    forced = np.where(lags >= 0, h[np.clip(lags, 0, None)], 0.0)  # y = forced @ x
    # An impulse at block position j leaves the state the impulse response has after L-1-j.
    to_state = np.array(trajectory[::-1]).T  # (order, L): final state = to_state @ x
    free = np.empty((BLOCK, order))
    transition = np.empty((order, order))
    for m in range(order):
        unit = [0.0] * order
        unit[m] = 1.0
        ys, states = _simulate(sos, [0.0] * BLOCK, unit)
        free[:, m] = ys
        transition[:, m] = states[-1]
    # Group matrix: the state before block j of a group from the blocks' inputs alone,
    # sum_{i<j} T^(j-1-i) c_i, laid out as (GROUP*order) -> (GROUP*order).
    powers = [np.eye(order)]
    for _ in range(GROUP):
        powers.append(transition @ powers[-1])
    group = np.zeros((GROUP, order, GROUP, order))
    for j in range(1, GROUP):
        for i in range(j):
            group[j, :, i, :] = powers[j - 1 - i]
    combined = np.concatenate((forced, to_state), axis=0).T.astype(np.float32)
    return (
        combined,
        free,
        transition,
        np.array(powers),
        group.reshape(GROUP * order, GROUP * order).T.copy(),
    )


def sosfilt(sos: tuple[tuple[float, ...], ...], samples: npt.ArrayLike) -> F32:
    """`scipy.signal.sosfilt(sos, samples)` from zero state, in float32 with float64 states.

    `sos` rows are (b0, b1, b2, 1, a1, a2), as a tuple so the block matrices can be cached.
    """
    x = np.asarray(samples, dtype=np.float32)
    n = len(x)
    if not n:
        return np.zeros(0, dtype=np.float32)
    combined, free, transition, powers, group = _block_matrices(sos)
    free_t = free.T.astype(np.float32)
    order = transition.shape[0]
    blocks = -(-n // BLOCK)
    groups = -(-blocks // GROUP)
    padded = np.zeros(groups * GROUP * BLOCK, dtype=np.float32)
    padded[:n] = x
    product = matmul_one_thread(padded.reshape(-1, BLOCK), combined)  # (blocks, L + order)
    pushed = product[:, BLOCK:].astype(np.float64).reshape(groups, GROUP * order)
    # The state before each block from its group's own input, then carried between groups
    # (a short Python loop over 4-number states), then the state's share of each block.
    within = matmul_one_thread(pushed, group).reshape(groups, GROUP, order)
    starts = np.zeros((groups, order))
    last = pushed.reshape(groups, GROUP, order)[:, -1]
    step = powers[GROUP]
    state = np.zeros(order)
    for g in range(groups):
        starts[g] = state
        state = step @ state + transition @ within[g, -1] + last[g]
    states = within + np.einsum("jab,gb->gja", powers[:GROUP], starts)
    product[:, :BLOCK] += matmul_one_thread(states.reshape(-1, order).astype(np.float32), free_t)
    result: F32 = product[:, :BLOCK].reshape(-1)[:n]
    return result


@lru_cache(maxsize=8)
def _polyphase(factor: int, taps_per_phase: int, beta: float, block: int) -> tuple[F32, int]:
    """Matrix mapping `block + span - 1` input samples to `block * factor` interleaved outputs.

    The prototype is `scipy.signal.firwin(taps, 1/factor, window=("kaiser", beta)) * factor`
    with `taps = taps_per_phase * factor - 1`, centred (its group delay removed).
    """
    taps = taps_per_phase * factor - 1
    m = np.arange(taps) - (taps - 1) / 2
    h = np.sinc(m / factor) / factor * np.kaiser(taps, beta)
    h = h / h.sum() * factor
    delay = (taps - 1) // 2
    # Output m*factor + r is the upfirdn output at m*factor + r + delay; with
    # r + delay = base*factor + phase that is sum_q h[q*factor + phase] * x[m + base - q].
    phases = []
    for r in range(factor):
        base, phase = divmod(r + delay, factor)
        phases.append((r, base, phase, -(-(taps - phase) // factor)))
    lo = min(base - (count - 1) for _, base, _, count in phases)
    span = block - 1 + max(base for _, base, _, _ in phases) - lo + 1
    matrix = np.zeros((span, block * factor), dtype=np.float64)
    outputs = np.arange(block)
    for r, base, phase, count in phases:
        for q in range(count):
            matrix[outputs + base - q - lo, outputs * factor + r] = h[q * factor + phase]
    return matrix.astype(np.float32), lo


def upsample(samples: npt.ArrayLike, factor: int, *, taps_per_phase: int = 16) -> F32:
    """Upsample by an integer `factor` with a Kaiser-windowed (beta 7) sinc, output aligned.

    Equal (to float32 rounding) to scipy's `upfirdn(firwin(...) * factor, x, up=factor)` with
    its group delay removed: `len(samples) * factor` samples, sample i*factor == input i.
    """
    x = np.asarray(samples, dtype=np.float32)
    if factor == 1:
        return x.copy()
    block = 32  # small: the matrix is mostly zeros, so flops grow with the block
    matrix, offset = _polyphase(factor, taps_per_phase, 7.0, block)
    n = len(x)
    blocks = -(-n // block)
    span = matrix.shape[0]
    padded = np.zeros(blocks * block + span, dtype=np.float32)
    padded[-offset : -offset + n] = x  # offset < 0: the filter reaches back that far
    windows = np.lib.stride_tricks.sliding_window_view(padded, span)[: blocks * block : block]
    out: F32 = matmul_one_thread(windows, matrix).reshape(-1)[: n * factor]
    return out


def running_min(values: F64, size: int) -> F64:
    """Centred minimum over `size` (odd) values, edges repeated (ndimage's mode='nearest').

    Doubling: minima over 1, 2, 4, ... values, then two overlapping power-of-two windows
    cover any width, so the cost is log2(size) passes instead of `size`.
    """
    half = size // 2
    padded = np.pad(values, half, mode="edge")
    width = 1
    mins = padded
    while width * 2 <= size:
        mins = np.minimum(mins[:-width], mins[width:])
        width *= 2
    n = len(values)
    result: F64 = np.minimum(mins[:n], mins[size - width : size - width + n])
    return result


def running_mean(values: F64, size: int, origin: int = 0) -> F64:
    """Mean over `size` values starting `size // 2 + origin` before each one, edges repeated.

    The same window as `scipy.ndimage.uniform_filter1d(values, size, mode='nearest', origin=)`.
    """
    before = size // 2 + origin
    after = size - 1 - before
    padded = np.pad(values, (max(before, 0), max(after, 0)), mode="edge")
    sums = np.concatenate(([0.0], np.cumsum(padded)))
    result: F64 = (sums[size:] - sums[:-size]) / size
    return result
