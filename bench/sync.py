"""What an unattended `vorleser sync` round costs when nothing changed, and when one article did.

Usage: python bench/sync.py [--runs 5]

`vorleser sync --every 10m` runs a round every few minutes, and most rounds find nothing new, so
the idle round is the figure that matters for a server: it reads the articles, finds every
episode cached, writes the pages and compares the site with the deploy folder. The bundled
example project is copied into a temporary folder, given a deploy folder, and synced once
(cold, with synthesis); then `--runs` idle rounds and `--runs` rounds after editing one
sentence of one article are timed. No network is used (no import sources, no WordPress).
Prints medians; tests never assert them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from vorleser.sync import sync_once

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "examples"
        shutil.copytree(
            ROOT / "examples", project, ignore=shutil.ignore_patterns(".vorleser*", "site")
        )
        with (project / "vorleser.toml").open("a", encoding="utf-8") as fh:
            fh.write('\n[sync]\ndeploy_dir = "public"\n')
        lines: list[str] = []
        started = time.perf_counter()
        report = sync_once(project, lines.append)
        cold = time.perf_counter() - started
        assert not report.failed, report.failed
        idle = [_timed(project) for _ in range(args.runs)]
        article = sorted((project / "articles").glob("*.md"))[0]
        text = article.read_text("utf-8")
        changed = []
        for n in range(args.runs):
            article.write_text(text.rstrip() + f"\n\nEin Nachtrag, Fassung {n + 1}.\n", "utf-8")
            changed.append(_timed(project))
    runs = args.runs
    print(f"sync round, cold (3 articles, synthesis):      {cold:6.2f} s")
    print(f"sync round, nothing changed (median of {runs}):   {statistics.median(idle):6.2f} s")
    print(f"sync round, one sentence added (median of {runs}): {statistics.median(changed):6.2f} s")


def _timed(project: Path) -> float:
    started = time.perf_counter()
    report = sync_once(project, lambda line: None)
    assert not report.failed, report.failed
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
