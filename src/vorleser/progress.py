"""How long-running stages report progress: a small protocol, and the silent default."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """How the build reports progress; the CLI draws bars or prints lines."""

    def start(self, label: str, total: int) -> None:
        """A stage with `total` steps begins."""

    def advance(self, steps: int = 1) -> None:
        """`steps` more are done."""

    def finish(self) -> None:
        """The stage is over."""

    def note(self, text: str) -> None:
        """A line worth showing once (where the work runs: the cluster and its dashboard)."""


class NoProgress:
    """Progress that shows nothing (library use, tests, `--quiet`)."""

    def start(self, label: str, total: int) -> None:
        """Nothing to show."""

    def advance(self, steps: int = 1) -> None:
        """Nothing to show."""

    def finish(self) -> None:
        """Nothing to show."""

    def note(self, text: str) -> None:
        """Nothing to show."""
