"""Page weight: HTML + CSS + JS bytes of each episode page, embed and index of a built site.

Usage: python bench/page_weight.py [SITE_DIR]

Without SITE_DIR it builds the bundled examples into a temporary folder with `vorleser build`
(as a user would). For every page it adds the page's HTML and the stylesheets and scripts it
links (each counted once per page, as a first visit loads them), without the audio, images
and the search index (printed apart: the search page loads only the fragments a query needs).
Sizes are raw and gzip -6 (what a web server typically sends). The goal for an episode page
is under 100 kB raw (issue 13). Sizes do not vary between runs, so one build is enough.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent


def weight(page: Path, site: Path) -> tuple[int, int]:
    """(raw bytes, gzipped bytes) of a page with the CSS and JS it links."""
    files = [page]
    doc = lxml.html.fromstring(page.read_bytes())
    for ref in doc.xpath("//link[@rel='stylesheet']/@href | //script/@src"):
        target = (page.parent / ref.split("?", 1)[0]).resolve()
        if target.is_relative_to(site.resolve()) and target.is_file():
            files.append(target)
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, packed


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def report(site: Path) -> None:
    groups = {
        "episode page": sorted(site.glob("*/index.html")),
        "embed": sorted(site.glob("*/embed.html")),
        "index": [site / "index.html"],
    }
    groups["episode page"] = [
        p for p in groups["episode page"] if (p.parent / "embed.html").is_file()
    ]
    print(f"{'page':44} {'raw':>9} {'gzip':>9}")
    for label, pages in groups.items():
        sizes = [weight(p, site) for p in pages]
        for page, (raw, packed) in zip(pages, sizes, strict=True):
            print(f"{page.relative_to(site)!s:44} {raw:>9,} {packed:>9,}")
        if sizes:
            raw_median = statistics.median(s[0] for s in sizes)
            gz_median = statistics.median(s[1] for s in sizes)
            print(f"{'median ' + label:44} {raw_median:>9,.0f} {gz_median:>9,.0f}")
    for name in ("player.css", "player.js", "search.js"):
        path = site / "static" / name
        if path.is_file():
            print(f"{'  of which static/' + name:44} {path.stat().st_size:>9,}")
    index = site / "pagefind"
    if index.is_dir():
        print(f"{'search index (pagefind/, all files)':44} {folder_size(index):>9,}")


def main() -> None:
    if len(sys.argv) > 1:
        report(Path(sys.argv[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(
            ROOT / "examples",
            project,
            ignore=shutil.ignore_patterns(".vorleser-cache", ".vorleser", "site"),
        )
        out = project / "site"
        subprocess.run(
            [sys.executable, "-m", "vorleser", "build", str(project), "-o", str(out)],
            check=True,
            capture_output=True,
        )
        report(out)


if __name__ == "__main__":
    main()
