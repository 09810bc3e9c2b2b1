"""Apple Podcasts categories: the list as data (categories.tsv) and the check of a config value.

Apple shows a show only under categories from its own list, matched character for character,
and the W3C validator flags anything else (checklist 6 of STANDARDS.md §7). The value in
vorleser.toml is "Top" or "Top/Sub", up to three of them separated by commas; the feed writes
the first as the primary category, which is the only one Apple uses. A typo is caught when the
config is validated, with the nearest real category as a suggestion, not after a directory
has quietly filed the show under nothing.
"""

from __future__ import annotations

import difflib
import functools
import html

from vorleser.tables import read_language_table

TABLE = "categories.tsv"
COLUMNS = ("category", "subcategory")
#: Apple reads at most this many itunes:category elements (checklist 6).
MAX_CATEGORIES = 3
#: The example named in messages.
EXAMPLE = "News/Politics"


@functools.cache
def apple_categories() -> dict[str, tuple[str, ...]]:
    """Top-level category -> its sub-categories, from categories.tsv (cached)."""
    table: dict[str, list[str]] = {}
    for row in read_language_table(__package__ or "vorleser.publish", TABLE, COLUMNS):
        subs = table.setdefault(row["category"], [])
        if row["subcategory"] != "-":
            subs.append(row["subcategory"])
    return {top: tuple(subs) for top, subs in table.items()}


def split_categories(value: str) -> list[tuple[str, str | None]]:
    """Split a config value of "Top/Sub" entries, comma-separated; empty entries are dropped.

    >>> split_categories("News/Politics, Society & Culture")
    [('News', 'Politics'), ('Society & Culture', None)]
    """
    pairs: list[tuple[str, str | None]] = []
    for entry in value.split(","):
        top, _, sub = (part.strip() for part in entry.partition("/"))
        if top:
            pairs.append((top, sub or None))
    return pairs


def _all_names() -> list[str]:
    """Every valid value of one entry: "Top" and "Top/Sub"."""
    cats = apple_categories()
    return [*cats, *(f"{top}/{sub}" for top, subs in cats.items() for sub in subs)]


def _suggest(entry: str) -> str | None:
    """The nearest valid "Top" or "Top/Sub" for a wrong entry, or None."""
    names = _all_names()
    wanted = html.unescape(entry).replace(" / ", "/").strip()
    folded = {name.casefold(): name for name in names}
    if wanted.casefold() in folded:  # wrong case, or "&amp;" copied from a feed
        return folded[wanted.casefold()]
    for top, subs in apple_categories().items():  # a sub-category given alone: "Politics"
        for sub in subs:
            if sub.casefold() == wanted.casefold():
                return f"{top}/{sub}"
    close = difflib.get_close_matches(wanted.casefold(), list(folded), n=1, cutoff=0.6)
    if close:
        return folded[close[0]]
    starts = [name for key, name in folded.items() if key.startswith(wanted.casefold())]
    return starts[0] if len(wanted) >= 3 and starts else None  # "Tech" -> "Technology"


def _problem(top: str, sub: str | None) -> str | None:
    cats = apple_categories()
    entry = f"{top}/{sub}" if sub else top
    if top in cats and (sub is None or sub in cats[top]):
        return None
    if top in cats and not cats[top]:
        return f"{top!r} has no sub-categories in Apple's list; write {top!r} alone"
    if top in cats:
        hint = _suggest(entry)
        choices = ", ".join(cats[top])
        told = f"did you mean {hint!r}? " if hint and hint != top else ""
        return (
            f"{sub!r} is not an Apple Podcasts sub-category of {top!r}; {told}"
            f"its sub-categories are: {choices}"
        )
    hint = _suggest(entry)
    told = f"did you mean {hint!r}?" if hint else f"use one such as {EXAMPLE!r}"
    return f"{entry!r} is not an Apple Podcasts category; {told}"


def check_category(value: str) -> str | None:
    """A problem message when `value` is not 1–3 categories from Apple's list, else None.

    >>> check_category("News/Politics, Society & Culture/Documentary") is None
    True
    >>> check_category("news/politik")
    "'news/politik' is not an Apple Podcasts category; did you mean 'News/Politics'?"
    """
    pairs = split_categories(value)
    if not pairs:
        return f"is empty; name an Apple Podcasts category such as {EXAMPLE!r}"
    problems = [p for top, sub in pairs if (p := _problem(top, sub)) is not None]
    if len(pairs) > MAX_CATEGORIES:
        problems.append(
            f"names {len(pairs)} categories; Apple reads at most {MAX_CATEGORIES}, "
            "separated by commas"
        )
    seen = [f"{top}/{sub}" if sub else top for top, sub in pairs]
    if len(set(seen)) < len(seen):
        problems.append("names the same category twice")
    return "; ".join(problems) or None
