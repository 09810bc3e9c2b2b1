"""`vorleser normalize`: written lines on stdin, spoken lines on stdout, one for one.

Imports only the normalizer (no numpy, no audio), so it starts fast enough to be piped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vorleser.cli import fail
from vorleser.errors import VorleserError


@click.command()
@click.option("--lang", "language", default="de", show_default=True, help="Language code.")
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder with vorleser.toml whose lexicon.tsv and tables override the built-ins.",
)
@click.option(
    "--urls",
    type=click.Choice(["short", "full", "skip"]),
    default="short",
    show_default=True,
    help="Say web addresses by their host, in full for typing (scheme, path, query), or not.",
)
def normalize(language: str, project_dir: Path | None, urls: str) -> None:
    """Print the spoken form of each line read from stdin (exactly one line per line)."""
    from vorleser.normalize import Normalizer

    try:
        normalizer = Normalizer(language, project_dir=project_dir, urls=urls)
    except VorleserError as exc:
        fail(exc)
    out = sys.stdout
    for line in sys.stdin:
        text = line.rstrip("\n").rstrip("\r")
        spoken = normalizer.normalize(text).replace("\n", " ").replace("\r", " ")
        out.write(spoken + "\n")
        out.flush()
