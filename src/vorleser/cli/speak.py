"""`vorleser speak`: one article to one MP3, no project needed."""

from __future__ import annotations

from pathlib import Path

import click

from vorleser.cli import fail
from vorleser.cli.progress import terminal_progress
from vorleser.errors import VorleserError


@click.command()
@click.argument("article")
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The MP3 to write; FILE.vtt and FILE.chapters.json are written beside it.",
)
@click.option("--voice", default="", help="Voice name or .onnx path (see `vorleser voices`).")
@click.option("--engine", default="", help="Speech engine: espeak (default) or piper.")
@click.option(
    "--lang", "language", default=None, help="Language of the article (default: its own or de)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
def speak(
    article: str, out: Path, voice: str, engine: str, language: str | None, quiet: bool
) -> None:
    """Read ARTICLE (Markdown, HTML file or URL) aloud into an MP3."""
    from vorleser.speak import speak as run_speak

    if not engine and voice:
        engine = "piper"
    try:
        episode, report = run_speak(
            article,
            out,
            voice=voice,
            engine=engine,
            language=language,
            progress=terminal_progress(not quiet),
        )
    except VorleserError as exc:
        fail(exc)
        return
    m, s = divmod(round(episode.duration), 60)
    click.echo(
        f"wrote {out} ({m:02d}:{s:02d}, {len(episode.chapters)} chapters, "
        f"{report.synthesized} of {report.sentences} sentences synthesized)"
    )
