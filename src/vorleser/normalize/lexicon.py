"""The publisher's lexicon and foreign names: words the engine's own rules get wrong.

Tables: lexicon.tsv (built-in, merged with the project's next to vorleser.toml) and
foreign.tsv (names and words of another language, with their language; a lexicon row with a
`lang` adds one). A word and its genitive ("Erdoğans", "Trump's") follow the same entry.

- A lexicon word is replaced by its respelling, or by its IPA as `[[ ... ]]` for engines
  that take phonemes (Piper): a respelling is a guess at the engine's rules, IPA is exact.
- A foreign word is marked with its language, ⟨en-us:Donald Trump⟩ (neighbours of one
  language in one span, a middle initial included), and the engine speaks it with that
  language's rules (espeak-ng: an SSML voice switch); for engines that take phonemes it
  becomes `[[IPA]]`, from the table or from espeak-ng's rules for that language.
- A middle initial between names loses its dot ("Helmut F. Müller" -> "Helmut F Müller"):
  read as the letter, not as the end of a sentence.
"""

from __future__ import annotations

import re
from functools import cache
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.patterns import alternation

#: A genitive or plural ending that keeps the entry of its base word.
_SUFFIX = r"(?P<suffix>s|['’ʼ]s?)?"
#: A middle initial between two names ("Helmut F. Müller"), not a Roman numeral (I, V, X).
_INITIAL = re.compile(r"(\b[A-ZÄÖÜ][a-zäöüß]{1,30} [A-HJ-UWYZ])\.(?= [A-ZÄÖÜ][a-zäöüß])")
#: Adjacent spans of one language (a middle initial "F." between them too) become one.
_NEIGHBOURS = re.compile(r"⟨([a-z-]+):([^⟩]*)⟩((?:[ \u00a0]+[A-Z]\.?)?[ \u00a0]+)⟨\1:")


class LexiconPass:
    """Replace lexicon words by their respelling (or IPA) and mark foreign words."""

    TABLES: ClassVar[tuple[str, ...]] = ("lexicon.tsv", "foreign.tsv")

    def __init__(self, ctx: Context) -> None:
        self.phonemes = ctx.phonemes
        self.respell = {w: r for w, (r, _) in ctx.data.lexicon.items() if r != w}
        self.ipa = {w: ipa for w, (_, ipa) in ctx.data.lexicon.items() if ipa}
        self.foreign = ctx.data.foreign
        words = set(self.respell) | set(self.foreign) | (set(self.ipa) if ctx.phonemes else set())
        self.pattern = re.compile(rf"(?<![\w-])(?P<word>{alternation(words)}){_SUFFIX}(?![\w])")

    def _replace(self, match: re.Match[str]) -> str:
        word, suffix = match.group("word"), match.group("suffix") or ""
        ending = "s" if suffix else ""
        if word in self.foreign:
            lang, ipa = self.foreign[word]
            if self.phonemes:
                return f"[[{(ipa or phonemize(word, lang)) + ending}]]"
            return f"⟨{lang}:{word}{ending}⟩"
        if self.phonemes and word in self.ipa:
            return f"[[{self.ipa[word]}{ending}]]"
        return self.respell.get(word, word) + (suffix if suffix == "s" else ending)

    def __call__(self, text: str) -> str:
        if not (self.respell or self.foreign or self.phonemes or "." in text):
            return text
        text = self.pattern.sub(self._replace, text)
        text = _INITIAL.sub(r"\1", text)  # read as the letter, without a sentence-end pause
        while "⟩" in text:
            merged = _NEIGHBOURS.sub(lambda m: f"⟨{m[1]}:{m[2]}{_initial(m[3])}", text)
            if merged == text:
                break
            text = merged
        return text


def _initial(gap: str) -> str:
    """The gap between two spans: " F. " -> " F " (the initial read as the letter)."""
    return gap.replace(".", "")


@cache
def phonemize(word: str, lang: str) -> str:
    """IPA of `word` by espeak-ng's rules for `lang` (what Piper's own phonemizer would do)."""
    from vorleser.tts.espeak import phonemize as espeak_phonemize

    return espeak_phonemize(word, lang)
