"""The vocabulary of one language, read table by table when a pass asks for it.

Every table the normalizer knows is a row of TABLES: its columns, whether a language that uses
it must ship it, whether a project may override it, and the LanguageData attributes parsed
from it. A language folder ships only the tables its passes declare, so a new language is a
new folder of tables under vorleser/lang/ and nothing here changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from vorleser.errors import TableError
from vorleser.tables import Row, read_language_table, read_project_table, split_forms


@dataclass(frozen=True)
class TableSpec:
    """What the loader knows about one table file."""

    columns: tuple[str, ...]
    """The header, in order; docs/normalize.md documents every column (tests check it)."""
    fields: tuple[str, ...]
    """The LanguageData attributes parsed from this table."""
    required: bool = True
    """Whether a language whose passes use the table must ship it (else: no rows)."""
    project: bool = False
    """Whether a project may add rows with a file of the same name next to vorleser.toml."""
    normalize: bool = True
    """Whether normalization reads it (False: `vorleser check` does, the voice never does)."""
    optional: tuple[str, ...] = ()
    """Columns added later, which a file's header may leave out (their cells are "-")."""


TABLES: dict[str, TableSpec] = {
    "numbers.tsv": TableSpec(("value", "cardinal", "ordinal", "fraction"), ("numbers",)),
    "scales.tsv": TableSpec(
        ("power", "singular", "plural", "abbreviations"), ("scales", "scale_forms")
    ),
    "months.tsv": TableSpec(("number", "name", "forms"), ("months", "month_forms")),
    "ordinal_context.tsv": TableSpec(("word", "ending"), ("ordinal_context",), required=False),
    "starters.tsv": TableSpec(("word",), ("starters",), required=False),
    "units.tsv": TableSpec(("symbol", "singular", "plural", "gender"), ("units",)),
    "currencies.tsv": TableSpec(
        ("symbol", "singular", "plural", "minor_singular", "minor_plural", "gender"),
        ("currencies",),
    ),
    "abbreviations.tsv": TableSpec(
        ("abbreviation", "expansion", "context"), ("abbreviations",), project=True
    ),
    "symbols.tsv": TableSpec(("symbol", "spoken"), ("symbols",)),
    "acronyms.tsv": TableSpec(("acronym", "spoken"), ("acronyms",), project=True),
    "roman_names.tsv": TableSpec(("name", "article"), ("roman_names",), required=False),
    "roman_words.tsv": TableSpec(("word",), ("roman_words",), required=False),
    "web.tsv": TableSpec(("symbol", "spoken"), ("web",)),
    "tlds.tsv": TableSpec(("tld",), ("tlds",)),
    "year_words.tsv": TableSpec(("word",), ("year_words",), required=False),
    "time_words.tsv": TableSpec(("word",), ("time_words",), required=False),
    "lexicon.tsv": TableSpec(
        ("word", "respelling", "ipa", "lang", "note"),
        ("lexicon", "foreign"),
        required=False,
        project=True,
        optional=("lang",),
    ),
    "foreign.tsv": TableSpec(("word", "lang", "ipa", "note"), ("foreign",), required=False),
    "settings.tsv": TableSpec(
        ("setting", "value", "note"), ("settings",), required=False, project=True
    ),
    "nouns.tsv": TableSpec(("noun", "gender"), ("nouns", "noun_suffixes"), required=False),
    "cases.tsv": TableSpec(("word", "case"), ("cases",), required=False),
    "indefinite.tsv": TableSpec(("case", "m", "f", "n"), ("indefinite",)),
    "definite.tsv": TableSpec(("case", "m", "f", "n"), ("definite",), required=False),
    "words.tsv": TableSpec(("key", "word"), ("words",)),
    "day_words.tsv": TableSpec(("word",), ("day_words",), required=False),
    "check_endings.tsv": TableSpec(
        ("ending", "note"), ("check_endings",), required=False, normalize=False
    ),
    "foreign_hints.tsv": TableSpec(
        ("pattern", "language", "note"), ("foreign_hints",), required=False, normalize=False
    ),
}

#: table file -> its columns (the header every shipped or project file must have).
COLUMNS: dict[str, tuple[str, ...]] = {name: spec.columns for name, spec in TABLES.items()}

#: table file -> the columns its header may leave out (added after files were written).
OPTIONAL: dict[str, tuple[str, ...]] = {name: spec.optional for name, spec in TABLES.items()}

#: tables a project may override with a file of the same name next to vorleser.toml.
PROJECT_TABLES = tuple(name for name, spec in TABLES.items() if spec.project)

GENDERS = ("m", "f", "n")
CASES = ("nom", "acc", "dat", "gen")
ABBREVIATION_CONTEXTS = ("any", "number", "day", "suffix")


@dataclass(frozen=True)
class Unit:
    """A unit or currency name with its grammatical number and gender ("" for none)."""

    singular: str
    plural: str
    gender: str
    minor_singular: str = ""
    minor_plural: str = ""


def _int(row: Row, column: str) -> int:
    try:
        return int(row[column])
    except ValueError:
        problem = f"{column} must be a whole number, got {row[column]!r}"
        raise TableError(row.where, problem) from None


def _gender(row: Row) -> str:
    """m, f or n; "-" (languages without grammatical gender) is ""."""
    if row["gender"] == "-":
        return ""
    if row["gender"] not in GENDERS:
        raise TableError(row.where, f"gender must be one of m, f, n, -, got {row['gender']!r}")
    return row["gender"]


def _case(row: Row) -> str:
    if row["case"] not in CASES:
        raise TableError(row.where, f"case must be one of {', '.join(CASES)}, got {row['case']!r}")
    return row["case"]


class LanguageData:
    """The parsed tables of one language, each read on first use (project entries merged in).

    A pass declares the tables it reads (its TABLES); `require()` reads and checks them
    when the Normalizer is built, so a missing or bad table fails then, not mid-article.
    """

    def __init__(
        self,
        code: str,
        package: str,
        project_dir: Path | None = None,
        settings: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.code = code
        self.package = package
        self.project_dir = project_dir
        self.allowed_settings: Mapping[str, tuple[str, ...]] = settings or {}
        """setting -> allowed values (the first is the default), from the number composer."""
        self._rows: dict[str, list[Row]] = {}

    @property
    def loaded(self) -> frozenset[str]:
        """The table files read so far."""
        return frozenset(self._rows)

    def require(self, names: Iterable[str]) -> None:
        """Read and check the tables `names` now (TableError naming the file if one is bad)."""
        for name in names:
            if name not in TABLES:
                raise TableError(f"{self.package}/{name}", "unknown data table")
            for field in TABLES[name].fields:
                getattr(self, field)

    def rows(self, name: str) -> list[Row]:
        """The rows of table `name`: the language's, then the project's (later rows win)."""
        if name in self._rows:
            return self._rows[name]
        spec = TABLES[name]
        where = f"{self.package.replace('.', '/')}/{name}"
        if resources.files(self.package).joinpath(name).is_file():
            rows = read_language_table(self.package, name, spec.columns, spec.optional)
        elif spec.required:
            raise TableError(where, "missing data table: add it, or drop the pass that reads it")
        else:
            rows = []
        if self.project_dir is not None and spec.project:
            rows += read_project_table(self.project_dir / name, spec.columns, spec.optional)
        self._rows[name] = rows
        return rows

    # -- numbers -------------------------------------------------------------------------
    @cached_property
    def numbers(self) -> dict[int, tuple[str, str, str]]:
        """value -> (cardinal, ordinal stem, fraction noun)."""
        rows = self.rows("numbers.tsv")
        numbers = {_int(r, "value"): (r["cardinal"], r["ordinal"], r["fraction"]) for r in rows}
        for needed in (*range(20), *range(20, 100, 10), 100, 1000):
            if needed not in numbers:
                where = f"{self.package.replace('.', '/')}/numbers.tsv"
                raise TableError(where, f"missing a row for {needed}")
        return numbers

    @cached_property
    def scales(self) -> dict[int, tuple[str, str]]:
        """power of ten -> (singular, plural)."""
        return {_int(r, "power"): (r["singular"], r["plural"]) for r in self.rows("scales.tsv")}

    @cached_property
    def scale_forms(self) -> dict[str, int]:
        """any written scale word or abbreviation (lower case) -> power."""
        forms: dict[str, int] = {}
        for r in self.rows("scales.tsv"):
            for form in (r["singular"], r["plural"], *split_forms(r["abbreviations"])):
                forms[form.lower()] = _int(r, "power")
        return forms

    @cached_property
    def settings(self) -> dict[str, str]:
        """setting -> value, every allowed setting present (the project's file wins)."""
        allowed_all = self.allowed_settings
        settings = {name: values[0] for name, values in allowed_all.items()}
        for r in self.rows("settings.tsv"):
            allowed = allowed_all.get(r["setting"])
            if allowed is None:
                known = ", ".join(allowed_all) or "none"
                raise TableError(r.where, f"unknown setting {r['setting']!r} (known: {known})")
            if r["value"] not in allowed:
                problem = f"{r['setting']} must be one of {', '.join(allowed)}, got {r['value']!r}"
                raise TableError(r.where, problem)
            settings[r["setting"]] = r["value"]
        return settings

    # -- dates ---------------------------------------------------------------------------
    @cached_property
    def months(self) -> dict[int, str]:
        """month number -> spoken name."""
        months: dict[int, str] = {}
        for r in self.rows("months.tsv"):
            number = _int(r, "number")
            if not 1 <= number <= 12:
                raise TableError(r.where, f"month number must be 1-12, got {number}")
            months[number] = r["name"]
        return months

    @cached_property
    def month_forms(self) -> dict[str, int]:
        """written month (name, abbreviation, lower-case variant) -> number."""
        self.months  # noqa: B018 (validates the numbers)
        return {
            form: _int(r, "number")
            for r in self.rows("months.tsv")
            for form in (r["name"], *split_forms(r["forms"]))
        }

    # -- measures ------------------------------------------------------------------------
    @cached_property
    def units(self) -> dict[str, Unit]:
        return {
            r["symbol"]: Unit(r["singular"], r["plural"], _gender(r))
            for r in self.rows("units.tsv")
        }

    @cached_property
    def currencies(self) -> dict[str, Unit]:
        return {
            r["symbol"]: Unit(
                r["singular"], r["plural"], _gender(r), r["minor_singular"], r["minor_plural"]
            )
            for r in self.rows("currencies.tsv")
        }

    # -- words ---------------------------------------------------------------------------
    @cached_property
    def abbreviations(self) -> tuple[tuple[str, str, str], ...]:
        """(abbreviation, expansion, context); a later row for the same abbreviation wins."""
        found: dict[str, tuple[str, str, str]] = {}
        for r in self.rows("abbreviations.tsv"):
            if r["context"] not in ABBREVIATION_CONTEXTS:
                known = ", ".join(ABBREVIATION_CONTEXTS)
                raise TableError(r.where, f"context must be one of {known}, got {r['context']!r}")
            found[r["abbreviation"]] = (r["abbreviation"], r["expansion"], r["context"])
        return tuple(found.values())

    @cached_property
    def symbols(self) -> dict[str, str]:
        return {r["symbol"]: r["spoken"] for r in self.rows("symbols.tsv")}

    @cached_property
    def acronyms(self) -> dict[str, str]:
        return {r["acronym"]: r["spoken"] for r in self.rows("acronyms.tsv")}

    @cached_property
    def lexicon(self) -> dict[str, tuple[str, str | None]]:
        """word -> (respelling, IPA or None), for lexicon rows without a lang (later rows win)."""
        rows = {r["word"]: r for r in self.rows("lexicon.tsv")}
        return {
            word: (
                word if r["respelling"] in ("", "-") else r["respelling"],
                None if r["ipa"] in ("", "-") else r["ipa"],
            )
            for word, r in rows.items()
            if r["lang"] in ("", "-")
        }

    @cached_property
    def foreign(self) -> dict[str, tuple[str, str | None]]:
        """word -> (language, IPA or None): foreign.tsv, then lexicon rows with a lang."""
        lexicon = {r["word"]: r for r in self.rows("lexicon.tsv")}  # the publisher's last word
        rows = [r for r in self.rows("foreign.tsv") if r["word"] not in lexicon] + [
            r for r in lexicon.values() if r["lang"] not in ("", "-")
        ]
        for row in rows:
            if not re.fullmatch(r"[a-z]{2,3}(?:-[a-z]{2,3})?", row["lang"]):
                problem = f"lang must be a language code like en or en-us, got {row['lang']!r}"
                raise TableError(row.where, problem)
        return {r["word"]: (r["lang"], None if r["ipa"] in ("", "-") else r["ipa"]) for r in rows}

    @cached_property
    def web(self) -> dict[str, str]:
        return {r["symbol"]: r["spoken"] for r in self.rows("web.tsv")}

    @cached_property
    def tlds(self) -> frozenset[str]:
        return frozenset(r["tld"].lower() for r in self.rows("tlds.tsv"))

    # -- context words -------------------------------------------------------------------
    @cached_property
    def ordinal_context(self) -> dict[str, str]:
        return {r["word"]: r["ending"] for r in self.rows("ordinal_context.tsv")}

    @cached_property
    def starters(self) -> frozenset[str]:
        return frozenset(r["word"] for r in self.rows("starters.tsv"))

    @cached_property
    def roman_names(self) -> dict[str, str]:
        return {r["name"]: r["article"] for r in self.rows("roman_names.tsv")}

    @cached_property
    def roman_words(self) -> frozenset[str]:
        return frozenset(r["word"] for r in self.rows("roman_words.tsv"))

    @cached_property
    def year_words(self) -> frozenset[str]:
        """lower-case words after which a four-digit number is read as a year."""
        return self._lower_words("year_words.tsv")

    @cached_property
    def time_words(self) -> frozenset[str]:
        """lower-case words after which "H:MM" is a clock time, not a score."""
        return self._lower_words("time_words.tsv")

    @cached_property
    def day_words(self) -> frozenset[str]:
        """lower-case words after which a weekday abbreviation ("Di.") is a day."""
        return self._lower_words("day_words.tsv")

    def _lower_words(self, name: str) -> frozenset[str]:
        return frozenset(r["word"].lower() for r in self.rows(name))

    # -- vorleser check ------------------------------------------------------------------
    @cached_property
    def check_endings(self) -> tuple[str, ...]:
        """Endings `check` strips to group inflected forms under their base form."""
        return tuple(r["ending"] for r in self.rows("check_endings.tsv"))

    @cached_property
    def foreign_hints(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """(pattern, language) rows: letters that hint at a foreign name; first match wins."""
        hints = []
        for r in self.rows("foreign_hints.tsv"):
            try:
                hints.append((re.compile(r["pattern"]), r["language"]))
            except re.error as exc:
                raise TableError(r.where, f"bad regular expression: {exc}") from None
        return tuple(hints)

    # -- agreement -----------------------------------------------------------------------
    @cached_property
    def nouns(self) -> dict[str, str]:
        """noun -> gender, for "eine Stunde", "einer Stimme"."""
        rows = self.rows("nouns.tsv")
        return {r["noun"]: _gender(r) for r in rows if not r["noun"].startswith("-")}

    @cached_property
    def noun_suffixes(self) -> tuple[tuple[str, str], ...]:
        """(suffix, gender) from the "-suffix" rows of nouns.tsv, in table order."""
        rows = self.rows("nouns.tsv")
        return tuple((r["noun"][1:], _gender(r)) for r in rows if r["noun"].startswith("-"))

    @cached_property
    def cases(self) -> dict[str, str]:
        """lower-case preposition -> the case it governs (nom, acc, dat, gen)."""
        return {r["word"].lower(): _case(r) for r in self.rows("cases.tsv")}

    @cached_property
    def definite(self) -> dict[tuple[str, str], str]:
        """(case, gender) -> the definite article ("dat", "m") -> "dem"; empty without table."""
        forms: dict[tuple[str, str], str] = {}
        for r in self.rows("definite.tsv"):
            forms.update({(_case(r), g): r[g] for g in GENDERS})
        return forms

    @cached_property
    def words(self) -> dict[str, str]:
        """What a language-neutral pass says between numbers ("range" -> "bis")."""
        return {r["key"]: r["word"] for r in self.rows("words.tsv")}

    def word(self, key: str) -> str:
        """The words.tsv word for `key`; TableError naming the file when the language lacks it."""
        if key not in self.words:
            where = f"{self.package.replace('.', '/')}/words.tsv"
            raise TableError(where, f"missing the row for {key!r}")
        return self.words[key]

    @cached_property
    def indefinite(self) -> dict[tuple[str, str], str]:
        """(case, gender) -> the form of "one" before a noun ("dat", "f") -> "einer"."""
        forms: dict[tuple[str, str], str] = {}
        for r in self.rows("indefinite.tsv"):
            forms.update({(_case(r), g): r[g] for g in GENDERS})
        if ("nom", "m") not in forms:
            where = f"{self.package.replace('.', '/')}/indefinite.tsv"
            raise TableError(where, "missing the row for case nom")
        return forms
