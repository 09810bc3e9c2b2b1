"""The sentence-level findings of `check`: unknown words and normalization leftovers.

A word is worth checking when it reached the engine as written: it is in the spoken form *and*
in the written sentence (normalization did not replace it), it is not in the lexicon, and the
dictionary does not know it. Everything normalization produced itself (number words, spelled
acronyms, respellings) is absent from the written sentence and so never flagged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from vorleser.check.report import Leftover, Place, WordFlag

#: A word: letters only; a hyphenated compound ("Audio-Ausgabe") is one word.
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: What the normalizer hands the engine as it is: [[phonemes]] and ⟨lang:foreign words⟩.
_PHONEMES = re.compile(r"\[\[.*?\]\]|⟨[^⟩]*⟩")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_URLISH = re.compile(r"(?i)\b(?:https?|www)\b\S*|[^\W\d_]+(?:\.[^\W\d_]+)+(?:/\S*)?|\S*/\S+")
#: Typography every engine reads as a pause or not at all; anything else is a leftover symbol.
_PUNCTUATION = frozenset(".,;:!?-–—'’\"„“”‚‘»«›‹()…")
_SYMBOL = re.compile(rf"[^\w\s{re.escape(''.join(sorted(_PUNCTUATION)))}]|_")
_ALL_CAPS = re.compile(r"(?<![\w-])[^\W\d_a-zäöüß]{2,}(?![\w])")
_ROMAN = re.compile(r"[IVXLCDM]+")


@dataclass(frozen=True)
class LanguageHints:
    """A language's check tables: inflection endings and foreign-name patterns."""

    endings: tuple[str, ...]
    """Endings stripped to find a word's base form (check_endings.tsv)."""
    foreign: tuple[tuple[re.Pattern[str], str], ...]
    """(pattern, language) rows of foreign_hints.tsv, first match wins."""


@cache
def language_hints(language: str) -> LanguageHints:
    """The check tables of `language`, through the one table loader (none when not shipped)."""
    from vorleser.lang import load_language
    from vorleser.normalize.data import LanguageData

    lang = load_language(language)
    data = LanguageData(lang.code, lang.package)
    return LanguageHints(data.check_endings, data.foreign_hints)


def words_of(text: str) -> list[str]:
    """The words of `text`, without [[phonemes]].

    >>> words_of("Kulebas Plan, US-Präsident [[ʃ]] 2022")
    ['Kulebas', 'Plan', 'US-Präsident']
    """
    return WORD.findall(_PHONEMES.sub(" ", text))


def candidates(place: Place, lexicon: Iterable[str]) -> list[str]:
    """Words of the sentence that reach the engine as written and are not in the lexicon."""
    written = set(words_of(place.text))
    lex = set(lexicon)
    spoken = _URLISH.sub(" ", place.spoken)  # URL pieces are leftovers, not words
    return [w for w in words_of(spoken) if w in written and _worth(w, lex)]


def _worth(word: str, lexicon: set[str]) -> bool:
    """Not a single letter, not all-caps (leftovers() reports those), not in the lexicon."""
    return len(word) > 1 and not word.isupper() and word not in lexicon


def unknown_words(
    occurrences: dict[str, list[Place]],
    known: Callable[[Iterable[str]], set[str]],
    lexicon: set[str],
) -> dict[str, list[Place]]:
    """The words the dictionary does not know, with their places.

    A hyphenated compound the dictionary does not know as a whole is looked at part by part,
    so "Kuleba-Plan" flags "Kuleba" (and "US-Präsident" nothing: "US" is an acronym).
    """
    unknown = set(occurrences) - known(occurrences)
    parts: dict[str, list[Place]] = {}
    for word in unknown:
        if "-" in word:
            for part in word.split("-"):
                if _worth(part, lexicon):
                    parts.setdefault(part, []).extend(occurrences[word])
    part_unknown = set(parts) - known(parts)
    found = {w: occurrences[w] for w in unknown if "-" not in w}
    for part in part_unknown:
        found.setdefault(part, []).extend(parts[part])
    return found


def group_words(
    occurrences: dict[str, list[Place]],
    unknown: set[str],
    lexicon: Iterable[str],
    hints: LanguageHints,
) -> list[WordFlag]:
    """Unknown words grouped under their base form, most frequent first.

    A form is grouped under a base when stripping one of the language's endings gives a word
    that occurs too or is in the lexicon ("Mearsheimers" under "Mearsheimer").
    """
    lex = set(lexicon)
    base_of: dict[str, str] = {}
    for word in unknown:
        base = word
        for ending in hints.endings:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) > 2 and (stem in unknown or stem in lex):
                base = stem
                break
        base_of[word] = base
    groups: dict[str, Counter[str]] = {}
    for word in unknown:
        groups.setdefault(base_of[word], Counter())[word] += len(occurrences[word])
    flags = []
    for base, forms in groups.items():
        places: dict[tuple[str, int], Place] = {}
        for form in forms:
            for p in occurrences[form]:
                places.setdefault((p.slug, p.index), p)
        ordered = sorted(places.values(), key=lambda p: (p.slug, p.index))
        flags.append(
            WordFlag(
                word=base,
                forms=tuple(f for f, _ in forms.most_common()),
                count=sum(forms.values()),
                articles=tuple(dict.fromkeys(p.slug for p in ordered)),
                places=tuple(ordered),
                language=_foreign(base, hints) if base[:1].isupper() else None,
                in_lexicon=base in lex,
            )
        )
    flags.sort(key=lambda f: (-f.count, -len(f.articles), f.word.casefold()))
    return flags


def _foreign(word: str, hints: LanguageHints) -> str | None:
    for pattern, language in hints.foreign:
        if pattern.search(word.lower()):
            return language
    return None


def leftovers(
    place: Place,
    acronyms: Iterable[str],
    lexicon: Iterable[str],
    long_chars: int,
    split_chars: int | None,
) -> list[Leftover]:
    """What normalization left in the spoken form of one sentence, and length problems."""
    found: list[Leftover] = []
    spoken = _PHONEMES.sub(" ", place.spoken)
    for m in _URLISH.finditer(spoken):
        found.append(Leftover("url", m.group(), place, "a web address is read out piece by piece"))
    rest = _URLISH.sub(" ", spoken)
    for m in _DIGITS.finditer(rest):
        found.append(Leftover("digits", m.group(), place, "digits the number rules did not read"))
    for ch in dict.fromkeys(_SYMBOL.findall(rest)):
        found.append(
            Leftover("symbol", ch, place, "a symbol the engine may read or skip; reword it")
        )
    known = set(acronyms) | set(lexicon)
    for m in _ALL_CAPS.finditer(place.text):
        token = m.group()
        if token not in known and not _ROMAN.fullmatch(token):
            found.append(
                Leftover(
                    "all-caps",
                    token,
                    place,
                    "spelled letter by letter; add it to acronyms.tsv if it is said as a word",
                )
            )
    if split_chars and len(place.spoken) > split_chars:
        found.append(
            Leftover(
                "split",
                str(len(place.spoken)),
                place,
                f"longer than the voice's {split_chars} characters: it is split at clauses",
            )
        )
    elif len(place.spoken) > long_chars:
        found.append(
            Leftover(
                "long",
                str(len(place.spoken)),
                place,
                f"over {long_chars} characters: hard to follow by ear; consider splitting it",
            )
        )
    return found
