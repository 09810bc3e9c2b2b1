"""Shared fixtures: the example project built once per test session, as a user would build it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
