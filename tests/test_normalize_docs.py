"""docs/normalize.md documents every data table and every column the loader reads."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from vorleser.normalize.data import COLUMNS

DOC = (Path(__file__).parent.parent / "docs" / "normalize.md").read_text(encoding="utf-8")


def _section(table: str) -> str:
    match = re.search(rf"^### {re.escape(table)}.*?(?=^### |^## |\Z)", DOC, re.M | re.S)
    assert match, f"docs/normalize.md has no section for {table}"
    return match.group()


def test_every_table_file_is_known_and_documented() -> None:
    shipped = {
        p.name for p in resources.files("vorleser.lang.de").iterdir() if p.name.endswith(".tsv")
    }
    assert shipped == set(COLUMNS)
    for table, columns in COLUMNS.items():
        section = _section(table)
        for column in columns:
            assert f"| `{column}` |" in section, f"{table}: column {column!r} undocumented"


def test_every_shipped_header_matches_the_loader() -> None:
    for table, columns in COLUMNS.items():
        text = resources.files("vorleser.lang.de").joinpath(table).read_text(encoding="utf-8")
        header = next(line for line in text.splitlines() if line and not line.startswith("#"))
        assert tuple(header.split("\t")) == columns, table
