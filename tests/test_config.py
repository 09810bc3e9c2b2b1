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
