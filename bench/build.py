"""Speed and memory of a whole cold build, per corpus, engine and worker count.

Usage: python bench/build.py [--runs 3] [--engines espeak,piper] [--corpora examples,big]
                             [--jobs 1,2]

Each run is a fresh subprocess on a fresh copy of the project (cold sentence cache, empty output
folder), so peak memory is per configuration. It prints audio seconds per wall second (the real-
time multiple), the stages of BuildReport.stage_seconds, a finer split of the episode stage
(assemble, sentence levelling, loudness, encode, tags, hashing) measured by wrapping library
functions here (the library is not changed for this), and peak resident memory of the build
process and of its largest worker. Figures are medians over the runs; tests never assert them.

Corpora: "examples" is the bundled project (3 articles, about 6 minutes of audio); "big" is five
variants of them (about 11 minutes), generated into a temporary folder by tests/data/big.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus import VOICES, load_generator

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"examples": 3, "big": 5}
"""Corpus name -> number of articles (variants of the three examples)."""


class Timers:
    """Accumulated wall time of wrapped functions, by label."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, owner: Any, name: str, label: str) -> None:
        """Replace owner.name with a timed version of itself."""
        original: Callable[..., Any] = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - t0

        setattr(owner, name, timed)


def instrument() -> Timers:
    """Wrap the episode-stage functions (and serial synthesis) so their time is split out.

    With --jobs 1 everything runs in this process, so the split is complete; with more
    workers only the parent's share is seen (the stage totals stay exact).

    Functions that vorleser.episodes.make imports inside a function are wrapped in their home
    module; names it imports at the top are wrapped in its namespace.
    """
    import vorleser.audio.encode as encode
    import vorleser.audio.loudness as loudness
    import vorleser.audio.tags as tags
    import vorleser.build as build
    import vorleser.episodes as episodes
    import vorleser.episodes.make as make
    import vorleser.tts.synthesis as synthesis

    timers = Timers()
    timers.wrap(make, "_encode_streamed", "streamed (read, level, assemble, loudness, encode)")
    timers.wrap(make, "assemble", "assemble")
    timers.wrap(loudness, "level_sentences", "level sentences")
    timers.wrap(make, "_loudness", "loudness")
    timers.wrap(encode, "encode_mp3", "encode mp3")
    timers.wrap(tags, "write_tags", "id3 tags")
    timers.wrap(make, "file_digest", "hash mp3")
    timers.wrap(build, "_cover", "cover")
    timers.wrap(make, "_sentence_audio", "read cache + level")
    timers.wrap(synthesis, "load_engine", "load engine (serial)")
    timers.wrap(synthesis, "speak", "synthesize (serial)")
    timers.wrap(episodes, "describe_voice", "describe voice")
    return timers


def run_one(corpus: str, engine: str, jobs: int) -> dict[str, Any]:
    """One cold build in this process; returns its figures."""
    generator = load_generator()
    with tempfile.TemporaryDirectory(prefix="vorleser-bench-") as tmp:
        engine_name, voice = VOICES[engine]
        project = generator.write_project(
            Path(tmp) / "project",
            CORPORA[corpus],
            voice=generator.voice_toml(engine_name, voice),
        )
        timers = instrument()
        from vorleser.build import build

        t0 = time.perf_counter()
        report = build(project, Path(tmp) / "site", jobs=jobs)
        wall = time.perf_counter() - t0
    if report.failures:
        raise SystemExit(f"build failed: {report.failures}")
    return {
        "wall": wall,
        "audio": report.audio_seconds,
        "synthesized": report.synthesized,
        "sentences": report.sentences,
        "stages": report.stage_seconds,
        "split": timers.seconds,
        "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure(corpus: str, engine: str, jobs: int, runs: int) -> list[dict[str, Any]]:
    """`runs` cold builds, each in a fresh interpreter."""
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--one", corpus, engine, str(jobs)],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            raise SystemExit(f"{corpus}/{engine}/-j{jobs} failed:\n{out.stderr[-3000:]}")
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return results


def _median(results: list[dict[str, Any]], *path: str) -> float:
    values = []
    for r in results:
        value: Any = r
        for p in path:
            value = value.get(p, 0.0) if isinstance(value, dict) else 0.0
        values.append(float(value))
    return statistics.median(values)


def report(corpus: str, engine: str, jobs: int, results: list[dict[str, Any]]) -> float:
    """Print one configuration's medians; returns the median real-time multiple."""
    speed = statistics.median(r["audio"] / r["wall"] for r in results)
    wall = _median(results, "wall")
    first = results[0]
    print(
        f"\n{corpus} / {engine} / --jobs {jobs}: {speed:.1f}x real time "
        f"({first['audio']:.0f} s of audio in {wall:.2f} s wall, median of {len(results)}; "
        f"synthesized {first['synthesized']} of {first['sentences']} sentences)"
    )
    for stage in first["stages"]:
        s = _median(results, "stages", stage)
        print(f"  stage {stage:<12} {s:7.2f} s  {100 * s / wall:5.1f} %")
    labels = sorted({k for r in results for k in r["split"]})
    for label in labels:
        s = _median(results, "split", label)
        print(f"    {label:<22} {s:7.2f} s  {100 * s / wall:5.1f} %")
    print(
        f"  peak RSS: build process {_median(results, 'rss_self_mb'):.0f} MB, "
        f"largest worker {_median(results, 'rss_workers_mb'):.0f} MB"
    )
    return speed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="espeak,piper")
    parser.add_argument("--corpora", default="examples,big")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--one", nargs=3, metavar=("CORPUS", "ENGINE", "JOBS"), help="(internal)")
    args = parser.parse_args()
    if args.one:
        corpus, engine, jobs = args.one
        print(json.dumps(run_one(corpus, engine, int(jobs))))
        return
    speeds: dict[tuple[str, str, int], float] = {}
    for corpus in args.corpora.split(","):
        for engine in args.engines.split(","):
            for jobs in (int(j) for j in args.jobs.split(",")):
                results = measure(corpus, engine, jobs, args.runs)
                speeds[corpus, engine, jobs] = report(corpus, engine, jobs, results)
    print("\nsummary (median real-time multiple):")
    for (corpus, engine, jobs), speed in speeds.items():
        line = f"  {corpus:<9} {engine:<7} -j{jobs}: {speed:7.1f}x"
        if jobs != 1 and (corpus, engine, 1) in speeds:
            line += f"  ({speed / speeds[corpus, engine, 1]:.2f}x of -j1)"
        print(line)


if __name__ == "__main__":
    main()
