"""A small process that speaks each utterance in a forked child of one warmed-up espeak-ng.

Why a process of its own: espeak-ng carries state from one utterance into the next that no API
call resets (the pitch-flutter phase of its wave generator is a function-static counter), so
reproducible samples need every sentence to start from the same state, which a fork gives.
Forking the worker itself costs about 5 ms a sentence (its page tables hold numpy and all of
vorleser); this process holds only the interpreter, ctypes and espeak-ng, so a fork costs a
fraction of a millisecond and the raw engine's speed is nearly kept.

Run as a script by vorleser.tts.espeak (``python -I -S espeak_zygote.py LIB DATA VOICE WPM
TUNING WARMUP``), never imported: it must not load numpy or vorleser. The protocol on its
stdin/stdout, little-endian:

- request: ``<I flags><I n>`` and n bytes of UTF-8 text (plain, SSML or with [[phonemes]]);
- answer: ``<q n>`` and n bytes of 16-bit PCM; or ``<q -n>`` and an n-byte error message.

It ends when its stdin closes (the worker that started it has gone).
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_INITIALIZE_DONT_EXIT = 0x8000
_RATE = 1
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


def _read_exactly(fd: int, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _error(message: str) -> bytes:
    text = message.encode()
    return struct.pack("<q", -len(text)) + text


def main(argv: list[str]) -> int:
    library, data, voice, wpm, tuning, warmup = argv
    lib = ctypes.CDLL(library)
    rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(), _INITIALIZE_DONT_EXIT)
    if rate <= 0:
        _write_all(1, _error("the library failed to initialise"))
        return 1
    chunks: list[bytes] = []

    def collect(wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if count > 0 and wav:
            chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    callback = _CALLBACK(collect)
    lib.espeak_SetSynthCallback(callback)
    if lib.espeak_SetVoiceByName(voice.encode()) != 0:
        _write_all(1, _error(f"no such voice: {voice!r}"))
        return 1
    lib.espeak_SetParameter(_RATE, int(wpm), 0)
    for pair in filter(None, tuning.split(",")):
        parameter, value = pair.split("=")
        lib.espeak_SetParameter(int(parameter), int(value), 0)

    def speak(text: bytes, flags: int) -> int:
        chunks.clear()
        err = lib.espeak_Synth(text, len(text), 0, _POS_CHARACTER, 0, flags, None, None)
        return int(err) or int(lib.espeak_Synchronize())

    speak(warmup.encode() + b"\0", _CHARS_UTF8)  # the one state every utterance starts from
    _write_all(1, struct.pack("<q", 0))  # ready
    while True:
        try:
            flags, size = struct.unpack("<II", _read_exactly(0, 8))
            text = _read_exactly(0, size) + b"\0"
        except EOFError:
            return 0
        pid = os.fork()
        if pid == 0:  # the child: speak, answer, exit without any cleanup
            status = 0
            try:
                err = speak(text, flags)
                pcm = b"".join(chunks)
                answer = (
                    _error(f"synthesis failed with code {err}")
                    if err
                    else struct.pack("<q", len(pcm)) + pcm
                )
                _write_all(1, answer)
            except BaseException:
                status = 1
            os._exit(status)
        _, status = os.waitpid(pid, 0)
        if status != 0:  # died before answering (a crash inside the library)
            _write_all(1, _error(f"synthesis crashed (status {status})"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
