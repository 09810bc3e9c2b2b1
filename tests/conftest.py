"""Shared fixtures: the example project built once per test session, as a user would build it."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@dataclass(frozen=True)
class BuiltSite:
    """The example project copied to a temporary folder and built with `vorleser build`."""

    project: Path
    out: Path
    first: subprocess.CompletedProcess[str]


def run_vorleser(
    *args: str, input: str | None = None, cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run the installed command line exactly as a user would."""
    result = subprocess.run(
        [sys.executable, "-m", "vorleser", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"vorleser {' '.join(args)} failed:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(
        EXAMPLES,
        project,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(".vorleser-cache", ".vorleser", "site"),
    )
    out = project / "site"
    first = run_vorleser("build", str(project), "-o", str(out))
    return BuiltSite(project, out, first)


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """`vorleser serve`'s server over `root` on a free loopback port; yields its base URL."""
    from vorleser.serve import make_server

    server = make_server(root, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def read_corpus(path: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """A normalization corpus (TSV written/spoken): its comment lines and its pairs."""
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    rows = [line for line in lines if line and not line.startswith("#")]
    assert rows[0] == "written\tspoken"
    pairs = [tuple(r) for r in csv.reader(rows[1:], delimiter="\t", quoting=csv.QUOTE_NONE)]
    return comments, [(w, s) for w, s in pairs]


def check_corpus(normalize: object, path: Path, minimum: int) -> None:
    """Every corpus sentence comes out exactly as written down; VORLESER_REGENERATE=1 rewrites."""
    comments, pairs = read_corpus(path)
    assert len(pairs) >= minimum
    got = [(written, normalize.normalize(written)) for written, _ in pairs]  # type: ignore[attr-defined]
    if os.environ.get("VORLESER_REGENERATE") == "1":
        body = "\n".join(f"{w}\t{s}" for w, s in got)
        path.write_text("\n".join([*comments, "written\tspoken", body]) + "\n", "utf-8")
    wrong = [
        (w, want, have) for (w, want), (_, have) in zip(pairs, got, strict=True) if want != have
    ]
    assert not wrong, "\n".join(
        f"{w!r}\n  want {want!r}\n  got  {have!r}" for w, want, have in wrong
    )


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
"""Debian's Chromium, which Playwright drives (we never download a browser)."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",  # the closed network refuses its connections
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module; skipped where Chromium or Playwright is missing."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (run .ci/install.d/chromium.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

