"""Streamed episodes (assembled, normalized and encoded block by block) against the one-array path.

One short article is built twice, once each way (vorleser.episodes.make.STREAM_ABOVE_S decides):
transcripts, chapters (in the MP3 and as JSON) and the duration are identical; loudness (by
pyloudnorm, on ffmpeg's decoding) agrees within 0.5 LU and true peak stays under the ceiling.
The block-level pieces are checked against their one-array counterparts on the same samples.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from scipy.signal import resample_poly

from vorleser.audio import encode, mp3stream
from vorleser.audio.blockwise import block_size, normalize_stream
from vorleser.audio.loudness import normalize_loudness
from vorleser.build import build
from vorleser.episodes import make

ROOT = Path(__file__).resolve().parent.parent
SLUG = "haushalt-2027"


def _decode(path: Path) -> np.ndarray:
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "pipe:1"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(done.stdout, dtype="<f4").astype(np.float64)


def _lufs(samples: np.ndarray, rate: int) -> float:
    import pyloudnorm

    return float(pyloudnorm.Meter(rate, filter_class="DeMan").integrated_loudness(samples))


def _true_peak(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.abs(resample_poly(samples, 4, 1)).max()))


def _chapters(path: Path) -> list[tuple[int, int, str]]:
    return [(f.start_time, f.end_time, str(f.sub_frames["TIT2"])) for f in ID3(path).getall("CHAP")]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(one-array site, streamed site) of the same project and sentence cache."""
    project = tmp_path_factory.mktemp("streaming")
    shutil.copy(ROOT / "examples" / "vorleser.toml", project)
    (project / "articles").mkdir()
    shutil.copy(ROOT / "examples" / "articles" / f"{SLUG}.md", project / "articles")
    saved = make.STREAM_ABOVE_S
    try:
        make.STREAM_ABOVE_S = float("inf")
        assert not build(project, project / "whole", jobs=1).failures
        make.STREAM_ABOVE_S = 0.0
        assert not build(project, project / "streamed", jobs=1).failures
    finally:
        make.STREAM_ABOVE_S = saved
    return project / "whole", project / "streamed"


def test_transcripts_and_chapters_are_identical(sites: tuple[Path, Path]) -> None:
    whole, streamed = sites
    for suffix in ("vtt", "srt", "chapters.json"):
        name = f"episodes/{SLUG}.{suffix}"
        assert (whole / name).read_bytes() == (streamed / name).read_bytes(), name
    a, b = whole / f"episodes/{SLUG}.mp3", streamed / f"episodes/{SLUG}.mp3"
    assert _chapters(a) == _chapters(b) and len(_chapters(a)) > 2
    assert MP3(a).info.length == MP3(b).info.length
    assert a.stat().st_size == b.stat().st_size  # constant bitrate, same frame count


def test_loudness_and_peak_agree(sites: tuple[Path, Path]) -> None:
    whole, streamed = (_decode(site / f"episodes/{SLUG}.mp3") for site in sites)
    assert len(whole) == len(streamed)
    assert abs(_lufs(whole, 44100) - _lufs(streamed, 44100)) <= 0.5
    assert abs(_lufs(streamed, 44100) - -16.0) <= 1.0
    assert _true_peak(streamed) <= -1.0


def _speechlike(seconds: float, rate: int) -> np.ndarray:
    """Bursts of noise at varying levels with pauses: peaks that make the limiter work."""
    rng = np.random.default_rng(7)
    x = np.zeros(int(seconds * rate), dtype=np.float32)
    for start in range(0, len(x), rate // 2):
        burst = rng.standard_normal(rate // 3) * rng.uniform(0.05, 1.0) * 0.3
        x[start : start + len(burst)] = np.clip(burst, -1, 1)[: len(x) - start]
    return x


@pytest.mark.parametrize("seconds", [0.3, 7.0, 61.3])
def test_normalize_stream_equals_normalize_loudness(seconds: float) -> None:
    rate = 22050
    x = _speechlike(seconds, rate)
    size = block_size(rate)
    blocks = np.concatenate(
        list(normalize_stream(lambda: (x[i : i + size] for i in range(0, len(x), size)), rate))
    )
    np.testing.assert_allclose(blocks, normalize_loudness(x, rate), atol=1e-6)


def test_mp3_stream_decodes_like_encode_mp3(tmp_path: Path) -> None:
    rate = 22050
    x = normalize_loudness(_speechlike(20.0, rate), rate)
    encode.encode_mp3(x, rate, tmp_path / "whole.mp3", threads=1)
    writer = mp3stream.Mp3Stream(tmp_path / "stream.mp3", rate, threads=1)
    for i in range(0, len(x), 10_000):  # blocks of any size
        writer.write(x[i : i + 10_000])
    writer.close()
    assert (tmp_path / "whole.mp3").read_bytes() == (tmp_path / "stream.mp3").read_bytes()


def test_mp3_stream_in_segments_is_sample_exact(tmp_path: Path) -> None:
    """Cut in pauses into streams encoded side by side, a long episode decodes like one stream."""
    rate = 22050
    x = normalize_loudness(_speechlike(75.0, rate), rate)
    x[np.abs(x) < 1e-3] = 0.0  # the pauses between bursts are digital silence, as in episodes
    click = int(len(x) * 0.8)
    x[click - 4000 : click + 4000] = 0.0
    x[click] = 0.9
    decoded = {}
    for threads in (1, 2):
        dest = tmp_path / f"{threads}.mp3"
        writer = mp3stream.Mp3Stream(dest, rate, threads=threads)
        for i in range(0, len(x), 7_000):
            writer.write(x[i : i + 7_000])
        writer.close()
        decoded[threads] = _decode(dest)
        assert abs(MP3(dest).info.length - len(x) / rate) < 0.001
    single, split = decoded[1], decoded[2]
    assert len(single) == len(split) == 2 * len(x)
    assert not np.array_equal(single, split)  # two streams (cut after 30 s) ...
    cut = int(np.flatnonzero(np.abs(single - split) > 1e-6)[0])
    assert 30 * 44100 <= cut < 40 * 44100
    for d in (single, split):  # ... with every sample where it was
        seen = 2 * click - 2000 + int(np.abs(d[2 * click - 2000 : 2 * click + 2000]).argmax())
        assert abs(seen - 2 * click) <= 44
    reference = resample_poly(x.astype(np.float64), 2, 1)
    err = [float(np.sqrt(np.mean((d - reference) ** 2))) for d in (single, split)]
    assert err[1] < 1.1 * err[0]


def test_stream_equals_assemble_and_fits_a_replaced_sentence() -> None:
    from vorleser.audio.assemble import assemble, lay_out, stream
    from vorleser.model import Article, Chapter, Script, Sentence

    script = Script(
        Article("kurz.md", "kurz", "Kurz"),
        (
            Chapter("Einleitung", (Sentence("Eins.", "Eins.", 300), Sentence("Zwei.", "Zwei."))),
            Chapter("Schluss", (Sentence("Drei.", "Drei.", 700),)),
        ),
    )
    rate = 16000
    rng = np.random.default_rng(3)
    audio = {i: rng.uniform(-0.5, 0.5, n).astype(np.float32) for i, n in enumerate((900, 5, 4000))}
    track, chapters, cues = assemble(script, audio, rate)
    layout = lay_out(script, [len(audio[i]) for i in range(3)], rate)
    assert (layout.chapters, layout.cues) == (chapters, cues)
    for size in (1, 7, 1000, 100_000):
        blocks = list(stream(layout, audio.__getitem__, size))
        assert all(len(b) == size for b in blocks[:-1])
        np.testing.assert_array_equal(np.concatenate(blocks), track.samples)
    # a cache entry replaced by another build meanwhile, one sample longer: cut to its place
    longer = {**audio, 1: np.ones(6, dtype=np.float32)}
    out = np.concatenate(list(stream(layout, longer.__getitem__, 64)))
    assert len(out) == len(track.samples)
    start = layout.starts[1]
    np.testing.assert_array_equal(out[start : start + 5], np.ones(5, dtype=np.float32))
    assert out[start + 5] == track.samples[start + 5]
