"""Languages as data folders: lang/<code>/ holds the TSV tables and declares PASSES.

A new language is a new folder; nothing central is edited (no `if lang == ...` ladder). A
language from another package registers its package in the ``vorleser.languages`` entry points
(vorleser.registry); the folders here are found by name as well.
The folder's __init__.py names, as "module:Class" strings:

- PASSES: the normalization passes in order (each declares the tables it reads);
- NUMBERS: the number-word composer (German word order differs from English, so the
  composition is code chosen by the language, the vocabulary is its numbers.tsv);
- ORDINAL_DOT (optional, default False): whether "3." can be an ordinal rather than a number
  ending a sentence, as in German ("der 3. Mai").
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from vorleser.errors import TableError
from vorleser.registry import targets


@dataclass(frozen=True)
class Language:
    """One language's normalization recipe."""

    code: str
    """ISO code, also the package name under vorleser.lang."""
    package: str
    """The package holding the language's TSV tables."""
    passes: tuple[str, ...]
    """Normalization passes in order, as "module:Class" (each built once with the data)."""
    numbers: str
    """The number-word composer, as "module:Class"."""
    ordinal_dot: bool = False
    """Whether a dot after digits may mark an ordinal (German "am 3. Mai")."""


def load_language(code: str) -> Language:
    """Import vorleser.lang.<code>; TableError naming the code if there is none."""
    if not code.isidentifier():
        raise TableError(f"language {code!r}", "not a valid language code")
    package = targets("languages").get(code, f"{__name__}.{code}")
    try:
        module = import_module(package)
    except ModuleNotFoundError as exc:
        if exc.name != package:
            raise
        raise TableError(
            f"language {code!r}", f"no data folder vorleser/lang/{code}/ for this language"
        ) from None
    for needed in ("PASSES", "NUMBERS"):
        if not hasattr(module, needed):
            raise TableError(f"vorleser/lang/{code}/__init__.py", f"does not define {needed}")
    return Language(
        code=code,
        package=package,
        passes=tuple(module.PASSES),
        numbers=module.NUMBERS,
        ordinal_dot=bool(getattr(module, "ORDINAL_DOT", False)),
    )


def language_targets(code: str) -> tuple[str, ...]:
    """Where language `code` comes from: its package, passes and composer (() when unknown)."""
    try:
        lang = load_language(code)
    except TableError:
        return ()
    return (lang.package, *lang.passes, lang.numbers)
