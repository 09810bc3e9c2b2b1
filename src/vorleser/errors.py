"""The exception tree. The library raises; only the CLI prints.

VorleserError                 every error names the file (or URL) it is about
├── ConfigError               vorleser.toml problems, all of them at once
├── ArticleError              an article that cannot be read or has no text
├── TableError                a bad row in a language or project data table (file:line)
├── EngineError               a speech engine or voice that cannot be loaded or fails
├── AudioError                assembling, measuring or encoding audio failed
├── PublishError              feed, page or artwork could not be written
├── StateError                a project state file (.vorleser/) is damaged: never reset silently
├── WriteError                a file could not be written (disk full, read-only, in the way)
├── FetchError                an HTTP fetch or import failed (status, size, timeout)
└── ClusterError              the cluster is unreachable or lost, or a worker cannot do the work
"""

from __future__ import annotations


class VorleserError(Exception):
    """Base class: `where` names the file, URL or key; str() is the one-line message."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickle by (where, problem), so the error survives the trip back from a worker."""
        return (type(self), (self.where, self.problem))


class ConfigError(VorleserError):
    """vorleser.toml is invalid; `problems` lists every (key, message) found."""

    def __init__(self, where: str, problems: list[tuple[str, str]]) -> None:
        text = "; ".join(f"{key}: {msg}" for key, msg in problems)
        super().__init__(where, text)
        self.problems = problems

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (self.where, self.problems))  # type: ignore[return-value]


class ArticleError(VorleserError):
    """An article cannot be read, parsed, or has nothing to read aloud."""


class TableError(VorleserError):
    """A data table (TSV) is missing or has a bad row; `where` is file:line."""


class EngineError(VorleserError):
    """A speech engine or voice is unavailable or failed on a sentence."""


class AudioError(VorleserError):
    """Audio could not be assembled, normalized, encoded or tagged."""


class PublishError(VorleserError):
    """The feed, a page, a transcript or the artwork could not be written."""


class StateError(VorleserError):
    """A file in the project's .vorleser/ state folder is damaged.

    Guids and first-seen dates must never change once published, so a damaged file stops the
    build instead of being replaced by new values; the message says how to repair it.
    """


class WriteError(VorleserError):
    """An output or state file could not be written; `where` is the file or folder."""


class FetchError(VorleserError):
    """Fetching or importing from the web failed."""


class ClusterError(VorleserError):
    """The cluster is unreachable or was lost, or a worker lacks what the build needs.

    It stops the whole build (unlike an engine failure, which fails only its articles): the
    site is not published from a half-finished run, and the next build resumes from the cache.
    """
