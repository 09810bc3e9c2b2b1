"""`vorleser sync`: the whole loop, once or every few minutes."""

from __future__ import annotations

import time
from pathlib import Path

import click


class _Interval(click.ParamType):  # type: ignore[type-arg]
    """A duration like 90s, 10m or 1h, in seconds."""

    name = "interval"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        from vorleser.sync import parse_interval

        if isinstance(value, float):
            return value
        try:
            return parse_interval(str(value))
        except ValueError:
            self.fail(f"{value!r} is not an interval like 90s, 10m or 1h", param, ctx)


@click.command()
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--every",
    type=_Interval(),
    help="Keep running: start a round every INTERVAL (90s, 10m, 1h) until stopped.",
)
@click.option(
    "--rounds",
    type=click.IntRange(min=1),
    help="With --every: stop after this many rounds.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes for synthesis (default from vorleser.toml).",
)
def sync(project_dir: Path, every: float | None, rounds: int | None, jobs: int | None) -> None:
    """Import, build, deploy and publish the project in PROJECT_DIR, unattended.

    One round: import from the sources in [sync] (feeds, a WordPress site), build, copy the site
    into [sync] deploy_dir (changed files only, the feed last) and run deploy_command, then
    publish the audio back to the WordPress site. A failing step is logged and retried next
    round; a failed build deploys and publishes nothing, so the last good state stays public.
    A lock keeps rounds from overlapping (a second one is skipped). Every line has a
    timestamp; each round ends with a summary. Exit status 1 when a step of the last round
    failed. docs/operate.md shows a systemd timer and a cron line.
    """
    from vorleser.sync import sync_once, timestamped

    if not (project_dir / "vorleser.toml").is_file():
        raise click.UsageError(f"{project_dir}: no vorleser.toml here; give a project folder")
    log = timestamped(lambda line: click.echo(line))
    done = 0
    while True:
        started = time.monotonic()
        report = sync_once(project_dir, log, jobs=jobs)
        done += 1
        if every is None or (rounds is not None and done >= rounds):
            break
        pause = every - (time.monotonic() - started)
        if pause > 0:
            log(f"next round in {pause:.0f} s")
            time.sleep(pause)
    if report.failed:
        raise SystemExit(1)
