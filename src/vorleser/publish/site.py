"""The HTML site: an index of all episodes and one player page per episode, via Jinja2.

Every URL in a page is relative, so the output folder works from any host and from file://.
Everything that comes from articles is escaped by Jinja's autoescape; the one exception is
Block.html, which the Markdown reader already produced as safe HTML. UI words come from
templates/strings.tsv in the podcast's language, so a new site language is new rows, not code.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from vorleser import atomic
from vorleser.digest import bytes_digest
from vorleser.errors import PublishError
from vorleser.model import ChapterMark, Cue, Episode, Podcast
from vorleser.publish import layout
from vorleser.publish.strings import ui_strings
from vorleser.publish.verify import check_index

#: Files under vorleser/static copied to out_dir/static/.
STATIC_FILES = ("player.css", "player.js")
#: Site language used when the podcast's language has no rows in strings.tsv.


def write_site(podcast: Podcast, out_dir: Path) -> None:
    """Write index.html, one page per episode and the static assets into `out_dir`, atomically."""
    assets = _asset_versions()
    for name in STATIC_FILES:
        atomic.write_bytes(out_dir / layout.STATIC_DIR / name, _static_bytes(name))
    for episode in podcast.episodes:
        page = layout.page_file(episode.article.slug)
        atomic.write_text(out_dir / page, render_page(podcast, episode, assets))
    index = render_index(podcast, assets)
    check_index(index, podcast, str(out_dir / layout.INDEX))  # whole before it replaces the old
    atomic.write_text(out_dir / layout.INDEX, index)


def render_page(podcast: Podcast, episode: Episode, assets: dict[str, str] | None = None) -> str:
    """The player page of one episode as an HTML string."""
    article = episode.article
    page = layout.page_file(article.slug)
    ui = ui_strings(podcast.language)
    mp3 = _rel(page, layout.episode_file(article.slug, "mp3"))
    chapters = [
        _ChapterView(c.start, c.end, c.title, _clock(c.start), f"{mp3}#t={c.start:.3f}", cues)
        for c, cues in _cues_by_chapter(episode.chapters, episode.cues)
    ]
    context = {
        "page": page,
        "title": article.title,
        "description": article.summary or podcast.description,
        "og_type": "article",
        "byline": byline(ui, article.author, article.translator, article.original_language),
        "date": _date(ui, article.date),
        "credit": _credit(ui, article.image_credit),
        "article": article,
        "sections": article.sections,
        "mp3": mp3,
        "mp3_url": layout.url(podcast, layout.episode_file(article.slug, "mp3")),
        "vtt": _rel(page, layout.episode_file(article.slug, "vtt")),
        "srt": _rel(page, layout.episode_file(article.slug, "srt")),
        "duration": _clock(episode.duration),
        "chapters": chapters,
        "transcript": [c.cues for c in chapters] if chapters else [episode.cues],
        "has_cues": bool(episode.cues),
        "narrator": episode.narrator,
        "related": article.related,
    }
    return _render("page.html", podcast, page, assets, context)


def render_index(podcast: Podcast, assets: dict[str, str] | None = None) -> str:
    """The index page (every episode, newest first) as an HTML string."""
    ui = ui_strings(podcast.language)
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    episodes = sorted(podcast.episodes, key=lambda e: e.article.date or oldest, reverse=True)
    items = [
        {
            "title": e.article.title,
            "href": _rel(layout.INDEX, layout.page_file(e.article.slug)),
            "date": _date(ui, e.article.date),
            "byline": byline(
                ui, e.article.author, e.article.translator, e.article.original_language
            ),
            "summary": e.article.summary,
            "minutes": ui["minutes"].format(minutes=max(1, round(e.duration / 60))),
            "mp3": _rel(layout.INDEX, layout.episode_file(e.article.slug, "mp3")),
        }
        for e in episodes
    ]
    context = {
        "title": podcast.title,
        "description": podcast.description,
        "og_type": "website",
        "items": items,
    }
    return _render("index.html", podcast, layout.INDEX, assets, context)


def byline(
    ui: dict[str, str], author: str | None, translator: str | None, language: str | None
) -> str | None:
    """The credit line: author, then translator and original language when known.

    >>> byline(ui_strings("de"), "Anna Beispiel", "Ben Muster", "Ungarischen")
    'Ein Beitrag von Anna Beispiel, aus dem Ungarischen übersetzt von Ben Muster'
    >>> byline(ui_strings("de"), None, "Ben Muster", None)
    'Übersetzt von Ben Muster'
    """
    parts = []
    if author:
        parts.append(ui["byline_author"].format(author=author))
    if translator and language:
        parts.append(ui["byline_translation"].format(language=language, translator=translator))
    elif translator:
        parts.append(ui["byline_translator"].format(translator=translator))
    if not parts:
        return None
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class _ChapterView:
    """A chapter as the page shows it: its cues grouped under it for the transcript."""

    start: float
    end: float
    title: str
    clock: str
    href: str
    cues: tuple[Cue, ...]


def _cues_by_chapter(
    chapters: tuple[ChapterMark, ...], cues: tuple[Cue, ...]
) -> list[tuple[ChapterMark, tuple[Cue, ...]]]:
    """Pair each chapter with the cues that start inside it (cues before the first go to it)."""
    groups: list[tuple[ChapterMark, list[Cue]]] = [(c, []) for c in chapters]
    if not groups:
        return []
    index = 0
    for cue in cues:
        while index + 1 < len(groups) and cue.start >= groups[index + 1][0].start - 0.001:
            index += 1
        groups[index][1].append(cue)
    return [(c, tuple(group)) for c, group in groups]


def _render(
    template: str,
    podcast: Podcast,
    page: str,
    assets: dict[str, str] | None,
    context: dict[str, Any],
) -> str:
    """Render `template` with what every page needs (site, strings, relative links)."""
    versions = assets if assets is not None else _asset_versions()
    base = {
        "podcast": podcast,
        "lang": podcast.language,
        "ui": ui_strings(podcast.language),
        "canonical": layout.url(podcast, page),
        # absolute, so feed readers discover it from any copy of the page (checklist 34)
        "feed": layout.url(podcast, layout.FEED),
        "home": _rel(page, layout.INDEX),
        "css": _rel(page, f"{layout.STATIC_DIR}/player.css") + f"?v={versions['player.css']}",
        "js": _rel(page, f"{layout.STATIC_DIR}/player.js") + f"?v={versions['player.js']}",
        "cover": _rel(page, podcast.cover) if podcast.cover else None,
        "cover_url": layout.url(podcast, podcast.cover) if podcast.cover else None,
    }
    try:
        return _environment().get_template(template).render(**base, **context)
    except jinja2.TemplateError as exc:
        raise PublishError(f"vorleser/templates/{template}", str(exc)) from exc


@cache
def _environment() -> jinja2.Environment:
    """The Jinja2 environment: autoescape on, undefined names are errors."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("vorleser", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _static_bytes(name: str) -> bytes:
    return (resources.files("vorleser") / "static" / name).read_bytes()


def _asset_versions() -> dict[str, str]:
    """A short content hash per static file, appended as ?v= so browsers never run stale JS."""
    return {n: bytes_digest(_static_bytes(n))[:10] for n in STATIC_FILES}


def _rel(from_file: str, to_file: str) -> str:
    """Relative URL from one output file to another (both relative to the output folder).

    >>> _rel("essay/index.html", "episodes/essay.mp3")
    '../episodes/essay.mp3'
    >>> _rel("index.html", "essay/index.html")
    'essay/index.html'
    """
    return posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")


def _clock(seconds: float) -> str:
    """Seconds as M:SS, or H:MM:SS from an hour on.

    >>> _clock(75.4), _clock(3725)
    ('1:15', '1:02:05')
    """
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _date(ui: dict[str, str], when: dt.datetime | None) -> dict[str, str] | None:
    if when is None:
        return None
    return {"iso": when.isoformat(), "text": when.strftime(ui["date_format"])}


def _credit(ui: dict[str, str], credit: str | None) -> str | None:
    """The image credit; a credit that already carries its label ("Foto: ...") is kept as is."""
    if not credit:
        return None
    label, colon, _ = credit.partition(":")
    if colon and label and len(label) <= 20 and " " not in label.strip():
        return credit
    return ui["image_credit"].format(credit=credit)
