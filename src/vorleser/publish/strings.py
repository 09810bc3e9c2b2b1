"""UI words of pages and feed notes per language, from templates/strings.tsv.

One table serves the pages (vorleser.publish.site) and the feed's item notes
(vorleser.publish.feed), so a new site language is new rows, not code.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from vorleser.errors import TableError
from vorleser.tables import parse_table

#: Site language used when the podcast's language has no rows in strings.tsv.
FALLBACK_LANGUAGE = "en"
_STRINGS_FILE = "strings.tsv"
_STRINGS_HEADER = ("key", "language", "text")


def ui_strings(language: str) -> dict[str, str]:
    """UI words for `language` (ISO 639-1), falling back to English for a language without rows."""
    table = _load_strings()
    return table.get(language) or table[FALLBACK_LANGUAGE]


@cache
def _load_strings() -> dict[str, dict[str, str]]:
    """The packaged templates/strings.tsv, read once."""
    source = resources.files("vorleser") / "templates" / _STRINGS_FILE
    return parse_strings(source.read_text(encoding="utf-8"), f"vorleser/templates/{_STRINGS_FILE}")


def parse_strings(text: str, where: str) -> dict[str, dict[str, str]]:
    """language -> key -> text from strings.tsv; a malformed row raises TableError at file:line."""
    table: dict[str, dict[str, str]] = {}
    for row in parse_table(text, where, _STRINGS_HEADER):
        entries = table.setdefault(row["language"], {})
        if row["key"] in entries:
            raise TableError(row.where, f"duplicate key {row['key']!r} for {row['language']!r}")
        if not row["text"]:
            raise TableError(row.where, "empty text")
        entries[row["key"]] = row["text"]
    if FALLBACK_LANGUAGE not in table:
        raise TableError(where, f"no rows for the fallback language {FALLBACK_LANGUAGE!r}")
    return table
