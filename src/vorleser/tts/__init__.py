"""The speech-engine seam: an engine says what it can, then turns sentences into audio chunks.

Engines are looked up by name in the registry (entry point group ``vorleser.engines``;
built-ins are registered the same way), so a new engine is a plugin, not an edit here.
What an engine can do (phoneme input, longest sentence, sample rate) and who it is (the
identity that keys the sentence cache) are declared by `Engine.describe`, which must not load
the voice model: the build plans every episode from it before any worker starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # numpy only for type checkers: a no-op run never loads it
    from vorleser.audio import Samples


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


@dataclass(frozen=True)
class EngineInfo:
    """What an engine with one voice is and can do, known without loading its model."""

    identity: str
    """Changes whenever the same text would sound different (engine version, voice file hash,
    rate); the sentence cache key is made from it and the spoken text."""
    narrator: str
    """Human-readable voice name for credits (podcast:person role narrator)."""
    sample_rate: int
    """Rate of the chunks `synthesize` yields (Hz, mono)."""
    accepts_ipa: bool = False
    """Whether ``[[ IPA ]]`` in the text reaches the voice (else the lexicon respells)."""
    max_sentence_chars: int | None = None
    """Longest text one `synthesize` call should get; longer sentences are split at clauses."""


@dataclass(frozen=True)
class AudioChunk:
    """A piece of one sentence's audio, as the engine produced it (piper1-gpl's AudioChunk)."""

    samples: Samples
    """Float32 mono samples in [-1, 1]."""
    sample_rate: int
    """Hz."""


@runtime_checkable
class Engine(Protocol):
    """A loaded speech engine with one voice.

    Implementations must be deterministic for a given identity: the build cache stores their
    output keyed by `info.identity` and the sentence.
    """

    def __init__(self, spec: VoiceSpec) -> None:
        """Load the voice `spec` names (the expensive part: models, libraries)."""

    @classmethod
    def describe(cls, spec: VoiceSpec) -> EngineInfo:
        """What the engine would be for `spec`, cheaply (no model loaded); EngineError if the
        voice cannot exist (engine not installed, no such voice)."""
        ...

    @property
    def info(self) -> EngineInfo:
        """The same as `describe` for the spec it was loaded with."""
        ...

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        """Speak one sentence as chunks (an engine may cut it further itself)."""
        ...


def describe_voice(spec: VoiceSpec) -> EngineInfo:
    """What the engine named by `spec.engine` would be for `spec`, without loading a model."""
    from vorleser.registry import engine_class

    return engine_class(spec.engine).describe(spec)


def load_engine(spec: VoiceSpec) -> Engine:
    """Load the engine named by `spec.engine` with the voice `spec` describes."""
    from vorleser.registry import engine_class

    engine: Engine = engine_class(spec.engine)(spec)
    return engine
