"""What a publisher configures about the pages ([site] in vorleser.toml), as one frozen value.

The build reads the [site] settings once into SiteOptions and hands it to publish(), so the
page code never looks into the config and a test can make pages with any options directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vorleser.settings import SiteSettings


@dataclass(frozen=True)
class AppLink:
    """A podcast app the publisher lists in the subscribe block."""

    name: str
    """What the link says ("Apple Podcasts")."""
    url: str
    """The show's page in that app (https)."""


@dataclass(frozen=True)
class SiteOptions:
    """Settings of the HTML site."""

    page_size: int = 20
    """Episodes per index, category and author page."""
    search: bool = True
    """Build the full-text search index (Pagefind) and the search page."""
    apps: tuple[AppLink, ...] = ()
    """App links in the subscribe block, in the publisher's order."""


def parse_app_link(text: str) -> AppLink:
    """'Name https://…' (the URL is the last word) -> AppLink; ValueError says what is wrong.

    >>> parse_app_link("Apple Podcasts https://podcasts.apple.com/de/podcast/id1")
    AppLink(name='Apple Podcasts', url='https://podcasts.apple.com/de/podcast/id1')
    """
    name, _, url = text.strip().rpartition(" ")
    if not name.strip() or not url.startswith("https://"):
        raise ValueError(f"expected 'App name https://…', got {text!r}")
    return AppLink(name.strip(), url)


def app_problems(apps: object) -> list[tuple[str, str]]:
    """Problems of [site] apps, as (key, problem) pairs for the config's error list."""
    problems: list[tuple[str, str]] = []
    for item in apps if isinstance(apps, list | tuple) else []:
        if not isinstance(item, str):
            problems.append(("site.apps", f"must be strings, got {item!r}"))
            continue
        try:
            parse_app_link(item)
        except ValueError as exc:
            problems.append(("site.apps", str(exc)))
    return problems


def site_options(site: SiteSettings) -> SiteOptions:
    """SiteOptions from the validated [site] settings."""
    return SiteOptions(site.page_size, site.search, tuple(parse_app_link(a) for a in site.apps))
