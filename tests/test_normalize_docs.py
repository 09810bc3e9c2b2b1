"""docs/normalize.md documents every data table and every column the loader reads."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from vorleser.normalize.data import COLUMNS

DOC = (Path(__file__).parent.parent / "docs" / "normalize.md").read_text(encoding="utf-8")
LANGUAGES = sorted(
    p.name
    for p in resources.files("vorleser.lang").iterdir()
    if p.is_dir() and p.joinpath("__init__.py").is_file()
)


def _section(table: str) -> str:
    match = re.search(rf"^### {re.escape(table)}.*?(?=^### |^## |\Z)", DOC, re.M | re.S)
    assert match, f"docs/normalize.md has no section for {table}"
    return match.group()


def test_every_known_table_is_documented() -> None:
    for table, columns in COLUMNS.items():
        section = _section(table)
        for column in columns:
            assert f"| `{column}` |" in section, f"{table}: column {column!r} undocumented"


def test_german_ships_every_table() -> None:
    shipped = {
        p.name for p in resources.files("vorleser.lang.de").iterdir() if p.name.endswith(".tsv")
    }
    assert shipped == set(COLUMNS)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_shipped_table_is_known_with_the_loaders_header(code: str) -> None:
    package = f"vorleser.lang.{code}"
    for path in resources.files(package).iterdir():
        if not path.name.endswith(".tsv"):
            continue
        assert path.name in COLUMNS, f"{code}/{path.name} is no table the loader knows"
        text = path.read_text(encoding="utf-8")
        header = next(line for line in text.splitlines() if line and not line.startswith("#"))
        assert tuple(header.split("\t")) == COLUMNS[path.name], f"{code}/{path.name}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_is_documented(code: str) -> None:
    assert f"`lang/{code}/`" in DOC
