"""vorleser.toml -> a frozen, validated Config.

Every setting is one row of SETTINGS (section, key, type, default, help), so the docs and the
validator cannot drift apart (tests/test_docs.py checks that each row is documented).
Validation is complete before any work: every problem is collected with its key and the
whole list is raised once as ConfigError.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vorleser.errors import ConfigError
from vorleser.model import Podcast
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
        "articles",
        "paths",
        list,
        ["articles"],
        "Files or folders (relative to the project) holding the articles.",
    ),
    Setting("voice", "engine", str, "espeak", "Speech engine: 'espeak' (built in) or 'piper'."),
    Setting(
        "voice",
        "name",
        str,
        "",
        "Voice name or .onnx path; empty picks the engine's voice for the language.",
    ),
    Setting("voice", "rate", float, 1.0, "Speaking-rate factor; 1.0 is the engine's normal speed."),
    Setting("audio", "bitrate", int, 64, "MP3 bitrate in kbit/s (constant bitrate, mono)."),
    Setting("audio", "sentence_pause_ms", int, 250, "Silence between sentences."),
    Setting("audio", "paragraph_pause_ms", int, 700, "Silence between paragraphs."),
    Setting("audio", "section_pause_ms", int, 1500, "Silence before each section heading."),
    Setting(
        "audio",
        "loudness_lufs",
        float,
        -16.0,
        "Integrated loudness target of each episode (podcast norm).",
    ),
    Setting("audio", "true_peak_dbtp", float, -1.0, "Highest allowed true peak."),
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
    Setting("build", "jobs", int, 0, "Worker processes for synthesis; 0 uses every core."),
    Setting(
        "build",
        "cache_dir",
        str,
        ".vorleser-cache",
        "Where synthesized sentences are kept, relative to the project.",
    ),
)

_TYPE_NAMES = {
    bool: "true or false",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
}


@dataclass(frozen=True)
class Config:
    """A project's validated settings."""

    project_dir: Path
    """Folder holding vorleser.toml; relative paths are resolved against it."""
    podcast: Podcast
    """Show metadata (without episodes)."""
    values: dict[tuple[str, str], Any]
    """Every setting's value, keyed by (section, key)."""
    voices: dict[str, VoiceSpec] = field(default_factory=dict)
    """Per-language voice overrides from [voice.<language>] tables."""

    def get(self, section: str, key: str) -> Any:
        """The value of a setting (defaults filled in)."""
        return self.values[(section, key)]

    def voice_for(self, language: str) -> VoiceSpec:
        """The voice to read `language` with: the language's table, else [voice]."""
        if language in self.voices:
            return self.voices[language]
        return VoiceSpec(
            engine=self.get("voice", "engine"),
            name=self.get("voice", "name") if language == self.podcast.language else "",
            language=language,
            rate=self.get("voice", "rate"),
        )

    def path(self, section: str, key: str) -> Path | None:
        """A path setting resolved against the project, or None when empty."""
        value = self.get(section, key)
        return (self.project_dir / value) if value else None


def _check_type(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _validate_voice_table(
    lang: str, table: Any, problems: list[tuple[str, str]]
) -> VoiceSpec | None:
    if not isinstance(table, dict):
        problems.append((f"voice.{lang}", "must be a table"))
        return None
    allowed = {"engine": str, "name": str, "rate": float}
    for key, value in table.items():
        if key not in allowed:
            problems.append((f"voice.{lang}.{key}", "unknown key (allowed: engine, name, rate)"))
        elif not _check_type(value, allowed[key]):
            problems.append((f"voice.{lang}.{key}", f"must be {_TYPE_NAMES[allowed[key]]}"))
    from vorleser.registry import engine_names

    if isinstance(table.get("engine"), str) and table["engine"] not in engine_names():
        problems.append(
            (
                f"voice.{lang}.engine",
                f"unknown engine {table['engine']!r}; choose one of {', '.join(engine_names())}",
            )
        )
    return VoiceSpec(
        engine=str(table.get("engine", "espeak")),
        name=str(table.get("name", "")),
        language=lang,
        rate=float(table.get("rate", 1.0)),
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
    values: dict[tuple[str, str], Any] = {}
    sections = {s.section for s in SETTINGS}
    for name in raw:
        if name not in sections:
            hint = difflib.get_close_matches(name, sections, n=1)
            problems.append(
                (name, "unknown table" + (f" (did you mean [{hint[0]}]?)" if hint else ""))
            )
    voices: dict[str, VoiceSpec] = {}
    for section in sorted(sections):
        table = raw.get(section, {})
        if not isinstance(table, dict):
            problems.append((section, "must be a table"))
            table = {}
        known = {s.key for s in SETTINGS if s.section == section}
        for key, value in table.items():
            if key in known:
                continue
            if section == "voice" and isinstance(value, dict):
                spec = _validate_voice_table(key, value, problems)
                if spec is not None:
                    voices[key] = spec
                continue
            hint = difflib.get_close_matches(key, known, n=1)
            problems.append(
                (
                    f"{section}.{key}",
                    "unknown key" + (f" (did you mean {hint[0]!r}?)" if hint else ""),
                )
            )
    for s in SETTINGS:
        table = raw.get(s.section, {}) if isinstance(raw.get(s.section, {}), dict) else {}
        full = f"{s.section}.{s.key}"
        if s.key not in table:
            if s.default is REQUIRED:
                problems.append((full, f"missing; {s.help}"))
            values[(s.section, s.key)] = None if s.default is REQUIRED else s.default
            continue
        value = table[s.key]
        if not _check_type(value, s.type):
            problems.append((full, f"must be {_TYPE_NAMES[s.type]}, got {value!r}"))
            value = s.default if s.default is not REQUIRED else None
        elif s.choices and value not in s.choices:
            problems.append((full, f"must be one of {', '.join(s.choices)}, got {value!r}"))
        if s.type is float and value is not None:
            value = float(value)
        values[(s.section, s.key)] = value
    _check_values(values, project_dir, problems)
    if problems:
        raise ConfigError(where, problems)
    base_url = values[("podcast", "base_url")]
    podcast = Podcast(
        title=values[("podcast", "title")].strip(),
        description=values[("podcast", "description")].strip(),
        language=values[("podcast", "language")],
        author=values[("podcast", "author")],
        email=values[("podcast", "email")],
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        cover="cover.jpg",
        category=values[("podcast", "category")],
        explicit=values[("podcast", "explicit")],
        copyright=values[("podcast", "copyright")] or None,
    )
    return Config(project_dir=project_dir, podcast=podcast, values=values, voices=voices)


def _check_values(
    values: dict[tuple[str, str], Any], project_dir: Path, problems: list[tuple[str, str]]
) -> None:
    """Checks of meaning, beyond types."""
    url = values.get(("podcast", "base_url"))
    if isinstance(url, str) and not url.startswith(("http://", "https://")):
        problems.append(("podcast.base_url", f"must start with http:// or https://, got {url!r}"))
    email = values.get(("podcast", "email"))
    if isinstance(email, str) and "@" not in email:
        problems.append(("podcast.email", f"is not an e-mail address: {email!r}"))
    lang = values.get(("podcast", "language"))
    if isinstance(lang, str) and not (lang.isalpha() and 2 <= len(lang) <= 3):
        problems.append(("podcast.language", f"must be an ISO 639-1 code like 'de', got {lang!r}"))
    for section, key in (("podcast", "cover"), ("audio", "intro_music"), ("audio", "outro_music")):
        value = values.get((section, key))
        if isinstance(value, str) and value and not (project_dir / value).is_file():
            problems.append((f"{section}.{key}", f"file not found: {value}"))
    engine = values.get(("voice", "engine"))
    if isinstance(engine, str):
        from vorleser.registry import engine_names

        if engine not in engine_names():
            problems.append(
                (
                    "voice.engine",
                    f"unknown engine {engine!r}; choose one of {', '.join(engine_names())}",
                )
            )
    category = values.get(("podcast", "category"))
    if isinstance(category, str):
        from vorleser.publish.categories import check_category

        if problem := check_category(category):
            problems.append(("podcast.category", problem))
    bitrate = values.get(("audio", "bitrate"))
    if isinstance(bitrate, int) and bitrate not in (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192):
        problems.append(("audio.bitrate", "must be an MP3 bitrate such as 48, 64, 96 or 128"))
    rate = values.get(("voice", "rate"))
    if isinstance(rate, float) and not 0.5 <= rate <= 2.0:
        problems.append(("voice.rate", "must be between 0.5 and 2.0"))
    jobs = values.get(("build", "jobs"))
    if isinstance(jobs, int) and jobs < 0:
        problems.append(("build.jobs", "must be 0 (all cores) or more"))
    for key in ("sentence_pause_ms", "paragraph_pause_ms", "section_pause_ms"):
        v = values.get(("audio", key))
        if isinstance(v, int) and not 0 <= v <= 10000:
            problems.append((f"audio.{key}", "must be between 0 and 10000"))


def default_config(project_dir: Path, language: str = "de") -> Config:
    """A config for `vorleser speak` without a project: placeholders for show metadata."""
    raw = {
        "podcast": {
            "title": "vorleser",
            "description": "Audio edition",
            "language": language,
            "author": "vorleser",
            "email": "podcast@example.org",
            "base_url": "http://localhost/",
        }
    }
    return config_from_dict(raw, project_dir, "(defaults)")
