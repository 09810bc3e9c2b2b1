"""Generate a larger project from the example articles, at run time, into a temporary folder.

The corpus is not committed: it is the example articles repeated, each copy made distinct
sentence by sentence (a "Fassung N:" lead-in), so no copy is a cache hit for another and the
build really synthesizes every sentence. bench/build.py and bench/incremental.py use it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"

_SENTENCE_END = re.compile(r"(?<=[a-zäöüß]{3}[.!?])\s+(?=[A-ZÄÖÜ])")  # not after "Mrd.", "3."


def voice_toml(engine: str, name: str = "") -> str:
    """The [voice] table for `engine` (and a voice name, for Piper)."""
    lines = ["[voice]", f'engine = "{engine}"']
    if name:
        lines.append(f'name = "{name}"')
    return "\n".join(lines) + "\n"


def _project_toml(voice: str, cache_dir: str) -> str:
    """The example project's vorleser.toml with its [voice] table replaced."""
    text = (EXAMPLES / "vorleser.toml").read_text("utf-8")
    text = re.sub(r"(?ms)^\[voice\]\n.*?(?=^\[|\Z)", "", text)
    return f'{text.rstrip()}\n\n{voice}\n[build]\ncache_dir = "{cache_dir}"\n'


def vary(markdown: str, copy: int) -> str:
    """Copy number `copy` of an article: every body sentence gets its own lead-in.

    Copy 0 is the article unchanged. Only prose lines are touched (no front matter, headings,
    lists, links or comments), so the structure and what is read stay the same.
    """
    if copy == 0:
        return markdown
    if markdown.startswith("---\n"):
        _, front, body = markdown.split("---\n", 2)
        front = re.sub(r'(?m)^title: "(.*)"$', rf'title: "\1 (Fassung {copy})"', front)
        front = f"---\n{front}---\n"
    else:  # no front matter: the title is the first line, "**Title**"
        first, body = markdown.split("\n", 1)
        front = re.sub(r"^\*\*(.*)\*\*$", rf"**\1 (Fassung {copy})**", first) + "\n"
    lines = []
    for line in body.splitlines():
        if len(line) > 80 and line[0].isalpha() and "](" not in line:
            parts = _SENTENCE_END.split(line)
            line = " ".join(f"Fassung {copy}: {p}" for p in parts)
        lines.append(line)
    return front + "\n".join(lines) + "\n"


def write_project(
    dest: Path, articles: int = 3, *, voice: str = "", cache_dir: str = ".vorleser-cache"
) -> Path:
    """Write a project with `articles` articles (variants of the examples) into `dest`."""
    sources = sorted((EXAMPLES / "articles").glob("*.md"))
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "articles").mkdir(parents=True)
    (dest / "vorleser.toml").write_text(
        _project_toml(voice or voice_toml("espeak"), cache_dir), "utf-8"
    )
    for i in range(articles):
        source = sources[i % len(sources)]
        copy = i // len(sources)
        name = source.stem if copy == 0 else f"{source.stem}-{copy}"
        text = vary(source.read_text("utf-8"), copy)
        (dest / "articles" / f"{name}.md").write_text(text, "utf-8")
    return dest
