"""The Piper engine: neural voices (piper-tts over onnxruntime), one voice per engine.

piper and onnxruntime are imported only when a voice is first spoken, so `import vorleser`
and espeak-only builds stay light. Each engine runs onnxruntime on one thread: the build
parallelizes with processes, and threads inside each process would only fight over cores.
Piper's per-sentence peak normalization is switched off, because it would make every sentence
equally loud; loudness is set once for the whole episode later.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from vorleser.digest import bytes_digest, file_digest
from vorleser.errors import EngineError
from vorleser.tts import AudioChunk, EngineInfo, VoiceSpec
from vorleser.tts.voices import INSTALL_HINT, VoiceInfo, default_voice, find_voice

__all__ = ["PiperEngine"]


_DIGESTS: dict[tuple[str, int], str] = {}


def _model_digest(path: Path) -> str:
    """sha256 of a voice model, computed once per (path, size) in this process.

    A voice model is about 60 MB; it is described often and rarely changes, and a replaced
    voice almost always changes size too. No mtime: copies and checkouts change it.
    """
    key = (str(path), path.stat().st_size)
    if key not in _DIGESTS:
        _DIGESTS[key] = file_digest(path)
    return _DIGESTS[key]


def _piper_version() -> str:
    try:
        return version("piper-tts")
    except PackageNotFoundError:
        raise EngineError(
            "engine 'piper'", "piper-tts is not installed; install it with `pip install piper-tts`"
        ) from None


class PiperEngine:
    """A Piper voice behind the Engine protocol (see vorleser.tts.Engine)."""

    MAX_SENTENCE_CHARS = 250
    """Longer sentences are split at clause boundaries first: Piper's memory grows with length."""

    def __init__(self, spec: VoiceSpec) -> None:
        self._info, self.voice, self._config = _describe(spec)
        self.rate = spec.rate
        self._piper: Any = None

    @classmethod
    def describe(cls, spec: VoiceSpec) -> EngineInfo:
        """Finds the voice and hashes its files; the ONNX model is not loaded."""
        return _describe(spec)[0]

    @property
    def info(self) -> EngineInfo:
        return self._info

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

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        """Speak `text`; inline ``[[ IPA ]]`` phonemes are passed through to Piper.

        Piper may cut the text into several sentences itself; each comes as its own chunk.
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
        for audio in chunks:
            samples = np.clip(audio.astype(np.float32, copy=False), -1.0, 1.0)
            yield AudioChunk(samples, self._info.sample_rate)


def _describe(spec: VoiceSpec) -> tuple[EngineInfo, VoiceInfo, dict[str, Any]]:
    piper_version = _piper_version()
    if spec.rate <= 0:
        raise EngineError(f"voice {spec.name!r}", f"rate must be positive, got {spec.rate}")
    voice = _find(spec)
    config_bytes = voice.config_path.read_bytes()
    config: dict[str, Any] = json.loads(config_bytes.decode("utf-8"))
    identity = (
        f"piper {piper_version} voice {voice.name} "
        f"model sha256:{_model_digest(voice.path)} "
        f"config sha256:{bytes_digest(config_bytes)[:16]} "
        f"rate {spec.rate:g}"
    )
    info = EngineInfo(
        identity=identity,
        narrator=f"Piper {voice.speaker} ({voice.language}, {voice.quality})",
        sample_rate=int(config["audio"]["sample_rate"]),
        accepts_ipa=True,  # lexicon IPA reaches the voice as [[ ... ]]
        max_sentence_chars=PiperEngine.MAX_SENTENCE_CHARS,
    )
    return info, voice, config


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
