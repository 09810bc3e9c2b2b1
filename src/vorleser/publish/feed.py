"""The podcast feed: RSS 2.0 with the itunes, podcast, atom, content and psc namespaces.

Written with lxml from the model rather than with feedgen or podgen, which only know the old
yes/no explicit values and few podcast: tags (STANDARDS.md §6). Item numbers in comments
("checklist 14") refer to the checklist in STANDARDS.md §7. The output depends only on the
model and the stored podcast:guid (lastBuildDate is the newest pubDate, not the clock), so two
builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from collections.abc import Sequence
from email.utils import format_datetime
from pathlib import Path

from lxml import etree

from vorleser.model import Episode, Podcast
from vorleser.publish import layout
from vorleser.publish.artwork import art_problem
from vorleser.publish.categories import split_categories
from vorleser.publish.chapters import description_lines, precise_clock
from vorleser.publish.strings import ui_strings

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "psc": "http://podlove.org/simple-chapters",
}
#: Namespace UUID for podcast:guid, fixed by the podcast namespace (§2.1).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
#: Apple's and PSP-1's limit for description fields, in UTF-8 bytes (checklist 3 and 19).
MAX_DESCRIPTION = 4000
#: podcast:person names longer than this are cut (checklist 24).
MAX_PERSON = 128
#: Apple's limit for values without a limit of their own, in characters (§1.1).
MAX_VALUE = 255
#: Titles that directories read as an episode number (checklist 13).
NUMBERED_TITLE = re.compile(r"(ep(isode)?|#)\s*\d+", re.IGNORECASE)
#: An episode's own art in the output folder: episodes/<slug>.jpg or .png (checklist 5).
ITEM_ART_SUFFIXES = ("jpg", "png")


def podcast_guid(feed_url: str) -> str:
    """The podcast namespace's UUIDv5 of a feed URL without scheme and trailing slashes.

    >>> podcast_guid("https://podnews.net/rss")
    '9b024349-ccf0-5f69-a609-6b82873eab3c'
    """
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def _words(language: str) -> dict[str, str]:
    return ui_strings(language.split("-")[0].lower())


def clean_text(value: str) -> str:
    """Tag text without surrounding whitespace or inner runs of it (checklist 3)."""
    return re.sub(r"\s+", " ", value).strip()


def _cut(value: str, limit: int) -> str:
    """`value` shortened to at most `limit` UTF-8 bytes, ending in an ellipsis when cut."""
    if len(value.encode("utf-8")) <= limit:
        return value
    cut = value.encode("utf-8")[: limit - 4].decode("utf-8", "ignore")
    return cut.rsplit(" ", 1)[0].rstrip(" ,.;:") + " …"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append <tag> ("prefix:name" for namespaced tags) with text and attributes."""
    prefix, _, name = tag.rpartition(":")
    el = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}" if prefix else name)
    for key, value in attrs.items():
        el.set(key.rstrip("_"), value)
    if text is not None:
        el.text = clean_text(text)
    return el


def pub_date(ep: Episode) -> dt.datetime | None:
    date = ep.article.date
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=dt.UTC)
    return date


def _newest_first(episodes: Sequence[Episode]) -> list[Episode]:
    """Dated episodes newest first (checklist 17), undated ones after them in given order."""
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(episodes, key=lambda e: pub_date(e) or epoch, reverse=True)


def _category(channel: etree._Element, category: str) -> None:
    """itunes:category, with "News/Politics" becoming a nested sub-category (checklist 6).

    The value was checked against Apple's list by categories.check_category with the config.
    """
    for top, sub in split_categories(category):
        el = _el(channel, "itunes:category", text_=top)
        if sub:
            _el(el, "itunes:category", text_=sub)


def _credits(ep: Episode) -> list[str]:
    words, art = _words(ep.article.language), ep.article
    lines = []
    if art.author:
        lines.append(words["feed_byline"].format(author=art.author))
    if art.translator and art.original_language:
        lines.append(
            words["feed_translated_from"].format(
                language=art.original_language, translator=art.translator
            )
        )
    elif art.translator:
        lines.append(words["feed_translated"].format(translator=art.translator))
    return lines


def _disclosure(ep: Episode) -> str:
    voice = f" ({ep.narrator})" if ep.narrator else ""
    return _words(ep.article.language)["feed_disclosure"].format(voice=voice)


def _summary(ep: Episode) -> str:
    """The article's summary, or else its first paragraph, kept short."""
    text = ep.article.summary or next(
        (b.text for s in ep.article.sections for b in s.blocks if b.kind == "paragraph"), ""
    )
    return _cut(clean_text(text), 1000)


def description_html(ep: Episode, page_url: str, rich: bool) -> tuple[str, list[str]]:
    """Item notes as HTML for CDATA, and the parts left out to stay within 4000 bytes.

    Summary, credits, timestamped chapters, AI disclosure. Only tags Apple and PSP-1 allow are
    used (checklist 19); every value from the article is escaped. Chapter lines are one <li>
    each, "00:00 Title", for Spotify and YouTube (checklist 21). `rich` adds the link to the
    article page (content:encoded).
    """
    esc = html.escape
    words = _words(ep.article.language)
    parts: list[tuple[str, str]] = []  # (what it is, for the warning; html)
    if summary := _summary(ep):
        parts.append(("the summary", f"<p>{esc(summary)}</p>"))
    if credit := " ".join(_credits(ep)):
        parts.append(("the credits", f"<p>{esc(credit)}</p>"))
    if rich:
        link = f'<p><a href="{esc(page_url)}">{esc(words["feed_article"])}</a></p>'
        parts.append(("the article link", link))
    tail = f"<p>{esc(_disclosure(ep))}</p>"
    dropped = []
    if lines := description_lines(ep.chapters, ep.duration):
        items = "".join(f"<li>{esc(line)}</li>" for line in lines)
        chapters = f"<p>{esc(words['chapters'])}:</p><ul>{items}</ul>"
        if _size(chapters + tail) <= MAX_DESCRIPTION:
            parts.append(("the chapter list", chapters))
        else:  # a list that can never fit is left out whole, not cut mid-way
            dropped.append("the chapter list")
    parts.append(("the AI disclosure", tail))
    while _size("".join(h for _, h in parts)) > MAX_DESCRIPTION and len(parts) > 1:
        # The summary goes first: the chapters and the disclosure matter more to listeners.
        dropped.append(parts.pop(0)[0])
    return "".join(h for _, h in parts), dropped


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _person(item: etree._Element, name: str | None, role: str, group: str) -> None:
    if name and clean_text(name):
        _el(item, "podcast:person", _cut(clean_text(name), MAX_PERSON), role=role, group=group)


def _item_art(podcast: Podcast, slug: str, out_dir: Path | None) -> str | None:
    """URL of the episode's own art in `out_dir` when it meets the cover rules, else None."""
    if out_dir is None:
        return None
    for suffix in ITEM_ART_SUFFIXES:
        relative = layout.episode_file(slug, suffix)
        path = layout.path(out_dir, relative)
        if path.is_file() and art_problem(path) is None:
            return layout.url(podcast, relative)
    return None


def _mp3_bitrate(ep: Episode) -> int | None:
    """The MP3's bitrate from its frame headers; None when the file cannot be read."""
    import mutagen.mp3

    try:
        info = mutagen.mp3.MP3(ep.audio_path).info  # type: ignore[no-untyped-call]
    except (OSError, mutagen.MutagenError):
        return None
    bitrate: int = info.bitrate  # type: ignore[attr-defined]
    return bitrate or None


def _alternate_enclosures(
    item: etree._Element, podcast: Podcast, ep: Episode, out_dir: Path | None
) -> None:
    """podcast:alternateEnclosure for the Opus edition, when one was built (checklist 25).

    <enclosure> stays the MP3, which every app plays. The MP3 is listed too, marked
    default="true", so an app choosing from the alternates sees both and knows which one the
    enclosure is; length is the exact file size, bitrate the average in bits per second.
    """
    if out_dir is None or ep.duration <= 0:
        return
    slug = ep.article.slug
    opus = layout.path(out_dir, layout.episode_file(slug, "opus"))
    if not opus.is_file():
        return
    mp3 = _el(item, "podcast:alternateEnclosure", type="audio/mpeg", length=str(ep.size))
    if (bitrate := _mp3_bitrate(ep)) is not None:
        mp3.set("bitrate", str(bitrate))
    mp3.set("title", "MP3")
    mp3.set("default", "true")
    _el(mp3, "podcast:source", uri=enclosure_url(podcast, layout.episode_file(slug, "mp3")))
    size = opus.stat().st_size
    alt = _el(
        item,
        "podcast:alternateEnclosure",
        type="audio/opus",
        length=str(size),
        bitrate=str(round(size * 8 / ep.duration)),
        title="Opus",
        codecs="opus",
    )
    _el(alt, "podcast:source", uri=enclosure_url(podcast, layout.episode_file(slug, "opus")))


def enclosure_url(podcast: Podcast, relative: str) -> str:
    """The public URL of an audio file as the feed lists it: behind the enclosure_prefix.

    Prefix services (OP3, Podtrac) take the URL without its https://, and an http:// URL
    whole; they count the request and redirect to the file.

    >>> from vorleser.model import Podcast
    >>> show = Podcast("T", "D", "de", "A", "a@b.example", "https://x.example/audio/",
    ...                enclosure_prefix="https://op3.dev/e/")
    >>> enclosure_url(show, "episodes/a.mp3")
    'https://op3.dev/e/x.example/audio/episodes/a.mp3'
    """
    url = layout.url(podcast, relative)
    if not podcast.enclosure_prefix:
        return url
    return podcast.enclosure_prefix + url.removeprefix("https://")


def _item(
    channel: etree._Element,
    podcast: Podcast,
    ep: Episode,
    cover: str | None,
    out_dir: Path | None,
) -> None:
    art = ep.article
    slug = art.slug
    page_url = layout.url(podcast, layout.page_file(slug))
    item = _el(channel, "item")
    _el(item, "title", art.title)  # checklist 13
    _el(item, "link", page_url)  # checklist 19
    desc = _el(item, "description")
    desc.text = etree.CDATA(description_html(ep, page_url, rich=False)[0])
    encoded = _el(item, "content:encoded")
    encoded.text = etree.CDATA(description_html(ep, page_url, rich=True)[0])
    # checklist 15, 16: the guid comes from the slug (set by the build), never from the title.
    _el(item, "guid", ep.guid or slug, isPermaLink="false")
    if (date := pub_date(ep)) is not None:
        _el(item, "pubDate", format_datetime(date))  # checklist 17: RFC 2822, English names
    mp3 = enclosure_url(podcast, layout.episode_file(slug, "mp3"))
    _el(item, "enclosure", url=mp3, length=str(ep.size), type="audio/mpeg")  # checklist 14
    _alternate_enclosures(item, podcast, ep, out_dir)  # checklist 25
    _el(item, "itunes:title", art.title)
    _el(item, "itunes:duration", str(round(ep.duration)))  # checklist 18: whole seconds
    if image := _item_art(podcast, slug, out_dir) or cover:
        _el(item, "itunes:image", href=image)  # checklist 5
    _el(item, "itunes:explicit", "true" if podcast.explicit else "false")  # checklist 7
    _el(item, "itunes:episodeType", "full")  # checklist 20
    _el(item, "itunes:author", art.author or podcast.author)
    lang = art.language or podcast.language
    for suffix, mime in (("vtt", "text/vtt"), ("srt", "application/x-subrip")):  # checklist 22
        url = layout.url(podcast, layout.episode_file(slug, suffix))
        _el(item, "podcast:transcript", url=url, type=mime, language=lang, rel="captions")
    chapters_url = layout.url(podcast, layout.episode_file(slug, "chapters.json"))
    _el(item, "podcast:chapters", url=chapters_url, type="application/json+chapters")  # 23
    # checklist 24: a person list on an item replaces the channel's, so it is complete here.
    _person(item, art.author, "author", "writing")
    _person(item, art.translator, "translator", "writing")
    _person(item, ep.narrator, "narrator", "cast")
    _el(item, "podcast:txt", "true", purpose="ai-content")  # checklist 37
    if ep.chapters:  # Podlove Simple Chapters, which Spotify and AntennaPod read
        psc = _el(item, "psc:chapters", version="1.2")
        for i, ch in enumerate(ep.chapters):
            start = precise_clock(0 if i == 0 else ch.start)
            _el(psc, "psc:chapter", start=start, title=clean_text(ch.title))


def render_feed(podcast: Podcast, *, out_dir: Path | None = None) -> bytes:
    """The feed as UTF-8 bytes, newest episode first; writes nothing.

    podcast:guid is `podcast.guid` (the build keeps it in the project state, checklist 10),
    else derived from the feed URL.
    `out_dir`, the output folder, is looked into for files beside each MP3: an Opus edition
    (podcast:alternateEnclosure) and the episode's own art (item itunes:image); without it
    the feed lists the MP3 and the show's cover only.
    """
    feed_url = layout.url(podcast, layout.FEED)
    home = podcast.base_url
    cover = layout.url(podcast, podcast.cover) if podcast.cover else None
    rss = etree.Element("rss", nsmap=NS, version="2.0")  # checklist 1, 2
    channel = _el(rss, "channel")
    _el(channel, "title", podcast.title)  # checklist 3
    _el(channel, "link", home)
    _el(channel, "atom:link", href=feed_url, rel="self", type="application/rss+xml")  # 4
    _el(channel, "description", _cut(clean_text(podcast.description), MAX_DESCRIPTION))
    _el(channel, "language", podcast.language)
    if podcast.copyright:
        _el(channel, "copyright", podcast.copyright)
    _el(channel, "generator", f"vorleser {_version()}")
    episodes = _newest_first(podcast.episodes)
    dates = [d for d in (pub_date(e) for e in episodes) if d is not None]
    if dates:  # the newest pubDate, so the bytes only change when content does (checklist 17)
        _el(channel, "lastBuildDate", format_datetime(max(dates)))
    if cover:
        image = _el(channel, "image")
        _el(image, "url", cover)
        _el(image, "title", podcast.title)
        _el(image, "link", home)
        _el(channel, "itunes:image", href=cover)  # checklist 5
    _el(channel, "itunes:author", podcast.author)  # checklist 8
    owner = _el(channel, "itunes:owner")
    _el(owner, "itunes:name", podcast.author)
    _el(owner, "itunes:email", podcast.email)
    _category(channel, podcast.category)  # checklist 6
    _el(channel, "itunes:explicit", "true" if podcast.explicit else "false")  # checklist 7
    _el(channel, "itunes:type", "episodic")  # checklist 9
    _el(channel, "podcast:guid", podcast.guid or podcast_guid(feed_url))  # checklist 10
    # checklist 11: locked, so no other host may import the show without the owner.
    _el(channel, "podcast:locked", "yes", owner=podcast.email)
    _el(channel, "podcast:medium", "podcast")
    if episodes:
        _el(channel, "podcast:txt", "true", purpose="ai-content")  # checklist 37
    for ep in episodes:
        _item(channel, podcast, ep, cover, out_dir)
    body: bytes = etree.tostring(rss, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vorleser")
    except PackageNotFoundError:
        return "dev"
