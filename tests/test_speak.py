"""`vorleser speak ARTICLE -o FILE.mp3`, as a user calls it."""

from __future__ import annotations

import json
from pathlib import Path

import webvtt
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from conftest import EXAMPLES, run_vorleser


def test_speak_writes_mp3_transcript_and_chapters(tmp_path: Path) -> None:
    out = tmp_path / "kommentar.mp3"
    result = run_vorleser(
        "speak", str(EXAMPLES / "articles" / "ungarn-energie.md"), "-o", str(out), cwd=tmp_path
    )
    assert "wrote" in result.stdout
    length = MP3(out).info.length
    assert length > 30
    cues = list(webvtt.read(str(tmp_path / "kommentar.vtt")))
    assert cues[0].text.startswith("Ungarns Energiepolitik")
    assert cues[-1].end_in_seconds <= length + 0.05
    chapters = json.loads((tmp_path / "kommentar.chapters.json").read_text())["chapters"]
    assert [c["title"] for c in chapters][1:] == [
        "Ein Sonderweg mit Kosten",
        "Was die Nachbarn sagen",
    ]
    assert len(ID3(out).getall("CHAP")) == 3


def test_speak_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    result = run_vorleser(
        "speak", str(tmp_path / "fehlt.md"), "-o", str(tmp_path / "x.mp3"), check=False
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "fehlt.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.mp3").exists()
