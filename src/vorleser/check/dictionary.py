"""Which words a real dictionary knows: a Hunspell dictionary, read by spylls (pure Python).

Hunspell's German dictionary (Debian's hunspell-de-de, the one LibreOffice and Firefox use)
knows inflections and compounds ("Waffenstillstandsverhandlungen"), which a flat word list
cannot. Looking a word up costs about a millisecond, so answers are kept in a small JSON file
in the project's cache, keyed by the dictionary files' hash: a warm `check` loads no dictionary.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vorleser import atomic
from vorleser.errors import VorleserError

#: Where Hunspell dictionaries live on Debian and most other systems.
SEARCH_PATH = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")
ENV = "VORLESER_HUNSPELL_PATH"


class DictionaryError(VorleserError):
    """No dictionary for a language, or one that cannot be read."""


def find_dictionary(language: str) -> Path:
    """The .dic/.aff stem for `language` ("de" -> .../de_DE), searched in $VORLESER_HUNSPELL_PATH
    and the usual system folders; the language's main country first (de_DE before de_AT)."""
    dirs = [d for d in os.environ.get(ENV, "").split(os.pathsep) if d] + list(SEARCH_PATH)
    for folder in map(Path, dirs):
        preferred = folder / f"{language}_{language.upper()}"
        if preferred.with_suffix(".dic").is_file():
            return preferred
        others = sorted(folder.glob(f"{language}_*.dic")) if folder.is_dir() else []
        if others:
            return others[0].with_suffix("")
    raise DictionaryError(
        f"dictionary for {language!r}",
        f"no Hunspell dictionary found in {', '.join(dirs)}; install one (Debian: "
        f"apt-get install hunspell-{language}-{language}) or set {ENV} to its folder",
    )


class WordList:
    """`known(words)`: the words the dictionary accepts, with answers remembered on disk."""

    def __init__(self, language: str, memo_dir: Path | None = None) -> None:
        self.stem = find_dictionary(language)
        digest = hashlib.sha256()
        for suffix in (".aff", ".dic"):
            digest.update(self.stem.with_suffix(suffix).read_bytes())
        self.identity = digest.hexdigest()[:16]
        self.memo_path = (
            memo_dir / f"words-{language}-{self.identity}.json" if memo_dir is not None else None
        )
        self._memo: dict[str, bool] = self._read_memo()
        self._dictionary: Any = None
        self.looked_up = 0
        """Words looked up in the dictionary itself (not answered from the memo)."""

    def _read_memo(self) -> dict[str, bool]:
        if self.memo_path is None:
            return {}
        try:
            data = json.loads(self.memo_path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}  # missing or damaged: looked up again
        return {str(k): bool(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _lookup(self, word: str) -> bool:
        if self._dictionary is None:
            try:
                from spylls.hunspell import Dictionary
            except ImportError:
                raise DictionaryError(
                    "check", "spylls is not installed; pip install spylls"
                ) from None

            try:
                self._dictionary = Dictionary.from_files(str(self.stem))
            except Exception as exc:  # spylls raises plain errors on a bad file
                raise DictionaryError(str(self.stem), f"cannot read dictionary: {exc}") from exc
        self.looked_up += 1
        return bool(self._dictionary.lookup(word))

    def known(self, words: Iterable[str]) -> set[str]:
        """The subset of `words` the dictionary accepts."""
        found: set[str] = set()
        for word in set(words):
            answer = self._memo.get(word)
            if answer is None:
                answer = self._memo[word] = self._lookup(word)
            if answer:
                found.add(word)
        return found

    def save(self) -> None:
        """Write the remembered answers (atomically; a lost memo only costs time)."""
        if self.memo_path is not None and self.looked_up:
            atomic.write_text(self.memo_path, json.dumps(self._memo, ensure_ascii=False))
