"""MP3 encoding block by block, for episodes that are never held whole (audio/blockwise.py).

Each block is upsampled with its neighbours' samples as filter context (so the result equals
upsampling the whole track) and fed to a LAME encoder on a thread of its own, so encoding
overlaps making the next block. LAME is the slowest stage of an episode (about 1.8 s of CPU
for twelve minutes, three times what espeak-ng needs to speak them), so with more than one
thread a long episode is cut in pauses into segments of at least `SEGMENT_SECONDS`, each an
independent stream on its own thread, joined sample-exactly as `encode_mp3` joins the streams
of a whole track (see encode._cuts). With one thread the frames are those `encode_mp3` makes
in one stream. The Info frame, which needs the frame count, is reserved at the start and
filled in at the end.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import numpy.typing as npt

from vorleser import atomic
from vorleser.audio import Samples
from vorleser.audio.encode import (
    _BITRATES_V1,
    _SAMPLES_PER_FRAME,
    LAME_LEVEL_COMPENSATION,
    MP3_RATES,
    _free_cores,
    _info_frame,
)
from vorleser.audio.filters import upsample
from vorleser.errors import AudioError

_FRAME = _SAMPLES_PER_FRAME


class _Segment:
    """One LAME stream, fed in order on a thread of its own (lameenc releases the GIL)."""

    def __init__(self, rate: int, kbps: int, quality: int) -> None:
        import lameenc

        self._encoder = lameenc.Encoder()
        self._encoder.set_bit_rate(kbps)
        self._encoder.set_in_sample_rate(rate)
        self._encoder.set_channels(1)
        self._encoder.set_quality(quality)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="vorleser-lame")
        self.chunks: deque[Future[bytes]] = deque()
        """Encoded bytes to come, in order."""
        self.samples = 0
        self.finished = False
        self.frames_before = -1
        """Frames written before this segment's first (set when its first bytes are written)."""

    def feed(self, ints: npt.NDArray[np.int16]) -> None:
        if len(ints):
            self.samples += len(ints)
            self.chunks.append(self._thread.submit(self._encode, ints.tobytes()))

    def finish(self) -> None:
        self.chunks.append(self._thread.submit(self._flush))
        self.finished = True

    def close(self) -> None:
        self._thread.shutdown(wait=True, cancel_futures=True)

    def _encode(self, pcm: bytes) -> bytes:
        return bytes(self._encoder.encode(pcm))

    def _flush(self) -> bytes:
        return bytes(self._encoder.flush())


class Mp3Stream:
    """An MP3 written block by block, cut in pauses into streams encoded side by side.

    For episodes too long to hold whole (vorleser.audio.blockwise). Only integer upsampling
    factors stream; `streams(rate)` says whether a rate can.
    """

    CONTEXT = 32
    """Input samples on either side that the upsampling filter reads."""
    SEGMENT_SECONDS = 30.0
    """Shortest segment encoded as a stream of its own (when more than one thread encodes)."""
    QUEUED = 4
    """Blocks waiting for an encoder per thread, at most (memory stays flat in length)."""

    def __init__(
        self,
        dest: Path,
        rate: int,
        bitrate_kbps: int = 64,
        *,
        quality: int = 7,
        threads: int | None = None,
    ) -> None:
        if bitrate_kbps not in _BITRATES_V1[1:]:
            raise AudioError(str(dest), f"bitrate {bitrate_kbps} kbps is not an MP3 bitrate")
        if not streams(rate):
            raise AudioError(str(dest), f"cannot stream audio at {rate} Hz")
        self.dest = dest
        self.out_rate = next(r for r in MP3_RATES if r % rate == 0)
        self.factor = self.out_rate // rate
        self.kbps = bitrate_kbps
        self._quality = quality
        self._threads = max(1, threads if threads is not None else min(2, _free_cores()))
        self._min_segment = int(self.SEGMENT_SECONDS * self.out_rate)
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
        self._segments: deque[_Segment] = deque([self._new_segment()])
        self._unfed = np.zeros(0, dtype=np.int16)
        """Samples of the newest segment held back (at most two frames and a part of one),
        so a pause that spans two blocks is still found; it starts on the frame grid."""

    def write(self, block: Samples) -> None:
        """Add the next block of samples (at the input rate)."""
        block = np.asarray(block, dtype=np.float32)
        if self._held is not None:
            self._encode(self._held, block[: self.CONTEXT])
        self._held = block

    def close(self) -> None:
        """Encode what is held, flush the encoders and fill in the Info frame."""
        try:
            if self._held is not None:
                self._encode(self._held, np.zeros(0, dtype=np.float32))
                self._held = None
            newest = self._segments[-1]
            newest.feed(self._unfed)
            newest.finish()
            while self._segments:
                self._write_oldest(wait=True)
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
            for segment in self._segments:
                segment.close()
            self._file.close()

    def _new_segment(self) -> _Segment:
        return _Segment(self.out_rate, self.kbps, self._quality)

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
        self._feed(np.concatenate((self._unfed, ints)))

    def _feed(self, buf: npt.NDArray[np.int16]) -> None:
        """Feed `buf` (starting on the frame grid) to the newest segment, cutting in pauses.

        A cut at frame k drops that frame, which must be digital silence like both its
        neighbours: LAME writes ceil(n / 1152) + 1 frames for n samples, so the next stream's
        encoder delay puts its first sample exactly where it sat in one stream (encode._cuts).
        """
        segment = self._segments[-1]
        while self._threads > 1:
            first = max(1, -(-(self._min_segment - segment.samples) // _FRAME))
            count = len(buf) // _FRAME
            if count - first < 2:
                break
            frames = buf[(first - 1) * _FRAME : count * _FRAME].reshape(-1, _FRAME)
            silent = ~np.any(frames, axis=1)
            found = np.flatnonzero(silent[:-2] & silent[1:-1] & silent[2:])
            if not len(found):
                break
            k = first + int(found[0])
            segment.feed(buf[: k * _FRAME])
            segment.finish()
            buf = buf[(k + 1) * _FRAME :]
            while len(self._segments) >= self._threads:
                self._write_oldest(wait=True)
            segment = self._new_segment()
            self._segments.append(segment)
        keep = min(len(buf), 2 * _FRAME + len(buf) % _FRAME) if self._threads > 1 else 0
        segment.feed(buf[: len(buf) - keep])
        self._unfed = buf[len(buf) - keep :].copy()
        while sum(len(s.chunks) for s in self._segments) > self.QUEUED * self._threads:
            self._write_oldest(wait=False)

    def _write_oldest(self, *, wait: bool) -> None:
        """Write out the oldest segment's next encoded bytes (all of them if `wait`)."""
        segment = self._segments[0]
        while segment.chunks:
            self._emit(segment, segment.chunks.popleft().result())
            if not wait:
                return
        if segment.finished:
            if len(self._segments) > 1:  # not the last: the join needs LAME's framing
                frames = self._frames - max(0, segment.frames_before)
                if frames != -(-segment.samples // _FRAME) + 1:
                    raise AudioError(
                        str(self.dest), "the MP3 encoder framed a segment unexpectedly"
                    )
            segment.close()
            self._segments.popleft()

    def _emit(self, segment: _Segment, data: bytes) -> None:
        """Write frames as they come, counting them (a frame may span two calls)."""
        if not data:
            return
        if segment.frames_before < 0:
            segment.frames_before = self._frames
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
