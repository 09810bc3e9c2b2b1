"""espeak-ng, embedded: the default engine that works after `pip install` alone.

The shared library and its language data come from the espeakng-loader wheel, so no system
package is needed. espeak-ng keeps global state, so one engine per process; the build runs
engines in worker processes, never two in one.

Reproducible output: espeak-ng carries state from one utterance into the next that no API
call resets (the pitch-flutter phase in its wave generator is a function-static counter), so
the same sentence gave different samples depending on what was spoken before. Where the
platform can fork, each sentence is therefore synthesized in a forked child of a small helper
process (espeak_zygote.py) whose espeak-ng has spoken only the warm-up: every sentence starts
from the same state, and a fork of that small process costs a fraction of a millisecond.

Words in another language: the normalizer marks them as ⟨en:Donald Trump⟩ (see
vorleser/normalize/foreign.py); the engine turns such spans into SSML voice switches, so
espeak-ng speaks them with the other language's rules and phonemes.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import re
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from vorleser.errors import EngineError
from vorleser.tts import AudioChunk, EngineInfo, VoiceSpec

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PHONEMES = 0x100
_SSML = 0x10
_IPA = 0x02
_INITIALIZE_DONT_EXIT = 0x8000
_RATE = 1
_PITCH_RANGE = 4
_WORD_GAP = 7
#: Words a minute at voice.rate = 1.0. With the German default's gaps between words (below),
#: 160 words a minute keep the pace of 144 without gaps (the default before) and were heard
#: better than either (bench/intelligibility.py, bench/README.md).
NORMAL_WPM = 160
Tuning = tuple[tuple[int, int], ...]
"""espeak-ng parameters set after the voice, with their values: (parameter, value) pairs."""
#: espeak-ng's own values of what vorleser tunes: the pitch range (0-100) and the gap between
#: words in units of 10 ms.
_DEFAULTS = {_PITCH_RANGE: 50, _WORD_GAP: 0}
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)

# Language code -> espeak-ng voice name, for the languages whose name differs from the code.
_VOICE_FOR_LANGUAGE = {"en": "en-us"}
#: The voice a language speaks with when the project names none, chosen by
#: bench/intelligibility.py (bench/README.md): espeak-ng's voice plus a variant and a tuning.
#: German: "de+m1" (lower, steadier pitch, less flutter) was understood best of fourteen
#: variants at every rate tried, and a 40 ms gap between words (at 160 words a minute, so the
#: pace stays) lowered the word error rate again, from 0.353 to 0.322 (plain "de": 0.414).
_DEFAULT_VOICE = {**_VOICE_FOR_LANGUAGE, "de": "de+m1"}
_DEFAULT_TUNING: dict[str, dict[int, int]] = {"de": {_WORD_GAP: 4}}
#: A word in another language, as the normalizer marks it: ⟨en:Donald Trump⟩.
FOREIGN_SPAN = re.compile(r"⟨([a-z]{2,3}(?:-[a-z]{2,3})?):([^⟨⟩]*)⟩")
_CAN_FORK = hasattr(os, "fork")


def to_ssml(text: str) -> str | None:
    """SSML for a text with foreign spans (escaped, each span a voice switch), else None.

    >>> to_ssml("Präsident ⟨en:Trump⟩ & Co.")
    '<speak>Präsident <voice xml:lang="en">Trump</voice> &amp; Co.</speak>'
    """
    if "⟨" not in text:
        return None
    parts, pos = [], 0
    for match in FOREIGN_SPAN.finditer(text):
        parts.append(_escape(text[pos : match.start()]))
        lang, words = match.group(1), _escape(match.group(2))
        parts.append(f'<voice xml:lang="{lang}">{words}</voice>')
        pos = match.end()
    parts.append(_escape(text[pos:]))
    return "<speak>" + "".join(parts) + "</speak>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Library:
    """The process-wide espeak-ng library, initialised once."""

    _lock = threading.Lock()
    _instance: ClassVar[_Library | None] = None

    def __init__(self) -> None:
        import espeakng_loader

        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Info.restype = ctypes.c_char_p
        self.version = (self.lib.espeak_Info(None) or b"?").decode()
        data = espeakng_loader.get_data_path().encode()
        rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data, _INITIALIZE_DONT_EXIT)
        if rate <= 0:
            raise EngineError("espeak-ng", "the library failed to initialise")
        self.sample_rate = int(rate)
        self._chunks: list[npt.NDArray[np.int16]] = []
        self._callback = _CALLBACK(self._collect)  # keep a reference for the library's lifetime
        self.lib.espeak_SetSynthCallback(self._callback)
        self.voice: tuple[str, int, Tuning] | None = None
        self._zygotes: dict[tuple[str, int, Tuning], _Zygote] = {}

    @classmethod
    def get(cls) -> _Library:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if count > 0 and wav:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    def check_voice(self, voice: str) -> None:
        """EngineError unless espeak-ng has `voice` (its data files are read, nothing spoken)."""
        with self._lock:
            if self.voice is None or self.voice[0] != voice:
                if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                    raise EngineError(f"espeak-ng voice {voice!r}", "no such voice")
                self.voice = None  # the rate is set again before the next synthesis

    def synthesize(
        self, text: str, voice: str, wpm: int, tuning: Tuning = ()
    ) -> npt.NDArray[np.int16]:
        """One utterance, from the same espeak-ng state whatever was spoken before.

        Where the platform can fork, a small helper process (espeak_zygote.py) speaks each
        utterance in a forked child of its warmed-up library; elsewhere the library of this
        process speaks it (reproducible only in a fresh process).
        """
        with self._lock:
            if not _CAN_FORK:
                return self._speak(text, voice, wpm, tuning)
            key = (voice, wpm, tuning)
            zygote = self._zygotes.get(key)
            if zygote is None or not zygote.usable():
                zygote = self._zygotes[key] = _Zygote(voice, wpm, tuning)
            return zygote.speak(*_request(text))

    def phonemize(self, text: str, voice: str) -> str:
        """IPA of `text` read by `voice` (the voice is set again before the next synthesis)."""
        with self._lock:
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise EngineError(f"espeak-ng voice {voice!r}", "no such voice")
            self.voice = None
            self.lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
            data = ctypes.c_char_p(text.encode("utf-8"))
            pointer = ctypes.pointer(data)
            clauses = []
            while pointer.contents.value:
                ipa = self.lib.espeak_TextToPhonemes(pointer, _CHARS_UTF8, _IPA)
                clauses.append((ipa or b"").decode("utf-8", errors="replace").strip())
            return " ".join(c for c in clauses if c)

    def _speak(self, text: str, voice: str, wpm: int, tuning: Tuning) -> npt.NDArray[np.int16]:
        if self.voice != (voice, wpm, tuning):
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise EngineError(f"espeak-ng voice {voice!r}", "no such voice")
            self.lib.espeak_SetParameter(_RATE, wpm, 0)
            for parameter, value in _parameters(tuning).items():
                self.lib.espeak_SetParameter(parameter, value, 0)
            self.voice = (voice, wpm, tuning)
        self._chunks = []
        data, flags = _request(text)
        data += b"\0"
        err = self.lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, flags, None, None)
        if err != 0:
            raise EngineError("espeak-ng", f"synthesis failed with code {err}")
        self.lib.espeak_Synchronize()
        chunks, self._chunks = self._chunks, []
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


def _parameters(tuning: Tuning) -> dict[int, int]:
    """Every tuned parameter's value: espeak-ng's default where `tuning` leaves it."""
    return {**_DEFAULTS, **dict(tuning)}


def _request(text: str) -> tuple[bytes, int]:
    """What espeak_Synth gets for `text`: its bytes (SSML where it has foreign spans), flags."""
    ssml = to_ssml(text)
    flags = _CHARS_UTF8 | (_PHONEMES if "[[" in text else 0) | (_SSML if ssml else 0)
    return (ssml or text).encode("utf-8"), flags


#: What the helper speaks before it serves: every utterance starts from the state after it.
WARMUP = ""


class _Zygote:
    """The helper process (espeak_zygote.py) of one voice, rate and tuning, for this process."""

    def __init__(self, voice: str, wpm: int, tuning: Tuning) -> None:
        import espeakng_loader

        self._owner = os.getpid()
        script = Path(__file__).with_name("espeak_zygote.py")
        args = [espeakng_loader.get_library_path(), espeakng_loader.get_data_path()]
        settings = ",".join(f"{k}={v}" for k, v in sorted(_parameters(tuning).items()))
        args += [voice, str(wpm), settings, WARMUP]
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", str(script), *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise EngineError("espeak-ng", f"cannot start its helper process: {exc}") from exc
        atexit.register(self.close)
        self._answer()  # the ready signal, or why it could not start

    def usable(self) -> bool:
        """False in a forked copy of the process that started it, or once it has ended."""
        return self._owner == os.getpid() and self._process.poll() is None

    def speak(self, data: bytes, flags: int) -> npt.NDArray[np.int16]:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(struct.pack("<II", flags, len(data)) + data)
            stdin.flush()
        except OSError as exc:
            raise EngineError("espeak-ng", f"its helper process has ended ({exc})") from exc
        return np.frombuffer(self._answer(), dtype=np.int16)

    def _answer(self) -> bytes:
        stdout = self._process.stdout
        assert stdout is not None
        head = stdout.read(8)
        if len(head) < 8:
            raise EngineError("espeak-ng", "its helper process ended unexpectedly")
        (size,) = struct.unpack("<q", head)
        body = stdout.read(abs(size))
        if len(body) < abs(size):
            raise EngineError("espeak-ng", "its helper process ended unexpectedly")
        if size < 0:
            raise EngineError("espeak-ng", body.decode(errors="replace"))
        return body

    def close(self) -> None:
        """Ends the helper (it also ends by itself once this process has gone)."""
        if self._owner != os.getpid() or self._process.poll() is not None:
            return
        with contextlib.suppress(OSError):
            if self._process.stdin is not None:
                self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


def phonemize(text: str, language: str) -> str:
    """IPA of `text` by espeak-ng's rules for `language` (Piper's phonemizer is espeak-ng)."""
    return _Library.get().phonemize(text, _VOICE_FOR_LANGUAGE.get(language, language))


class EspeakEngine:
    """espeak-ng through its C API (no subprocess per sentence)."""

    def __init__(self, spec: VoiceSpec) -> None:
        self._lib = _Library.get()
        self.voice, self.wpm, self.tuning = voice_settings(spec)
        self._info = _info(self._lib, self.voice, self.wpm, self.tuning)
        self._lib.synthesize("", self.voice, self.wpm, self.tuning)  # fail now, naming the voice

    @classmethod
    def describe(cls, spec: VoiceSpec) -> EngineInfo:
        """Loads the library (small, once per process) and checks the voice; speaks nothing."""
        lib = _Library.get()
        voice, wpm, tuning = voice_settings(spec)
        lib.check_voice(voice)
        return _info(lib, voice, wpm, tuning)

    @property
    def info(self) -> EngineInfo:
        return self._info

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        pcm = self._lib.synthesize(text, self.voice, self.wpm, self.tuning)
        samples = (pcm.astype(np.float32) / 32768.0).astype(np.float32)
        yield AudioChunk(samples, self._info.sample_rate)


def voice_settings(spec: VoiceSpec) -> tuple[str, int, Tuning]:
    """Voice name, words a minute and tuning: a named voice is espeak-ng's own, untuned."""
    wpm = max(80, min(450, round(NORMAL_WPM * spec.rate)))
    if spec.name:
        return spec.name, wpm, ()
    tuning = tuple(sorted(_DEFAULT_TUNING.get(spec.language, {}).items()))
    return _DEFAULT_VOICE.get(spec.language, spec.language), wpm, tuning


def _tuning(tuning: Tuning) -> str:
    """The voice tuning in the identity, only where it differs from espeak-ng's defaults."""
    changed = {k: v for k, v in tuning if v != _DEFAULTS[k]}
    return f" tuning={','.join(f'{k}={v}' for k, v in sorted(changed.items()))}" if changed else ""


def _info(lib: _Library, voice: str, wpm: int, tuning: Tuning) -> EngineInfo:
    # espeak-ng's [[ ]] takes its own mnemonics, not IPA: lexicon respellings are used.
    return EngineInfo(
        identity=f"espeak-ng {lib.version} voice={voice} wpm={wpm}{_tuning(tuning)}",
        narrator=f"espeak-ng ({voice})",
        sample_rate=lib.sample_rate,
        accepts_ipa=False,
        max_sentence_chars=None,
    )
