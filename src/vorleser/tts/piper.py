"""The Piper engine: neural voices (piper-tts over onnxruntime), one voice per engine.

piper and onnxruntime are imported only when a voice is first spoken, so `import vorleser`
and espeak-only builds stay light. Each engine runs onnxruntime on one thread: the build
parallelizes with processes, and threads inside each process would only fight over cores.
Piper's per-sentence peak normalization is switched off, because it would make every sentence
equally loud; loudness is set once for the whole episode later.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from vorleser.errors import EngineError
from vorleser.tts import VoiceSpec
from vorleser.tts.voices import INSTALL_HINT, VoiceInfo, default_voice, find_voice

__all__ = ["PiperEngine", "file_sha256"]

_HASHES: dict[tuple[str, int], str] = {}


def file_sha256(path: Path) -> str:
    """sha256 of `path`, computed once per (path, size) in this process.

    A voice model is about 60 MB; the identity is asked for often, the file rarely changes, and
    a replaced voice almost always changes size too. No mtime: copies and checkouts change it.
    """
    key = (str(path), path.stat().st_size)
    if key not in _HASHES:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        _HASHES[key] = digest.hexdigest()
    return _HASHES[key]


def _piper_version() -> str:
    try:
        return version("piper-tts")
    except PackageNotFoundError:
        raise EngineError(
            "engine 'piper'", "piper-tts is not installed; install it with `pip install piper-tts`"
        ) from None


class PiperEngine:
    """A Piper voice behind the Engine protocol (see vorleser.tts.Engine)."""

    max_sentence_chars: ClassVar[int] = 250
    """Longer sentences are split at clause boundaries first: Piper's memory grows with length."""
    accepts_ipa: ClassVar[bool] = True
    """Lexicon IPA reaches the voice as [[ ... ]] (piper-tts reads inline phonemes)."""

    def __init__(self, spec: VoiceSpec) -> None:
        self.piper_version = _piper_version()
        if spec.rate <= 0:
            raise EngineError(f"voice {spec.name!r}", f"rate must be positive, got {spec.rate}")
        self.voice: VoiceInfo = self._find(spec)
        self.rate = spec.rate
        self._config: dict[str, Any] = json.loads(self.voice.config_path.read_text("utf-8"))
        self.sample_rate: int = int(self._config["audio"]["sample_rate"])
        self._piper: Any = None

    @staticmethod
    def _find(spec: VoiceSpec) -> VoiceInfo:
        if spec.name:
            return find_voice(spec.name)
        voice = default_voice(spec.language)
        if voice is None:
            raise EngineError(
                f"piper voice for language {spec.language!r}",
                f"no voice installed; {INSTALL_HINT} (e.g. de_DE-thorsten-medium)",
            )
        return voice

    @property
    def identity(self) -> str:
        """Engine version, voice model and config hashes, and rate."""
        config_hash = hashlib.sha256(self.voice.config_path.read_bytes()).hexdigest()[:16]
        return (
            f"piper {self.piper_version} voice {self.voice.name} "
            f"model sha256:{file_sha256(self.voice.path)} config sha256:{config_hash} "
            f"rate {self.rate:g}"
        )

    @property
    def narrator(self) -> str:
        """E.g. "Piper joe (en_US, medium)"."""
        return f"Piper {self.voice.speaker} ({self.voice.language}, {self.voice.quality})"

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the ONNX session, so an engine can be sent to worker processes."""
        return {**self.__dict__, "_piper": None}

    def _load(self) -> Any:
        """Load the ONNX session on first use, on one thread."""
        if self._piper is None:
            import onnxruntime
            from piper import PiperConfig, PiperVoice

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            try:
                session = onnxruntime.InferenceSession(
                    str(self.voice.path), sess_options=options, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime raises its own untyped errors
                raise EngineError(str(self.voice.path), f"cannot load voice model: {exc}") from None
            self._piper = PiperVoice(session=session, config=PiperConfig.from_dict(self._config))
        return self._piper

    def synthesize(self, text: str) -> npt.NDArray[np.float32]:
        """Speak `text`; inline ``[[ IPA ]]`` phonemes are passed through to Piper.

        Piper may cut the text into several sentences itself; their audio is concatenated.
        """
        from piper import SynthesisConfig

        voice = self._load()
        config = SynthesisConfig(
            length_scale=voice.config.length_scale / self.rate, normalize_audio=False
        )
        try:
            chunks = [chunk.audio_float_array for chunk in voice.synthesize(text, config)]
        except Exception as exc:  # phonemizer or onnxruntime failure on this text
            raise EngineError(
                f"voice {self.voice.name}", f"synthesis failed on {text[:60]!r}: {exc}"
            ) from exc
        if not chunks:
            return np.zeros(0, dtype=np.float32)
        audio = np.concatenate(chunks).astype(np.float32, copy=False)
        return np.clip(audio, -1.0, 1.0)
