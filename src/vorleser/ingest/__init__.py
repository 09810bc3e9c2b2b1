"""Ingest: any source -> Article. The reader is picked by suffix or URL scheme (the registry)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vorleser.errors import ArticleError
from vorleser.model import Article
from vorleser.registry import import_target, targets


def _readers() -> dict[str, str]:
    """Suffix or URL scheme -> "module:function" taking the source string (vorleser.registry)."""
    return targets("readers")


def reader_key(source: str) -> str:
    """The reader's registry name for a source: its URL scheme or its file suffix."""
    scheme = source.split("://", 1)[0].lower() if "://" in source else ""
    return scheme or Path(source).suffix.lower()


def read_article(source: str, **options: Any) -> Article:
    """Read one article from a file path or URL."""
    key = reader_key(source)
    readers = _readers()
    if key not in readers:
        known = ", ".join(sorted(k for k in readers if k.startswith(".")))
        raise ArticleError(
            source, f"unsupported kind of file {key or '(no suffix)'}; use one of {known} or a URL"
        )
    reader: Any = import_target(readers[key])
    article: Article = reader(source, **options)
    return article


def find_articles(paths: list[Path]) -> list[Path]:
    """Article files under `paths` (files or folders), sorted, skipping hidden files."""
    found: list[Path] = []
    suffixes = {k for k in _readers() if k.startswith(".")}
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix.lower() in suffixes
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
    return sorted(dict.fromkeys(found))
