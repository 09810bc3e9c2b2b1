"""The speech-engine seam: one sentence in, PCM samples out.

Engines are looked up by name in the registry (entry point group ``vorleser.engines``;
built-ins are registered the same way), so a new engine is a plugin, not an edit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class VoiceSpec:
    """Which voice to use, as the config or command line names it."""

    engine: str = "espeak"
    """Registry name of the engine ("espeak", "piper")."""
    name: str = ""
    """Engine-specific voice name or path; empty means the engine's default for the language."""
    language: str = "de"
    """Language of the text that will be spoken."""
    rate: float = 1.0
    """Speaking-rate factor (1.0 = the engine's normal speed)."""


@runtime_checkable
class Engine(Protocol):
    """A loaded speech engine with one voice.

    Implementations must be deterministic for a given identity: the build cache stores
    their output keyed by `identity` and the sentence.
    """

    sample_rate: int
    """Rate of the samples `synthesize` returns (Hz, mono)."""

    @property
    def identity(self) -> str:
        """A string that changes whenever the same text would sound different.

        Engine name and version, voice file hash or name, rate: the cache key uses it.
        """
        ...

    @property
    def narrator(self) -> str:
        """Human-readable voice name for credits (podcast:person role narrator)."""
        ...

    def synthesize(self, text: str) -> npt.NDArray[np.float32]:
        """Speak one sentence: float32 mono samples in [-1, 1]."""
        ...


def load_engine(spec: VoiceSpec) -> Engine:
    """Load the engine named by `spec.engine` with the voice `spec` describes."""
    from vorleser.registry import engine_class

    cls = engine_class(spec.engine)
    engine: Engine = cls(spec)
    return engine
