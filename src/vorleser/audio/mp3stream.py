"""MP3 encoding block by block, for episodes that are never held whole (audio/blockwise.py).

Makes the same frames as `encode_mp3` does in one stream: each block is upsampled with its
neighbours' samples as filter context (so the result equals upsampling the whole track), fed
to one LAME encoder as it comes (on a thread of its own, so that encoding one block overlaps
making the next), and written out; the Info frame, which needs the frame count,
is reserved at the start and filled in at the end.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import numpy.typing as npt

from vorleser import atomic
from vorleser.audio import Samples
from vorleser.audio.encode import (
    _BITRATES_V1,
    LAME_LEVEL_COMPENSATION,
    MP3_RATES,
    _info_frame,
)
from vorleser.audio.filters import upsample
from vorleser.errors import AudioError


class Mp3Stream:
    """An MP3 written block by block: the same frames `encode_mp3` makes in one stream.

    For episodes too long to hold whole (vorleser.audio.blockwise). Each block is upsampled
    with its neighbours' samples as filter context (so the result equals upsampling the whole
    track), encoded by one LAME encoder as it comes, and written to `dest`; the Info frame,
    which needs the frame count, is reserved at the start and filled in by `close`.
    Only integer upsampling factors stream; `streams(rate)` says whether a rate can.
    """

    CONTEXT = 32
    """Input samples on either side that the upsampling filter reads."""

    def __init__(self, dest: Path, rate: int, bitrate_kbps: int = 64, *, quality: int = 7) -> None:
        import lameenc

        if bitrate_kbps not in _BITRATES_V1[1:]:
            raise AudioError(str(dest), f"bitrate {bitrate_kbps} kbps is not an MP3 bitrate")
        if not streams(rate):
            raise AudioError(str(dest), f"cannot stream audio at {rate} Hz")
        self.dest = dest
        self.out_rate = next(r for r in MP3_RATES if r % rate == 0)
        self.factor = self.out_rate // rate
        self.kbps = bitrate_kbps
        self._encoder = lameenc.Encoder()
        self._encoder.set_bit_rate(bitrate_kbps)
        self._encoder.set_in_sample_rate(self.out_rate)
        self._encoder.set_channels(1)
        self._encoder.set_quality(quality)
        self._frame_len = 144000 * bitrate_kbps // self.out_rate
        self._info_len = len(_info_frame(b"\xff\xfb\x00\xc4", self.out_rate, 0, 0, 0, bitrate_kbps))
        try:
            self._file = dest.open("wb")
            self._file.write(bytes(self._info_len))
        except OSError as exc:
            raise atomic.write_error(dest, exc) from exc
        self._held: Samples | None = None
        self._tail = np.zeros(0, dtype=np.float32)
        self._samples = 0
        self._bytes = 0
        self._frames = 0
        self._first = b""
        self._pending = b""
        # One encoder thread: blocks are encoded strictly in order, while the caller makes the
        # next block (lameenc releases the GIL), which takes LAME off the critical path.
        self._lame = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vorleser-lame")
        self._encoding: Future[bytes] | None = None

    def write(self, block: Samples) -> None:
        """Add the next block of samples (at the input rate)."""
        block = np.asarray(block, dtype=np.float32)
        if self._held is not None:
            self._encode(self._held, block[: self.CONTEXT])
        self._held = block

    def close(self) -> None:
        """Encode what is held, flush the encoder and fill in the Info frame."""
        try:
            if self._held is not None:
                self._encode(self._held, np.zeros(0, dtype=np.float32))
                self._held = None
            self._collect()
            self._emit(bytes(self._encoder.flush()))
            if len(self._pending) >= 4:  # counted as _count_frames counts a last, short frame
                self._frames += 1
            if not self._first:
                raise AudioError(str(self.dest), "the encoder produced no audio (empty input?)")
            info = _info_frame(
                self._first, self.out_rate, self._frames, self._bytes, self._samples, self.kbps
            )
            self._file.seek(0)
            self._file.write(info)
            self._file.close()
        except OSError as exc:
            raise atomic.write_error(self.dest, exc) from exc
        finally:
            self._lame.shutdown(wait=True)
            self._file.close()

    def _encode(self, block: Samples, after: Samples) -> None:
        if self.factor == 1:
            pcm = block
        else:
            extended = np.concatenate((self._tail, block, after))
            up = upsample(extended, self.factor)
            start = len(self._tail) * self.factor
            pcm = up[start : start + len(block) * self.factor]
        self._tail = np.concatenate((self._tail, block))[-self.CONTEXT :]
        ints = np.clip(pcm * (32768.0 * LAME_LEVEL_COMPENSATION), -32768, 32767).astype("<i2")
        self._samples += len(ints)
        self._collect()
        self._encoding = self._lame.submit(self._lame_encode, ints)

    def _lame_encode(self, ints: npt.NDArray[np.int16]) -> bytes:
        return bytes(self._encoder.encode(ints.tobytes()))

    def _collect(self) -> None:
        """Write out the block the encoder thread is working on, once it is done."""
        if self._encoding is not None:
            data = self._encoding.result()
            self._encoding = None
            self._emit(data)

    def _emit(self, data: bytes) -> None:
        """Write frames as they come, counting them (a frame may span two calls)."""
        if not data:
            return
        if not self._first:
            self._first = data[:4]
        try:
            self._file.write(data)
        except OSError as exc:
            raise atomic.write_error(self.dest, exc) from exc
        self._bytes += len(data)
        buf = self._pending + data
        pos = 0
        while pos + 4 <= len(buf):
            if buf[pos] != 0xFF or buf[pos + 1] & 0xE0 != 0xE0:
                raise AudioError(str(self.dest), f"lost frame sync at byte {self._bytes}")
            size = self._frame_len + ((buf[pos + 2] >> 1) & 1)
            if pos + size > len(buf):
                break
            pos += size
            self._frames += 1
        self._pending = buf[pos:]


def streams(rate: int) -> bool:
    """Whether audio at `rate` can be encoded block by block (an integer upsampling factor)."""
    return any(r % rate == 0 for r in MP3_RATES)
