"""`vorleser voices`: list, register and download Piper voices."""

from __future__ import annotations

from pathlib import Path

import click

from vorleser.cli import fail
from vorleser.errors import VorleserError
from vorleser.tts import voices as registry


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


@click.group(invoke_without_command=True)
@click.pass_context
def voices(ctx: click.Context) -> None:
    """List installed voices (name, language, quality, path); subcommands add more.

    Voices live in $VORLESER_DATA_DIR (default ~/.local/share/vorleser/voices), are registered
    with `vorleser voices add`, or come with installed Python packages.
    """
    if ctx.invoked_subcommand is not None:
        return
    try:
        found = registry.list_voices()
    except VorleserError as exc:
        fail(exc)
    if not found:
        click.echo(
            f"No voices installed in {registry.data_dir()}. "
            "Try `vorleser voices download de_DE-thorsten-medium`."
        )
        return
    rows: list[tuple[str, ...]] = [("NAME", "LANGUAGE", "QUALITY", "PATH")]
    rows += [(v.name, v.language or "?", v.quality or "?", str(v.path)) for v in found]
    click.echo(_table(rows))


@voices.command("add")
@click.argument("path", type=click.Path(path_type=Path))
def add(path: Path) -> None:
    """Register the voice PATH (an .onnx with its .onnx.json beside it) where it lies."""
    try:
        info = registry.add_voice(path)
    except VorleserError as exc:
        fail(exc)
    click.echo(f"Registered {info.name} ({info.language}, {info.quality}): {info.path}")


@voices.command("download")
@click.argument("name")
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to put the voice in (default: the voice folder, $VORLESER_DATA_DIR).",
)
@click.option(
    "--base-url",
    default=registry.DEFAULT_BASE_URL,
    show_default=True,
    help="Root of the Piper voice collection, or a mirror with the same layout.",
)
def download(name: str, dest: Path | None, base_url: str) -> None:
    """Download voice NAME (e.g. de_DE-thorsten-medium) from the Piper voice collection."""
    click.echo(f"Downloading {name} ...", err=True)
    try:
        info = registry.download_voice(name, dest, base_url=base_url)
    except VorleserError as exc:
        fail(exc)
    click.echo(f"Installed {info.name} ({info.language}, {info.quality}): {info.path}")
