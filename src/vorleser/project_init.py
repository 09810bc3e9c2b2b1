"""`vorleser init`: a new project folder that builds as it is.

A project is vorleser.toml (every required key, each with a comment), an articles/ folder and
a lexicon.tsv with its header and one example row. An import into a folder without a project
initializes it from the source's own metadata (SiteInfo: the feed's channel or the WordPress
site's name), so that import, build and publish work without writing the configuration by hand.
The written configuration is validated before anything is written, so `init` can never leave a
project that fails its first build on a config error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from vorleser import atomic
from vorleser.config import CONFIG_FILE, config_from_dict
from vorleser.errors import ConfigError, FetchError, VorleserError
from vorleser.ingest.export import ARTICLES_DIR, SiteInfo

LEXICON_FILE = "lexicon.tsv"
COVER_STEM = "cover"
_LEXICON = """\
# Pronunciation fixes of this project, merged over vorleser's built-in lexicon (yours win).
# word: as written (whole word, case-sensitive); respelling: what any engine reads instead;
# ipa: optional IPA for engines that take phonemes ("-" if none); note: free text.
word\trespelling\tipa\tnote
Wagenknecht\tWaagenknecht\t-\texample row: replace or delete it
"""


@dataclass(frozen=True)
class Initialized:
    """What `init_project` wrote, for the terminal."""

    project_dir: Path
    """The project folder."""
    written: tuple[str, ...]
    """Files and folders created, relative to the project."""
    notes: tuple[str, ...] = ()
    """Settings that were guessed and should be checked (placeholder e-mail, cover)."""


def has_project(project_dir: Path) -> bool:
    """Whether `project_dir` already holds a vorleser.toml."""
    return (project_dir / CONFIG_FILE).is_file()


def init_project(
    project_dir: Path,
    info: SiteInfo | None = None,
    *,
    source: tuple[str, str] | None = None,
    fetch_cover: bool = True,
) -> Initialized:
    """Write a working project into `project_dir` (created if needed).

    `info` fills the show's metadata (placeholders otherwise); `source` = ("feeds" or
    "wordpress", URL) names the import source in [sync], so `vorleser sync` knows it. Raises
    ConfigError when the folder already has a vorleser.toml: an existing project is never
    overwritten.
    """
    path = project_dir / CONFIG_FILE
    if path.exists():
        raise ConfigError(str(path), [("file", "already exists; init never overwrites a project")])
    info = _complete(info or SiteInfo())
    notes: list[str] = []
    if info.email.startswith("podcast@") and info.email.endswith(".example"):
        notes.append(f"podcast.email is a placeholder ({info.email}): set the owner's address")
    written: list[str] = []
    cover = ""
    if info.image and fetch_cover:
        cover, note = _cover(project_dir, info.image)
        if cover:
            written.append(cover)
        if note:
            notes.append(note)
    text = render_config(info, cover=cover, source=source)
    import tomllib

    config_from_dict(tomllib.loads(text), project_dir, str(path))  # a project that builds
    (project_dir / ARTICLES_DIR).mkdir(parents=True, exist_ok=True)
    written.append(ARTICLES_DIR + "/")
    if not (project_dir / LEXICON_FILE).exists():
        atomic.write_text(project_dir / LEXICON_FILE, _LEXICON)
        written.append(LEXICON_FILE)
    atomic.write_text(path, text)
    written.insert(0, CONFIG_FILE)
    return Initialized(project_dir, tuple(written), tuple(notes))


def _complete(info: SiteInfo) -> SiteInfo:
    """Fill what the source did not say: placeholders that pass validation, marked as such."""
    host = urlsplit(info.link).hostname or ""
    title = info.title.strip() or (host or "Mein Podcast")
    language = (info.language or "de").split("-")[0].lower()
    if not (language.isalpha() and 2 <= len(language) <= 3):
        language = "de"
    return replace(
        info,
        title=title,
        description=info.description.strip() or f"Beiträge von {title}, vorgelesen.",
        language=language,
        author=info.author.strip() or title,
        email=info.email.strip() if "@" in info.email else f"podcast@{host or 'podcast'}.example",
        link=info.link or "https://example.org/",
    )


def site_info(site: str) -> SiteInfo | None:
    """A WordPress site's metadata, from its RSS feed's channel (name, tagline, language,
    site icon); None when the feed cannot be read, since init works without it."""
    from vorleser.ingest.feed import parse_feed
    from vorleser.ingest.fetch import fetch

    try:
        response = fetch(site.rstrip("/") + "/?feed=rss2")
        return parse_feed(response.body, response.url).site
    except VorleserError:
        return None


def base_url_for(link: str) -> str:
    """Where the built site is proposed to be served: a `podcast/` folder of the site.

    >>> base_url_for("https://ostblick.example/blog")
    'https://ostblick.example/blog/podcast/'
    """
    return link.rstrip("/") + "/podcast/"


def render_config(info: SiteInfo, *, cover: str = "", source: tuple[str, str] | None = None) -> str:
    """vorleser.toml with a comment on every key (TOML strings written as JSON strings)."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [
        "# vorleser project. Every key is documented in docs/config.md.",
        "",
        "[podcast]",
        "# The show's name and what it is about, as podcast apps and directories show them.",
        f"title = {q(info.title)}",
        f"description = {q(info.description)}",
        "# Language of the articles and the feed (ISO 639-1); it picks the voice.",
        f"language = {q(info.language)}",
        "# Publisher shown as the show's author, and the owner's address for directories.",
        f"author = {q(info.author)}",
        f"email = {q(info.email)}",
        "# Public address where the built folder (site/) will be served.",
        f"base_url = {q(base_url_for(info.link))}",
        "# Square cover art, 1400-3000 px, relative to this folder; empty draws one.",
        f"cover = {q(cover)}",
        "# Apple Podcasts category, 'News/Politics' for a sub-category.",
        'category = "News/Politics"',
        "",
        "[articles]",
        "# Folders or files with the articles (Markdown or HTML).",
        'paths = ["articles"]',
        "",
        "[voice]",
        "# 'espeak' is built in; 'piper' needs `pip install vorleser[piper]` and a voice.",
        'engine = "espeak"',
    ]
    if source is not None:
        kind, url = source
        lines += [
            "",
            "[sync]",
            "# What `vorleser sync` imports before each build.",
            f"{kind} = {q(url) if kind == 'wordpress' else '[' + q(url) + ']'}",
        ]
    return "\n".join(lines) + "\n"


def _cover(project_dir: Path, url: str) -> tuple[str, str | None]:
    """Download the source's image as cover art when directories would accept it.

    Returns (relative path or "", a note for the user). A logo that is not square or too small
    is left out with a note, since cropping or upscaling it would be a decision for a person.
    """
    from vorleser.ingest.fetch import fetch
    from vorleser.publish.artwork import art_problem

    if urlsplit(url).scheme not in ("http", "https"):
        return "", None
    try:
        response = fetch(url, max_bytes=10_000_000)
    except FetchError as exc:
        return "", f"the site's image could not be fetched ({exc.problem}); the build draws a cover"
    suffix = {"image/jpeg": ".jpg", "image/png": ".png"}.get(response.content_type)
    if suffix is None:
        return "", f"the site's image {url} is not JPEG or PNG; the build draws a cover"
    name = COVER_STEM + suffix
    atomic.write_bytes(project_dir / name, response.body)
    problem = art_problem(project_dir / name)
    if problem:
        (project_dir / name).unlink()
        return "", f"the site's image {url} is no podcast cover ({problem}); the build draws one"
    return name, None


__all__ = ["Initialized", "has_project", "init_project", "render_config"]
