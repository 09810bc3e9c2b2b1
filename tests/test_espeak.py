"""The embedded espeak-ng engine: reproducible samples and words in another language."""

from __future__ import annotations

import numpy as np

from vorleser.tts import VoiceSpec, load_engine
from vorleser.tts.espeak import to_ssml

SENTENCE = "Der Waffenstillstand von 1996 hielt drei Jahre."


def speak(engine: object, text: str) -> np.ndarray:
    """All samples of one sentence (the engine yields them in chunks)."""
    chunks = [chunk.samples for chunk in engine.synthesize(text)]  # type: ignore[attr-defined]
    return np.concatenate(chunks) if chunks else np.zeros(0, np.float32)


def test_same_sentence_same_samples_whatever_came_before() -> None:
    engine = load_engine(VoiceSpec(engine="espeak", language="de"))
    alone = speak(engine, SENTENCE)
    for before in ("Was bleibt, ist die Wut?", "Hallo!", "Er sagte: „Nein“, und ging.", "Achtung"):
        speak(engine, before)
        again = speak(engine, SENTENCE)
        assert len(again) == len(alone)
        assert np.array_equal(again, alone), f"differs after {before!r}"


def test_foreign_span_is_spoken_with_the_other_language() -> None:
    engine = load_engine(VoiceSpec(engine="espeak", language="de"))
    german = speak(engine, "Präsident Trump sagte es.")
    english = speak(engine, "Präsident ⟨en-us:Trump⟩ sagte es.")
    assert len(english) > 0
    assert not np.array_equal(german, english)
    # the marker itself is never read: the switch costs at most a short clause pause
    assert abs(len(english) - len(german)) < engine.info.sample_rate * 0.8


def test_ssml_escapes_the_rest_of_the_text() -> None:
    assert (
        to_ssml("A < B ⟨fr:Macron⟩")
        == '<speak>A &lt; B <voice xml:lang="fr">Macron</voice></speak>'
    )
    assert to_ssml("kein Name") is None
