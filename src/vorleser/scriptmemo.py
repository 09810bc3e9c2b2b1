"""Speech scripts remembered between builds, so a build where nothing changed parses no article.

Reading (Markdown and HTML parsing) and normalizing the sentences take most of a build in
which nothing changed: about 0.6 s of 1.5 s for a hundred articles. Both depend only on the
article file, the project's vorleser.toml and tables, whether the voice takes IPA, and
vorleser's own code, so each article's Article and Script are kept in .vorleser/scripts/
under a key over all of these. They are JSON (publish.record's codec), never pickle: a file in
the state folder must not be able to run code. A damaged or stale entry is read again from the
source. Readers and languages from other packages (entry points) are never remembered, since
their code is not in the key.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from vorleser import atomic
from vorleser.errors import WriteError
from vorleser.model import Article, Script
from vorleser.publish.record import from_json_value, to_json_value

MEMO_VERSION = 1
FOLDER = "scripts"


@functools.cache
def _code_fingerprint() -> str:
    """vorleser's own files (name, size, time): a changed rule or table forgets every script."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(str(MEMO_VERSION).encode())
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = Path(root, name)
            with contextlib.suppress(OSError):
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(package)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode()
                )
    return digest.hexdigest()


def _own(target: str) -> bool:
    return target.startswith("vorleser.")


def _all_own(targets: tuple[str, ...]) -> bool:
    """Whether code of vorleser's own does it all (an empty tuple: unknown, so no)."""
    return bool(targets) and all(_own(t) for t in targets)


class ScriptMemo:
    """The remembered scripts of one project, for one build."""

    def __init__(self, project_dir: Path, state_dir: Path) -> None:
        self.folder = state_dir / FOLDER
        digest = hashlib.sha256(_code_fingerprint().encode())
        for path in [project_dir / "vorleser.toml", *sorted(project_dir.glob("*.tsv"))]:
            with contextlib.suppress(OSError):
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        self._project = digest.hexdigest()
        self._keys: dict[str, str] = {}
        """Source -> key of its entry (what this build read or would have read)."""
        self._read: dict[str, Article] = {}
        """Source -> Article as read, before the build dated it."""
        self._entries: dict[str, dict[str, Any]] = {}

    def article(self, path: Path, reader: str) -> Article | None:
        """The remembered Article of the file at `path`, or None (then read it and `read`)."""
        if not _own(reader):
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        key = hashlib.sha256(f"{self._project}\0{path}\0{reader}\0".encode() + data).hexdigest()
        self._keys[str(path)] = key
        entry = self._load(key)
        if entry is None:
            return None
        try:
            article: Article = from_json_value(Article, entry["article"])
        except (KeyError, TypeError, ValueError):
            return None
        self._entries[str(path)] = entry
        self._read[article.source] = article
        return article

    def read(self, article: Article) -> None:
        """Note the Article just read from its source (stored with its script)."""
        self._read[article.source] = article

    def script(self, article: Article, ipa: bool, languages: tuple[str, ...]) -> Script | None:
        """The remembered script of `article` (dated as the build dates it), or None."""
        entry = self._entries.get(article.source)
        if entry is None or entry.get("ipa") != ipa or not _all_own(languages):
            return None
        try:
            script: Script = from_json_value(Script, entry["script"])
        except (KeyError, TypeError, ValueError):
            return None
        return script if script.article == article else None

    def remember(self, script: Script, ipa: bool, languages: tuple[str, ...]) -> None:
        """Keep `script` for the next build (where its reading and language can be keyed)."""
        source = script.article.source
        key, read = self._keys.get(source), self._read.get(source)
        if key is None or read is None or not _all_own(languages):
            return
        entry = {
            "version": MEMO_VERSION,
            "article": to_json_value(read),
            "ipa": ipa,
            "script": to_json_value(script),
        }
        with contextlib.suppress(OSError, WriteError):
            atomic.write_text(self.folder / f"{key}.json", json.dumps(entry, ensure_ascii=False))

    def forget_others(self) -> None:
        """Remove the entries no article of this build has (edited, removed, renamed ones)."""
        keep = {f"{key}.json" for key in self._keys.values()}
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if path.suffix == ".json" and path.name not in keep:
                    path.unlink(missing_ok=True)

    def _load(self, key: str) -> dict[str, Any] | None:
        try:
            entry = json.loads((self.folder / f"{key}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("version") != MEMO_VERSION:
            return None
        return entry
