"""`vorleser import feed|wordpress`: bring articles from where they live into a project folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vorleser.cli import fail
from vorleser.errors import VorleserError

if TYPE_CHECKING:
    from vorleser.ingest.export import Harvest


@click.group("import")
def import_group() -> None:
    """Import articles into PROJECT_DIR/articles/ as Markdown with front matter.

    Re-running an import updates changed articles, leaves unchanged ones alone, adds new ones
    and keeps every article's slug (PROJECT_DIR/imports.json remembers them).
    """


_PROJECT = click.argument(
    "project_dir",
    required=False,
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
)
_RESTORE = click.option(
    "--restore",
    is_flag=True,
    help="Bring back articles that were deleted or removed since an earlier import.",
)


@import_group.command("feed")
@click.argument("source")
@_PROJECT
@click.option(
    "--summaries-only",
    is_flag=True,
    help="Do not visit the links of items that carry only a summary (they fail instead).",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between requests to one site when visiting article pages.",
)
@_RESTORE
def feed(
    source: str, project_dir: Path, summaries_only: bool, delay: float, restore: bool
) -> None:
    """Import an RSS or Atom feed (a URL or a file).

    Items with the full text (content:encoded, Atom content) are taken as they are; for an item
    with only a summary, its link is fetched and read like `vorleser speak URL` reads a page,
    honouring robots.txt, pausing between requests and asking only for changed pages
    (PROJECT_DIR/.vorleser-cache/pages keeps them).
    """
    from vorleser.ingest.feed import read_feed
    from vorleser.ingest.pages import PageFetcher

    pages = None if summaries_only else PageFetcher(_page_cache(project_dir), delay=delay)
    try:
        harvest = read_feed(source, pages=pages)
    except VorleserError as exc:
        fail(exc)
    _finish(project_dir, harvest, ("feeds", source) if "://" in source else None, restore)


def _page_cache(project_dir: Path) -> Path:
    return project_dir / ".vorleser-cache" / "pages"


@import_group.command("wordpress")
@click.argument("url")
@_PROJECT
@_RESTORE
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    help="Only posts published after this date (YYYY-MM-DD).",
)
@click.option("--user", help="WordPress user name, for drafts and private posts.")
@click.option(
    "--app-password",
    help="An application password of that user.",
    envvar="VORLESER_WP_APP_PASSWORD",
    show_envvar=True,
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds to wait between requests to the site.",
)
def wordpress(
    url: str,
    project_dir: Path,
    restore: bool,
    since: dt.datetime | None,
    user: str | None,
    app_password: str | None,
    delay: float,
) -> None:
    """Import the posts of a WordPress site through its REST API."""
    from vorleser.ingest.wordpress import WordPressImport, read_wordpress

    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    spec = WordPressImport(site=url, since=since, user=user, app_password=app_password, delay=delay)
    try:
        harvest = read_wordpress(spec)
    except VorleserError as exc:
        fail(exc)
    _finish(project_dir, harvest, ("wordpress", url), restore)


def _finish(
    project_dir: Path, harvest: Harvest, source: tuple[str, str] | None, restore: bool = False
) -> None:
    """Write the articles (initializing the project first if there is none), print what
    happened, exit 1 if any item failed."""
    from vorleser.cli.init import report_init
    from vorleser.ingest.export import export
    from vorleser.project_init import has_project, init_project, site_info

    try:
        if not has_project(project_dir) and (harvest.articles or harvest.site):
            info = harvest.site or (site_info(source[1]) if source else None)
            report_init(init_project(project_dir, info, source=source))
        report = export(project_dir, harvest, restore=restore)
    except VorleserError as exc:
        fail(exc)
    for label, slugs in (("added", report.added), ("updated", report.updated)):
        for slug in slugs:
            click.echo(f"{label}: articles/{slug}.md")
    for slug in report.withdrawn:
        click.echo(f"withdrawn (deleted or removed; --restore brings it back): {slug}")
    for error in report.failures:
        click.echo(f"Error: {error}", err=True)
    click.echo(report.summary())
    if report.failures:
        raise SystemExit(1)
