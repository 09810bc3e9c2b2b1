"""What `vorleser check` found, as frozen values: the CLI renders them as a table, JSON or HTML.

JSON_VERSION changes whenever `CheckReport.to_json()` changes shape (tests pin the schema).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

JSON_VERSION = 1


@dataclass(frozen=True)
class Place:
    """One sentence of one article."""

    slug: str
    """The article's slug (studio URLs and the build's file names use it)."""
    source: str
    """The article's file or URL."""
    index: int
    """The sentence's position in the article's script, from 0."""
    text: str
    """The written sentence."""
    spoken: str
    """What the engine is given."""


@dataclass(frozen=True)
class WordFlag:
    """A word the engine will guess at, with every form and place it occurs in."""

    word: str
    """The base form (the form the others are grouped under)."""
    forms: tuple[str, ...]
    """Every written form seen ("Mearsheimer", "Mearsheimers"), most frequent first."""
    count: int
    """Occurrences across the checked articles."""
    articles: tuple[str, ...]
    """Slugs of the articles it occurs in."""
    places: tuple[Place, ...]
    """The sentences it occurs in (each once)."""
    language: str | None = None
    """The language a foreign-name hint suggests (lang/<code>/foreign_hints.tsv), or None."""
    in_lexicon: bool = False
    """The base form is in the lexicon, but these inflected forms are not."""


@dataclass(frozen=True)
class Leftover:
    """Something normalization left in a spoken form, or a sentence that is too long."""

    kind: str
    """"digits", "symbol", "url", "all-caps", "long" or "split"."""
    token: str
    """The offending text ("42", "§", "www.example.org", "XYZ"; the length for long ones)."""
    place: Place
    """Where it is."""
    hint: str
    """What to do about it."""


@dataclass(frozen=True)
class LexiconIssue:
    """A lexicon entry that is stale, duplicated or contradicted."""

    kind: str
    """"stale", "duplicate" or "conflict"."""
    word: str
    """The entry's word."""
    where: str
    """file:line of the entry."""
    problem: str
    """One line saying what is wrong and what to do."""


@dataclass(frozen=True)
class CheckReport:
    """Everything `check` flags for a project or one article."""

    project: str
    """The project folder."""
    articles: int
    """Articles checked."""
    sentences: int
    """Sentences checked."""
    words: tuple[WordFlag, ...]
    """Unknown words, most frequent first."""
    leftovers: tuple[Leftover, ...]
    """Normalization leftovers and long sentences, in article order."""
    lexicon: tuple[LexiconIssue, ...]
    """Stale, duplicate and conflicting lexicon entries."""
    failures: tuple[tuple[str, str], ...] = ()
    """(source, problem) for articles that could not be read."""
    asr: tuple[AsrResult, ...] = field(default=())
    """With --asr: sentences whose recognized text differs most from the script."""

    @property
    def foreign(self) -> tuple[WordFlag, ...]:
        """Unknown words that look like foreign names (candidates for the foreign-names table)."""
        return tuple(w for w in self.words if w.language)

    @property
    def flagged(self) -> int:
        """How many things were flagged (what --strict tests)."""
        return (
            len(self.words)
            + len(self.leftovers)
            + len(self.lexicon)
            + len(self.failures)
            + sum(1 for a in self.asr if a.flagged)
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; see docs/studio.md for the schema."""
        data = asdict(self)
        data["version"] = JSON_VERSION
        data["foreign"] = [w.word for w in self.foreign]
        data["flagged"] = self.flagged
        data["failures"] = [{"source": s, "problem": p} for s, p in self.failures]
        return data


@dataclass(frozen=True)
class AsrResult:
    """A sentence heard back by a speech recognizer."""

    place: Place
    """The sentence."""
    heard: str
    """What the recognizer understood."""
    error_rate: float
    """Word error rate of `heard` against the spoken form (0 = identical)."""
    flagged: bool
    """Whether the rate is above the threshold."""
