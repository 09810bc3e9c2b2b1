"""Content-addressed store of synthesized sentences.

Keys are sha256 over everything that changes the sound (engine identity, spoken text,
settings), so a stale entry is impossible and no mtime is ever consulted. Entries are raw
16-bit PCM with a small header (magic, sample rate, speech level; no pickle), written
atomically: two builds sharing one cache, or a crash mid-write, can only ever leave whole
entries behind.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from vorleser import atomic
from vorleser.digest import parts_digest
from vorleser.errors import AudioError

if TYPE_CHECKING:  # numpy is loaded by get/put only: a no-op run checks keys without it
    from vorleser.audio import Samples

_MAGIC = b"VLS2"
_HEADER = struct.Struct("<4sIf")


class Entry(NamedTuple):
    """One cached sentence."""

    samples: Samples
    """Mono float32 samples."""
    rate: int
    """Sample rate in Hz."""
    level: float | None
    """Speech loudness in dB (vorleser.audio.loudness.sentence_level), None if silent."""


def sentence_key(engine_identity: str, spoken: str, settings: str = "") -> str:
    """The cache key of one sentence's audio."""
    return parts_digest(engine_identity, spoken, settings)


class SentenceCache:
    """Sentence audio on disk under `root`/sentences/ab/abcdef....pcm."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.corrupt: list[str] = []
        """Keys whose entries could not be read (they are synthesized again)."""

    def _path(self, key: str) -> Path:
        return self.root / "sentences" / key[:2] / f"{key}.pcm"

    def __contains__(self, key: str) -> bool:
        """Whether a whole entry exists (header checked, so a damaged one is made again)."""
        try:
            with self._path(key).open("rb") as fh:
                header = fh.read(_HEADER.size)
                size = fh.seek(0, 2)
        except OSError:
            return False
        if header[:3] == _MAGIC[:3] and header[:4] != _MAGIC:
            return False  # an older format: made again, silently (not damage)
        ok = header[:4] == _MAGIC and size >= _HEADER.size and (size - _HEADER.size) % 2 == 0
        if not ok:
            self.corrupt.append(key)
        return ok

    def get(self, key: str) -> Entry | None:
        """The entry for `key`, or None when missing or unreadable."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            self.corrupt.append(key)
            return None
        if len(data) < _HEADER.size or data[:4] != _MAGIC or (len(data) - _HEADER.size) % 2:
            self.corrupt.append(key)
            return None
        import numpy as np

        _, rate, level = _HEADER.unpack_from(data)
        pcm = np.frombuffer(data, dtype="<i2", offset=_HEADER.size)
        return Entry(
            pcm.astype(np.float32) / 32768.0, int(rate), None if math.isnan(level) else level
        )

    def info(self, key: str) -> tuple[int, float | None, int] | None:
        """(rate, level, sample count) of an entry from its header and size, without its audio.

        None when missing or damaged; lets an episode be laid out before any audio is read.
        """
        try:
            with self._path(key).open("rb") as fh:
                header = fh.read(_HEADER.size)
                size = fh.seek(0, 2)
        except OSError:
            return None
        if len(header) < _HEADER.size or header[:4] != _MAGIC or (size - _HEADER.size) % 2:
            return None
        _, rate, level = _HEADER.unpack_from(header)
        return int(rate), None if math.isnan(level) else float(level), (size - _HEADER.size) // 2

    def put(self, key: str, samples: Samples, rate: int, level: float | None = None) -> None:
        """Store samples (and their speech level, when known) atomically."""
        import numpy as np

        pcm = (np.clip(samples, -1.0, 32767 / 32768) * 32768.0).astype("<i2")
        header = _HEADER.pack(_MAGIC, rate, math.nan if level is None else level)
        atomic.write_bytes(self._path(key), header + pcm.tobytes())

    def get_bytes(self, key: str) -> bytes | None:
        """The entry for `key` exactly as stored, for copying it to another machine."""
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put_bytes(self, key: str, data: bytes) -> None:
        """Store an entry made by `put` elsewhere (a cluster worker), atomically.

        The header is checked first, so bytes damaged on the way never enter the cache.
        """
        if len(data) < _HEADER.size or data[:4] != _MAGIC or (len(data) - _HEADER.size) % 2:
            raise AudioError(
                str(self._path(key)), "not a sentence cache entry (damaged in transfer?)"
            )
        atomic.write_bytes(self._path(key), data)
