"""One registry for plugins: a third-party engine registers itself like the built-ins do."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from mutagen.mp3 import MP3

from vorleser import registry
from vorleser.build import build
from vorleser.errors import EngineError
from vorleser.tts import Engine, VoiceSpec, describe_voice, load_engine

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# A whole engine plugin in one module: a tone per sentence, as long as the text.
TONE_ENGINE = """
from collections.abc import Iterator

import numpy as np

from vorleser.tts import AudioChunk, EngineInfo, VoiceSpec


class ToneEngine:
    def __init__(self, spec: VoiceSpec) -> None:
        self._info = self.describe(spec)

    @classmethod
    def describe(cls, spec: VoiceSpec) -> EngineInfo:
        return EngineInfo(f"tone 1 rate={spec.rate}", "Tone", 16000, max_sentence_chars=80)

    @property
    def info(self) -> EngineInfo:
        return self._info

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        t = np.arange(len(text) * 400) / 16000
        yield AudioChunk((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16000)
"""


@pytest.fixture
def tone_plugin(tmp_path: Path) -> Iterator[None]:
    """Install a distribution that declares a `vorleser.engines` entry point (on sys.path)."""
    site = tmp_path / "site-packages"
    (site / "tone_engine.py").parent.mkdir()
    (site / "tone_engine.py").write_text(textwrap.dedent(TONE_ENGINE), "utf-8")
    meta = site / "tone_engine-1.0.dist-info"
    meta.mkdir()
    (meta / "METADATA").write_text("Metadata-Version: 2.1\nName: tone-engine\nVersion: 1.0\n")
    (meta / "entry_points.txt").write_text("[vorleser.engines]\ntone = tone_engine:ToneEngine\n")
    sys.path.insert(0, str(site))
    try:
        yield
    finally:
        sys.path.remove(str(site))
        sys.modules.pop("tone_engine", None)


def test_builtins_are_registered_with_source_tree_fallbacks() -> None:
    assert {"espeak", "piper"} <= set(registry.engine_names())
    assert {"de", "en"} <= set(registry.names("languages"))
    assert {".md", ".html", "https"} <= set(registry.names("readers"))
    with pytest.raises(EngineError, match="unknown engine; choose one of"):
        registry.engine_class("festival")


def test_a_third_party_engine_registers_itself(tone_plugin: None, tmp_path: Path) -> None:
    assert "tone" in registry.engine_names()
    info = describe_voice(_spec())
    assert info.identity == "tone 1 rate=1.0" and info.max_sentence_chars == 80
    assert isinstance(load_engine(_spec()), Engine)

    project = tmp_path / "project"
    shutil.copytree(EXAMPLES, project)
    toml = project / "vorleser.toml"
    toml.write_text(toml.read_text("utf-8").replace('engine = "espeak"', 'engine = "tone"'))
    report = build(project, tmp_path / "out", jobs=1)
    assert not report.failures and len(report.episodes) == 3
    assert {e.narrator for e in report.episodes} == {"Tone"}
    mp3 = MP3(report.episodes[0].audio_path)
    assert mp3.info.length > 10


def _spec() -> VoiceSpec:
    return VoiceSpec(engine="tone", language="de")
