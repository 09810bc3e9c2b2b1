"""Imported articles -> Markdown files with front matter in PROJECT_DIR/articles/, idempotently.

Importers (feed, WordPress) hand over ImportedArticles; this module owns the files. A small JSON
index (PROJECT_DIR/imports.json) maps each item's stable key (feed guid, post id) to its slug and
a hash of the written file, so a re-import keeps slugs (and so episode URLs and feed guids) even
when a title changes, rewrites only what changed and adds what is new. Every file is written
atomically, and each one is parsed with parse_markdown first, so an item that would break the
build is reported here, naming it, instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from vorleser import atomic
from vorleser.errors import ArticleError, VorleserError
from vorleser.ingest import hygiene
from vorleser.ingest.markdown import parse_markdown, slugify

INDEX_NAME = "imports.json"
"""The index file in the project folder."""
ARTICLES_DIR = "articles"
"""Where imported articles go, inside the project folder."""


@dataclass(frozen=True)
class ImportedArticle:
    """One item from a feed or a CMS, ready to be written as Markdown."""

    key: str
    """Stable identity across imports: the feed item's guid or the post's id URL."""
    source: str
    """Where it came from (its URL), for messages."""
    meta: Mapping[str, Any]
    """Front matter: title, author, date, image, image_credit, related, summary, language,
    categories (a list of names)."""
    body: str
    """The article text as Markdown."""
    slug_hint: str = ""
    """The slug to use on first import (the CMS slug or URL segment); the title otherwise."""
    origin: Mapping[str, str] = field(default_factory=dict)
    """Where the item lives at its source, for writing back to it (WordPress: "site" and
    "post" id); kept in the index, since `vorleser publish wordpress` needs it."""


@dataclass(frozen=True)
class SiteInfo:
    """What a source says about itself (feed channel, WordPress site): seeds `vorleser init`."""

    title: str = ""
    """The feed's or site's name."""
    description: str = ""
    """Its description or tagline."""
    link: str = ""
    """Its home page."""
    language: str = ""
    """Its language (a BCP 47 tag or ISO 639-1 code), if given."""
    image: str = ""
    """URL of its image or icon, if any."""
    author: str = ""
    """Publisher or editor named by the source, if any."""
    email: str = ""
    """Contact address named by the source, if any."""


@dataclass(frozen=True)
class Harvest:
    """What an importer got from a source: the good items and one error per bad item."""

    articles: tuple[ImportedArticle, ...] = ()
    """Items that could be read."""
    failures: tuple[VorleserError, ...] = ()
    """One error per item that could not, each naming the item."""
    site: SiteInfo | None = None
    """The source's own metadata, when it gives any."""


@dataclass(frozen=True)
class ExportReport:
    """What a run of `export` did, slugs per outcome."""

    added: tuple[str, ...] = ()
    """New articles written."""
    updated: tuple[str, ...] = ()
    """Known articles whose content changed and were rewritten."""
    unchanged: tuple[str, ...] = ()
    """Known articles left untouched."""
    failures: tuple[VorleserError, ...] = field(default=())
    """Items that could not be imported (from the importer and from validation here)."""
    withdrawn: tuple[str, ...] = ()
    """Items the publisher deleted or removed, left out (`--restore` brings them back)."""

    def summary(self) -> str:
        """One line for the terminal."""
        total = len(self.added) + len(self.updated) + len(self.unchanged) + len(self.failures)
        return (
            f"imported {total} articles: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.failures)} failed"
            + (f", {len(self.withdrawn)} withdrawn" if self.withdrawn else "")
        )


def render(article: ImportedArticle, slug: str) -> str:
    """The Markdown file's text: YAML front matter (with the slug), a blank line, the body."""
    article = hygiene.clean_value(article)  # imported text is cleaned before it is written
    meta = {k: v for k, v in article.meta.items() if v not in (None, "", [], ())}
    meta["slug"] = slug
    front = yaml.safe_dump(
        _plain(meta), allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
    )
    return f"---\n{front}---\n\n{article.body.strip()}\n"


def export(project_dir: Path, harvest: Harvest, *, restore: bool = False) -> ExportReport:
    """Write the harvest's articles into `project_dir`, keeping slugs; never raises per item.

    An imported article whose file the publisher deleted (or removed with `vorleser remove`)
    is tombstoned in the index and not written again, unless `restore` is given.
    """
    from vorleser import takedown

    folder = project_dir / ARTICLES_DIR
    index = load_index(project_dir)
    taken = {entry["slug"] for entry in index.values()}
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    withdrawn: list[str] = []
    failures = list(harvest.failures)
    state_dir = project_dir / ".vorleser"
    for article in harvest.articles:
        known = index.get(article.key)
        slug = known["slug"] if known else _free_slug(article, folder, taken)
        path = folder / f"{slug}.md"
        gone = known is not None and (known.get("deleted") or not path.exists())
        if gone and not restore:
            if known is not None and not known.get("deleted"):
                index[article.key] = {**known, "deleted": True}
                save_index(project_dir, index)
            withdrawn.append(slug)
            continue
        if gone and known is not None:
            takedown.restore(state_dir, slug)
            known = {k: v for k, v in known.items() if k != "deleted"}
        text = render(article, slug)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if known and known.get("hash") == digest and path.exists() and not gone:
            unchanged.append(slug)
            if article.origin and known.get("origin") != dict(article.origin):
                index[article.key] = {**known, "origin": dict(article.origin)}
                save_index(project_dir, index)
            continue
        try:
            parse_markdown(text, article.source)
        except ArticleError as exc:
            failures.append(exc)
            continue
        atomic.write_text(path, text)
        taken.add(slug)
        index[article.key] = {"slug": slug, "hash": digest, "source": article.source}
        if article.origin:
            index[article.key]["origin"] = dict(article.origin)
        (updated if known else added).append(slug)
        save_index(project_dir, index)  # after each file, so an interruption loses nothing
    return ExportReport(
        tuple(added), tuple(updated), tuple(unchanged), tuple(failures), tuple(withdrawn)
    )


def load_index(project_dir: Path) -> dict[str, dict[str, Any]]:
    """The import index (key -> slug, hash, source, origin, deleted); empty when there is none."""
    path = project_dir / INDEX_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        items = data["items"]
        if not isinstance(items, dict):
            raise TypeError("items is not an object")
    except (ValueError, KeyError, TypeError) as exc:
        raise ArticleError(
            str(path), f"import index is damaged ({exc}); delete it to start over"
        ) from exc
    return {str(k): dict(v) for k, v in items.items() if isinstance(v, dict)}


def save_index(project_dir: Path, index: Mapping[str, Mapping[str, Any]]) -> None:
    """Write the import index atomically."""
    data = {"version": 1, "items": dict(sorted(index.items()))}
    atomic.write_text(
        project_dir / INDEX_NAME, json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    )


def _free_slug(article: ImportedArticle, folder: Path, taken: set[str]) -> str:
    """A slug no other imported item or existing file uses: "x", then "x-2", "x-3", …"""
    base = slugify(article.slug_hint or str(article.meta.get("title") or "artikel"))
    slug, n = base, 1
    while slug in taken or (folder / f"{slug}.md").exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _plain(value: Any) -> Any:
    """Front-matter values YAML writes cleanly: tz-aware datetimes as ISO text."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def harvest_of(
    results: Iterable[ImportedArticle | VorleserError], site: SiteInfo | None = None
) -> Harvest:
    """Split an importer's per-item results into a Harvest."""
    items = list(results)
    return Harvest(
        articles=tuple(i for i in items if isinstance(i, ImportedArticle)),
        failures=tuple(i for i in items if isinstance(i, VorleserError)),
        site=site,
    )
