"""`vorleser publish wordpress`: put the built audio on the posts it was made from."""

from __future__ import annotations

from pathlib import Path

import click

from vorleser.cli import fail
from vorleser.errors import VorleserError


@click.group("publish")
def publish_group() -> None:
    """Publish built episodes back to where the articles came from."""


@publish_group.command("wordpress")
@click.argument("url")
@click.argument(
    "project_dir", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="The built output folder (default: PROJECT_DIR/site).",
)
@click.option(
    "--user", help="WordPress user (Editor or Administrator) [default: [wordpress] user]."
)
@click.option(
    "--app-password",
    help="An application password of that user.",
    envvar="VORLESER_WP_APP_PASSWORD",
    show_envvar=True,
)
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
def wordpress(
    url: str,
    project_dir: Path,
    out: Path | None,
    user: str | None,
    app_password: str | None,
    dry_run: bool,
) -> None:
    """Give every post imported from the WordPress site at URL its audio edition.

    Uploads each episode's MP3 to the media library (only when new or changed), puts one marked
    block at the top of the post (announcement, WordPress's audio player, "In neuem Fenster
    abspielen | Herunterladen") and, with the companion plugin (contrib/wordpress-plugin), makes
    WordPress's RSS feed carry the MP3 as the post's enclosure. Posts whose episode is no longer
    built lose block and file again. Run `vorleser build` first.
    """
    from vorleser.config import load_config
    from vorleser.wpublish.publish import publish_wordpress, spec_from_config

    try:
        config = load_config(project_dir)
        spec = spec_from_config(config, url, out, user, app_password, dry_run)
        report = publish_wordpress(spec)
    except VorleserError as exc:
        fail(exc)
    for line in report.actions:
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for error in report.failures:
        click.echo(f"Error: {error}", err=True)
    click.echo(report.summary(dry_run))
    if report.failures:
        raise SystemExit(1)
