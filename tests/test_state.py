"""Project state (.vorleser/): assigned once, read back, and never silently reset."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from vorleser import state
from vorleser.build import build
from vorleser.errors import StateError
from vorleser.model import Article

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _undated(slug: str) -> Article:
    return Article(title="Titel", slug=slug, source=f"{slug}.md", sections=())


@pytest.mark.parametrize("name", ["guids.json", "first-seen.json"])
@pytest.mark.parametrize("damage", ["{kaputt", '["a list"]', '{"ungarn-energie": 3}'])
def test_damaged_state_is_an_error_naming_the_file_and_fix(
    tmp_path: Path, name: str, damage: str
) -> None:
    (tmp_path / name).write_text(damage, "utf-8")
    with pytest.raises(StateError) as info:
        if name == "guids.json":
            state.assign_guids(tmp_path, "https://x.example/", ["ungarn-energie"])
        else:
            state.date_undated([_undated("ungarn-energie")], tmp_path)
    assert info.value.where == str(tmp_path / name)
    assert "not reset" in info.value.problem and "backup" in info.value.problem
    assert (tmp_path / name).read_text("utf-8") == damage  # left as it was


def test_values_are_read_back(tmp_path: Path) -> None:
    first = state.assign_guids(tmp_path, "https://x.example/", ["a"])
    assert state.assign_guids(tmp_path, "https://moved.example/", ["a", "b"])["a"] == first["a"]
    dated = state.date_undated([_undated("a")], tmp_path)[0].date
    assert isinstance(dated, dt.datetime)
    assert state.date_undated([_undated("a")], tmp_path)[0].date == dated
    guid = state.podcast_guid(tmp_path, "https://x.example/feed.xml")
    assert state.podcast_guid(tmp_path, "https://moved.example/feed.xml") == guid


def test_a_build_with_damaged_state_stops_before_any_work(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES, project)
    (project / ".vorleser" / "guids.json").write_text("{", "utf-8")
    with pytest.raises(StateError, match=r"guids\.json"):
        build(project, tmp_path / "site", jobs=1)
    assert not (tmp_path / "site" / "feed.xml").exists()
