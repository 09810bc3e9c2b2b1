"""Progress display: a bar on a terminal, plain lines otherwise (logs, CI), nothing with -q."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from vorleser.progress import NoProgress, Progress


def terminal_progress(enabled: bool) -> Progress:
    """The progress display of a command: TerminalProgress, or vorleser's silent one (-q)."""
    return TerminalProgress() if enabled else NoProgress()


class TerminalProgress:
    """Implements vorleser.progress.Progress for the command line."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self._bar: Any = None
        self._label = ""
        self._total = 0
        self._done = 0
        self._next_report = 0

    def start(self, label: str, total: int) -> None:
        self._label, self._total, self._done = label, total, 0
        self._started = time.monotonic()
        if self.tty:
            self._bar = click.progressbar(
                length=total, label=label.ljust(24), file=sys.stderr, show_pos=True, show_eta=True
            )
            self._bar.__enter__()
        else:
            click.echo(f"{label}: 0/{total}", err=True)
            self._next_report = max(1, total // 10)

    def advance(self, steps: int = 1) -> None:
        self._done += steps
        if self._bar is not None:
            self._bar.update(steps)
        elif self._done >= self._next_report and self._done < self._total:
            click.echo(f"{self._label}: {self._done}/{self._total}{self._eta()}", err=True)
            self._next_report = self._done + max(1, self._total // 10)

    def _eta(self) -> str:
        """ ", about 00:12:40 left", from the rate so far (work items are of mixed size)."""
        if not self._done:
            return ""
        left = (time.monotonic() - self._started) / self._done * (self._total - self._done)
        h, rest = divmod(round(left), 3600)
        return f", about {h:02d}:{rest // 60:02d}:{rest % 60:02d} left"

    def note(self, text: str) -> None:
        click.echo(text, err=True)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
        else:
            click.echo(f"{self._label}: {self._done}/{self._total} done", err=True)
