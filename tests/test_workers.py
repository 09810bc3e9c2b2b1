"""Worker processes that die, and builds that are killed, with real SIGKILLs.

A worker killed while it encodes an article fails only that article (the others are built,
and the article keeps its last published episode); a killed build leaves no worker behind.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import podcastparser
import pytest

from conftest import run_vorleser

TOML = """\
[podcast]
title = "Stadtgespräch"
description = "Meldungen aus dem Rathaus, vorgelesen."
language = "de"
author = "Stadtredaktion"
email = "redaktion@stadtgespraech.example"
base_url = "https://stadtgespraech.example/audio/"

[articles]
paths = ["articles"]

[voice]
engine = "espeak"
"""

PARAGRAPH = (
    "Der Stadtrat hat am Dienstag über den Haushalt für das Jahr 2027 beraten. Die Kämmerin "
    "rechnet mit etwa 150.000 Euro weniger Gewerbesteuer als im Vorjahr. Die Opposition "
    "verlangt, dass die Sanierung der Grundschule trotzdem nicht verschoben wird. Eine "
    "Entscheidung soll in der nächsten Sitzung fallen."
)


def _article(title: str, date: str, paragraphs: int) -> str:
    body = "\n\n".join(f"## Abschnitt {i + 1}\n\n{PARAGRAPH}" for i in range(paragraphs))
    return f'---\ntitle: "{title}"\nauthor: Lea Sommer\ndate: {date}\n---\n\n{body}\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    (root / "articles").mkdir(parents=True)
    (root / "vorleser.toml").write_text(TOML, "utf-8")
    (root / "articles" / "haushalt.md").write_text(
        _article("Der Haushalt wird knapp", "2026-05-04", 8), "utf-8"
    )
    (root / "articles" / "schule.md").write_text(
        _article("Die Schule wartet", "2026-05-03", 2), "utf-8"
    )
    (root / "articles" / "rathaus.md").write_text(
        _article("Das Rathaus zieht um", "2026-05-02", 2), "utf-8"
    )
    return root


def _start(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "vorleser", "build", str(project), "-q", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _children(pid: int) -> set[int]:
    """Processes whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _items(site: Path) -> dict[str, tuple[str, int]]:
    with (site / "feed.xml").open("rb") as fh:
        feed = podcastparser.parse("https://stadtgespraech.example/audio/feed.xml", fh)
    return {e["title"]: (e["guid"], e["enclosures"][0]["file_size"]) for e in feed["episodes"]}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_worker_killed_twice_fails_only_its_article(project: Path) -> None:
    assert run_vorleser("build", str(project), "-q", "--jobs", "2").returncode == 0
    site = project / "site"
    before = _items(site)
    for name in ("haushalt", "schule", "rathaus"):
        path = project / "articles" / f"{name}.md"
        path.write_text(path.read_text("utf-8").replace("Dienstag", "Mittwoch"), "utf-8")
    proc = _start(project, "--jobs", "2")
    # The worker encoding haushalt writes .haushalt.vtmp<its pid>.*: kill exactly that one,
    # and once more when the build runs the job again alone.
    temp = re.compile(r"^\.+haushalt\.vtmp(\d+)\.")
    killed: list[int] = []
    deadline = time.monotonic() + 240
    while proc.poll() is None and len(killed) < 2 and time.monotonic() < deadline:
        names = os.listdir(site / "episodes")
        for m in filter(None, map(temp.match, names)):
            pid = int(m.group(1))
            if pid not in killed and pid != proc.pid:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
        time.sleep(0.001)
    _, err = proc.communicate(timeout=300)
    if len(killed) < 2:
        pytest.skip("the build finished before its worker could be caught twice")
    assert proc.returncode == 1, err
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {project / 'articles' / 'haushalt.md'}: the worker process died "
        "(killed, or out of memory); its last published episode stays in the feed"
    ], err
    assert "Traceback" not in err
    after = _items(site)
    assert after["Der Haushalt wird knapp"] == before["Der Haushalt wird knapp"]
    for title in ("Die Schule wartet", "Das Rathaus zieht um"):
        assert after[title][0] == before[title][0] and after[title][1] != before[title][1]
    assert not [p for p in (site / "episodes").iterdir() if p.name.startswith(".")]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_killed_build_leaves_no_worker(project: Path) -> None:
    proc = _start(project, "--jobs", "2")
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.005)
    if proc.poll() is not None:
        pytest.skip("the build finished before its workers were seen")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for pipe in (proc.stdout, proc.stderr):  # not read: a surviving worker would hold them
        if pipe is not None:
            pipe.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived the killed build"
    # and the next build completes (nothing half-written)
    result = run_vorleser("build", str(project), "-q", "--jobs", "2")
    assert len(_items(project / "site")) == 3, result.stdout
