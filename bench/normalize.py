"""Print the text-normalization figures: tn-de score, corpus accuracy, speed, start-up.

    python bench/normalize.py [--suite ../shared/tn-de] [--seconds 3]

Figures only; tests never assert them. The tn-de score runs the suite's own score.py
(with --ignore-spaces, as issue 3 asks) against `vorleser normalize` on stdin/stdout, once
in the default URL mode and once with --urls full.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "normalize" / "corpus.tsv"
#: Every German corpus: the regression corpus and the listening corpus (issue 9).
CORPORA = (CORPUS, CORPUS.with_name("corpus_listening.tsv"))


def suite_score(suite: Path, urls: str = "short") -> str:
    """The last line of score.py ("overall: 0.9648 (274/284)") against the CLI in `urls` mode."""
    score = suite / "score.py"
    if not score.is_file():
        return f"skipped ({score} not found)"
    command = f"{sys.executable} -m vorleser normalize --urls {urls}"
    result = subprocess.run(
        [sys.executable, str(score), "--cmd", command, "--ignore-spaces"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    per_class = [line for line in lines if re.match(r"^\w+\s+\d\.\d{4} ", line)]
    return "\n  ".join([lines[-1] if lines else result.stderr.strip(), *per_class])


def corpus_pairs() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for corpus in CORPORA:
        rows = [
            line
            for line in corpus.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ][1:]
        reader = csv.reader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
        pairs += [(r[0], r[1]) for r in reader]
    return pairs


def startup_seconds() -> float:
    """Wall time of a fresh `vorleser normalize` process answering one line (best of 3)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "vorleser", "normalize"],
            input="Am 3. Mai.\n",
            capture_output=True,
            text=True,
            check=True,
        )
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=ROOT.parent / "shared" / "tn-de")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    from vorleser.normalize import Normalizer

    start = time.perf_counter()
    normalizer = Normalizer("de")
    build = time.perf_counter() - start

    pairs = corpus_pairs()
    right = sum(normalizer.normalize(w) == s for w, s in pairs)

    sentences = [w for w, _ in pairs]
    done = 0
    start = time.process_time()
    while time.process_time() - start < args.seconds:
        for sentence in sentences:
            normalizer.normalize(sentence)
        done += len(sentences)
    rate = done / (time.process_time() - start)

    print(f"tn-de (--ignore-spaces, default --urls short): {suite_score(args.suite)}")
    print(f"tn-de (--ignore-spaces, --urls full): {suite_score(args.suite, 'full')}")
    print(f"corpus accuracy: {right / len(pairs):.4f} ({right}/{len(pairs)})")
    print(f"throughput: {rate:,.0f} sentences/s (one core, CPU time)")
    print(
        f"start-up: Normalizer() {build * 1000:.0f} ms; CLI process to first line "
        f"{startup_seconds() * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
