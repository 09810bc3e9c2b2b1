"""`vorleser studio`: the pronunciation studio in the browser."""

from __future__ import annotations

from pathlib import Path

import click

from vorleser.cli import fail
from vorleser.errors import ConfigError, VorleserError


@click.command()
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback exposes the project to the network.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port."
)
def studio(project_dir: Path, host: str, port: int) -> None:
    """See, hear and fix what will be said: a local web app for the project in PROJECT_DIR.

    Lists the articles with their state and flags, shows each sentence written and spoken with
    a player, edits lexicon.tsv with a preview, and runs the incremental build.
    """
    if not (project_dir / "vorleser.toml").is_file():
        raise click.UsageError(f"{project_dir}: no vorleser.toml here; give a project folder")
    try:
        from vorleser.studio.server import run
    except ModuleNotFoundError as exc:
        raise click.ClickException(
            f"the studio needs {exc.name}: pip install 'vorleser[studio]'"
        ) from exc
    click.echo(f"vorleser studio: http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        run(project_dir, host, port)
    except ConfigError as exc:
        for key, problem in exc.problems:
            click.echo(f"Error: {exc.where}: {key}: {problem}", err=True)
        raise SystemExit(1) from exc
    except VorleserError as exc:
        fail(exc)
