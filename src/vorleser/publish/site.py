"""The HTML site: a player page and an embeddable player per episode, the archive, search.

Every URL in a page is relative, so the output folder works from any host and from file://.
Everything that comes from articles is escaped by Jinja's autoescape; the one exception is
Block.html, which the Markdown reader built from tokens as safe HTML. UI words come from
templates/strings.tsv in the podcast's language, so a new site language is new rows, not code.
Every page works without JavaScript: the player is a plain <audio controls> that player.js
replaces with its own controls, chapters are links to "episode.mp3#t=…".
"""

from __future__ import annotations

import html
import shutil
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from vorleser import atomic
from vorleser.digest import bytes_digest
from vorleser.errors import PublishError
from vorleser.model import Article, Episode, Podcast
from vorleser.publish import layout, views
from vorleser.publish.archive import Listing, category_slug, listings
from vorleser.publish.options import SiteOptions
from vorleser.publish.strings import ui_strings
from vorleser.publish.urls import safe_links
from vorleser.publish.verify import check_index
from vorleser.publish.views import byline, rel

__all__ = ["STATIC_FILES", "byline", "render_embed", "render_page", "write_site"]

#: Files under vorleser/static copied to out_dir/static/.
STATIC_FILES = ("player.css", "player.js", "search.js")
_SAFE_IMAGE = ("https://", "http://")
_IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg"})


def write_site(podcast: Podcast, out_dir: Path, options: SiteOptions | None = None) -> None:
    """Write the index and archive, each episode's page and embed, the assets and the search."""
    options = options or SiteOptions()
    assets = _asset_versions()
    for name in STATIC_FILES:
        atomic.write_bytes(out_dir / layout.STATIC_DIR / name, _static_bytes(name))
    for episode in podcast.episodes:
        slug = episode.article.slug
        image = _title_image(episode.article, out_dir)
        page = render_page(podcast, episode, assets, image=image, options=options)
        atomic.write_text(out_dir / layout.page_file(slug), page)
        atomic.write_text(out_dir / layout.embed_file(slug), render_embed(podcast, episode, assets))
    remove_stale(out_dir, {e.article.slug for e in podcast.episodes})
    for listing in listings(podcast, options.page_size):
        html_text = render_listing(podcast, listing, assets, options)
        if listing.kind == "index":  # whole before it replaces the old
            shown = replace(podcast, episodes=listing.episodes)
            check_index(html_text, shown, str(out_dir / listing.file), listing.file)
        atomic.write_text(out_dir / listing.file, html_text)
    if options.search:
        atomic.write_text(out_dir / layout.SEARCH, render_search(podcast, assets, options))
        from vorleser.publish.search import build_index

        build_index(out_dir, podcast.language)


def render_page(
    podcast: Podcast,
    episode: Episode,
    assets: dict[str, str] | None = None,
    *,
    image: str | None = None,
    options: SiteOptions | None = None,
) -> str:
    """The player page of one episode as an HTML string; `image` is the title image's URL."""
    options = options or SiteOptions()
    article = episode.article
    page = layout.page_file(article.slug)
    context = {
        **_episode_context(podcast, episode, page),
        "description": article.summary or podcast.description,
        "og_type": "article",
        "image": image,
        "credit": views.credit(ui_strings(podcast.language), article.image_credit)
        if image
        else None,
        "sections": article.sections,
        "related": safe_links(article.related),
        "categories": [
            (name, rel(page, layout.listing_file("category", category_slug(name), 1)))
            for name in dict.fromkeys(article.categories)
        ],
        "author_href": rel(page, layout.listing_file("author", category_slug(article.author), 1))
        if article.author
        else None,
        "embed_snippet": embed_snippet(podcast, episode),
        "summary_label": ui_strings(podcast.language)["transcript"],
        "share": True,
        "chapters_open": True,
        "options": options,
        "subscribe": _subscribe(podcast, options),
    }
    return _render("page.html", podcast, page, assets, context, options)


def render_embed(podcast: Podcast, episode: Episode, assets: dict[str, str] | None = None) -> str:
    """The compact player of one episode, made to be shown in an iframe on another site."""
    page = layout.embed_file(episode.article.slug)
    context = {
        **_episode_context(podcast, episode, page),
        "description": episode.article.summary or podcast.description,
        "og_type": "article",
        "page_url": layout.url(podcast, layout.page_file(episode.article.slug)),
        "summary_label": ui_strings(podcast.language)["show_transcript"],
        "chapters_open": False,
    }
    return _render("embed.html", podcast, page, assets, context, SiteOptions(search=False))


def embed_snippet(podcast: Podcast, episode: Episode) -> str:
    """The <iframe> code a publisher copies to show the episode's player on another site."""
    src = html.escape(layout.url(podcast, layout.embed_file(episode.article.slug)))
    title = html.escape(episode.article.title)
    return (
        f'<iframe src="{src}" title="{title}" width="100%" height="220" '
        'loading="lazy" style="border:0"></iframe>'
    )


def render_listing(
    podcast: Podcast, listing: Listing, assets: dict[str, str] | None, options: SiteOptions
) -> str:
    """One page of the index, a category or an author."""
    ui = ui_strings(podcast.language)
    page = listing.file
    name = ui[listing.kind].format(name=listing.name) if listing.kind != "index" else ""
    title = name or podcast.title
    if listing.pages > 1:
        title_full = f"{title} – {ui['page_of'].format(page=listing.page, pages=listing.pages)}"
    else:
        title_full = title
    items = [_item(podcast, e, page) for e in listing.episodes]
    context = {
        "title": title,
        "title_full": title_full,
        "description": podcast.description,
        "og_type": "website",
        "listing": listing,
        "items": items,
        "numbers": [(n, rel(page, listing.file_of(n))) for n in range(1, listing.pages + 1)],
        "newer": rel(page, listing.file_of(listing.page - 1)) if listing.page > 1 else None,
        "older": rel(page, listing.file_of(listing.page + 1))
        if listing.page < listing.pages
        else None,
        "subscribe": _subscribe(podcast, options),
    }
    return _render("index.html", podcast, page, assets, context, options)


def render_search(podcast: Podcast, assets: dict[str, str] | None, options: SiteOptions) -> str:
    """The search page; search.js runs Pagefind in the browser."""
    ui = ui_strings(podcast.language)
    context = {
        "title": ui["search"],
        "description": podcast.description,
        "og_type": "website",
        "pagefind": rel(layout.SEARCH, f"{layout.SEARCH_DIR}/pagefind.js"),
        "search_js": _asset(layout.SEARCH, "search.js", assets),
    }
    return _render("search.html", podcast, layout.SEARCH, assets, context, options)


def _episode_context(podcast: Podcast, episode: Episode, page: str) -> dict[str, Any]:
    """What the page and the embed both show of an episode."""
    article = episode.article
    ui = ui_strings(podcast.language)
    files = views.links(page, article.slug)
    chapters = views.chapter_views(episode, files.mp3)
    return {
        "page": page,
        "title": article.title,
        "byline": byline(ui, article.author, article.translator, article.original_language),
        "date": views.date(ui, article.date),
        "article": article,
        "files": files,
        "mp3": files.mp3,
        "mp3_url": layout.url(podcast, layout.episode_file(article.slug, "mp3")),
        "duration": views.clock(episode.duration),
        "duration_iso": views.iso_duration(episode.duration),
        "seconds": round(episode.duration, 3),
        "chapters": chapters,
        "transcript": [c.cues for c in chapters] if chapters else [episode.cues],
        "has_cues": bool(episode.cues),
        "narrator": episode.narrator,
        "speeds": views.SPEEDS,
        "storage_key": episode.guid or layout.url(podcast, layout.page_file(article.slug)),
    }


def _item(podcast: Podcast, episode: Episode, page: str) -> dict[str, Any]:
    """An episode as a listing shows it: title, meta, summary and an inline player."""
    ui = ui_strings(podcast.language)
    article = episode.article
    files = views.links(page, article.slug)
    return {
        "slug": article.slug,
        "title": article.title,
        "href": files.page,
        "mp3": files.mp3,
        "date": views.date(ui, article.date),
        "byline": byline(ui, article.author, article.translator, article.original_language),
        "summary": article.summary,
        "minutes": ui["minutes"].format(minutes=max(1, round(episode.duration / 60))),
        "duration_iso": views.iso_duration(episode.duration),
    }


def _subscribe(podcast: Podcast, options: SiteOptions) -> dict[str, Any]:
    """The subscribe block: the feed URL, the publisher's app links, the podcast:// link."""
    feed = layout.url(podcast, layout.FEED)
    return {
        "feed": feed,
        "apps": options.apps,
        "generic": "podcast://" + feed.split("://", 1)[1],
    }


def _title_image(article: Article, out_dir: Path) -> str | None:
    """The title image's URL relative to the page; a local file is copied next to the page.

    A path is resolved against the article's file and must stay inside its folder and name an
    image, so front matter can never publish another file of the machine; an image that
    cannot be found is left out (and with it the credit), rather than shown broken.
    """
    image = (article.image or "").strip()
    if not image:
        return None
    if image.lower().startswith(_SAFE_IMAGE):
        return image
    if ":" in image.split("/", 1)[0] or image.startswith("//"):
        return None  # another scheme (data:, javascript:) is never put in a page
    folder = Path(article.source).parent.resolve()
    source = (folder / image).resolve()
    if (
        source.suffix.lower() not in _IMAGE_SUFFIXES
        or not source.is_relative_to(folder)
        or not source.is_file()
    ):
        return None  # only image files in the article's own folder tree are published
    target = out_dir / article.slug / source.name
    atomic.write_bytes(target, source.read_bytes())
    return source.name


def _asset(page: str, name: str, assets: dict[str, str] | None) -> str:
    versions = assets if assets is not None else _asset_versions()
    return rel(page, f"{layout.STATIC_DIR}/{name}") + f"?v={versions[name]}"


def _render(
    template: str,
    podcast: Podcast,
    page: str,
    assets: dict[str, str] | None,
    context: dict[str, Any],
    options: SiteOptions,
) -> str:
    """Render `template` with what every page needs (site, strings, relative links)."""
    base = {
        "podcast": podcast,
        "lang": podcast.language,
        "ui": ui_strings(podcast.language),
        "canonical": layout.url(podcast, page),
        # absolute, so feed readers discover it from any copy of the page (checklist 34)
        "feed": layout.url(podcast, layout.FEED),
        "home": rel(page, layout.INDEX),
        "search_href": rel(page, layout.SEARCH) if options.search else None,
        "css": _asset(page, "player.css", assets),
        "js": _asset(page, "player.js", assets),
        "cover": rel(page, podcast.cover) if podcast.cover else None,
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


def remove_stale(out_dir: Path, slugs: set[str]) -> None:
    """Remove the listing folders before they are written again, so no gone listing stays.

    A folder that is also an article's (an article with the slug "author") is left alone.
    """
    for folder in ("page", "category", "author"):
        if folder not in slugs:
            shutil.rmtree(out_dir / folder, ignore_errors=True)
