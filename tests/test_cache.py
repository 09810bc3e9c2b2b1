"""The sentence cache: content keys, round trips, and corrupt entries that degrade."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vorleser.cache import SentenceCache, sentence_key


def test_key_covers_every_input() -> None:
    base = sentence_key("espeak-ng 1.52 de", "Hallo.")
    assert base != sentence_key("espeak-ng 1.52 de wpm=170", "Hallo.")
    assert base != sentence_key("espeak-ng 1.52 de", "Hallo!")
    assert base != sentence_key("espeak-ng 1.52 de", "Hallo.", "pause=1")
    assert base == sentence_key("espeak-ng 1.52 de", "Hallo.")


def test_round_trip_and_corrupt_entry(tmp_path: Path) -> None:
    cache = SentenceCache(tmp_path)
    samples = np.linspace(-0.5, 0.5, 1000, dtype=np.float32)
    cache.put("ab" * 32, samples, 22050)
    got = cache.get("ab" * 32)
    assert got is not None
    assert got[1] == 22050 and np.allclose(got[0], samples, atol=1e-4)
    path = next(tmp_path.rglob("*.pcm"))
    path.write_bytes(b"garbage")
    assert "ab" * 32 not in cache
    cache.corrupt.clear()
    assert cache.get("ab" * 32) is None
    assert cache.corrupt == ["ab" * 32]
    assert not list(tmp_path.rglob("*.tmp"))
