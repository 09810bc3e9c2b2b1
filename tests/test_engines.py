"""The Engine seam with the built-in espeak-ng: what it declares, and the chunks it yields."""

from __future__ import annotations

import numpy as np
import pytest

from vorleser.errors import EngineError
from vorleser.tts import AudioChunk, Engine, VoiceSpec, describe_voice, load_engine
from vorleser.tts.synthesis import speak

SPEC = VoiceSpec(engine="espeak", language="de")
SENTENCE = "Der Waffenstillstand von 1996 hielt nur wenige Wochen."


def test_described_as_loaded() -> None:
    info = describe_voice(SPEC)
    engine = load_engine(SPEC)
    assert isinstance(engine, Engine)
    assert engine.info == info
    assert info.identity.startswith("espeak-ng ") and "voice=de+m1" in info.identity
    assert "tuning=" in info.identity  # the default German voice has gaps between words
    named = describe_voice(VoiceSpec(engine="espeak", language="de", name="de"))
    assert "voice=de " in named.identity and "tuning" not in named.identity  # espeak-ng's own
    assert info.sample_rate == 22050
    assert not info.accepts_ipa and info.max_sentence_chars is None
    faster = describe_voice(VoiceSpec(engine="espeak", language="de", rate=1.5))
    assert faster.identity != info.identity  # the rate changes the sound, so the cache key


def test_unknown_voice_is_an_engine_error_when_described() -> None:
    with pytest.raises(EngineError, match="no such voice"):
        describe_voice(VoiceSpec(engine="espeak", name="xx-nowhere", language="de"))


def test_chunks_join_to_the_sentence() -> None:
    engine = load_engine(SPEC)
    chunks = list(engine.synthesize(SENTENCE))
    assert chunks and all(isinstance(c, AudioChunk) for c in chunks)
    assert {c.sample_rate for c in chunks} == {engine.info.sample_rate}
    joined = np.concatenate([c.samples for c in chunks])
    # espeak-ng's output of one text varies by a few ms from call to call in one process
    assert abs(len(joined) - len(speak(engine, SENTENCE))) < 0.01 * len(joined)
    assert 2.0 < len(joined) / engine.info.sample_rate < 8.0
