"""Typed sections of vorleser.toml, generated from vorleser.config.SETTINGS: do not edit.

Regenerate with VORLESER_REGENERATE=1 python -m pytest tests/test_config.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PodcastSettings:
    """[podcast]"""

    title: str
    """The show's name, as directories list it."""
    description: str
    """What the show is about (feed and index page)."""
    language: str
    """Default language of articles and the feed (ISO 639-1)."""
    author: str
    """Publisher or network, shown as itunes:author."""
    email: str
    """Owner e-mail for directory verification."""
    base_url: str
    """Public URL where the output folder is served."""
    cover: str
    """Cover image (JPEG/PNG, square, 1400-3000 px), relative to the project; empty draws one."""
    category: str
    """Apple Podcasts category, 'News/Politics' for a sub-category."""
    explicit: bool
    """Whether the show is marked explicit."""
    copyright: str
    """Copyright line for the feed."""
    enclosure_prefix: str
    """Put before every enclosure URL for listening statistics, e.g. 'https://op3.dev/e/'."""


@dataclass(frozen=True)
class ArticlesSettings:
    """[articles]"""

    paths: tuple[str, ...]
    """Files or folders (relative to the project) holding the articles."""
    max_bytes: int
    """Largest article file read, in bytes; a larger one is refused with a message."""


@dataclass(frozen=True)
class VoiceSettings:
    """[voice]"""

    engine: str
    """Speech engine: 'espeak' (built in) or 'piper'."""
    name: str
    """Voice name or .onnx path; empty picks the engine's voice for the language."""
    rate: float
    """Speaking-rate factor; 1.0 is the engine's normal speed."""


@dataclass(frozen=True)
class AudioSettings:
    """[audio]"""

    bitrate: int
    """MP3 bitrate in kbit/s (constant bitrate, mono)."""
    sentence_pause_ms: int
    """Silence between sentences."""
    paragraph_pause_ms: int
    """Silence between paragraphs."""
    section_pause_ms: int
    """Silence before each section heading."""
    loudness_lufs: float
    """Integrated loudness target of each episode (podcast norm)."""
    true_peak_dbtp: float
    """Highest allowed true peak."""
    opus: bool
    """Also write an Opus file per episode (needs ffmpeg)."""
    intro_music: str
    """Music file played before the speech, relative to the project."""
    outro_music: str
    """Music file played after the speech, relative to the project."""


@dataclass(frozen=True)
class SpeechSettings:
    """[speech]"""

    intro: bool
    """Read the title and byline at the start."""
    outro: bool
    """Read a short closing line at the end."""
    disclosure: bool
    """Say once that a synthetic voice reads the article."""
    urls: str
    """How URLs and e-mail addresses are read: the host only, not at all, or in full."""


@dataclass(frozen=True)
class WordpressSettings:
    """[wordpress]"""

    user: str
    """WordPress user that publishes (an Editor); password from VORLESER_WP_APP_PASSWORD."""
    announcement: str
    """Sentence above the player on each post; empty uses the language's default."""


@dataclass(frozen=True)
class SyncSettings:
    """[sync]"""

    feeds: tuple[str, ...]
    """Feeds (URLs) that `vorleser sync` imports."""
    wordpress: str
    """WordPress site that `vorleser sync` imports from and publishes back to."""
    publish: bool
    """Whether sync publishes the audio back to that WordPress site."""
    summaries_only: bool
    """Import feed summaries as they are instead of fetching each teaser's article page."""
    deploy_dir: str
    """Folder the site is copied to (changed files, the feed last), relative to the project."""
    deploy_command: str
    """Command run after copying (e.g. an rsync to the web server), in the project folder."""


@dataclass(frozen=True)
class SiteSettings:
    """[site]"""

    page_size: int
    """Episodes per index, topic and author page."""
    search: bool
    """Build the full-text search (Pagefind) over articles and transcripts."""
    apps: tuple[str, ...]
    """Podcast apps in the subscribe block, each 'Name https://…' (the show's page there)."""


@dataclass(frozen=True)
class BuildSettings:
    """[build]"""

    jobs: int
    """Worker processes for synthesis; 0 uses every core."""
    cache_dir: str
    """Where synthesized sentences are kept, relative to the project."""
    cluster: str
    """Dask scheduler to build on (tcp://host:8786), or local:N; empty builds here."""
    cluster_cache: str
    """Cluster audio via a 'shared' cache folder, the 'client', or 'auto' (shared if seen)."""


@dataclass(frozen=True)
class Settings:
    """Every table."""

    podcast: PodcastSettings
    """[podcast]"""
    articles: ArticlesSettings
    """[articles]"""
    voice: VoiceSettings
    """[voice]"""
    audio: AudioSettings
    """[audio]"""
    speech: SpeechSettings
    """[speech]"""
    wordpress: WordpressSettings
    """[wordpress]"""
    sync: SyncSettings
    """[sync]"""
    site: SiteSettings
    """[site]"""
    build: BuildSettings
    """[build]"""


SECTIONS: dict[str, type] = {
    "podcast": PodcastSettings,
    "articles": ArticlesSettings,
    "voice": VoiceSettings,
    "audio": AudioSettings,
    "speech": SpeechSettings,
    "wordpress": WordpressSettings,
    "sync": SyncSettings,
    "site": SiteSettings,
    "build": BuildSettings,
}
