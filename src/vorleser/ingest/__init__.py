"""Ingest: any source -> Article. The reader is picked by suffix or URL scheme (the registry)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vorleser.errors import ArticleError
from vorleser.ingest import hygiene
from vorleser.model import Article
from vorleser.registry import import_target, targets


def _readers() -> dict[str, str]:
    """Suffix or URL scheme -> "module:function" taking the source string (vorleser.registry)."""
    return targets("readers")


def reader_key(source: str) -> str:
    """The reader's registry name for a source: its URL scheme or its file suffix."""
    scheme = source.split("://", 1)[0].lower() if "://" in source else ""
    return scheme or Path(source).suffix.lower()


def reader_target(source: str) -> str:
    """The "module:function" that reads `source` ("" when no reader takes it)."""
    return _readers().get(reader_key(source), "")


def read_article(
    source: str, *, max_bytes: int = hygiene.DEFAULT_MAX_BYTES, **options: Any
) -> Article:
    """Read one article from a file path or URL.

    A file is checked first (regular, at most `max_bytes`, text rather than binary data), and
    every reader's Article passes through hygiene.clean_article, so no reader can hand on a
    character that XML 1.0 forbids.
    """
    key = reader_key(source)
    readers = _readers()
    if key not in readers:
        known = ", ".join(sorted(k for k in readers if k.startswith(".")))
        raise ArticleError(
            source, f"unsupported kind of file {key or '(no suffix)'}; use one of {known} or a URL"
        )
    if "://" not in source:
        hygiene.check_source(source, max_bytes)
    reader: Any = import_target(readers[key])
    article: Article = reader(source, **options)
    return hygiene.clean_article(article)


def find_articles(paths: list[Path], skip: tuple[Path, ...] = ()) -> list[Path]:
    """Article files under `paths` (files or folders), sorted, skipping hidden files.

    Folders in `skip` (the output folder) are never searched: a site built inside the article
    folder must not be read back as articles. When the output folder is the article folder
    (or holds it), the files the build writes there (index.html, SLUG/index.html, episodes/,
    static/) are left out instead. Any other folder that holds a built site (feed.xml,
    index.html and episodes/, from an earlier build elsewhere) is never read either.
    """
    found: list[Path] = []
    suffixes = {k for k in _readers() if k.startswith(".")}
    sites: dict[Path, bool] = {}
    for path in paths:
        skipped = [s.resolve() for s in skip]
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix.lower() in suffixes
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not any(_is_output(p, path, s) for s in skipped)
                and not _in_built_site(p, path, sites)
            )
    return sorted(dict.fromkeys(found))


def _in_built_site(file: Path, searched: Path, sites: dict[Path, bool]) -> bool:
    """Whether a folder between `searched` (exclusive) and `file` holds a built site."""
    for folder in file.parents:
        if folder == searched or searched not in folder.parents:
            return False
        if folder not in sites:
            sites[folder] = (
                (folder / "feed.xml").is_file()
                and (folder / "index.html").is_file()
                and (folder / "episodes").is_dir()
            )
        if sites[folder]:
            return True
    return False


def _is_output(file: Path, searched: Path, out: Path) -> bool:
    """Whether `file`, found under `searched`, is (or may be) written by a build into `out`."""
    if not hygiene.is_inside(file, out):
        return False
    if out != searched.resolve() and hygiene.is_inside(out, searched):
        return True  # the output folder lies inside the article folder: none of it is input
    parts = file.resolve().relative_to(out).parts
    return (
        parts == ("index.html",)
        or (len(parts) == 2 and parts[1] == "index.html")
        or parts[0] in ("episodes", "static")
    )
