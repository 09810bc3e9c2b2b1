"""An archive rendered in batches: `--since` and `--limit` choose which new episodes are made."""

from __future__ import annotations

import shutil
from pathlib import Path

import podcastparser

from conftest import EXAMPLES, run_vorleser


def _titles(project: Path) -> list[str]:
    with (project / "site" / "feed.xml").open("rb") as fh:
        return [e["title"] for e in podcastparser.parse("feed.xml", fh)["episodes"]]


def test_since_then_limit_then_the_rest(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES, project, ignore=shutil.ignore_patterns(".vorleser*", "site"))
    # haushalt-2027 is dated 2026-11-20, waffenstillstand 2026-10-14; ungarn-energie has no
    # date, so it is dated when first seen (today), which is after both
    first = run_vorleser("build", str(project), "--since", "2026-11-01", "-q")
    assert first.stdout.strip().endswith(", 1 articles left for a later build")
    assert "built 2 articles (0 failed)" in first.stdout
    assert not any(t.startswith("Minsk III") for t in _titles(project))
    assert len(_titles(project)) == 2

    run_vorleser("build", str(project), "--limit", "1", "-q")
    assert len(_titles(project)) == 3  # the one left was the only one to make

    again = run_vorleser("build", str(project), "--limit", "1", "-q")
    assert "synthesized 0 of" in again.stdout  # nothing left: every episode is reused
    assert "left for a later build" not in again.stdout


def test_limit_makes_the_newest_first(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES, project, ignore=shutil.ignore_patterns(".vorleser*", "site"))
    (project / "articles" / "ungarn-energie.md").unlink()  # undated; keep the dates fixed
    result = run_vorleser("build", str(project), "--limit", "1", "-q")
    assert "built 1 articles (0 failed)" in result.stdout
    assert result.stdout.strip().endswith(", 1 articles left for a later build")
    [title] = _titles(project)
    assert title.startswith("Der Haushalt 2027")
