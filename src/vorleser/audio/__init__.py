"""Audio as float32 mono numpy arrays at one sample rate, and the small pieces all stages use."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Track:
    """A finished, un-encoded episode: samples plus where chapters and sentences sit."""

    samples: Samples
    """Mono float32 samples in [-1, 1]."""
    rate: int
    """Sample rate in Hz."""

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.rate


def silence(seconds: float, rate: int) -> Samples:
    """`seconds` of digital silence at `rate`."""
    return np.zeros(round(seconds * rate), dtype=np.float32)
