"""vorleser.toml validation: complete, with keys, before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from vorleser.config import config_from_dict, load_config
from vorleser.errors import ConfigError

GOOD = {
    "podcast": {
        "title": "T",
        "description": "D",
        "author": "A",
        "email": "a@b.example",
        "base_url": "https://x.example/audio",
    },
}


def test_defaults_and_base_url_slash(tmp_path: Path) -> None:
    cfg = config_from_dict(GOOD, tmp_path, "vorleser.toml")
    assert cfg.podcast.base_url == "https://x.example/audio/"
    assert cfg.get("audio", "bitrate") == 64
    assert cfg.voice_for("de").engine == "espeak"


def test_voice_per_language(tmp_path: Path) -> None:
    raw = {
        **GOOD,
        "voice": {"engine": "espeak", "en": {"engine": "piper", "name": "en_US-joe-medium"}},
    }
    cfg = config_from_dict(raw, tmp_path, "vorleser.toml")
    assert cfg.voice_for("en").engine == "piper"
    assert cfg.voice_for("en").name == "en_US-joe-medium"
    assert cfg.voice_for("de").engine == "espeak"


def test_every_problem_is_reported_once(tmp_path: Path) -> None:
    raw = {
        "podcast": {"title": 3, "base_url": "x"},
        "audoi": {},
        "audio": {"bitrate": 65},
        "speech": {"urls": "read"},
        "voice": {"rate": 9.0},
    }
    with pytest.raises(ConfigError) as info:
        config_from_dict(raw, tmp_path, "vorleser.toml")
    keys = {k for k, _ in info.value.problems}
    assert {
        "podcast.title",
        "podcast.base_url",
        "podcast.description",
        "audoi",
        "audio.bitrate",
        "speech.urls",
        "voice.rate",
    } <= keys
    assert "did you mean [audio]" in str(info.value)


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path)
    (tmp_path / "vorleser.toml").write_text("[podcast\n", "utf-8")
    with pytest.raises(ConfigError, match="syntax"):
        load_config(tmp_path)


def test_missing_cover_file_is_reported(tmp_path: Path) -> None:
    raw = {"podcast": {**GOOD["podcast"], "cover": "fehlt.jpg"}}
    with pytest.raises(ConfigError, match=r"podcast\.cover: file not found"):
        config_from_dict(raw, tmp_path, "vorleser.toml")


def test_unknown_engines_are_config_errors(tmp_path: Path) -> None:
    raw = {**GOOD, "voice": {"engine": "festival", "en": {"engine": "sapi"}}}
    with pytest.raises(ConfigError) as info:
        config_from_dict(raw, tmp_path, "vorleser.toml")
    keys = {k for k, _ in info.value.problems}
    assert {"voice.engine", "voice.en.engine"} <= keys
    assert "choose one of espeak, piper" in str(info.value)


def test_settings_module_is_generated_from_the_table() -> None:
    """vorleser/settings.py is SETTINGS as typed dataclasses; VORLESER_REGENERATE=1 rewrites it."""
    import os

    from vorleser import config, settings

    path = Path(settings.__file__)
    expected = config.render_settings_module()
    if os.environ.get("VORLESER_REGENERATE"):
        path.write_text(expected, "utf-8")
    assert path.read_text("utf-8") == expected, "regenerate: VORLESER_REGENERATE=1 pytest"


@pytest.mark.parametrize(
    ("table", "key", "value", "message"),
    [
        ("audio", "loudness_lufs", float("nan"), "a finite"),
        ("audio", "loudness_lufs", float("-inf"), "a finite"),
        ("audio", "loudness_lufs", -90.0, "between -40 and -5"),
        ("audio", "true_peak_dbtp", 3.0, "between -20 and 0"),
        ("voice", "rate", float("inf"), "a finite"),
        ("voice", "rate", 0.1, "between 0.5 and 2"),
        ("audio", "sentence_pause_ms", -1, "between 0 and 10000"),
        ("build", "jobs", -2, "0 or more"),
    ],
)
def test_numbers_are_range_checked(
    tmp_path: Path, table: str, key: str, value: float, message: str
) -> None:
    raw = {**GOOD, table: {key: value}}
    with pytest.raises(ConfigError, match=f"{table}\\.{key}: must be {message}"):
        config_from_dict(raw, tmp_path, "vorleser.toml")


def test_voice_per_language_inherits_engine_and_rate(tmp_path: Path) -> None:
    raw = {**GOOD, "voice": {"engine": "piper", "rate": 1.25, "en": {"name": "en_US-joe-medium"}}}
    cfg = config_from_dict(raw, tmp_path, "vorleser.toml")
    en = cfg.voice_for("en")
    assert (en.engine, en.rate, en.name, en.language) == ("piper", 1.25, "en_US-joe-medium", "en")
    assert cfg.settings.voice.rate == 1.25 and cfg.settings.audio.bitrate == 64


def test_per_language_rate_is_range_checked(tmp_path: Path) -> None:
    raw = {**GOOD, "voice": {"en": {"rate": 7.0, "pitch": 1}}}
    with pytest.raises(ConfigError) as info:
        config_from_dict(raw, tmp_path, "vorleser.toml")
    keys = {k for k, _ in info.value.problems}
    assert {"voice.en.rate", "voice.en.pitch"} <= keys
