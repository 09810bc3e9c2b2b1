"""Agreement of the number one with the noun after it: "eine Stunde", "mit einer Stimme".

Tables: nouns.tsv (gender of nouns and noun suffixes), cases.tsv (prepositions and the
case they govern), indefinite.tsv (the forms of "ein"). Only what is clear from the word
before is inflected: "mit 1 Euro" is dative, but "kostet 1 Euro" stays "ein Euro", since
telling an accusative object from a nominative subject needs a parser.
"""

from __future__ import annotations

from vorleser.normalize.data import LanguageData
from vorleser.normalize.patterns import prev_word


def noun_gender(data: LanguageData, noun: str) -> str | None:
    """The gender of `noun` from nouns.tsv, by the word or its suffix; None if unknown.

    >>> from vorleser.normalize import Normalizer
    >>> data = Normalizer().data
    >>> noun_gender(data, "Stunde"), noun_gender(data, "Zeitung"), noun_gender(data, "Haus")
    ('f', 'f', None)
    """
    gender = data.nouns.get(noun)
    if gender:
        return gender
    for suffix, suffix_gender in data.noun_suffixes:
        if noun.endswith(suffix) and len(noun) > len(suffix) + 1:
            return suffix_gender
    return None


def case_before(data: LanguageData, text: str, start: int) -> str:
    """The case the word before `start` governs (cases.tsv); "nom" when it is no preposition."""
    return data.cases.get(prev_word(text, start).lower(), "nom")
