"""`vorleser remove SLUG`: take an article down; the next build drops its episode, page and item."""

from __future__ import annotations

from pathlib import Path

import click

from vorleser.cli import fail
from vorleser.errors import VorleserError


@click.command()
@click.argument("slug")
@click.argument(
    "project_dir", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--keep-file", is_flag=True, help="Keep the article's file; only mark the slug withdrawn."
)
@click.option("--restore", is_flag=True, help="Take SLUG off the take-down list again.")
def remove(slug: str, project_dir: Path, keep_file: bool, restore: bool) -> None:
    """Withdraw the article SLUG of the project in PROJECT_DIR (default: the current folder).

    Deletes the article's file (unless --keep-file) and records the slug in
    PROJECT_DIR/.vorleser/withdrawn.json: the next build leaves out its episode, page and feed
    item, and the next import does not bring an imported article back. The item's guid stays
    reserved for it. --restore undoes the withdrawal (restore the file yourself, or import
    again with --restore).
    """
    from vorleser import takedown
    from vorleser.config import CONFIG_FILE

    if not (project_dir / CONFIG_FILE).is_file():
        raise click.UsageError(f"{project_dir}: no {CONFIG_FILE} here; give a project folder")
    state_dir = project_dir / ".vorleser"
    try:
        if restore:
            if not takedown.restore(state_dir, slug):
                raise click.UsageError(f"{slug}: not withdrawn, nothing to restore")
            _mark_import(project_dir, slug, deleted=False)
            click.echo(f"restored {slug}: the next build publishes it again if its file exists")
            return
        source = _find(project_dir, slug)
        if source is None and not _mark_import(project_dir, slug, deleted=True):
            raise click.UsageError(f"{slug}: no article with this slug in {project_dir}")
        removal = takedown.withdraw(state_dir, slug, source, keep_file=keep_file)
        _mark_import(project_dir, slug, deleted=True)
    except VorleserError as exc:
        fail(exc)
    what = f"deleted {removal.source}; " if removal.deleted else ""
    click.echo(f"withdrew {slug}: {what}the next build removes its episode, page and feed item")


def _find(project_dir: Path, slug: str) -> Path | None:
    """The article file whose slug is `slug` (files named after it are tried first)."""
    from vorleser.config import load_config
    from vorleser.ingest import find_articles, read_article
    from vorleser.ingest.markdown import slugify

    config = load_config(project_dir)
    paths = [project_dir / p for p in config.get("articles", "paths")]
    files = find_articles(paths, skip=(project_dir / "site",))
    files.sort(key=lambda f: slugify(f.stem) != slug)
    for path in files:
        try:
            if read_article(str(path)).slug == slug:
                return path
        except VorleserError:
            continue
    return None


def _mark_import(project_dir: Path, slug: str, *, deleted: bool) -> bool:
    """Tombstone (or revive) the imported item with `slug`; False when none has it."""
    from vorleser.ingest.export import load_index, save_index

    index = load_index(project_dir)
    found = False
    for key, entry in index.items():
        if entry.get("slug") == slug:
            found = True
            entry = {k: v for k, v in entry.items() if k != "deleted"}
            index[key] = {**entry, "deleted": True} if deleted else entry
    if found:
        save_index(project_dir, index)
    return found
