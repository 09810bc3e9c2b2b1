"""Languages as data folders: lang/<code>/ holds the TSV tables and declares PASSES.

A new language is a new folder; nothing central is edited (no `if lang == ...` ladder).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from vorleser.errors import TableError


@dataclass(frozen=True)
class Language:
    """One language's normalization recipe."""

    code: str
    """ISO code, also the package name under vorleser.lang."""
    package: str
    """The package holding the language's TSV tables."""
    passes: tuple[str, ...]
    """Normalization passes in order, as "module:Class" (each built once with the data)."""


def load_language(code: str) -> Language:
    """Import vorleser.lang.<code>; TableError naming the code if there is none."""
    if not code.isidentifier():
        raise TableError(f"language {code!r}", "not a valid language code")
    package = f"{__name__}.{code}"
    try:
        module = import_module(package)
    except ModuleNotFoundError as exc:
        if exc.name != package:
            raise
        raise TableError(
            f"language {code!r}", f"no data folder vorleser/lang/{code}/ for this language"
        ) from None
    return Language(code=code, package=package, passes=tuple(module.PASSES))
