"""The publishing rule (docs/publishing.md), one real build per branch of it.

A project-level error stops the build before anything is written; a failed article keeps its
last published episode, page and feed item; the feed is replaced only by a whole new one;
write failures (full disk, read-only folder, a file in the way) end in one line and leave the
published site as it was. Feeds are read with podcastparser and feedparser.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import feedparser
import podcastparser
import pytest

from conftest import run_vorleser
from test_incremental import FEED_URL, TOML, write_project  # the same small project

MARKT = """\
---
title: "Der Wochenmarkt zieht auf den Kirchplatz"
author: Lea Sommer
date: 2026-05-04
---

Der Wochenmarkt findet ab Juni auf dem Kirchplatz statt. Die Händlerinnen und Händler hatten \
sich seit Jahren mehr Platz gewünscht. Am ersten Samstag spielt eine Blaskapelle.
"""

FREIBAD = """\
---
title: "Das Freibad öffnet zwei Wochen früher"
author: Tom Brandt
date: 2026-05-02
---

Wegen des warmen Frühlings öffnet das Freibad schon am ersten Mai. Die Eintrittspreise bleiben \
gleich.
"""

POOL = """\
---
title: "The open-air pool opens early"
author: Tom Brandt
date: 2026-05-01
language: en
---

The open-air pool opens two weeks early this year. Prices stay the same.
"""



@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "projekt", MARKT, FREIBAD)


def _build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_vorleser("build", str(project), "-q", "--jobs", "1", *extra, check=False)


def _items(site: Path) -> dict[str, tuple[str, str, int]]:
    """Feed items as podcastparser reads them: title -> (guid, enclosure URL, length).

    feedparser must read the same guids and enclosures (two independent clients).
    """
    data = (site / "feed.xml").read_bytes()
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(data))
    items = {
        e["title"]: (e["guid"], e["enclosures"][0]["url"], e["enclosures"][0]["file_size"])
        for e in parsed["episodes"]
    }
    other = feedparser.parse(data)
    assert not other.bozo, other.bozo_exception
    assert {
        (e.id, e.enclosures[0].href, int(e.enclosures[0].length)) for e in other.entries
    } == set(items.values())
    return items


def _snapshot(site: Path) -> dict[str, str]:
    """Every file of the site by its relative path, with its sha256."""
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    """stderr's lines; each must be one `Error:` (or `Warning:`) line, never a traceback."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert all(line.startswith(("Error: ", "Warning: ")) for line in lines), result.stderr
    return [line for line in lines if line.startswith("Error: ")]


def _assert_kept(site: Path, before: dict[str, tuple[str, str, int]], slug: str) -> None:
    """The feed still lists every item of `before`, unchanged, and `slug`'s files are there."""
    assert _items(site) == before
    mp3 = site / "episodes" / f"{slug}.mp3"
    assert mp3.stat().st_size in {length for _, _, length in before.values()}
    assert (site / slug / "index.html").is_file()
    assert (site / "episodes" / f"{slug}.vtt").is_file()
    assert f'href="{slug}/index.html"' in (site / "index.html").read_text("utf-8")


def test_lexicon_typo_fails_the_build_before_anything_is_written(project: Path) -> None:
    assert _build(project).returncode == 0
    site = project / "site"
    before = _snapshot(site)
    records = _snapshot(project / ".vorleser" / "published")
    (project / "lexicon.tsv").write_text("word\trespelling\tipa\tnote\nKirchplatz\n", "utf-8")
    result = _build(project)
    assert result.returncode == 1
    (error,) = _errors(result)
    assert "lexicon.tsv:2:" in error and "expected 4 columns" in error
    assert "built" not in result.stdout  # no build summary: the build never started
    assert _snapshot(site) == before
    assert _snapshot(project / ".vorleser" / "published") == records


def test_bad_yaml_after_a_good_build_keeps_the_episode(project: Path) -> None:
    assert _build(project).returncode == 0
    site = project / "site"
    before = _items(site)
    assert len(before) == 2
    mp3 = hashlib.sha256((site / "episodes" / "freibad.mp3").read_bytes()).hexdigest()
    source = project / "articles" / "freibad.md"
    source.write_text("---\ntitle: [nicht geschlossen\n---\n\nText.\n", "utf-8")
    for _ in range(2):  # and again: the record, not the last feed, carries it
        result = _build(project)
        assert result.returncode == 1
        (error,) = _errors(result)
        assert error.startswith(f"Error: {source}:")
        assert error.endswith("its last published episode stays in the feed")
        assert "1 kept their last episode" in result.stdout
        _assert_kept(site, before, "freibad")
    assert hashlib.sha256((site / "episodes" / "freibad.mp3").read_bytes()).hexdigest() == mp3
    source.write_text(FREIBAD.replace("gleich.", "gleich. Neu ist eine Rutsche."), "utf-8")
    assert _build(project).returncode == 0
    after = _items(site)
    title = "Das Freibad öffnet zwei Wochen früher"
    assert after[title][:2] == before[title][:2]  # same guid and URL, a new file
    assert after[title][2] != before[title][2]


def test_engine_error_keeps_the_episode_and_builds_the_others(project: Path) -> None:
    (project / "articles" / "pool.md").write_text(POOL, "utf-8")
    toml = project / "vorleser.toml"
    toml.write_text(TOML + '\n[voice.en]\nengine = "espeak"\nname = "en"\n', "utf-8")
    assert _build(project).returncode == 0
    site = project / "site"
    before = _items(site)
    assert len(before) == 3
    toml.write_text(TOML + '\n[voice.en]\nengine = "espeak"\nname = "xx-keine"\n', "utf-8")
    (project / "articles" / "wochenmarkt.md").write_text(
        MARKT.replace("Blaskapelle", "Jazzband"), "utf-8"
    )
    result = _build(project)
    assert result.returncode == 1
    (error,) = _errors(result)
    assert "pool.md" in error and "no such voice" in error and "stays in the feed" in error
    after = _items(site)
    assert after["The open-air pool opens early"] == before["The open-air pool opens early"]
    market = "Der Wochenmarkt zieht auf den Kirchplatz"
    assert after[market][2] != before[market][2]  # the other article was built anew
    _assert_kept(site, after, "pool")


def test_a_deleted_article_leaves_the_feed(project: Path) -> None:
    assert _build(project).returncode == 0
    (project / "articles" / "freibad.md").unlink()
    result = _build(project)
    assert result.returncode == 0, result.stderr
    assert list(_items(project / "site")) == ["Der Wochenmarkt zieht auf den Kirchplatz"]


def test_an_article_that_never_built_is_only_reported(project: Path) -> None:
    (project / "articles" / "kaputt.md").write_text("---\ntitle: [\n---\nText.\n", "utf-8")
    result = _build(project)
    assert result.returncode == 1
    (error,) = _errors(result)
    assert "kaputt.md" in error and "stays in the feed" not in error
    assert len(_items(project / "site")) == 2


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs mounted for the test (needs root and mount rights; skipped otherwise)."""
    mount = shutil.which("mount")
    point = tmp_path / "disk"
    point.mkdir()
    if mount is None:
        pytest.skip("no mount command to make a small disk")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_full_disk_keeps_the_published_site(project: Path, small_disk: Path) -> None:
    site = small_disk / "site"
    assert _build(project, "-o", str(site)).returncode == 0
    before = _items(site)
    published = _snapshot(site)
    filler = small_disk / "filler"
    with filler.open("wb", buffering=0) as fh:  # fill the disk to the last block
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    (project / "articles" / "wochenmarkt.md").write_text(
        MARKT.replace("Blaskapelle", "Blaskapelle aus dem Nachbarort"), "utf-8"
    )
    result = _build(project, "-o", str(site))
    assert result.returncode == 1
    errors = _errors(result)
    assert errors and all("No space left on device" in e for e in errors), errors
    assert _items(site) == before
    assert _snapshot(site) == published  # nothing half-written, no temporary files left
    filler.unlink()
    assert _build(project, "-o", str(site)).returncode == 0
    assert _items(site).keys() == before.keys()


def test_read_only_output_folder_is_one_line(project: Path, small_disk: Path) -> None:
    site = small_disk / "site"
    assert _build(project, "-o", str(site)).returncode == 0
    published = _snapshot(site)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        (project / "articles" / "freibad.md").write_text(FREIBAD.replace("Mai", "April"), "utf-8")
        result = _build(project, "-o", str(site))
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert result.returncode == 1
    (error,) = _errors(result)
    assert error.startswith(f"Error: {site}") and "Read-only file system" in error
    assert _snapshot(site) == published


def test_output_path_that_is_a_file_is_one_line(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "datei"
    blocker.write_text("kein Ordner", "utf-8")
    result = _build(project, "-o", str(blocker / "site"))
    assert result.returncode == 1
    (error,) = _errors(result)
    assert error == f"Error: {blocker}: is a file, not a folder; move it or choose another"
    site = tmp_path / "site"
    assert _build(project, "-o", str(site)).returncode == 0
    before = _snapshot(site)
    shutil.rmtree(site / "episodes")
    (site / "episodes").write_text("im Weg", "utf-8")
    (project / "articles" / "freibad.md").write_text(FREIBAD.replace("Mai", "April"), "utf-8")
    result = _build(project, "-o", str(site))
    assert result.returncode == 1
    errors = _errors(result)
    assert errors and all("is a file, not a folder" in e for e in errors), errors
    after = _snapshot(site)
    assert {k: after[k] for k in ("feed.xml", "index.html")} == {
        k: before[k] for k in ("feed.xml", "index.html")
    }
