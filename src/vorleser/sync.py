"""`vorleser sync`: one unattended round of the publisher's loop, safe to run from cron.

import (the sources in [sync]) -> build -> deploy (copy, then the deploy command) -> publish
back to WordPress. Each step is its own error boundary: a source that cannot be reached is
logged and the build goes on with the articles already there; a build that fails stops the
round before anything is deployed or published, so the last good state stays public and the
next round tries again. A lock file keeps two rounds from overlapping: a second one is skipped.
Every log line carries a timestamp; the round ends with one summary line.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shlex
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from vorleser.config import Config, load_config
from vorleser.errors import VorleserError
from vorleser.publish import layout

if TYPE_CHECKING:
    from vorleser.ingest.export import Harvest

LOCK_FILE = "sync.lock"
DEPLOY_TIMEOUT = 3600
"""Seconds a deploy command may run."""

Log = Callable[[str], None]


@dataclass
class SyncReport:
    """What a round did, step by step."""

    done: list[str] = field(default_factory=list)
    """One short phrase per step that ran ("built 3 articles (0 failed)")."""
    failed: list[str] = field(default_factory=list)
    """The steps that failed, each with its one-line error."""
    skipped: bool = False
    """True when another round held the lock."""
    seconds: float = 0.0
    """Wall time of the round."""

    def summary(self) -> str:
        """The round's last log line."""
        if self.skipped:
            return "sync skipped: another sync of this project is still running"
        state = "ok" if not self.failed else f"{len(self.failed)} steps failed"
        return f"sync {state} in {self.seconds:.1f} s: " + "; ".join(self.done or ["nothing done"])


def timestamped(echo: Callable[[str], None]) -> Log:
    """A logger that puts the local time (ISO 8601, with offset) before each line."""

    def log(line: str) -> None:
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        echo(f"{now} {line}")

    return log


def sync_once(project_dir: Path, log: Log, *, jobs: int | None = None) -> SyncReport:
    """Run one round; never raises for a failed step (the report says), only for no project."""
    started = time.perf_counter()
    report = SyncReport()
    with _lock(project_dir / ".vorleser" / LOCK_FILE) as held:
        if not held:
            report.skipped = True
            log(report.summary())
            return report
        try:
            config = load_config(project_dir)
        except VorleserError as exc:
            _failed(report, log, "config", exc)
        else:
            try:
                _round(config, report, log, jobs)
            except Exception as exc:  # a bug must not end `--every`; the log keeps it
                report.failed.append(f"internal error {type(exc).__name__}: {exc}")
                log(f"internal error {type(exc).__name__}: {exc} (please report it)")
    report.seconds = time.perf_counter() - started
    log(report.summary())
    return report


def _round(config: Config, report: SyncReport, log: Log, jobs: int | None) -> None:
    out = config.project_dir / "site"
    _import(config, report, log)
    from vorleser.build import build

    log("build: starting")
    try:
        built = build(config.project_dir, out, jobs=jobs)
    except VorleserError as exc:
        _failed(report, log, "build", exc)
        log("build failed: nothing is deployed or published this round")
        return
    for warning in built.warnings:
        log(f"build warning: {warning}")
    for source, problem in built.failures:
        log(f"build error: {source}: {problem}")
    report.done.append(built.summary().split(",")[0])
    log(built.summary())
    _deploy(config, out, report, log)
    _publish(config, out, report, log)


def _import(config: Config, report: SyncReport, log: Log) -> None:
    from vorleser.ingest.export import export
    from vorleser.ingest.feed import read_feed
    from vorleser.ingest.pages import PageFetcher
    from vorleser.ingest.wordpress import WordPressImport, read_wordpress

    project = config.project_dir
    pages = None
    if not config.settings.sync.summaries_only:
        pages = PageFetcher(project / config.settings.build.cache_dir / "pages")
    sources: list[tuple[str, Callable[[], Harvest]]] = [
        (f"feed {url}", partial(read_feed, url, pages=pages)) for url in config.settings.sync.feeds
    ]
    if site := config.settings.sync.wordpress:
        sources.append((f"wordpress {site}", partial(read_wordpress, WordPressImport(site=site))))
    counts = [0, 0]
    for name, read in sources:
        try:
            result = export(project, read())
        except VorleserError as exc:
            _failed(report, log, f"import {name}", exc)
            continue
        for error in result.failures:
            log(f"import error: {error}")
        counts[0] += len(result.added)
        counts[1] += len(result.updated)
        log(f"import {name}: {result.summary().removeprefix('imported ')}")
    if sources:
        report.done.append(f"imported {counts[0]} new, {counts[1]} updated")


def _deploy(config: Config, out: Path, report: SyncReport, log: Log) -> None:
    from vorleser.deploy import deploy

    target = config.settings.sync.deploy_dir
    if not target:
        return
    try:
        result = deploy(out, config.project_dir / target)
    except VorleserError as exc:
        _failed(report, log, "deploy", exc)
        return
    # the search index changes in many small files each time: one line for all of them
    index = [n for n in result.copied if n.startswith(f"{layout.SEARCH_DIR}/")]
    named = [n for n in result.copied if n not in index]
    if len(named) <= 20:
        for name in named:
            log(f"deploy: copied {name}")
    if index:
        log(f"deploy: search index: {len(index)} files copied")
    log(f"deploy to {target}: {result.summary()}")
    report.done.append(f"deployed {len(result.copied)} files")
    command = config.settings.sync.deploy_command
    if command:
        _deploy_command(config, command, report, log)


def _deploy_command(config: Config, command: str, report: SyncReport, log: Log) -> None:
    log(f"deploy command: {command}")
    try:
        done = subprocess.run(
            command,
            shell=True,
            cwd=config.project_dir,
            capture_output=True,
            text=True,
            timeout=DEPLOY_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        report.failed.append(f"deploy command: {exc}")
        log(f"deploy command failed: {exc}")
        return
    for line in (done.stdout + done.stderr).splitlines()[-20:]:
        log(f"deploy command: {line}")
    if done.returncode:
        problem = f"exit status {done.returncode} ({shlex.split(command)[0]})"
        report.failed.append(f"deploy command: {problem}")
        log(f"deploy command failed: {problem}; tried again next round")


def _publish(config: Config, out: Path, report: SyncReport, log: Log) -> None:
    site = config.settings.sync.wordpress
    if not site or not config.settings.sync.publish:
        return
    from vorleser.wpublish.publish import publish_wordpress, spec_from_config

    try:
        result = publish_wordpress(spec_from_config(config, site, out))
    except VorleserError as exc:
        _failed(report, log, "publish", exc)
        return
    for line in result.actions:
        log(f"publish: {line}")
    for warning in result.warnings:
        log(f"publish warning: {warning}")
    for error in result.failures:
        log(f"publish error: {error}")
    if result.failures:
        report.failed.append(f"publish: {len(result.failures)} posts failed")
    report.done.append(f"{result.changed} posts published, {result.withdrawn} withdrawn")
    log(result.summary())


def _failed(report: SyncReport, log: Log, step: str, exc: VorleserError) -> None:
    report.failed.append(f"{step}: {exc}")
    log(f"{step} failed: {exc}")


@contextmanager
def _lock(path: Path) -> Iterator[bool]:
    """Hold an exclusive lock on `path` for the block; yields False when another holds it.

    flock is released by the kernel when the process dies, so a killed round never leaves a
    stale lock behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def parse_interval(text: str) -> float:
    """Seconds in "90", "30s", "10m", "2h" or "1d"; ValueError for anything else.

    >>> parse_interval("10m"), parse_interval("90")
    (600.0, 90.0)
    """
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value = text.strip().lower()
    factor = units.get(value[-1:], 0)
    number = float(value[:-1] if factor else value)
    if number <= 0:
        raise ValueError(text)
    return number * (factor or 1)
