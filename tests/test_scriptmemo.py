"""Scripts remembered between builds (.vorleser/scripts/): a no-op build parses no article.

The memo must never serve a stale script: an edit to the article, the project's lexicon or
vorleser.toml reads the article again, and a damaged entry is simply read again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_incremental import write_project
from vorleser.build import build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "projekt")
    assert not build(root, jobs=1).failures
    return root


def _entries(project: Path) -> dict[str, dict[str, object]]:
    """Memo entries by the source file's name."""
    found = {}
    for path in (project / ".vorleser" / "scripts").glob("*.json"):
        entry = json.loads(path.read_text("utf-8"))
        found[Path(entry["article"]["source"]).name] = {"path": path, **entry}
    return found


def _page(project: Path, slug: str) -> str:
    return (project / "site" / slug / "index.html").read_text("utf-8")


def test_each_article_is_remembered_and_served_without_reading(project: Path) -> None:
    entries = _entries(project)
    assert sorted(entries) == ["freibad.md", "wochenmarkt.md"]
    # What the next build publishes comes from the memo: mark the remembered title.
    entry = entries["freibad.md"]
    path = entry.pop("path")
    assert isinstance(path, Path)
    for article in (entry["article"], entry["script"]["article"]):  # type: ignore[index]
        article["title"] = "Aus dem Gedächtnis"  # type: ignore[index]
    path.write_text(json.dumps(entry, ensure_ascii=False), "utf-8")
    assert not build(project, jobs=1).failures
    assert "Aus dem Gedächtnis" in _page(project, "freibad")


def test_an_edited_article_is_read_again(project: Path) -> None:
    before = _entries(project)["wochenmarkt.md"]["path"]
    article = project / "articles" / "wochenmarkt.md"
    article.write_text(article.read_text("utf-8").replace("Wochenmarkt", "Bauernmarkt"), "utf-8")
    assert not build(project, jobs=1).failures
    assert "Bauernmarkt" in _page(project, "wochenmarkt")
    after = _entries(project)
    assert after["wochenmarkt.md"]["path"] != before  # the old entry is forgotten
    assert len(list((project / ".vorleser" / "scripts").glob("*.json"))) == 2


def test_a_lexicon_or_settings_change_reads_every_article_again(project: Path) -> None:
    before = {name: e["path"] for name, e in _entries(project).items()}
    (project / "lexicon.tsv").write_text(
        "word\trespelling\tipa\tnote\nFreibad\tFreibaad\t-\tx\n", "utf-8"
    )
    assert not build(project, jobs=1).failures
    after = _entries(project)
    assert all(after[name]["path"] != before[name] for name in before)
    spoken = [
        s["spoken"] for c in after["freibad.md"]["script"]["chapters"] for s in c["sentences"]
    ]  # type: ignore[index]
    assert any("Freibaad" in s for s in spoken)


def test_a_damaged_entry_is_read_again(project: Path) -> None:
    pages = {slug: _page(project, slug) for slug in ("freibad", "wochenmarkt")}
    for entry in _entries(project).values():
        Path(str(entry["path"])).write_text('{"version": 1, "article": {"slug": 3', "utf-8")
    assert not build(project, jobs=1).failures
    assert {slug: _page(project, slug) for slug in pages} == pages
