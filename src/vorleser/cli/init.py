"""`vorleser init`: a new project folder that builds as it is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from vorleser.cli import fail
from vorleser.errors import VorleserError

if TYPE_CHECKING:
    from vorleser.project_init import Initialized


@click.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="", help="The show's name.")
@click.option("--description", default="", help="What the show is about.")
@click.option("--author", default="", help="Publisher shown as the show's author.")
@click.option("--email", default="", help="Owner e-mail for podcast directories.")
@click.option("--link", default="", help="The publisher's site; base_url becomes LINK/podcast/.")
@click.option("--language", default="de", show_default=True, help="ISO 639-1 language code.")
def init(
    directory: Path,
    title: str,
    description: str,
    author: str,
    email: str,
    link: str,
    language: str,
) -> None:
    """Create a project in DIRECTORY: vorleser.toml, articles/ and lexicon.tsv.

    Every required setting is written with a comment; what is not given becomes a placeholder
    that still builds (the notes say which to change). An existing vorleser.toml is never
    overwritten. `vorleser import feed|wordpress` into a folder without a project does this
    from the source's own title, description, link, language and image.
    """
    from vorleser.ingest.export import SiteInfo
    from vorleser.project_init import init_project

    info = SiteInfo(
        title=title,
        description=description,
        author=author,
        email=email,
        link=link,
        language=language,
    )
    try:
        done = init_project(directory, info)
    except VorleserError as exc:
        fail(exc)
    report_init(done)
    click.echo(
        f"next: put articles into {directory / 'articles'} and run `vorleser build {directory}`"
    )


def report_init(done: Initialized) -> None:
    """Print what init wrote and what to check."""
    click.echo(f"initialized {done.project_dir}: {', '.join(done.written)}")
    for note in done.notes:
        click.echo(f"Note: {note}")
