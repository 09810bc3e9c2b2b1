"""Peak memory of building one long episode, by its length, streamed and in one array.

Usage: python bench/memory.py [--minutes 10,30,60,180] [--runs 3] [--whole-up-to 30]

Each configuration builds a project with one espeak article of about N minutes (original
sentences, repeated, so synthesis is quick after the first run) in a fresh subprocess with
`--jobs 1` (the episode is made in the build process itself) and prints the build's peak
resident memory. "streamed" forces the block-by-block path (what `vorleser build` does for
episodes longer than vorleser.episodes.make.STREAM_ABOVE_S); "whole" forces the one-array path (as
every episode was made before), measured only up to --whole-up-to minutes, because it needs
~50 MB a minute. Figures are medians over the runs; tests never assert them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOML = """\
[podcast]
title = "Lange Texte"
description = "Ein sehr langer Text, vorgelesen."
language = "de"
author = "Redaktion"
email = "redaktion@lange-texte.example"
base_url = "https://lange-texte.example/audio/"

[articles]
paths = ["articles"]

[voice]
engine = "espeak"
"""

SENTENCES = (
    "Der Waffenstillstand von 1996 hielt nur wenige Monate.",
    "Etwa 150.000 Menschen verließen damals ihre Dörfer.",
    "Die Verhandlungen in Minsk blieben ohne Ergebnis, und niemand sprach mehr von Minsk III.",
    "„Wir haben keine Wahl“, sagte die Bürgermeisterin am Abend.",
    "Im Haushalt fehlen in diesem Jahr rund 4,2 Millionen Euro.",
    "Die Opposition verlangt eine Sondersitzung des Stadtrats.",
)
"""About 25 s of speech per round; the article repeats them in sections."""
SECONDS_PER_ROUND = 25.0

RUNNER = """
import json, resource, sys, time
import vorleser.episodes.make as make
from vorleser.build import build
from pathlib import Path
make.STREAM_ABOVE_S = float("inf") if sys.argv[3] == "whole" else 0.0
t = time.perf_counter()
report = build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1)
assert not report.failures, report.failures
print(json.dumps({"seconds": time.perf_counter() - t, "audio": report.audio_seconds,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _project(root: Path, minutes: float) -> Path:
    rounds = max(1, round(minutes * 60 / SECONDS_PER_ROUND))
    body = []
    for i in range(rounds):
        if i % 8 == 0:
            body.append(f"## Teil {i // 8 + 1}\n")
        body.append(" ".join(SENTENCES) + "\n")
    project = root / f"lang-{minutes:g}"
    (project / "articles").mkdir(parents=True)
    (project / "vorleser.toml").write_text(TOML, "utf-8")
    (project / "articles" / "lang.md").write_text(
        '---\ntitle: "Ein sehr langer Text"\ndate: 2026-05-04\n---\n\n' + "\n".join(body),
        "utf-8",
    )
    return project


def _run(project: Path, mode: str, run: int) -> dict[str, float]:
    out = project / f"site-{mode}-{run}"
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(project), str(out), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", default="10,30,60,180")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--whole-up-to", type=float, default=30.0)
    args = parser.parse_args()
    print(f"{'minutes':>8} {'mode':>9} {'audio':>9} {'peak RSS':>10} {'build s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for minutes in (float(m) for m in args.minutes.split(",")):
            project = _project(Path(tmp), minutes)
            subprocess.run(  # synthesize once: the runs measure the episode, not the engine
                [sys.executable, "-m", "vorleser", "build", str(project), "-q", "-j", "1"],
                check=True,
                capture_output=True,
            )
            modes = ["streamed"] + (["whole"] if minutes <= args.whole_up_to else [])
            for mode in modes:
                runs = [_run(project, mode, i) for i in range(args.runs)]
                rss = statistics.median(r["rss_mb"] for r in runs)
                secs = statistics.median(r["seconds"] for r in runs)
                audio = time.strftime("%H:%M:%S", time.gmtime(runs[0]["audio"]))
                print(f"{minutes:>8g} {mode:>9} {audio:>9} {rss:>7.0f} MB {secs:>8.1f}")


if __name__ == "__main__":
    main()
