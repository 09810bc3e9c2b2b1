"""vorleser.toml -> a frozen, validated Config.

Every setting is one row of SETTINGS (section, key, type, default, help, range), so the docs,
the validator and the typed sections cannot drift apart: tests/test_docs.py checks that each
row is documented, and vorleser/settings.py (one frozen dataclass per table, what the code
reads) is generated from the rows. A [voice.<language>] table is laid over [voice].
Validation is complete before any work: every problem is collected with its key and the
whole list is raised once as ConfigError.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from vorleser.errors import ConfigError
from vorleser.model import Podcast
from vorleser.settings import SECTIONS, Settings
from vorleser.tts import VoiceSpec

CONFIG_FILE = "vorleser.toml"


@dataclass(frozen=True)
class Setting:
    """One documented setting of vorleser.toml."""

    section: str
    """Table name ("podcast", "audio", ...)."""
    key: str
    """Key inside the table."""
    type: type
    """Expected TOML type (bool, int, float, str, list)."""
    default: Any
    """Value when absent; REQUIRED when the key must be given."""
    help: str
    """One line for docs and error messages."""
    choices: tuple[str, ...] = ()
    """Allowed values for strings, if restricted."""
    min: float | None = None
    """Smallest allowed value of a number (floats must also be finite)."""
    max: float | None = None
    """Largest allowed value of a number."""


REQUIRED = object()

SETTINGS: tuple[Setting, ...] = (
    Setting("podcast", "title", str, REQUIRED, "The show's name, as directories list it."),
    Setting(
        "podcast", "description", str, REQUIRED, "What the show is about (feed and index page)."
    ),
    Setting(
        "podcast", "language", str, "de", "Default language of articles and the feed (ISO 639-1)."
    ),
    Setting("podcast", "author", str, REQUIRED, "Publisher or network, shown as itunes:author."),
    Setting("podcast", "email", str, REQUIRED, "Owner e-mail for directory verification."),
    Setting("podcast", "base_url", str, REQUIRED, "Public URL where the output folder is served."),
    Setting(
        "podcast",
        "cover",
        str,
        "",
        "Cover image (JPEG/PNG, square, 1400-3000 px), relative to the project; empty draws one.",
    ),
    Setting(
        "podcast",
        "category",
        str,
        "News",
        "Apple Podcasts category, 'News/Politics' for a sub-category.",
    ),
    Setting("podcast", "explicit", bool, False, "Whether the show is marked explicit."),
    Setting("podcast", "copyright", str, "", "Copyright line for the feed."),
    Setting(
        "podcast",
        "enclosure_prefix",
        str,
        "",
        "Put before every enclosure URL for listening statistics, e.g. 'https://op3.dev/e/'.",
    ),
    Setting(
        "articles",
        "paths",
        list,
        ["articles"],
        "Files or folders (relative to the project) holding the articles.",
    ),
    Setting(
        "articles",
        "max_bytes",
        int,
        2_000_000,
        "Largest article file read, in bytes; a larger one is refused with a message.",
        min=1,
    ),
    Setting("voice", "engine", str, "espeak", "Speech engine: 'espeak' (built in) or 'piper'."),
    Setting(
        "voice",
        "name",
        str,
        "",
        "Voice name or .onnx path; empty picks the engine's voice for the language.",
    ),
    Setting(
        "voice",
        "rate",
        float,
        1.0,
        "Speaking-rate factor; 1.0 is the engine's normal speed.",
        min=0.5,
        max=2.0,
    ),
    Setting(
        "audio",
        "bitrate",
        int,
        64,
        "MP3 bitrate in kbit/s (constant bitrate, mono).",
        min=32,
        max=192,
    ),
    Setting("audio", "sentence_pause_ms", int, 250, "Silence between sentences.", min=0, max=10000),
    Setting(
        "audio", "paragraph_pause_ms", int, 700, "Silence between paragraphs.", min=0, max=10000
    ),
    Setting(
        "audio",
        "section_pause_ms",
        int,
        1500,
        "Silence before each section heading.",
        min=0,
        max=10000,
    ),
    Setting(
        "audio",
        "loudness_lufs",
        float,
        -16.0,
        "Integrated loudness target of each episode (podcast norm).",
        min=-40.0,
        max=-5.0,
    ),
    Setting(
        "audio", "true_peak_dbtp", float, -1.0, "Highest allowed true peak.", min=-20.0, max=0.0
    ),
    Setting("audio", "opus", bool, False, "Also write an Opus file per episode (needs ffmpeg)."),
    Setting(
        "audio",
        "intro_music",
        str,
        "",
        "Music file played before the speech, relative to the project.",
    ),
    Setting(
        "audio",
        "outro_music",
        str,
        "",
        "Music file played after the speech, relative to the project.",
    ),
    Setting("speech", "intro", bool, True, "Read the title and byline at the start."),
    Setting("speech", "outro", bool, True, "Read a short closing line at the end."),
    Setting(
        "speech", "disclosure", bool, True, "Say once that a synthetic voice reads the article."
    ),
    Setting(
        "speech",
        "urls",
        str,
        "short",
        "How URLs and e-mail addresses are read: the host only, not at all, or in full.",
        ("short", "skip", "full"),
    ),
    Setting(
        "wordpress",
        "user",
        str,
        "",
        "WordPress user that publishes (an Editor); password from VORLESER_WP_APP_PASSWORD.",
    ),
    Setting(
        "wordpress",
        "announcement",
        str,
        "",
        "Sentence above the player on each post; empty uses the language's default.",
    ),
    Setting("sync", "feeds", list, [], "Feeds (URLs) that `vorleser sync` imports."),
    Setting(
        "sync",
        "wordpress",
        str,
        "",
        "WordPress site that `vorleser sync` imports from and publishes back to.",
    ),
    Setting(
        "sync",
        "publish",
        bool,
        True,
        "Whether sync publishes the audio back to that WordPress site.",
    ),
    Setting(
        "sync",
        "summaries_only",
        bool,
        False,
        "Import feed summaries as they are instead of fetching each teaser's article page.",
    ),
    Setting(
        "sync",
        "deploy_dir",
        str,
        "",
        "Folder the site is copied to (changed files, the feed last), relative to the project.",
    ),
    Setting(
        "sync",
        "deploy_command",
        str,
        "",
        "Command run after copying (e.g. an rsync to the web server), in the project folder.",
    ),
    Setting(
        "site", "page_size", int, 20, "Episodes per index, topic and author page.", min=1, max=500
    ),
    Setting(
        "site",
        "search",
        bool,
        True,
        "Build the full-text search (Pagefind) over articles and transcripts.",
    ),
    Setting(
        "site",
        "apps",
        list,
        [],
        "Podcast apps in the subscribe block, each 'Name https://…' (the show's page there).",
    ),
    Setting("build", "jobs", int, 0, "Worker processes for synthesis; 0 uses every core.", min=0),
    Setting(
        "build",
        "cache_dir",
        str,
        ".vorleser-cache",
        "Where synthesized sentences are kept, relative to the project.",
    ),
    Setting(
        "build",
        "cluster",
        str,
        "",
        "Dask scheduler to build on (tcp://host:8786), or local:N; empty builds here.",
    ),
    Setting(
        "build",
        "cluster_cache",
        str,
        "auto",
        "Cluster audio via a 'shared' cache folder, the 'client', or 'auto' (shared if seen).",
        ("auto", "shared", "client"),
    ),
)

_TYPE_NAMES = {
    bool: "true or false",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
}

_PY_TYPES = {bool: "bool", int: "int", float: "float", str: "str", list: "tuple[str, ...]"}


@dataclass(frozen=True)
class Config:
    """A project's validated settings."""

    project_dir: Path
    """Folder holding vorleser.toml; relative paths are resolved against it."""
    podcast: Podcast
    """Show metadata (without episodes)."""
    settings: Settings
    """Every setting, typed, one frozen section per table (defaults filled in)."""
    voices: Mapping[str, VoiceSpec] = field(default_factory=dict)
    """[voice.<language>] tables, already laid over [voice] (engine and rate inherited)."""

    def get(self, section: str, key: str) -> Any:
        """A setting named at run time (docs, tests); code reads `settings.<section>.<key>`."""
        return getattr(getattr(self.settings, section), key)

    def voice_for(self, language: str) -> VoiceSpec:
        """The voice to read `language` with: the language's table, else [voice].

        [voice].name names a voice of the podcast's language, so other languages get the
        engine's default voice for them.
        """
        if language in self.voices:
            return self.voices[language]
        voice = self.settings.voice
        return VoiceSpec(
            engine=voice.engine,
            name=voice.name if language == self.podcast.language else "",
            language=language,
            rate=voice.rate,
        )

    def path(self, value: str) -> Path | None:
        """A path setting's value resolved against the project, or None when empty."""
        return (self.project_dir / value) if value else None


def _check_type(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, expected)


def _check(s: Setting, full: str, value: Any, problems: list[tuple[str, str]]) -> Any:
    """`value` for setting `s` as stored (float, tuple), or None after adding its problem."""
    if not _check_type(value, s.type):
        what = "a list of strings" if s.type is list else _TYPE_NAMES[s.type]
        problems.append((full, f"must be {what}, got {value!r}"))
        return None
    if s.choices and value not in s.choices:
        problems.append((full, f"must be one of {', '.join(s.choices)}, got {value!r}"))
        return None
    if s.type is float and not math.isfinite(value):
        problems.append((full, f"must be a finite number, got {value!r}"))
        return None
    low = -math.inf if s.min is None else s.min
    high = math.inf if s.max is None else s.max
    if s.type in (int, float) and not low <= value <= high:
        if s.max is None:
            problems.append((full, f"must be {s.min:g} or more, got {value!r}"))
        else:
            problems.append((full, f"must be between {low:g} and {high:g}, got {value!r}"))
        return None
    if s.type is float:
        return float(value)
    if s.type is list:
        return tuple(value)
    return value


def _section(name: str, values: dict[str, Any]) -> Any:
    """The typed section `name`; a programming error if settings.py lags behind SETTINGS."""
    cls = SECTIONS.get(name)
    if cls is None or set(values) != {f.name for f in fields(cls)}:
        raise RuntimeError(
            f"vorleser/settings.py does not match SETTINGS [{name}]; regenerate it with "
            "VORLESER_REGENERATE=1 python -m pytest tests/test_config.py"
        )
    return cls(**values)


def _voice_overlay(
    lang: str, table: dict[str, Any], voice: Any, problems: list[tuple[str, str]]
) -> VoiceSpec:
    """[voice.<lang>] over [voice]: engine and rate are inherited, the name is the language's."""
    rows = {s.key: s for s in SETTINGS if s.section == "voice"}
    values: dict[str, Any] = {"name": ""}
    if voice is not None:
        values.update(engine=voice.engine, rate=voice.rate)
    for key, value in table.items():
        if key not in rows:
            allowed = ", ".join(rows)
            problems.append((f"voice.{lang}.{key}", f"unknown key (allowed: {allowed})"))
            continue
        checked = _check(rows[key], f"voice.{lang}.{key}", value, problems)
        if checked is not None:
            values[key] = checked
    _check_engine(f"voice.{lang}.engine", table.get("engine"), problems)
    return VoiceSpec(
        engine=str(values.get("engine", "espeak")),
        name=str(values["name"]),
        language=lang,
        rate=float(values.get("rate", 1.0)),
    )


def _check_engine(full: str, engine: Any, problems: list[tuple[str, str]]) -> None:
    if not isinstance(engine, str):
        return
    from vorleser.registry import engine_names

    if engine not in engine_names():
        problems.append(
            (full, f"unknown engine {engine!r}; choose one of {', '.join(engine_names())}")
        )


def load_config(project_dir: Path) -> Config:
    """Read and validate PROJECT_DIR/vorleser.toml; ConfigError lists every problem."""
    path = project_dir / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(
            str(path), [("file", "not found; create vorleser.toml (see docs/config.md)")]
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [("syntax", str(exc))]) from exc
    return config_from_dict(raw, project_dir, str(path))


def config_from_dict(raw: dict[str, Any], project_dir: Path, where: str) -> Config:
    """Validate a parsed vorleser.toml (separate from file reading for tests)."""
    problems: list[tuple[str, str]] = []
    sections = {s.section for s in SETTINGS}
    for name in raw:
        if name not in sections:
            hint = difflib.get_close_matches(name, sections, n=1)
            problems.append(
                (name, "unknown table" + (f" (did you mean [{hint[0]}]?)" if hint else ""))
            )
    tables: dict[str, dict[str, Any]] = {}
    voice_tables: dict[str, dict[str, Any]] = {}
    for section in sorted(sections):
        table = raw.get(section, {})
        if not isinstance(table, dict):
            problems.append((section, "must be a table"))
            table = {}
        tables[section] = table
        known = {s.key for s in SETTINGS if s.section == section}
        for key, value in table.items():
            if key in known:
                continue
            if section == "voice" and isinstance(value, dict):
                voice_tables[key] = value
                continue
            hint = difflib.get_close_matches(key, known, n=1)
            problems.append(
                (
                    f"{section}.{key}",
                    "unknown key" + (f" (did you mean {hint[0]!r}?)" if hint else ""),
                )
            )
    values: dict[str, dict[str, Any]] = {section: {} for section in sections}
    for s in SETTINGS:
        table = tables[s.section]
        full = f"{s.section}.{s.key}"
        if s.key not in table:
            if s.default is REQUIRED:
                problems.append((full, f"missing; {s.help}"))
            default = None if s.default is REQUIRED else s.default
            values[s.section][s.key] = tuple(default) if isinstance(default, list) else default
            continue
        checked = _check(s, full, table[s.key], problems)
        if checked is None and s.default is not REQUIRED:
            checked = tuple(s.default) if isinstance(s.default, list) else s.default
        values[s.section][s.key] = checked
    _check_values(values, project_dir, problems)
    settings = Settings(**{name: _section(name, v) for name, v in values.items()})
    voices = {
        lang: _voice_overlay(lang, table, settings.voice, problems)
        for lang, table in voice_tables.items()
    }
    if problems:
        raise ConfigError(where, problems)
    show = settings.podcast
    base_url = show.base_url
    podcast = Podcast(
        title=show.title.strip(),
        description=show.description.strip(),
        language=show.language,
        author=show.author,
        email=show.email,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        cover="cover.jpg",
        category=show.category,
        explicit=show.explicit,
        copyright=show.copyright or None,
        enclosure_prefix=show.enclosure_prefix,
    )
    return Config(project_dir=project_dir, podcast=podcast, settings=settings, voices=voices)


def _check_values(
    values: dict[str, dict[str, Any]], project_dir: Path, problems: list[tuple[str, str]]
) -> None:
    """Checks of meaning, beyond types and ranges."""
    url = values["podcast"].get("base_url")
    if isinstance(url, str) and not url.startswith(("http://", "https://")):
        problems.append(("podcast.base_url", f"must start with http:// or https://, got {url!r}"))
    prefix = values["podcast"].get("enclosure_prefix")
    if isinstance(prefix, str) and prefix and not re.fullmatch(r"https?://\S+/", prefix):
        problems.append(
            (
                "podcast.enclosure_prefix",
                f"must be an http(s) URL ending in '/', like 'https://op3.dev/e/', got {prefix!r}",
            )
        )
    email = values["podcast"].get("email")
    if isinstance(email, str) and "@" not in email:
        problems.append(("podcast.email", f"is not an e-mail address: {email!r}"))
    lang = values["podcast"].get("language")
    if isinstance(lang, str) and not (lang.isalpha() and 2 <= len(lang) <= 3):
        problems.append(("podcast.language", f"must be an ISO 639-1 code like 'de', got {lang!r}"))
    for section, key in (("podcast", "cover"), ("audio", "intro_music"), ("audio", "outro_music")):
        value = values[section].get(key)
        if isinstance(value, str) and value and not (project_dir / value).is_file():
            problems.append((f"{section}.{key}", f"file not found: {value}"))
    _check_engine("voice.engine", values["voice"].get("engine"), problems)
    category = values["podcast"].get("category")
    if isinstance(category, str):
        from vorleser.publish.categories import check_category

        if problem := check_category(category):
            problems.append(("podcast.category", problem))
    cluster = values["build"].get("cluster")
    if isinstance(cluster, str) and cluster and (problem := cluster_problem(cluster)):
        problems.append(("build.cluster", problem))
    bitrate = values["audio"].get("bitrate")
    if isinstance(bitrate, int) and bitrate not in (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192):
        problems.append(("audio.bitrate", "must be an MP3 bitrate such as 48, 64, 96 or 128"))
    from vorleser.publish.options import app_problems

    problems.extend(app_problems(values["site"].get("apps")))


def cluster_problem(address: str) -> str | None:
    """What is wrong with a cluster address, or None.

    >>> cluster_problem("tcp://10.0.0.5:8786") is None, cluster_problem("local:2") is None
    (True, True)
    >>> cluster_problem("local:0")
    "must be a scheduler address like 'tcp://host:8786' or 'local:N' with N >= 1, got 'local:0'"
    """
    count = address.removeprefix("local:")
    if "://" in address or (count != address and count.isdigit() and int(count) >= 1):
        return None
    return (
        "must be a scheduler address like 'tcp://host:8786' or 'local:N' with N >= 1, "
        f"got {address!r}"
    )


def default_config(
    project_dir: Path, language: str = "de", voice: dict[str, str] | None = None
) -> Config:
    """A config for `vorleser speak` without a project: placeholders for show metadata."""
    raw: dict[str, Any] = {
        "podcast": {
            "title": "vorleser",
            "description": "Audio edition",
            "language": language,
            "author": "vorleser",
            "email": "podcast@example.org",
            "base_url": "http://localhost/",
        },
        "voice": {k: v for k, v in (voice or {}).items() if v},
    }
    return config_from_dict(raw, project_dir, "(defaults)")


def render_settings_module() -> str:
    """The source of vorleser/settings.py: one frozen dataclass per table of SETTINGS.

    Generated (and checked by tests/test_config.py) rather than built at run time, so mypy
    sees every setting's type and a typo in `config.settings.audio.bitrat` fails the checks.
    """
    out = [
        '"""Typed sections of vorleser.toml, generated from vorleser.config.SETTINGS: do not edit.',
        "",
        "Regenerate with VORLESER_REGENERATE=1 python -m pytest tests/test_config.py.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass",
    ]
    names = list(dict.fromkeys(s.section for s in SETTINGS))
    for section in names:
        out += ["", "", "@dataclass(frozen=True)", f"class {_class_name(section)}:"]
        out += [f'    """[{section}]"""', ""]
        for s in SETTINGS:
            if s.section == section:
                out += [f"    {s.key}: {_PY_TYPES[s.type]}", f'    """{s.help}"""']
    out += ["", "", "@dataclass(frozen=True)", "class Settings:", '    """Every table."""', ""]
    for section in names:
        out += [f"    {section}: {_class_name(section)}", f'    """[{section}]"""']
    out += ["", "", "SECTIONS: dict[str, type] = {"]
    out += [f'    "{section}": {_class_name(section)},' for section in names]
    out += ["}", ""]
    return "\n".join(out)


def _class_name(section: str) -> str:
    return section.title().replace("_", "") + "Settings"
