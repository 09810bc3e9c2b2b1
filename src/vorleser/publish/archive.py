"""The archive: the index, one listing per category and per author, each split into pages.

An archive of thousands of episodes stays usable without a server: every listing is paged
(SiteOptions.page_size episodes a page, newest first) with numbered links, and every episode
page links its author's and its categories' listings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vorleser.ingest.markdown import slugify
from vorleser.model import Episode, Podcast
from vorleser.publish import layout


@dataclass(frozen=True)
class Listing:
    """One page of one listing."""

    kind: str
    """"index", "category" or "author"."""
    name: str
    """The category's or author's name; empty for the index."""
    slug: str
    """URL name of the category or author."""
    page: int
    """This page's number, from 1."""
    pages: int
    """How many pages the listing has."""
    episodes: tuple[Episode, ...]
    """The episodes on this page, newest first."""

    @property
    def file(self) -> str:
        """This page's path in the output folder."""
        return layout.listing_file(self.kind, self.slug, self.page)

    def file_of(self, page: int) -> str:
        """The path of another page of the same listing."""
        return layout.listing_file(self.kind, self.slug, page)


def newest_first(episodes: tuple[Episode, ...]) -> list[Episode]:
    """Episodes by date, newest first; undated ones last, in their given order."""
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(episodes, key=lambda e: e.article.date or oldest, reverse=True)


def listings(podcast: Podcast, page_size: int) -> list[Listing]:
    """Every page of the index, of each category and of each author."""
    ordered = newest_first(podcast.episodes)
    result = _paged("index", "", "", ordered, page_size)
    for kind, groups in (("category", _by_category(ordered)), ("author", _by_author(ordered))):
        for slug, (name, episodes) in sorted(groups.items()):
            result.extend(_paged(kind, name, slug, episodes, page_size))
    return result


def category_slug(name: str) -> str:
    """URL name of a category or author.

    >>> category_slug("Außenpolitik")
    'aussenpolitik'
    """
    return slugify(name)


def _paged(kind: str, name: str, slug: str, episodes: list[Episode], size: int) -> list[Listing]:
    pages = max(1, -(-len(episodes) // size))
    return [
        Listing(kind, name, slug, n + 1, pages, tuple(episodes[n * size : (n + 1) * size]))
        for n in range(pages)
    ]


def _by_category(episodes: list[Episode]) -> dict[str, tuple[str, list[Episode]]]:
    groups: dict[str, tuple[str, list[Episode]]] = {}
    for episode in episodes:
        for name in dict.fromkeys(episode.article.categories):
            groups.setdefault(category_slug(name), (name, []))[1].append(episode)
    return groups


def _by_author(episodes: list[Episode]) -> dict[str, tuple[str, list[Episode]]]:
    groups: dict[str, tuple[str, list[Episode]]] = {}
    for episode in episodes:
        if episode.article.author:
            name = episode.article.author
            groups.setdefault(category_slug(name), (name, []))[1].append(episode)
    return groups
