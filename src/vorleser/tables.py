"""The one TSV loader for every data table: language data, furniture phrases, UI strings.

Tables are UTF-8, tab-separated, with a header row; lines starting with "#" are comments.
A bad row raises TableError("file:line", problem) instead of being skipped, so a typo in a
publisher's lexicon is found on the first run, not heard in the finished audio.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from vorleser.errors import TableError


@dataclass(frozen=True)
class Row:
    """One data row: its cells by column name and where it came from."""

    cells: dict[str, str]
    """Column name -> cell text (NFC, stripped)."""
    where: str
    """"file:line" for error messages."""

    def __getitem__(self, column: str) -> str:
        return self.cells[column]


def parse_table(
    text: str, name: str, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[Row]:
    """Parse TSV `text` named `name`; the header must be exactly `columns`.

    A header may leave out the `optional` columns (added to a table after files were written
    with the older header); their cells are then "-".
    """
    rows: list[Row] = []
    header_seen = False
    full = columns
    lines = text.splitlines()
    reader: Iterator[list[str]] = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for lineno, cells in enumerate(reader, start=1):
        line = lines[lineno - 1]
        if not line.strip() or line.startswith("#"):
            continue
        cells = [unicodedata.normalize("NFC", c.strip()) for c in cells]
        if not header_seen:
            older = tuple(c for c in full if c not in optional)
            if optional and tuple(cells) == older:
                columns = older
            elif tuple(cells) != columns:
                raise TableError(
                    f"{name}:{lineno}",
                    f"expected header {' '.join(columns)!r}, got {' '.join(cells)!r}",
                )
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise TableError(
                f"{name}:{lineno}",
                f"expected {len(columns)} columns ({', '.join(columns)}), got {len(cells)}",
            )
        if not cells[0]:
            raise TableError(f"{name}:{lineno}", f"empty {columns[0]!r}")
        row = dict(zip(columns, cells, strict=True))
        row.update({c: "-" for c in full if c not in row})
        rows.append(Row(row, f"{name}:{lineno}"))
    if not header_seen:
        raise TableError(f"{name}:1", f"missing header {' '.join(columns)!r}")
    return rows


def read_language_table(
    package: str, filename: str, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[Row]:
    """Read a packaged table, e.g. ("vorleser.lang.de", "units.tsv")."""
    name = f"{package.replace('.', '/')}/{filename}"
    try:
        text = resources.files(package).joinpath(filename).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise TableError(name, f"cannot read data table: {exc}") from exc
    return parse_table(text, name, columns, optional)


def read_project_table(
    path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[Row]:
    """Read a project override table; [] when the file does not exist."""
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TableError(str(path), f"cannot read table: {exc}") from exc
    return parse_table(text, str(path), columns, optional)


def split_forms(cell: str) -> list[str]:
    """Cell with "|"-separated forms -> the forms; "-" means none.

    >>> split_forms("Mio.|Mio")
    ['Mio.', 'Mio']
    """
    return [] if cell == "-" else [f for f in cell.split("|") if f]
