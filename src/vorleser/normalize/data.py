"""All vocabulary of one language, loaded once from its TSV tables plus project overrides.

The passes get this frozen object and compile their patterns from it; nothing here knows
German, so a new language is a new folder of tables under vorleser/lang/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vorleser.errors import TableError
from vorleser.tables import Row, read_language_table, read_project_table, split_forms

#: table file -> its columns; docs/normalize.md documents every one (tests check it).
COLUMNS: dict[str, tuple[str, ...]] = {
    "numbers.tsv": ("value", "cardinal", "ordinal", "fraction"),
    "scales.tsv": ("power", "singular", "plural", "abbreviations"),
    "months.tsv": ("number", "name", "forms"),
    "ordinal_context.tsv": ("word", "ending"),
    "starters.tsv": ("word",),
    "units.tsv": ("symbol", "singular", "plural", "gender"),
    "currencies.tsv": ("symbol", "singular", "plural", "minor_singular", "minor_plural", "gender"),
    "abbreviations.tsv": ("abbreviation", "expansion", "context"),
    "symbols.tsv": ("symbol", "spoken"),
    "acronyms.tsv": ("acronym", "spoken"),
    "roman_names.tsv": ("name", "article"),
    "roman_words.tsv": ("word",),
    "web.tsv": ("symbol", "spoken"),
    "tlds.tsv": ("tld",),
    "year_words.tsv": ("word",),
    "time_words.tsv": ("word",),
    "lexicon.tsv": ("word", "respelling", "ipa", "note"),
    "settings.tsv": ("setting", "value", "note"),
    "nouns.tsv": ("noun", "gender"),
    "cases.tsv": ("word", "case"),
    "indefinite.tsv": ("case", "m", "f", "n"),
    "day_words.tsv": ("word",),
}

#: tables a project may override with a file of the same name next to vorleser.toml.
PROJECT_TABLES = ("lexicon.tsv", "abbreviations.tsv", "acronyms.tsv", "settings.tsv")

GENDERS = ("m", "f", "n")
CASES = ("nom", "acc", "dat", "gen")
ABBREVIATION_CONTEXTS = ("any", "number", "day", "suffix")

#: setting -> allowed values; settings.tsv may set each (the project's file wins).
SETTINGS: dict[str, tuple[str, ...]] = {"one_before_hundred": ("yes", "no")}


@dataclass(frozen=True)
class Unit:
    """A unit or currency name with its grammatical number and gender."""

    singular: str
    plural: str
    gender: str
    minor_singular: str = ""
    minor_plural: str = ""


@dataclass(frozen=True)
class LanguageData:
    """The parsed tables of one language (project entries merged in)."""

    code: str
    numbers: dict[int, tuple[str, str, str]]
    """value -> (cardinal, ordinal stem, fraction noun)."""
    scales: dict[int, tuple[str, str]]
    """power of ten -> (singular, plural)."""
    scale_forms: dict[str, int]
    """any written scale word or abbreviation (lower case) -> power."""
    months: dict[int, str]
    month_forms: dict[str, int]
    """written month (name, abbreviation, lower-case variant) -> number."""
    ordinal_context: dict[str, str]
    starters: frozenset[str]
    units: dict[str, Unit]
    currencies: dict[str, Unit]
    abbreviations: tuple[tuple[str, str, str], ...]
    """(abbreviation, expansion, context)."""
    symbols: dict[str, str]
    acronyms: dict[str, str]
    roman_names: dict[str, str]
    roman_words: frozenset[str]
    web: dict[str, str]
    tlds: frozenset[str]
    year_words: frozenset[str]
    time_words: frozenset[str]
    """lower-case words after which "H:MM" is a clock time, not a score."""
    """lower-case words after which 1100-1999 is read as a year."""
    lexicon: dict[str, tuple[str, str | None]]
    """word -> (respelling, IPA or None)."""
    settings: dict[str, str]
    """setting -> value, every key of SETTINGS present."""
    nouns: dict[str, str]
    """noun -> gender, for "eine Stunde", "einer Stimme"."""
    noun_suffixes: tuple[tuple[str, str], ...]
    """(suffix, gender) from the "-suffix" rows of nouns.tsv, in table order."""
    cases: dict[str, str]
    """lower-case preposition -> the case it governs (nom, acc, dat, gen)."""
    indefinite: dict[tuple[str, str], str]
    """(case, gender) -> the form of "one" before a noun ("dat", "f") -> "einer"."""
    day_words: frozenset[str]
    """lower-case words after which a weekday abbreviation ("Di.") is a day."""


def _merged(package: str, name: str, project_dir: Path | None) -> list[Row]:
    rows = read_language_table(package, name, COLUMNS[name])
    if project_dir is not None and name in PROJECT_TABLES:
        rows += read_project_table(project_dir / name, COLUMNS[name])
    return rows


def _int(row: Row, column: str) -> int:
    try:
        return int(row[column])
    except ValueError:
        problem = f"{column} must be a whole number, got {row[column]!r}"
        raise TableError(row.where, problem) from None


def _gender(row: Row) -> str:
    if row["gender"] not in GENDERS:
        raise TableError(row.where, f"gender must be one of m, f, n, got {row['gender']!r}")
    return row["gender"]


def _settings(rows: list[Row]) -> dict[str, str]:
    settings = {name: values[0] for name, values in SETTINGS.items()}
    for r in rows:
        allowed = SETTINGS.get(r["setting"])
        if allowed is None:
            raise TableError(
                r.where, f"unknown setting {r['setting']!r} (known: {', '.join(SETTINGS)})"
            )
        if r["value"] not in allowed:
            problem = f"{r['setting']} must be one of {', '.join(allowed)}, got {r['value']!r}"
            raise TableError(r.where, problem)
        settings[r["setting"]] = r["value"]
    return settings


def _indefinite(rows: list[Row]) -> dict[tuple[str, str], str]:
    forms: dict[tuple[str, str], str] = {}
    for r in rows:
        if r["case"] not in CASES:
            raise TableError(r.where, f"case must be one of {', '.join(CASES)}, got {r['case']!r}")
        forms.update({(r["case"], g): r[g] for g in GENDERS})
    if ("nom", "m") not in forms:
        raise TableError("indefinite.tsv", "missing the row for case nom")
    return forms


def _case(row: Row) -> str:
    if row["case"] not in CASES:
        raise TableError(row.where, f"case must be one of {', '.join(CASES)}, got {row['case']!r}")
    return row["case"]


def load_data(code: str, package: str, project_dir: Path | None = None) -> LanguageData:
    """Read every table of `package` (e.g. vorleser.lang.de); later rows win over earlier."""

    def rows(name: str) -> list[Row]:
        return _merged(package, name, project_dir)

    numbers = {
        _int(r, "value"): (r["cardinal"], r["ordinal"], r["fraction"]) for r in rows("numbers.tsv")
    }
    for needed in (*range(20), *range(20, 100, 10), 100, 1000):
        if needed not in numbers:
            raise TableError(f"{package}/numbers.tsv", f"missing a row for {needed}")
    scales: dict[int, tuple[str, str]] = {}
    scale_forms: dict[str, int] = {}
    for r in rows("scales.tsv"):
        power = _int(r, "power")
        scales[power] = (r["singular"], r["plural"])
        for form in (r["singular"], r["plural"], *split_forms(r["abbreviations"])):
            scale_forms[form.lower()] = power
    months: dict[int, str] = {}
    month_forms: dict[str, int] = {}
    for r in rows("months.tsv"):
        number = _int(r, "number")
        if not 1 <= number <= 12:
            raise TableError(r.where, f"month number must be 1-12, got {number}")
        months[number] = r["name"]
        for form in (r["name"], *split_forms(r["forms"])):
            month_forms[form] = number
    units = {r["symbol"]: Unit(r["singular"], r["plural"], _gender(r)) for r in rows("units.tsv")}
    currencies = {
        r["symbol"]: Unit(
            r["singular"], r["plural"], _gender(r), r["minor_singular"], r["minor_plural"]
        )
        for r in rows("currencies.tsv")
    }
    abbreviations: dict[str, tuple[str, str, str]] = {}
    for r in rows("abbreviations.tsv"):
        if r["context"] not in ABBREVIATION_CONTEXTS:
            known = ", ".join(ABBREVIATION_CONTEXTS)
            raise TableError(r.where, f"context must be one of {known}, got {r['context']!r}")
        abbreviations[r["abbreviation"]] = (r["abbreviation"], r["expansion"], r["context"])
    nouns = rows("nouns.tsv")
    lexicon = {
        r["word"]: (r["respelling"] or r["word"], None if r["ipa"] in ("", "-") else r["ipa"])
        for r in rows("lexicon.tsv")
    }
    return LanguageData(
        code=code,
        numbers=numbers,
        scales=scales,
        scale_forms=scale_forms,
        months=months,
        month_forms=month_forms,
        ordinal_context={r["word"]: r["ending"] for r in rows("ordinal_context.tsv")},
        starters=frozenset(r["word"] for r in rows("starters.tsv")),
        units=units,
        currencies=currencies,
        abbreviations=tuple(abbreviations.values()),
        symbols={r["symbol"]: r["spoken"] for r in rows("symbols.tsv")},
        acronyms={r["acronym"]: r["spoken"] for r in rows("acronyms.tsv")},
        roman_names={r["name"]: r["article"] for r in rows("roman_names.tsv")},
        roman_words=frozenset(r["word"] for r in rows("roman_words.tsv")),
        web={r["symbol"]: r["spoken"] for r in rows("web.tsv")},
        tlds=frozenset(r["tld"].lower() for r in rows("tlds.tsv")),
        year_words=frozenset(r["word"].lower() for r in rows("year_words.tsv")),
        time_words=frozenset(r["word"].lower() for r in rows("time_words.tsv")),
        lexicon=lexicon,
        settings=_settings(rows("settings.tsv")),
        nouns={r["noun"]: _gender(r) for r in nouns if not r["noun"].startswith("-")},
        noun_suffixes=tuple(
            (r["noun"][1:], _gender(r)) for r in nouns if r["noun"].startswith("-")
        ),
        cases={r["word"].lower(): _case(r) for r in rows("cases.tsv")},
        indefinite=_indefinite(rows("indefinite.tsv")),
        day_words=frozenset(r["word"].lower() for r in rows("day_words.tsv")),
    )
