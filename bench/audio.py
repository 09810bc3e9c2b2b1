"""Speed of the audio stages on an 11-minute, 22050 Hz mono episode: audio seconds per second.

Run: python bench/audio.py [--runs N]. Prints medians; tests never assert times. Each numpy
kernel is timed next to the scipy call it replaced ("before"), and the import cost of the
build-time audio modules is timed in fresh processes, with and without scipy.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from vorleser.audio import encode, filters, loudness

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


def import_seconds(modules: str, runs: int) -> float:
    """Median wall time of a fresh interpreter importing `modules` (minus a bare start)."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    bare = statistics.median(run("import numpy") for _ in range(runs))
    return max(0.0, statistics.median(run(f"import numpy, {modules}") for _ in range(runs)) - bare)


def row(label: str, seconds: float, audio: float, before: tuple[str, float] | None = None) -> None:
    text = f"{label:<26}: {seconds:6.3f} s  {audio / seconds:7.0f} x real time"
    if before is not None:
        text += f"   ({before[0]}: {before[1]:6.3f} s, {before[1] / seconds:4.1f}x faster now)"
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--minutes", type=float, default=11.0)
    args = parser.parse_args()
    runs = args.runs
    x = episode(args.minutes * 60)
    seconds = len(x) / RATE
    out = loudness.normalize_loudness(x, RATE)
    print(
        f"signal: {seconds:.0f} s at {RATE} Hz, {loudness.integrated_loudness(x, RATE):.1f} LUFS, "
        f"{loudness.true_peak(x):.1f} dBTP -> {loudness.integrated_loudness(out, RATE):.2f} LUFS, "
        f"{loudness.true_peak(out):.2f} dBTP"
    )
    ours = import_seconds("vorleser.audio.loudness, vorleser.audio.encode", runs)
    scipy_too = import_seconds(
        "vorleser.audio.loudness, vorleser.audio.encode, scipy.signal, scipy.ndimage", runs
    )
    label = "import audio modules"
    print(f"{label:<26}: {ours:6.3f} s   (with scipy.signal+ndimage: {scipy_too:.3f} s)")

    from scipy.signal import firwin, sosfilt, upfirdn

    sos = loudness._k_weighting_sos(RATE)
    sos32 = np.array(sos, dtype=np.float32)
    before = timed(lambda: sosfilt(sos32, x), runs)
    row(
        "K-weighting filter",
        timed(lambda: filters.sosfilt(sos, x), runs),
        seconds,
        ("scipy", before),
    )
    h = (firwin(31, 0.5, window=("kaiser", 7.0)) * 2).astype(np.float32)
    before = timed(lambda: upfirdn(h, out, up=2), runs)
    row(
        "upsample 22.05->44.1 kHz",
        timed(lambda: filters.upsample(out, 2), runs),
        seconds,
        ("scipy", before),
    )

    chunks = np.split(x, np.flatnonzero(np.diff((x == 0).astype(np.int8)) == 1)[::2] + 1)
    row(
        f"sentence levels ({len(chunks)})",
        timed(lambda: [loudness.sentence_level(c, RATE) for c in chunks], runs),
        seconds,
    )
    row("measure loudness", timed(lambda: loudness.integrated_loudness(x, RATE), runs), seconds)
    row(
        "normalize (meter+limiter)",
        timed(lambda: loudness.normalize_loudness(x, RATE), runs),
        seconds,
    )
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "bench.mp3"
        one = timed(lambda: encode.encode_mp3(out, RATE, dest, threads=1), runs)
        row("encode mp3 64k q7, 1 thr", one, seconds)
        two = timed(lambda: encode.encode_mp3(out, RATE, dest, threads=2), runs)
        row("encode mp3 64k q7, 2 thr", two, seconds, ("1 thread", one))
        row(
            "encode mp3 64k q5, 2 thr",
            timed(lambda: encode.encode_mp3(out, RATE, dest, quality=5, threads=2), runs),
            seconds,
        )


if __name__ == "__main__":
    main()
