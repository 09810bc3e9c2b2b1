"""What directories will object to in a feed: warnings that do not stop a build.

Kept apart from feed.py (which writes the feed) because it judges the publisher's content
(an http host, a title with the show's name) rather than producing XML.
"""

from __future__ import annotations

from pathlib import Path

from vorleser.model import Podcast
from vorleser.publish import layout
from vorleser.publish.artwork import art_problem
from vorleser.publish.feed import (
    ITEM_ART_SUFFIXES,
    MAX_DESCRIPTION,
    MAX_VALUE,
    NUMBERED_TITLE,
    clean_text,
    description_html,
    pub_date,
)
from vorleser.publish.urls import unsafe_links


def feed_warnings(podcast: Podcast, *, out_dir: Path | None = None) -> list[str]:
    """What directories will object to in the feed render_feed writes, as "where: problem" lines.

    None of these stops a build, because the feed is still valid RSS and the fix is the
    publisher's (an https host, a title without the show name); the build prints them.
    Covers checklist 3, 5, 12, 13 and 17; `out_dir` adds the check of episodes' own art.
    """
    warnings = []
    base = podcast.base_url
    if not base.startswith("https://"):
        warnings.append(
            f"podcast.base_url: {base!r} is not https; Apple Podcasts, Spotify and the podcast "
            "namespace require https URLs for the feed, audio and art (checklist 12)"
        )
    if len(podcast.title) > MAX_VALUE:
        warnings.append(f"podcast.title: longer than {MAX_VALUE} characters (Apple's limit)")
    size = len(clean_text(podcast.description).encode("utf-8"))
    if size > MAX_DESCRIPTION:
        warnings.append(
            f"podcast.description: {size} bytes, cut to {MAX_DESCRIPTION} in the feed (checklist 3)"
        )
    if not podcast.cover:
        warnings.append("podcast.cover: no cover art; directories reject a feed without it")
    show = clean_text(podcast.title).casefold()
    guids: dict[str, str] = {}
    for ep in podcast.episodes:
        art, where = ep.article, ep.article.source
        title = clean_text(art.title)
        if show and title.casefold().startswith(show):
            warnings.append(
                f"{where}: title {title!r} starts with the show's name; Apple asks for titles "
                "without it (checklist 13)"
            )
        if NUMBERED_TITLE.match(title):
            warnings.append(
                f"{where}: title {title!r} starts with an episode number; directories show "
                "numbers from itunes:episode instead (checklist 13)"
            )
        if len(title) > MAX_VALUE:
            warnings.append(f"{where}: title longer than {MAX_VALUE} characters (Apple's limit)")
        page_url = layout.url(podcast, layout.page_file(art.slug))
        for rich in (False, True):
            if dropped := description_html(ep, page_url, rich)[1]:
                field = "content:encoded" if rich else "description"
                warnings.append(
                    f"{where}: {' and '.join(dropped)} left out of the {field}, which must "
                    f"stay within {MAX_DESCRIPTION} bytes (checklist 19)"
                )
        if pub_date(ep) is None:
            warnings.append(
                f"{where}: no date, so the episode has no pubDate and is listed after all "
                "dated ones (checklist 17)"
            )
        for link in unsafe_links(art.related):
            warnings.append(
                f"{where}: related link {link.url[:80]!r} left out; only http, https, mailto "
                "and relative links are published"
            )
        guid = ep.guid or art.slug
        if guid in guids:
            warnings.append(f"{where}: same guid {guid!r} as {guids[guid]} (checklist 15)")
        guids[guid] = where
        for suffix in ITEM_ART_SUFFIXES if out_dir is not None else ():
            path = Path(out_dir or ".", layout.episode_file(art.slug, suffix))
            if path.is_file() and (problem := art_problem(path)) is not None:
                warnings.append(f"{path}: {problem}; the feed uses the show's cover instead")
    return warnings
