"""How much an incremental build saves: a one-sentence edit, and a no-op rebuild of 100 articles.

Usage: python bench/incremental.py [--runs 3] [--articles 100] [--engine espeak|piper]

Every build is `vorleser build -q` in a subprocess, exactly as a user runs it, so times include
interpreter start-up; the summary line's own time is shown beside it. Prints:

1. the full (cold) build of the examples, then the rebuild after editing ONE sentence of one
   article, as a fraction of the full build, with its summary line ("synthesized 1 of N");
2. a no-op rebuild of a generated project of `--articles` articles (built once, then the second
   build is timed; median of `--runs`).
Figures are printed, never asserted by tests.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import VOICES, load_generator

ROOT = Path(__file__).resolve().parent.parent
EDITED = "haushalt-2027.md"
OLD = "Der Mindestlohn steigt am 1. Januar auf 14,60 € pro Stunde."
NEW = "Der Mindestlohn steigt am 1. Januar auf 14,80 € pro Stunde."
SUMMARY_TIME = re.compile(r"in ([\d.]+) s$")


def timed_build(project: Path, *extra: str) -> tuple[float, str]:
    """(wall seconds, summary line) of one `vorleser build` of `project`."""
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "vorleser", "build", str(project), "-q", *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{out.stderr[-3000:]}")
    return wall, out.stdout.strip().splitlines()[-1]


def one_sentence_edit(generator: Any, tmp: Path, engine: str, runs: int) -> None:
    """Full build, then the rebuild after a one-sentence edit; medians over fresh projects."""
    fulls, edits = [], []
    summary = ""
    for i in range(runs):
        project = generator.write_project(
            tmp / f"edit-{i}", 3, voice=generator.voice_toml(*VOICES[engine])
        )
        full, full_summary = timed_build(project)
        article = project / "articles" / EDITED
        text = article.read_text("utf-8")
        assert OLD in text, f"{EDITED} no longer contains the sentence this bench edits"
        article.write_text(text.replace(OLD, NEW), "utf-8")
        edit, summary = timed_build(project)
        fulls.append(full)
        edits.append(edit)
        print(f"  run {i + 1}: full {full:.2f} s ({full_summary}); edit {edit:.2f} s")
    full, edit = statistics.median(fulls), statistics.median(edits)
    print(
        f"examples / {engine}: full build {full:.2f} s, one-sentence edit {edit:.2f} s "
        f"= {100 * edit / full:.0f} % of the full build (median of {runs})"
    )
    print(f"  after the edit: {summary}")


def no_op(generator: Any, tmp: Path, articles: int, runs: int) -> None:
    """Build `articles` articles once, then time no-op rebuilds."""
    project = generator.write_project(tmp / "noop", articles)
    first, first_summary = timed_build(project, "--jobs", "0")
    print(f"  first build of {articles} articles: {first:.1f} s ({first_summary})")
    walls, inner = [], []
    summary = ""
    for _ in range(runs):
        wall, summary = timed_build(project)
        walls.append(wall)
        m = SUMMARY_TIME.search(summary)
        inner.append(float(m.group(1)) if m else float("nan"))
    print(
        f"no-op rebuild of {articles} articles: {statistics.median(walls):.2f} s wall "
        f"(command incl. start-up), {statistics.median(inner):.1f} s by the summary line "
        f"(median of {runs})"
    )
    print(f"  {summary}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--engine", choices=sorted(VOICES), default="espeak")
    args = parser.parse_args()
    generator = load_generator()
    with tempfile.TemporaryDirectory(prefix="vorleser-bench-") as tmp:
        one_sentence_edit(generator, Path(tmp), args.engine, args.runs)
        no_op(generator, Path(tmp), args.articles, args.runs)


if __name__ == "__main__":
    main()
