"""Speed of the audio stages on an 11-minute, 22050 Hz mono episode: audio seconds per second.

Run: python bench/audio.py [--runs N]. Prints medians; tests never assert times.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from vorleser.audio import encode, loudness

RATE = 22050


def episode(seconds: float, seed: int = 0) -> np.ndarray:
    """Speech-like sentences, each peak-normalized to 0 dBFS as TTS output is."""
    rng = np.random.default_rng(seed)
    parts, total = [], 0
    while total < seconds * RATE:
        n = int(rng.uniform(1.5, 5.0) * RATE)
        t = np.arange(n) / RATE
        phase = 2 * np.pi * np.cumsum(rng.uniform(90, 220) * np.ones(n)) / RATE
        voiced = sum(np.sin(k * phase + rng.uniform(0, 6)) / k for k in range(1, 20))
        rate = rng.uniform(3, 5)
        env = np.clip(np.sin(2 * np.pi * rate * t), 0, None)
        env *= rng.uniform(0.15, 1.0, size=int(n / RATE * rate) + 2)[(t * rate).astype(int)]
        s = (voiced + 0.2 * rng.standard_normal(n)) * env
        parts += [(s / np.abs(s).max()).astype(np.float32), np.zeros(int(0.4 * RATE), np.float32)]
        total += n + int(0.4 * RATE)
    return np.concatenate(parts)[: int(seconds * RATE)]


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--minutes", type=float, default=11.0)
    args = parser.parse_args()
    x = episode(args.minutes * 60)
    seconds = len(x) / RATE
    out = loudness.normalize_loudness(x, RATE)
    print(
        f"signal: {seconds:.0f} s at {RATE} Hz, {loudness.integrated_loudness(x, RATE):.1f} LUFS, "
        f"{loudness.true_peak(x):.1f} dBTP -> {loudness.integrated_loudness(out, RATE):.2f} LUFS, "
        f"{loudness.true_peak(out):.2f} dBTP"
    )
    t = timed(lambda: loudness.integrated_loudness(x, RATE), args.runs)
    print(f"measure loudness : {t:6.3f} s  {seconds / t:7.0f} x real time")
    t = timed(lambda: loudness.normalize_loudness(x, RATE), args.runs)
    print(f"normalize        : {t:6.3f} s  {seconds / t:7.0f} x real time")
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "bench.mp3"
        t = timed(lambda: encode.encode_mp3(out, RATE, dest), args.runs)
        print(
            f"encode mp3 64k   : {t:6.3f} s  {seconds / t:7.0f} x real time (quality 7, 44.1 kHz)"
        )
        t = timed(lambda: encode.encode_mp3(out, RATE, dest, quality=5), args.runs)
        print(f"encode mp3 q5    : {t:6.3f} s  {seconds / t:7.0f} x real time")


if __name__ == "__main__":
    main()
