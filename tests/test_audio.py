"""Podcast-grade audio: loudness, true peak, MP3 duration, ID3 chapters, music beds.

Independent oracles: pyloudnorm for loudness, scipy's polyphase resampler for true peak and
scipy's filters for our numpy ones, ffmpeg/ffprobe for decoding and chapter order, mutagen for
tags and duration.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from scipy.signal import resample_poly

from vorleser.audio import encode, filters, loudness, music, tags
from vorleser.model import ChapterMark

RATE = 22050
needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="ffmpeg/ffprobe not installed (.ci/install.d/ffmpeg.sh)",
)


def sentences(seconds: float, seed: int = 0) -> list[np.ndarray]:
    """Speech-like sentences as TTS makes them: voiced + noisy syllables with uneven stress,
    each sentence peak-normalized to 0 dBFS, so the whole sits near -18 LUFS / 0 dBTP."""
    rng = np.random.default_rng(seed)
    out: list[np.ndarray] = []
    total = 0
    while total < seconds * RATE:
        n = int(rng.uniform(1.5, 5.0) * RATE)
        t = np.arange(n) / RATE
        f0 = rng.uniform(90, 220) * (1 + 0.1 * np.sin(2 * np.pi * 0.7 * t))
        phase = 2 * np.pi * np.cumsum(f0) / RATE
        voiced = sum(np.sin(k * phase + rng.uniform(0, 6)) / k for k in range(1, 20))
        syll_rate = rng.uniform(3, 5)
        stress = rng.uniform(0.15, 1.0, size=int(n / RATE * syll_rate) + 2)
        envelope = np.clip(np.sin(2 * np.pi * syll_rate * t), 0, None)
        envelope *= stress[(t * syll_rate).astype(int)]
        s = (voiced + 0.2 * rng.standard_normal(n)) * envelope
        out.append((s / np.abs(s).max()).astype(np.float32))
        total += n
    return out


def assemble(chunks: list[np.ndarray]) -> np.ndarray:
    pause = np.zeros(int(0.4 * RATE), dtype=np.float32)
    return np.concatenate([part for c in chunks for part in (c, pause)])


def pyloudnorm_lufs(samples: np.ndarray, rate: int, filter_class: str = "K-weighting") -> float:
    """pyloudnorm's default filters approximate BS.1770's (fc 1500 Hz): about 0.09 LU off at
    22.05 kHz. "DeMan" derives them from the analog prototype, as we and libebur128 do."""
    import pyloudnorm

    meter = pyloudnorm.Meter(rate, filter_class=filter_class)
    return float(meter.integrated_loudness(samples.astype(np.float64)))


def reference_true_peak(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.abs(resample_poly(samples.astype(np.float64), 4, 1)).max()))


def ffprobe(path: Path, *entries: str) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", *entries, str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    return assemble(sentences(60))


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory, speech: np.ndarray) -> tuple[Path, float]:
    """The speech normalized and encoded to MP3: (path, true length in seconds)."""
    path = tmp_path_factory.mktemp("mp3") / "folge.mp3"
    encode.encode_mp3(loudness.normalize_loudness(speech, RATE), RATE, path)
    return path, len(speech) / RATE


def test_meter_agrees_with_pyloudnorm(speech: np.ndarray) -> None:
    assert abs(loudness.integrated_loudness(speech, RATE) - pyloudnorm_lufs(speech, RATE)) < 0.1
    exact = pyloudnorm_lufs(speech, RATE, "DeMan")
    assert abs(loudness.integrated_loudness(speech, RATE) - exact) < 0.001


@pytest.mark.parametrize("rate", [16000, 22050, 24000, 44100, 48000])
def test_numpy_iir_equals_scipy_sosfilt(rate: int) -> None:
    from scipy.signal import sosfilt

    sos = loudness._k_weighting_sos(rate)
    x = np.random.default_rng(rate).standard_normal(3 * rate + 77).astype(np.float32)
    x[rate : 2 * rate] = 0.0  # the state must carry across silent blocks too
    ref = sosfilt(np.array(sos), x.astype(np.float64))
    for n in (1, filters.BLOCK - 1, filters.BLOCK + 1, len(x)):
        got = filters.sosfilt(sos, x[:n])
        assert got.dtype == np.float32 and len(got) == n
        assert np.abs(got - ref[:n]).max() < 1e-5 * np.abs(ref).max()


@pytest.mark.parametrize("factor", [2, 3, 4])
def test_numpy_upsampling_equals_scipy_fir(factor: int) -> None:
    from scipy.signal import firwin, upfirdn

    x = np.random.default_rng(factor).standard_normal(5001).astype(np.float32)
    taps = 16 * factor - 1
    h = firwin(taps, 1.0 / factor, window=("kaiser", 7.0)) * factor
    ref = upfirdn(h, x.astype(np.float64), up=factor)[(taps - 1) // 2 :][: len(x) * factor]
    got = filters.upsample(x, factor)
    assert len(got) == len(x) * factor
    assert np.abs(got - ref).max() < 1e-5


def test_running_min_and_mean_equal_ndimage() -> None:
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    v = np.random.default_rng(7).random(1000)
    for size in (1, 3, 19, 35):
        assert np.array_equal(
            filters.running_min(v, size), minimum_filter1d(v, size, mode="nearest")
        )
        assert np.array_equal(
            filters.running_min(v[:5], size), minimum_filter1d(v[:5], size, mode="nearest")
        )
    for size, origin in ((9, 0), (10, 0), (10, -1)):
        ref = uniform_filter1d(v, size, mode="nearest", origin=origin)
        assert np.allclose(filters.running_mean(v, size, origin), ref, rtol=0, atol=1e-12)


def test_build_path_does_not_import_scipy(tmp_path: Path) -> None:
    """scipy costs 0.8 s to import; a build that makes an episode must not pay for it."""
    code = f"""
import sys
import numpy as np
from pathlib import Path
from vorleser.audio import encode, loudness
rate = {RATE}
t = np.arange(3 * rate) / rate
x = (0.5 * np.sin(2 * np.pi * 220 * t) * (t % 1 < 0.6)).astype(np.float32)
assert loudness.sentence_level(x, rate) is not None
chunks = loudness.level_sentences([x, x * np.float32(0.3)], rate)
out = loudness.normalize_loudness(np.concatenate(chunks), rate)
encode.encode_mp3(out, rate, Path(sys.argv[1]), threads=2)
assert "scipy" not in sys.modules, sorted(m for m in sys.modules if m.startswith("scipy"))
"""
    mp3 = tmp_path / "kurz.mp3"
    result = subprocess.run([sys.executable, "-c", code, str(mp3)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert mp3.stat().st_size > 1000


def test_true_peak_agrees_with_oversampling(speech: np.ndarray) -> None:
    quiet = speech * np.float32(0.5)
    assert abs(loudness.true_peak(quiet) - reference_true_peak(quiet)) < 0.15


def test_plain_gain_would_clip(speech: np.ndarray) -> None:
    """The premise: sentences peak at 0 dBFS and the whole is quieter than -16 LUFS."""
    assert loudness.integrated_loudness(speech, RATE) < -17.0
    assert loudness.true_peak(speech) > -0.5


def test_normalize_hits_target_and_ceiling(speech: np.ndarray) -> None:
    out = loudness.normalize_loudness(speech, RATE)
    assert out.dtype == np.float32 and len(out) == len(speech)
    assert abs(pyloudnorm_lufs(out, RATE) - -16.0) < 0.5
    assert reference_true_peak(out) <= -1.0


def test_normalize_leaves_silence_and_short_input_alone() -> None:
    assert not loudness.normalize_loudness(np.zeros(RATE, np.float32), RATE).any()
    short = np.full(100, 0.1, np.float32)
    assert np.array_equal(loudness.normalize_loudness(short, RATE), short)


def test_level_sentences_evens_out_loudness() -> None:
    chunks = sentences(20, seed=3)
    chunks = [
        c * np.float32(g) for c, g in zip(chunks, np.geomspace(0.1, 1.0, len(chunks)), strict=True)
    ]
    levelled = loudness.level_sentences(chunks, RATE)
    levels = [loudness.integrated_loudness(c, RATE) for c in levelled]
    before = [loudness.integrated_loudness(c, RATE) for c in chunks]
    assert max(before) - min(before) > 15
    assert max(levels) - min(levels) < 3
    assert [len(c) for c in levelled] == [len(c) for c in chunks]


@needs_ffmpeg
def test_encoded_mp3_meets_loudness_and_peak(episode: tuple[Path, float]) -> None:
    path, _ = episode
    decoded = encode.decode(path, 44100)
    assert abs(pyloudnorm_lufs(decoded, 44100) - -16.0) <= 1.0
    assert reference_true_peak(decoded) <= -1.0


@needs_ffmpeg
def test_mp3_duration_and_format(episode: tuple[Path, float]) -> None:
    from mutagen.mp3 import MP3, BitrateMode

    path, length = episode
    info = MP3(path).info
    assert abs(info.length - length) < 0.1
    assert info.bitrate_mode == BitrateMode.CBR and info.sample_rate == 44100
    probe = ffprobe(path, "-show_entries", "format=duration:stream=codec_name,sample_rate,bit_rate")
    stream = probe["streams"][0]
    assert stream["codec_name"] == "mp3" and stream["sample_rate"] == "44100"
    assert stream["bit_rate"] == "64000"
    assert abs(float(probe["format"]["duration"]) - length) < 0.1
    assert abs(len(encode.decode(path, 44100)) / 44100 - length) < 0.01


def info_tag(path: Path) -> tuple[int, int]:
    """(frames, bytes) from the Xing/Info frame at the start of a bare MP3."""
    data = path.read_bytes()
    assert data[21:25] == b"Info"
    frames, size = int.from_bytes(data[29:33], "big"), int.from_bytes(data[33:37], "big")
    return frames, size


@needs_ffmpeg
def test_parallel_encode_is_sample_exact(tmp_path: Path) -> None:
    """Two LAME streams cut in a pause decode like one: same length, same sample positions."""
    x = loudness.normalize_loudness(assemble(sentences(20, seed=2)), RATE)
    click = int(len(x) * 0.75)
    x[click - 300 : click + 300] = 0.0
    x[click] = 0.9
    pcm = encode._upsample(x, RATE)[0]
    (cut,) = encode._cuts(np.clip(pcm * 32768, -32768, 32767).astype("<i2"), 2)
    assert 0.3 < cut / len(pcm) < 0.7 and cut < 2 * click
    decoded = {}
    for threads in (1, 2):
        dest = tmp_path / f"{threads}.mp3"
        encode.encode_mp3(x, RATE, dest, threads=threads)
        decoded[threads] = encode.decode(dest, 44100)
        frames, size = info_tag(dest)
        assert size == dest.stat().st_size
        probe = ffprobe(dest, "-count_packets", "-show_entries", "stream=nb_read_packets")
        assert int(probe["streams"][0]["nb_read_packets"]) == frames
    for threads, d in decoded.items():
        assert abs(len(d) - len(pcm)) <= 1152, threads
        seen = 2 * click - 2000 + int(np.abs(d[2 * click - 2000 : 2 * click + 2000]).argmax())
        assert abs(seen - 2 * click) <= 44, threads  # 1 ms
    single, split = decoded[1], decoded[2]
    # Identical up to the cut (same encoder state), equally good after it.
    assert np.array_equal(single[: cut - 4096], split[: cut - 4096])
    err = [float(np.sqrt(np.mean((d[: len(pcm)] - pcm) ** 2))) for d in (single, split)]
    assert err[1] < 1.1 * err[0]
    from mutagen.mp3 import MP3

    assert abs(MP3(tmp_path / "2.mp3").info.length - len(x) / RATE) < 0.001


@needs_ffmpeg
def test_parallel_encode_without_pauses_uses_one_stream(tmp_path: Path) -> None:
    noise = (0.1 * np.random.default_rng(1).standard_normal(5 * RATE)).astype(np.float32)
    assert encode._cuts((noise * 32768).astype("<i2"), 2) == []
    dest = tmp_path / "rauschen.mp3"
    encode.encode_mp3(noise, RATE, dest, threads=2)
    assert abs(len(encode.decode(dest, 44100)) - 2 * len(noise)) <= 1152


@needs_ffmpeg
def test_tags_and_chapters_in_time_order(tmp_path: Path, episode: tuple[Path, float]) -> None:
    from mutagen.id3 import ID3, CTOCFlags
    from PIL import Image

    path = tmp_path / "folge.mp3"
    shutil.copyfile(episode[0], path)
    length = episode[1]
    cover = tmp_path / "cover.jpg"
    Image.new("RGB", (64, 64), (200, 30, 30)).save(cover)
    # Titles of very different lengths: mutagen alone would write these out of order.
    titles = ["Einleitung", "Was der Stadtrat am Dienstagabend über die Brücke beschloss", "Fazit",
              "Stimmen aus dem Viertel", "Übrigens"]  # fmt: skip
    starts = [0.0, 11.5, 23.25, 35.0, 47.125]
    marks = tuple(
        ChapterMark(start=s, end=e, title=t)
        for s, e, t in zip(starts, [*starts[1:], length], titles, strict=True)
    )
    info = tags.TagInfo(
        title="Die neue Brücke", artist="Erika Beispiel", album="Stadtgespräch",
        date="2024-05-17", cover=cover, chapters=tuple(reversed(marks)),
        comment="Gelesen von einer synthetischen Stimme.",
    )  # fmt: skip
    tags.write_tags(path, info)

    chapters = ffprobe(path, "-show_chapters")["chapters"]
    assert [c["tags"]["title"] for c in chapters] == titles
    assert [round(float(c["start_time"]), 3) for c in chapters] == starts
    assert abs(float(chapters[-1]["end_time"]) - length) < 0.001

    id3 = ID3(path)
    assert id3.version[:2] == (2, 3)
    assert str(id3["TIT2"]) == "Die neue Brücke" and str(id3["TPE1"]) == "Erika Beispiel"
    assert str(id3["TALB"]) == "Stadtgespräch" and str(id3["TDRC"]).startswith("2024")
    assert str(id3["TLAN"]) == "deu"
    assert id3.getall("COMM")[0].text == ["Gelesen von einer synthetischen Stimme."]
    apic = id3.getall("APIC")[0]
    assert apic.mime == "image/jpeg" and apic.data == cover.read_bytes() and apic.type == 3
    (toc,) = id3.getall("CTOC")
    assert toc.flags == CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
    chaps = sorted(id3.getall("CHAP"), key=lambda c: c.start_time)
    assert toc.child_element_ids == [c.element_id for c in chaps]
    assert [c.start_time for c in chaps] == [int(s * 1000) for s in starts]
    assert [str(c.sub_frames["TIT2"]) for c in chaps] == titles
    # Audio untouched, duration still right after tagging.
    from mutagen.mp3 import MP3

    assert abs(MP3(path).info.length - length) < 0.1


@needs_ffmpeg
def test_retagging_replaces_old_tag(tmp_path: Path, episode: tuple[Path, float]) -> None:
    from mutagen.id3 import ID3

    path = tmp_path / "folge.mp3"
    shutil.copyfile(episode[0], path)
    for title in ("Erster Titel", "Zweiter"):
        marks = (ChapterMark(0.0, 10.0, "A"), ChapterMark(10.0, episode[1], "B"))
        tags.write_tags(path, tags.TagInfo(title, "X", "Y", None, None, marks))
    assert str(ID3(path)["TIT2"]) == "Zweiter"
    assert len(ID3(path).getall("CHAP")) == 2


def test_cover_must_be_jpeg_or_png(tmp_path: Path, episode: tuple[Path, float]) -> None:
    from vorleser.errors import AudioError

    bad = tmp_path / "cover.gif"
    bad.write_bytes(b"GIF89a....")
    path = tmp_path / "folge.mp3"
    shutil.copyfile(episode[0], path)
    with pytest.raises(AudioError, match=r"cover\.gif"):
        tags.write_tags(path, tags.TagInfo("T", "A", "B", None, bad, ()))


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        stereo = np.repeat((samples * 32767).astype("<i2")[:, None], 2, axis=1)
        wav.writeframes(stereo.tobytes())


def test_music_intro_and_outro(tmp_path: Path) -> None:
    t = np.arange(6 * 44100) / 44100
    tune = (0.5 * np.sin(2 * np.pi * 330 * t) * np.sin(2 * np.pi * 0.5 * t) ** 2).astype(np.float32)
    write_wav(tmp_path / "intro.wav", tune, 44100)
    write_wav(tmp_path / "outro.wav", tune, 44100)
    speech = assemble(sentences(10, seed=5))
    mixed, offset = music.mix_music(speech, RATE, tmp_path / "intro.wav", tmp_path / "outro.wav")
    assert offset == pytest.approx(4.0, abs=0.01)  # 6 s intro, 2 s under the first words
    start = round(offset * RATE)
    assert len(mixed) == start + len(speech) - 2 * RATE + 6 * RATE
    # The music is well below the speech while they overlap.
    residual = mixed[start : start + len(speech)] - speech
    speech_lufs = loudness.integrated_loudness(speech, RATE)
    assert loudness.integrated_loudness(residual, RATE) < speech_lufs - 8


def test_music_without_files_is_identity() -> None:
    speech = assemble(sentences(3, seed=6))
    mixed, offset = music.mix_music(speech, RATE, None, None)
    assert offset == 0.0 and np.array_equal(mixed, speech)


@needs_ffmpeg
def test_opus(tmp_path: Path, speech: np.ndarray) -> None:
    dest = tmp_path / "folge.opus"
    encode.encode_opus(speech[: 5 * RATE], RATE, dest)
    probe = ffprobe(dest, "-show_entries", "stream=codec_name:format=duration")
    assert probe["streams"][0]["codec_name"] == "opus"
    assert abs(float(probe["format"]["duration"]) - 5.0) < 0.1


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="Debian espeak-ng not installed")
@needs_ffmpeg
def test_real_espeak_speech(tmp_path: Path) -> None:
    """Real synthetic German, each sentence peak-normalized, through the whole chain."""
    text = [
        "Am Dienstagabend hat der Stadtrat lange über die neue Brücke gestritten.",
        "Die Befürworter sprechen von einer Entlastung für das ganze Viertel.",
        "Kritiker fürchten dagegen steigende Kosten und jahrelange Baustellen.",
        "Eine Entscheidung soll nun im Herbst fallen.",
    ]
    chunks = []
    for i, sentence in enumerate(text * 3):
        wav_path = tmp_path / f"s{i}.wav"
        subprocess.run(["espeak-ng", "-v", "de", "-w", str(wav_path), sentence], check=True)
        samples = music.read_audio(wav_path, RATE)
        chunks.append(samples / np.abs(samples).max())
    track = assemble(loudness.level_sentences(chunks, RATE))
    dest = tmp_path / "espeak.mp3"
    encode.encode_mp3(loudness.normalize_loudness(track, RATE), RATE, dest)
    decoded = encode.decode(dest, 44100)
    assert abs(pyloudnorm_lufs(decoded, 44100) - -16.0) <= 1.0
    assert reference_true_peak(decoded) <= -1.0
    assert abs(loudness.integrated_loudness(track, RATE) - pyloudnorm_lufs(track, RATE)) < 0.1
    assert (
        abs(loudness.integrated_loudness(track, RATE) - pyloudnorm_lufs(track, RATE, "DeMan"))
        < 0.001
    )


@pytest.mark.parametrize("rate", [22050, 44100])
def test_decoded_mp3_keeps_the_input_level(tmp_path: Path, rate: int) -> None:
    """LAME's mono MP3s decode 0.45 dB quieter; encode_mp3 compensates, so loudness holds."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (.ci/install.d/ffmpeg.sh)")
    t = np.arange(rate * 4) / rate
    tone = (0.25 * np.sin(2 * np.pi * 700 * t)).astype(np.float32)
    dest = tmp_path / "ton.mp3"
    encode.encode_mp3(tone, rate, dest, threads=1)
    decoded = encode.decode(dest, 44100).astype(np.float64)[4000:-4000]
    level_db = 20 * np.log10(np.sqrt(np.mean(decoded**2)) / (0.25 / np.sqrt(2)))
    assert abs(level_db) < 0.05, level_db
