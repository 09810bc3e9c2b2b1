"""`vorleser build`: the whole project into a publishable folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from vorleser.cli import fail
from vorleser.cli.progress import terminal_progress
from vorleser.errors import ConfigError, VorleserError


@click.command()
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: PROJECT_DIR/site).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes for synthesis (0: every core; default from vorleser.toml).",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    default=None,
    help="Build on a Dask cluster: tcp://HOST:PORT of its scheduler, or local:N for N local "
    "workers (default from vorleser.toml; needs vorleser[cluster]).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Make at most N new or changed episodes, newest first (an archive in batches).",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Make no new episode for articles dated before this day (YYYY-MM-DD).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress output, only the summary line.")
def build(
    project_dir: Path,
    out: Path | None,
    jobs: int | None,
    cluster: str | None,
    limit: int | None,
    since: datetime | None,
    quiet: bool,
) -> None:
    """Build audio editions, feed and pages for the project in PROJECT_DIR.

    Reads PROJECT_DIR/vorleser.toml and its articles; writes feed.xml, episodes/ and one page per
    article into the output folder. Unchanged sentences and episodes are not made again.
    With --cluster the synthesis and encoding run on Dask workers; this process still reads,
    writes and publishes (see docs/scale.md).
    """
    from vorleser.backfill import Backfill
    from vorleser.build import build as run_build
    from vorleser.config import cluster_problem

    if not (project_dir / "vorleser.toml").is_file():
        raise click.UsageError(f"{project_dir}: no vorleser.toml here; give a project folder")
    if cluster and (problem := cluster_problem(cluster)):
        raise click.BadParameter(problem, param_hint="--cluster")
    try:
        report = run_build(
            project_dir,
            out,
            jobs=jobs,
            progress=terminal_progress(not quiet),
            cluster=cluster,
            backfill=Backfill(since.date() if since else None, limit),
        )
    except ConfigError as exc:
        for key, problem in exc.problems:
            click.echo(f"Error: {exc.where}: {key}: {problem}", err=True)
        raise SystemExit(1) from exc
    except VorleserError as exc:
        fail(exc)
    except OSError as exc:  # a full disk or a vanished folder while writing
        where = exc.filename or out or project_dir / "site"
        click.echo(f"Error: {where}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from exc
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    kept = set(report.kept)
    for source, problem in report.failures:
        note = "; its last published episode stays in the feed" if source in kept else ""
        problem = " ".join(problem.split())  # one line, whatever a parser's message holds
        click.echo(f"Error: {source}: {problem}{note}", err=True)
    click.echo(report.summary())
    if report.failures:
        raise SystemExit(1)
