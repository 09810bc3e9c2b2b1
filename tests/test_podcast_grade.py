"""The built example site is podcast-grade: loudness, chapters, parser agreement, music.

These run over the real output of `vorleser build examples` (tests/conftest.py), so they check
what a publisher would upload, not hand-made fixtures.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from scipy.signal import resample_poly

from conftest import BuiltSite, run_vorleser

ROOT = Path(__file__).resolve().parent.parent
NODE_SCRIPT = ROOT / "tests" / "js" / "parse-feed.mjs"


def _decode(mp3: Path) -> tuple[np.ndarray, int]:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (.ci/install.d/ffmpeg.sh)")
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(mp3), "-f", "f32le", "-ac", "1", "-"],
        capture_output=True,
        check=True,
    ).stdout
    rate = MP3(mp3).info.sample_rate
    return np.frombuffer(raw, dtype="<f4").astype(np.float64), rate


def _ffprobe(path: Path) -> dict:  # type: ignore[type-arg]
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_chapters", "-show_streams", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data: dict = json.loads(out)  # type: ignore[type-arg]
    return data


def test_every_episode_is_at_minus_16_lufs_with_true_peak_below_minus_1(
    built_site: BuiltSite,
) -> None:
    for mp3 in sorted((built_site.out / "episodes").glob("*.mp3")):
        samples, rate = _decode(mp3)
        lufs = pyloudnorm.Meter(rate).integrated_loudness(samples)
        assert -16.5 <= lufs <= -15.5, (mp3.name, lufs)  # the norm allows +-1 LU
        true_peak = 20 * np.log10(np.max(np.abs(resample_poly(samples, 4, 1))) + 1e-12)
        assert true_peak <= -1.0, (mp3.name, true_peak)


def test_ffprobe_reads_mp3_and_chapters_in_order(built_site: BuiltSite) -> None:
    for mp3 in sorted((built_site.out / "episodes").glob("*.mp3")):
        info = _ffprobe(mp3)
        stream = info["streams"][0]
        assert stream["codec_name"] == "mp3" and int(stream["sample_rate"]) in (44100, 48000)
        chapters = info["chapters"]
        starts = [float(c["start_time"]) for c in chapters]
        assert starts == sorted(starts) and starts[0] == 0.0
        json_chapters = json.loads(mp3.with_suffix("").with_suffix(".chapters.json").read_text())
        assert [c["tags"]["title"] for c in chapters] == [
            c["title"] for c in json_chapters["chapters"]
        ]
        for c, j in zip(chapters, json_chapters["chapters"], strict=True):
            assert abs(float(c["start_time"]) - j["startTime"]) < 0.002
        # chapters are contiguous and end at the end of the audio
        assert abs(float(chapters[-1]["end_time"]) - MP3(mp3).info.length) < 0.1


def test_npm_parsers_read_the_built_feed(built_site: BuiltSite) -> None:
    if shutil.which("node") is None or not (NODE_SCRIPT.parent / "node_modules").is_dir():
        pytest.skip("node or the npm parsers are missing (.ci/install.d/npm.sh)")
    done = subprocess.run(
        ["node", str(NODE_SCRIPT), str(built_site.out / "feed.xml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["errors"] == []
    for name in ("partytime", "feedsmith"):
        items = result[name]["items"]
        assert len(items) == 3
        for item in items:
            local = built_site.out / "episodes" / Path(item["enclosure"]["url"]).name
            assert item["enclosure"]["length"] == local.stat().st_size
            assert abs(item["duration"] - MP3(local).info.length) <= 1
            assert len(item["transcripts"]) == 2 and item["chapters"]["url"].endswith(".json")
            roles = {p["role"] for p in item["persons"]}
            assert {"author", "narrator"} <= roles
        translated = next(i for i in items if "Ungarn" in i["title"])
        assert ("Markus Lang", "translator") in {
            (p["name"], p["role"]) for p in translated["persons"]
        }


def test_intro_and_outro_music_shift_chapters_and_cues(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "articles").mkdir(parents=True)
    (project / "articles" / "kurz.md").write_text(
        "# Kurz gesagt\n\nEin Satz vorab.\n\n## Teil zwei\n\nNoch ein Satz.\n", "utf-8"
    )
    rate = 22050
    t = np.arange(int(rate * 3.0)) / rate
    tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    with wave.open(str(project / "jingle.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((tone * 32767).astype("<i2").tobytes())
    (project / "vorleser.toml").write_text(
        '[podcast]\ntitle = "Musiktest"\ndescription = "D"\nauthor = "A"\n'
        'email = "a@b.example"\nbase_url = "https://x.example/"\n'
        '[audio]\nintro_music = "jingle.wav"\noutro_music = "jingle.wav"\n',
        "utf-8",
    )
    run_vorleser("build", str(project), "-q")
    mp3 = project / "site" / "episodes" / "kurz.mp3"
    chaps = ID3(mp3).getall("CHAP")
    assert chaps[0].start_time == 0 and chaps[1].start_time > 3000
    import webvtt

    first = next(iter(webvtt.read(str(mp3.with_suffix(".vtt")))))
    assert first.start_in_seconds >= 1.0  # speech starts after the jingle's opening
