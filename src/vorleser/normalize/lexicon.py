"""The publisher's lexicon: whole words replaced by a respelling any engine reads right.

Table: lexicon.tsv (built-in) merged with the project's lexicon.tsv next to vorleser.toml.
For engines that take IPA inline (Piper, `[[ ... ]]`), entries with IPA are given as phonemes:
a respelling is a guess at the engine's rules, IPA is exact.
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.patterns import alternation


class LexiconPass:
    """Replace lexicon words (case-sensitive, whole words) by their respelling."""

    TABLES: ClassVar[tuple[str, ...]] = ("lexicon.tsv",)

    def __init__(self, ctx: Context) -> None:
        self.respell = {w: r for w, (r, _) in ctx.data.lexicon.items() if r != w}
        if ctx.phonemes:
            self.respell.update(
                {w: f"[[{ipa}]]" for w, (_, ipa) in ctx.data.lexicon.items() if ipa}
            )
        self.pattern = re.compile(rf"(?<![\w-]){alternation(self.respell)}(?![\w])")

    def __call__(self, text: str) -> str:
        if not self.respell:
            return text
        return self.pattern.sub(lambda m: self.respell[m.group()], text)
