"""The studio's build button: the ordinary incremental build in a thread, with its progress."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from vorleser.errors import ConfigError, VorleserError


@dataclass(frozen=True)
class BuildStatus:
    """What the page shows while and after a build runs."""

    running: bool = False
    label: str = ""
    done: int = 0
    total: int = 0
    summary: str = ""
    """The build's summary line, once it is over."""
    errors: tuple[str, ...] = ()
    """Failed articles and warnings, one line each."""
    synthesized: int | None = None
    """Sentences synthesized by the last build."""


class BuildRunner:
    """Runs at most one build at a time; `status` is safe to read from any thread."""

    def __init__(self, project_dir: Path, after: Callable[[], None]) -> None:
        self.project_dir = project_dir
        self.after = after
        self.status = BuildStatus()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # vorleser.build.Progress
    def start(self, label: str, total: int) -> None:
        self.status = replace(self.status, label=label, total=total, done=0)

    def advance(self, steps: int = 1) -> None:
        self.status = replace(self.status, done=self.status.done + steps)

    def finish(self) -> None:
        self.status = replace(self.status, done=self.status.total)

    def note(self, text: str) -> None:
        self.status = replace(self.status, label=text)

    def begin(self) -> bool:
        """Start a build; False when one is already running."""
        with self._lock:
            if self.status.running:
                return False
            self.status = BuildStatus(running=True, label="reading articles")
            self._thread = threading.Thread(target=self._run, name="studio-build", daemon=True)
            self._thread.start()
            return True

    def _run(self) -> None:
        from vorleser.build import build

        try:
            report = build(self.project_dir, progress=self)
            errors = [f"Warning: {w}" for w in report.warnings]
            errors += [f"Error: {s}: {p}" for s, p in report.failures]
            result = BuildStatus(
                summary=report.summary(), errors=tuple(errors), synthesized=report.synthesized
            )
        except ConfigError as exc:
            lines = tuple(f"Error: {exc.where}: {k}: {p}" for k, p in exc.problems)
            result = BuildStatus(summary="build failed", errors=lines)
        except VorleserError as exc:
            result = BuildStatus(summary="build failed", errors=(f"Error: {exc}",))
        try:
            self.after()
        except VorleserError as exc:
            result = replace(result, errors=(*result.errors, f"Error: {exc}"))
        self.status = replace(result, running=False)

    def join(self, timeout: float | None = None) -> None:
        """Wait for the running build (tests and shutdown)."""
        if self._thread is not None:
            self._thread.join(timeout)
