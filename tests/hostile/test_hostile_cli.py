"""Situations that used to end in "internal error" or in lost data, through the real command:
each ends in one line `Error: <where>: <problem>` with exit code 1 (2 for usage), and nothing
that was an input is ever overwritten. One small project is built for real (espeak) to check
take-down, building into the project folder, and the output folder inside the articles."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from conftest import run_vorleser

TOML = """[podcast]
title = "Zwischenrufe"
description = "Kommentare zur Lage, vorgelesen."
author = "Redaktion Beispiel"
email = "redaktion@example.org"
base_url = "https://example.org/pod/"
{extra}
[articles]
paths = ["articles"]
"""
MINSK = "# Minsk III\n\nDer Waffenstillstand von 1996 hielt nicht lange.\n"
ODER = "# Die Oderbrücke\n\nEtwa 150.000 Menschen queren sie jede Woche.\n"


def _project(root: Path, extra: str = "") -> Path:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "vorleser.toml").write_text(TOML.format(extra=extra), "utf-8")
    (root / "articles" / "minsk.md").write_text(MINSK, "utf-8")
    return root


def _one_error_line(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    hints = ("Warning:", "Usage:", "Try '")  # click prints usage and a --help hint for exit 2
    errors = [line for line in result.stderr.splitlines() if not line.startswith(hints)]
    errors = [line for line in errors if line.strip()]
    assert errors and all(line.startswith("Error:") for line in errors), result.stderr
    return errors[0]


# --- speak: the output never replaces an input or a special file --------------------------------


def test_speak_into_its_own_article_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(MINSK, "utf-8")
    line = _one_error_line(run_vorleser("speak", str(article), "-o", str(article), check=False))
    assert "would overwrite the input" in line
    assert article.read_text("utf-8") == MINSK


def test_speak_into_a_link_to_its_article_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(MINSK, "utf-8")
    (tmp_path / "a.mp3").symlink_to(article)
    result = run_vorleser("speak", str(article), "-o", str(tmp_path / "a.mp3"), check=False)
    assert "would overwrite the input" in _one_error_line(result)
    assert article.read_text("utf-8") == MINSK


@pytest.mark.parametrize("special", ["/dev/null", "fifo"])
def test_speak_into_a_special_file_is_refused(special: str, tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(MINSK, "utf-8")
    target = Path(special)
    if special == "fifo":
        target = tmp_path / "ausgabe.mp3"
        os.mkfifo(target)
    line = _one_error_line(run_vorleser("speak", str(article), "-o", str(target), check=False))
    assert "not a regular file" in line
    assert not stat.S_ISREG(os.stat(target).st_mode)


def test_speak_into_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(MINSK, "utf-8")
    result = run_vorleser("speak", str(article), "-o", str(tmp_path), check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_speak_below_a_file_is_one_line(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(MINSK, "utf-8")
    result = run_vorleser("speak", str(article), "-o", str(article / "x.mp3"), check=False)
    line = _one_error_line(result)
    assert "is a file" in line or "Not a directory" in line


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("fehlt.md", None, "No such file"),
        ("gepackt.md", b"\x1f\x8b\x08\x00" + bytes(100), "not text"),
        ("leer.md", b"", "no text"),
        ("bild.html", b"\x89PNG\r\n\x1a\n" + bytes(100), "not text"),
    ],
)
def test_speak_of_a_bad_article_is_one_line(
    name: str, data: bytes | None, problem: str, tmp_path: Path
) -> None:
    source = tmp_path / name
    if data is not None:
        source.write_bytes(data)
    result = run_vorleser("speak", str(source), "-o", str(tmp_path / "x.mp3"), check=False)
    assert problem in _one_error_line(result)
    assert not (tmp_path / "x.mp3").exists()


# --- build: the output folder ------------------------------------------------------------------


def test_build_into_a_file_is_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    (tmp_path / "datei").write_text("x", "utf-8")
    for out, code in ((tmp_path / "datei", 2), (tmp_path / "datei" / "site", 1)):
        result = run_vorleser("build", "-q", str(project), "-o", str(out), check=False)
        assert "file" in _one_error_line(result, code)


@contextmanager
def _mounted(tmp_path: Path, options: str) -> Iterator[Path]:
    """A small tmpfs (we run as root where the CI allows it), skipped with a reason otherwise."""
    point = tmp_path / "mnt"
    point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_build_into_a_read_only_disk_is_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    with _mounted(tmp_path, "ro,size=1m") as disk:
        line = _one_error_line(
            run_vorleser("build", "-q", str(project), "-o", str(disk), check=False)
        )
    assert str(disk) in line


def test_build_onto_a_full_disk_is_one_line_per_problem(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    with _mounted(tmp_path, "size=64k") as disk:
        result = run_vorleser("build", "-q", str(project), "-o", str(disk / "site"), check=False)
        _one_error_line(result)
        assert not list(disk.rglob("*.tmp")), "no half-written files stay behind"


def test_a_decompression_bomb_cover_is_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", 'cover = "bombe.png"')
    Image.new("1", (30_000, 30_000)).save(project / "bombe.png", optimize=True)
    line = _one_error_line(run_vorleser("build", "-q", str(project), check=False))
    assert "bombe.png" in line and "too large" in line


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("import", "feed", "{tmp}/kaputt.xml", "{tmp}/p"), 1),
        (("import", "feed", "{tmp}/fehlt.xml", "{tmp}/p"), 1),
        (("import", "wordpress", "ftp://example.org", "{tmp}/p"), 1),
        (("import", "wordpress", "http://127.0.0.1:9", "{tmp}/p"), 1),
        (("remove", "gibt-es-nicht", "{tmp}/p"), 2),
        (("remove", "minsk-iii", "{tmp}/kein-projekt"), 2),
        (("remove", "--restore", "nie-entfernt", "{tmp}/p"), 2),
        (("build", "{tmp}/kein-projekt"), 2),
    ],
)
def test_command_errors_are_one_line(args: tuple[str, ...], code: int, tmp_path: Path) -> None:
    _project(tmp_path / "p")
    (tmp_path / "kein-projekt").mkdir()
    (tmp_path / "kaputt.xml").write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(64))
    result = run_vorleser(*(a.format(tmp=tmp_path) for a in args), check=False)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr  # usage errors add click's --help hint above it


def test_a_damaged_take_down_list_is_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path / "p")
    (project / ".vorleser").mkdir()
    (project / ".vorleser" / "withdrawn.json").write_text("{kaputt", "utf-8")
    line = _one_error_line(run_vorleser("remove", "minsk", str(project), check=False))
    assert "withdrawn.json" in line


# --- one real build: take-down, building into the project, the site among the articles ---------


def _feed_slugs(site: Path) -> list[str]:
    import podcastparser

    with (site / "feed.xml").open("rb") as fh:
        parsed = podcastparser.parse("https://example.org/pod/feed.xml", fh)
    return sorted(e["link"].rstrip("/").rsplit("/", 1)[-1] for e in parsed["episodes"])


def test_take_down_and_building_into_the_project_folder(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", 'cover = "cover.jpg"')
    (project / "articles" / "oder.md").write_text(ODER, "utf-8")
    Image.new("RGB", (1400, 1400), (30, 60, 90)).save(project / "cover.jpg", quality=80)
    cover = (project / "cover.jpg").read_bytes()
    # the site is built into the article folder: it must never be read back as articles
    site = project / "articles" / "site"
    run_vorleser("build", "-q", str(project), "-o", str(site))
    assert _feed_slugs(site) == ["minsk", "oder"]
    again = run_vorleser("build", "-q", str(project), "-o", str(site))
    assert "built 2 articles (0 failed)" in again.stdout
    guids = json.loads((project / ".vorleser" / "guids.json").read_text("utf-8"))

    removed = run_vorleser("remove", "minsk", str(project))
    assert "withdrew minsk" in removed.stdout
    assert not (project / "articles" / "minsk.md").exists()
    run_vorleser("build", "-q", str(project), "-o", str(site))
    assert _feed_slugs(site) == ["oder"]
    assert not (site / "minsk").exists() and not (site / "episodes" / "minsk.mp3").exists()
    assert json.loads((project / ".vorleser" / "guids.json").read_text("utf-8")) == guids

    # a new file with the withdrawn slug is not published until restored
    (project / "articles" / "minsk.md").write_text(MINSK, "utf-8")
    warned = run_vorleser("build", "-q", str(project), "-o", str(site))
    assert "withdrawn" in warned.stderr and _feed_slugs(site) == ["oder"]
    run_vorleser("remove", "--restore", "minsk", str(project))

    # building into the project folder itself: the original cover is never rewritten
    run_vorleser("build", "-q", str(project), "-o", str(project))
    assert (project / "cover.jpg").read_bytes() == cover
    assert (project / "feed.xml").is_file()
    assert _feed_slugs(project) == ["minsk", "oder"]
    assert (project / "articles" / "oder.md").read_text("utf-8") == ODER
