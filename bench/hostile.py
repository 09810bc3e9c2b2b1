"""How reading an article grows with its size: linear, or not (issue #11).

    python bench/hostile.py [--quick]

For each shape of hostile Markdown (floods of brackets, comments, broken paragraphs, related
lines, emphasis, ...) the article is read at 1x, 2x and 4x a base size; the median of three
runs per size is printed with the growth factor from 2x to 4x. Linear reading doubles (about
2.0); quadratic reading quadruples (4.0). Figures only: tests never assert times.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from collections.abc import Callable

from vorleser.errors import VorleserError
from vorleser.ingest.markdown import parse_markdown

HEAD = "# Titel\n\nDer Waffenstillstand von 1996 hielt nicht lange.\n\n"
SHAPES: dict[str, Callable[[int], str]] = {
    "paragraphs": lambda n: "\n\n".join(f"Absatz {i} über Minsk III und 1996." for i in range(n)),
    "broken paragraphs": lambda n: (
        "Anfang\n\n" + "\n\n".join("weiter ohne punkt" for _ in range(n))
    ),
    "related lines": lambda n: "Mehr zum Thema\n" * n + "wort\n",
    "list items": lambda n: "".join(f"- Punkt {i}\n" for i in range(n)),
    "quotes": lambda n: "\n\n".join(f"> Zitat {i}." for i in range(n)),
    "link openers": lambda n: "[a" * n,
    "nested brackets": lambda n: "[" * n + "a" + "]" * n,
    "bracket lines": lambda n: "[\n" * n + "a",
    "unclosed links": lambda n: "[a](<b" * n,
    "unclosed comments": lambda n: "Text.\n\n" + "<!--" * n,
    "audio tags": lambda n: "Text.\n\n" + "<audio " * n,
    "emphasis": lambda n: "*a **a " * n + "b" + " a** a*" * n,
    "links": lambda n: " ".join(f"[a{i}](https://example.org/{i})" for i in range(n)),
    "footnotes": lambda n: " ".join(f"Satz[{i % 100}]." for i in range(n)),
    "http runs": lambda n: "http://" * n,
}


def _seconds(text: str) -> float:
    t0 = time.perf_counter()
    with contextlib.suppress(VorleserError):
        parse_markdown(text, "bench.md")
    return time.perf_counter() - t0


def main() -> None:
    base = 1000 if "--quick" in sys.argv else 4000
    print(f"{'shape':20s} {'1x':>8s} {'2x':>8s} {'4x':>8s}  growth 2x->4x (2.0 = linear)")
    worst = 0.0
    for name, make in SHAPES.items():
        medians = []
        for factor in (1, 2, 4):
            text = HEAD + make(base * factor)
            medians.append(statistics.median(_seconds(text) for _ in range(3)))
        growth = medians[2] / max(medians[1], 1e-9)
        worst = max(worst, growth)
        cells = " ".join(f"{m:8.3f}" for m in medians)
        print(f"{name:20s} {cells}  {growth:.1f}", flush=True)
    print(f"worst growth: {worst:.1f} (base size {base} units; seconds, median of 3)")


if __name__ == "__main__":
    main()
