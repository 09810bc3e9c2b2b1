"""Incremental, concurrent and interrupted builds of a small espeak project (`vorleser build`).

A one-sentence edit re-synthesizes one sentence and re-makes one episode; the guid and URL never
change; two builds at once share the cache safely; a build killed half-way leaves nothing
half-written, and the next build completes.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import podcastparser
import pytest
from mutagen.mp3 import MP3

from conftest import run_vorleser

TOML = """\
[podcast]
title = "Kurz notiert"
description = "Zwei kurze Meldungen aus der Stadt, vorgelesen."
language = "de"
author = "Stadtredaktion"
email = "redaktion@kurz-notiert.example"
base_url = "https://kurz-notiert.example/audio/"

[articles]
paths = ["articles"]

[voice]
engine = "espeak"
"""

MARKT = """\
---
title: "Der Wochenmarkt zieht auf den Kirchplatz"
author: Lea Sommer
date: 2026-05-04
---

Der Wochenmarkt findet ab Juni auf dem Kirchplatz statt. Die Händlerinnen und Händler hatten \
sich seit Jahren mehr Platz gewünscht. Am ersten Samstag spielt eine Blaskapelle.

## Parken und Anfahrt

Die Tiefgarage am Rathaus bleibt samstags bis mittags geöffnet. Wer mit dem Rad kommt, findet \
neue Bügel an der Brunnenseite.
"""

FREIBAD = """\
---
title: "Das Freibad öffnet zwei Wochen früher"
author: Tom Brandt
date: 2026-05-02
---

Wegen des warmen Frühlings öffnet das Freibad schon am ersten Mai. Die Eintrittspreise bleiben \
gleich. Neu ist eine Rutsche für kleine Kinder am Nichtschwimmerbecken.
"""

OLD = "Am ersten Samstag spielt eine Blaskapelle."
NEW = "Am ersten Samstag spielt ein Streichquartett aus der Musikschule."

SUMMARY = re.compile(r"synthesized (\d+) of (\d+) sentences")
FEED_URL = "https://kurz-notiert.example/audio/feed.xml"


def write_project(root: Path, markt: str = MARKT, freibad: str = FREIBAD) -> Path:
    """The small project at `root`: its settings and two short articles."""
    (root / "articles").mkdir(parents=True)
    (root / "vorleser.toml").write_text(TOML, "utf-8")
    (root / "articles" / "wochenmarkt.md").write_text(markt, "utf-8")
    (root / "articles" / "freibad.md").write_text(freibad, "utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "projekt")


def _build(project: Path, *extra: str) -> tuple[int, int]:
    """Build with one worker; (synthesized, total sentences) from the summary line."""
    result = run_vorleser("build", str(project), "-q", "--jobs", "1", *extra)
    m = SUMMARY.search(result.stdout)
    assert m, result.stdout
    return int(m.group(1)), int(m.group(2))


def _items(site: Path) -> dict[str, dict[str, object]]:
    """Feed items by the MP3 file name, as podcastparser reads them."""
    with (site / "feed.xml").open("rb") as fh:
        feed = podcastparser.parse(FEED_URL, fh)
    items = {}
    for episode in feed["episodes"]:
        enclosure = episode["enclosures"][0]
        items[Path(enclosure["url"]).name] = {
            "guid": episode["guid"],
            "title": episode["title"],
            "url": enclosure["url"],
            "length": enclosure["file_size"],
        }
    return items


def _assert_site_whole(site: Path) -> None:
    """No temporary or partial files, every MP3 parses, the feed matches the files on disk."""
    leftovers = [p for p in site.rglob("*") if p.suffix == ".tmp" or p.name.startswith(".")]
    assert not leftovers, f"half-written files left in {site}: {leftovers}"
    mp3s = sorted(p for p in (site / "episodes").glob("*.mp3") if not p.name.startswith("."))
    assert [p.name for p in mp3s] == ["freibad.mp3", "wochenmarkt.mp3"]
    for mp3 in mp3s:
        assert MP3(mp3).info.length > 3, mp3
    for name, item in _items(site).items():
        assert item["length"] == (site / "episodes" / name).stat().st_size, name


def test_one_sentence_edit_remakes_one_sentence_and_one_episode(project: Path) -> None:
    site = project / "site"
    synthesized, total = _build(project)
    assert synthesized > 10 and total >= synthesized
    before = _items(site)
    other = site / "episodes" / "freibad.mp3"
    other_stat, other_bytes = other.stat(), other.read_bytes()
    edited = site / "episodes" / "wochenmarkt.mp3"
    edited_bytes = edited.read_bytes()

    article = project / "articles" / "wochenmarkt.md"
    article.write_text(article.read_text("utf-8").replace(OLD, NEW), "utf-8")
    assert _build(project) == (1, total)

    after = _items(site)
    assert after["wochenmarkt.mp3"]["guid"] == before["wochenmarkt.mp3"]["guid"]
    assert after["wochenmarkt.mp3"]["url"] == before["wochenmarkt.mp3"]["url"]
    assert edited.read_bytes() != edited_bytes
    assert after["wochenmarkt.mp3"]["length"] != before["wochenmarkt.mp3"]["length"]
    assert after["wochenmarkt.mp3"]["length"] == edited.stat().st_size
    # The other episode was not re-encoded: same bytes, and the very same file (an atomic
    # replace would have made a new inode).
    assert other.read_bytes() == other_bytes
    assert (other.stat().st_ino, other.stat().st_mtime_ns) == (
        other_stat.st_ino,
        other_stat.st_mtime_ns,
    )
    assert after["freibad.mp3"] == before["freibad.mp3"]
    _assert_site_whole(site)


def test_title_change_keeps_guid_and_url(project: Path) -> None:
    site = project / "site"
    _build(project)
    before = _items(site)
    article = project / "articles" / "freibad.md"
    article.write_text(
        article.read_text("utf-8").replace("zwei Wochen früher", "schon im Mai"), "utf-8"
    )
    _build(project)
    after = _items(site)
    assert after["freibad.mp3"]["title"] == "Das Freibad öffnet schon im Mai"
    assert after["freibad.mp3"]["guid"] == before["freibad.mp3"]["guid"]
    assert after["freibad.mp3"]["url"] == before["freibad.mp3"]["url"]
    assert {i["guid"] for i in after.values()} == {i["guid"] for i in before.values()}
    _assert_site_whole(site)


def _start_build(project: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "vorleser", "build", str(project), "-q", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_builds_at_once_share_the_cache_safely(project: Path) -> None:
    first = _start_build(project, "--jobs", "2")
    second = _start_build(project, "--jobs", "1")
    for proc in (first, second):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert SUMMARY.search(out), out
    site = project / "site"
    _assert_site_whole(site)
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*.mp3")}
    # A third build finds everything cached and agrees with what is on disk.
    synthesized, _ = _build(project)
    assert synthesized == 0
    assert digests == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*.mp3")
    }
    entries = list((project / ".vorleser-cache" / "sentences").rglob("*"))
    assert not [p for p in entries if p.name.startswith(".")], "temporary cache entries left"


def _kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool]) -> bool:
    """SIGKILL `proc` as soon as `ready()` holds; False when the build finished first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if ready():
            os.kill(proc.pid, signal.SIGKILL)
            proc.communicate()
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    raise AssertionError("the build neither started nor finished")


def _kill_and_rebuild(project: Path, moment: str) -> Path:
    """Kill a build while it is `moment`, then build again; returns the output folder."""
    site = project / "site"
    sentences = project / ".vorleser-cache" / "sentences"
    episodes = site / "episodes"

    def ready() -> bool:
        if moment == "synthesizing":
            return sentences.is_dir() and any(sentences.rglob("*.pcm"))
        return episodes.is_dir() and any(p.name.startswith(".") for p in episodes.iterdir())

    if moment == "encoding":  # sentences cached already, so the build reaches encoding fast
        _build(project, "-o", str(project / "warm"))
    if not _kill_when(_start_build(project, "--jobs", "1"), ready):
        pytest.skip(f"the build finished before it was caught {moment}")
    _build(project)
    return site


@pytest.mark.parametrize("moment", ["synthesizing", "encoding"])
def test_killed_build_then_rebuild_completes(project: Path, moment: str) -> None:
    site = _kill_and_rebuild(project, moment)
    _assert_site_whole(site)
