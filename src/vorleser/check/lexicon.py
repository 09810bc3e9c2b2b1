"""The project's lexicon.tsv as an editable file: comments, order and unknown columns kept.

The normalizer reads the lexicon through the one TSV loader (vorleser.tables); this module
only edits the file in place for the studio and inspects its rows for `check`. Every line that
is not the edited row is written back byte for byte, so a publisher's comments, sections and
any column added later (a `lang` column, say) survive an edit.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from vorleser import atomic
from vorleser.check.report import LexiconIssue
from vorleser.errors import TableError
from vorleser.normalize.data import COLUMNS, OPTIONAL
from vorleser.tables import parse_table

FILENAME = "lexicon.tsv"
_HEADER_COMMENT = (
    "# Project lexicon: whole words (case-sensitive) and how to say them; see docs/normalize.md.\n"
)
_BAD = re.compile(r"[\t\r\n]")


@dataclass(frozen=True)
class Entry:
    """One lexicon row as the editor sees it."""

    word: str
    """As written: a whole word, case-sensitive."""
    respelling: str
    """What any engine reads instead ("" keeps the word)."""
    ipa: str = ""
    """IPA for engines that take phonemes ("" for none)."""
    lang: str = ""
    """Language of the word, where the file has a `lang` column ("" otherwise)."""
    note: str = ""
    """Free text."""
    line: int = 0
    """Line in the file (0 for an entry not saved yet)."""


class LexiconFile:
    """A lexicon.tsv held as lines; rows are found by their first cell."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            text = path.read_text("utf-8") if path.is_file() else ""
        except (OSError, UnicodeDecodeError) as exc:
            raise TableError(str(path), f"cannot read the lexicon: {exc}") from exc
        self.lines = text.splitlines(keepends=True)
        self.columns: tuple[str, ...] = COLUMNS[FILENAME]
        self.header_line: int | None = None
        for i, line in enumerate(self.lines):
            if line.strip() and not line.startswith("#"):
                self.header_line = i
                self.columns = tuple(c.strip() for c in line.rstrip("\r\n").split("\t"))
                break
        missing = [
            c for c in COLUMNS[FILENAME] if c not in self.columns and c not in OPTIONAL[FILENAME]
        ]
        if missing:
            raise TableError(f"{path}:{(self.header_line or 0) + 1}", f"no column {missing[0]!r}")

    def entries(self) -> list[Entry]:
        """Every row, in file order (duplicates included)."""
        out = []
        for i, cells in self._rows():
            row = dict(zip(self.columns, cells, strict=False))
            out.append(
                Entry(
                    word=row.get("word", ""),
                    respelling=row.get("respelling", ""),
                    ipa="" if row.get("ipa", "") == "-" else row.get("ipa", ""),
                    lang="" if row.get("lang", "") == "-" else row.get("lang", ""),
                    note=row.get("note", ""),
                    line=i + 1,
                )
            )
        return out

    def _rows(self) -> list[tuple[int, list[str]]]:
        rows = []
        for i, line in enumerate(self.lines):
            if i == self.header_line or not line.strip() or line.startswith("#"):
                continue
            if self.header_line is None or i < self.header_line:
                continue
            cells = next(csv.reader([line.rstrip("\r\n")], delimiter="\t", quoting=csv.QUOTE_NONE))
            rows.append((i, [unicodedata.normalize("NFC", c.strip()) for c in cells]))
        return rows

    def set(self, entry: Entry) -> None:
        """Change the (last) row for `entry.word` in place, or append a new row at the end.

        Columns the editor does not know keep their cells; a new row gets "-" in them.
        """
        for value in (entry.word, entry.respelling, entry.ipa, entry.lang, entry.note):
            if _BAD.search(value):
                raise TableError(str(self.path), "tabs and line breaks are not allowed in entries")
        if not entry.word or " " in entry.word.strip():
            raise TableError(str(self.path), "the word must be one whole word")
        values = {
            "word": entry.word.strip(),
            "respelling": entry.respelling.strip() or ("-" if entry.lang else entry.word.strip()),
            "ipa": entry.ipa.strip() or "-",
            "lang": entry.lang.strip() or "-",
            "note": entry.note.strip(),
        }
        if self.header_line is None:
            if self.lines and not self.lines[-1].endswith("\n"):
                self.lines[-1] += "\n"
            if not self.lines:
                self.lines.append(_HEADER_COMMENT)
            self.lines.append("\t".join(self.columns) + "\n")
            self.header_line = len(self.lines) - 1
        if entry.lang and "lang" not in self.columns:
            self._add_column("lang")
        existing = [i for i, cells in self._rows() if cells and cells[0] == values["word"]]
        if existing:
            i = existing[-1]  # the row that wins when the table is read
            old = next(
                csv.reader([self.lines[i].rstrip("\r\n")], delimiter="\t", quoting=csv.QUOTE_NONE)
            )
            old += [""] * (len(self.columns) - len(old))
            cells = [values.get(c, old[k]) for k, c in enumerate(self.columns)]
            self.lines[i] = "\t".join(cells) + "\n"
        else:
            if self.lines and not self.lines[-1].endswith("\n"):
                self.lines[-1] += "\n"
            self.lines.append("\t".join(values.get(c, "-") for c in self.columns) + "\n")

    def _add_column(self, name: str) -> None:
        """Give a file written before column `name` existed that column ("-" in every row),
        where the loader's header has it."""
        order = COLUMNS[FILENAME]
        at = len(self.columns)
        for k, column in enumerate(self.columns):
            if column in order and order.index(column) > order.index(name):
                at = k
                break
        for i, cells in self._rows():
            cells += [""] * (len(self.columns) - len(cells))
            self.lines[i] = "\t".join([*cells[:at], "-", *cells[at:]]) + "\n"
        assert self.header_line is not None
        self.columns = (*self.columns[:at], name, *self.columns[at:])
        self.lines[self.header_line] = "\t".join(self.columns) + "\n"

    def text(self) -> str:
        """The file's text as it would be saved."""
        return "".join(self.lines)

    def save(self, language: str) -> None:
        """Check the result as the normalizer of `language` will read it, then replace the
        file atomically: a bad entry is refused before anything is written."""
        import tempfile

        from vorleser.lang import load_language
        from vorleser.normalize.data import LanguageData

        text = self.text()
        parse_table(text, str(self.path), self.columns)
        lang = load_language(language)
        with tempfile.TemporaryDirectory(prefix="vorleser-lexicon-") as tmp:
            (Path(tmp) / FILENAME).write_text(text, "utf-8")
            try:
                LanguageData(lang.code, lang.package, Path(tmp)).require([FILENAME])
            except TableError as exc:
                line = exc.where.rsplit(":", 1)[-1]
                raise TableError(f"{self.path}:{line}", exc.problem) from None
        atomic.write_text(self.path, text)


def lint(
    project_file: LexiconFile,
    builtin: dict[str, tuple[str, str | None]],
    written: str | None,
) -> list[LexiconIssue]:
    """Duplicate and conflicting rows of the project lexicon; with `written` (every written
    sentence of the project, one per line) also the entries that match nothing any more."""
    issues: list[LexiconIssue] = []
    seen: dict[str, Entry] = {}
    where = str(project_file.path)
    for e in project_file.entries():
        first = seen.get(e.word)
        if first is not None:
            same = (first.respelling, first.ipa) == (e.respelling, e.ipa)
            issues.append(
                LexiconIssue(
                    "duplicate" if same else "conflict",
                    e.word,
                    f"{where}:{e.line}",
                    f"also on line {first.line}"
                    + ("; remove one" if same else "; this row wins, remove the other"),
                )
            )
        else:
            b = builtin.get(e.word)
            if b is not None and (b[0], b[1] or "") == (e.respelling or e.word, e.ipa):
                issues.append(
                    LexiconIssue(
                        "duplicate",
                        e.word,
                        f"{where}:{e.line}",
                        "the built-in lexicon says the same; remove this row",
                    )
                )
        seen[e.word] = e
        if written is not None and not re.search(rf"(?<![\w-]){re.escape(e.word)}(?!\w)", written):
            issues.append(
                LexiconIssue(
                    "stale",
                    e.word,
                    f"{where}:{e.line}",
                    "occurs in no article any more; remove it, or keep it for future ones",
                )
            )
    return issues
