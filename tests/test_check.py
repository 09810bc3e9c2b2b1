"""`vorleser check` on the fixture project tests/data/studio: real dictionary, real pipeline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vorleser.check import check
from vorleser.check.lexicon import Entry, LexiconFile
from vorleser.check.report import JSON_VERSION, Place
from vorleser.check.scan import leftovers

FIXTURE = Path(__file__).parent / "data" / "studio"

pytestmark = pytest.mark.skipif(
    not Path("/usr/share/hunspell/de_DE.dic").is_file()
    and not os.environ.get("VORLESER_HUNSPELL_PATH"),
    reason="no German Hunspell dictionary (run .ci/install.d/hunspell.sh)",
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE, dest)
    return dest


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vorleser", "check", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_unknown_words_are_ranked_grouped_and_placed(project: Path) -> None:
    report = check(project)
    assert [(w.word, w.count) for w in report.words[:3]] == [
        ("Kuleba", 3),
        ("Mearsheimer", 3),
        ("Saporischschja", 2),
    ]
    mearsheimer = report.words[1]
    assert mearsheimer.forms == ("Mearsheimer", "Mearsheimers")  # genitive grouped
    assert mearsheimer.articles == ("verhandlungen", "waffenruhe")
    assert any("Thesen Mearsheimers" in p.text for p in mearsheimer.places)
    words = {w.word for w in report.words}
    # in the dictionary (compounds too), in the lexicon, or made by normalization: not flagged
    assert not words & {"Waffenstillstand", "Selenskyj", "Russen", "Luftabwehr", "Minsk", "Mai"}
    assert not any(w.startswith("einhundert") for w in words)
    assert {w.word: w.language for w in report.foreign} == {
        "Mearsheimer": "en",
        "Saporischschja": "uk",
    }


def test_leftovers_and_lexicon_problems(project: Path) -> None:
    report = check(project)
    kinds = {(x.kind, x.token) for x in report.leftovers}
    assert {
        ("all-caps", "XQZ"),
        ("url", "pruefstand.example"),
        ("symbol", "#"),
        ("symbol", "~"),
    } <= kinds
    assert not any(x.token == "III" for x in report.leftovers)  # a Roman numeral, read as such
    issues = {(i.kind, i.word, i.where.rsplit(":", 1)[1]) for i in report.lexicon}
    assert issues == {
        ("stale", "Lawrow", "5"),
        ("duplicate", "Selenskyj", "6"),
        ("conflict", "Minsk", "9"),
    }


def test_digits_and_long_sentences_are_leftovers() -> None:
    place = Place("a", "a.md", 0, "Der Wert 4711 steigt.", "Der Wert 4711 steigt. " + "und " * 80)
    found = {(x.kind, x.token) for x in leftovers(place, (), (), 300, None)}
    assert ("digits", "4711") in found
    assert ("long", str(len(place.spoken))) in found
    split = leftovers(place, (), (), 300, 250)
    assert [x.kind for x in split if x.kind in ("long", "split")] == ["split"]


def test_one_article_uses_its_project(project: Path) -> None:
    report = check(project / "articles" / "waffenruhe.md")
    assert report.articles == 1
    assert {w.word for w in report.words} >= {"Kuleba", "Mearsheimer", "Saporischschja"}
    assert not any(
        i.kind == "stale" for i in report.lexicon
    )  # one article says nothing about staleness


def test_json_schema_and_strict_exit(project: Path) -> None:
    result = _run(project, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["version"] == JSON_VERSION
    assert set(data) == {
        "version", "project", "articles", "sentences", "words", "foreign", "leftovers",
        "lexicon", "failures", "asr", "flagged",
    }  # fmt: skip
    assert set(data["words"][0]) == {
        "word", "forms", "count", "articles", "places", "language", "in_lexicon"
    }  # fmt: skip
    assert set(data["words"][0]["places"][0]) == {"slug", "source", "index", "text", "spoken"}
    assert set(data["leftovers"][0]) == {"kind", "token", "place", "hint"}
    assert set(data["lexicon"][0]) == {"kind", "word", "where", "problem"}
    assert data["foreign"] == ["Mearsheimer", "Saporischschja"]
    assert data["flagged"] == len(data["words"]) + len(data["leftovers"]) + len(data["lexicon"])

    strict = _run(project, "--strict")
    assert strict.returncode == 1
    assert "Kuleba" in strict.stdout and "checked 2 articles" in strict.stdout


def test_strict_passes_when_nothing_is_flagged(tmp_path: Path) -> None:
    project = tmp_path / "clean"
    (project / "articles").mkdir(parents=True)
    shutil.copy(FIXTURE / "vorleser.toml", project)
    (project / "articles" / "klar.md").write_text(
        "---\ntitle: Ein klarer Satz\n---\n\nDer Waffenstillstand von 1996 hielt lange.\n", "utf-8"
    )
    result = _run(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 unknown words" in result.stdout


def test_html_report_has_a_player_per_flagged_sentence(project: Path, tmp_path: Path) -> None:
    import lxml.html

    dest = tmp_path / "report" / "check.html"
    result = _run(project, "--html", dest)
    assert result.returncode == 0, result.stderr
    doc = lxml.html.parse(str(dest)).getroot()
    sources = {a.get("src") for a in doc.iter("audio")}
    assert sources and all((dest.parent / s).is_file() for s in sources)
    assert all((dest.parent / s).read_bytes()[:4] == b"RIFF" for s in sources)
    assert "Kuleba" in doc.text_content()


def test_bad_project_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "vorleser.toml").write_text("[podcast]\ntitle = 3\n", "utf-8")
    result = _run(tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr


def test_lexicon_file_keeps_comments_order_and_unknown_columns(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.tsv"
    path.write_text(
        "# Namen\nword\trespelling\tipa\tlang\tnote\n"
        "Kuleba\tKulehba\t-\tuk\talt\n# Orte\nMinsk\tMinnsk\t-\t-\t\n",
        "utf-8",
    )
    lexicon = LexiconFile(path)
    lexicon.set(Entry("Kuleba", "Kulleba", note="neu"))
    lexicon.set(Entry("Mearsheimer", "Mirschaimer", lang="en"))
    assert lexicon.text() == (
        "# Namen\nword\trespelling\tipa\tlang\tnote\n"
        "Kuleba\tKulleba\t-\t-\tneu\n# Orte\nMinsk\tMinnsk\t-\t-\t\n"
        "Mearsheimer\tMirschaimer\t-\ten\t\n"
    )


def test_lexicon_save_is_checked_by_the_loader_first(tmp_path: Path) -> None:
    from vorleser.errors import TableError
    from vorleser.normalize.data import COLUMNS

    header = "\t".join(COLUMNS["lexicon.tsv"])
    path = tmp_path / "lexicon.tsv"
    path.write_text(f"# Namen\n{header}\n", "utf-8")
    lexicon = LexiconFile(path)
    lexicon.set(Entry("Kuleba", "Kulehba"))
    lexicon.save("de")
    lines = path.read_text("utf-8").splitlines()
    assert lines[:2] == ["# Namen", header] and lines[2].startswith("Kuleba\tKulehba\t-\t")

    odd = tmp_path / "odd.tsv"
    odd.write_text(f"{header}\tquelle\n", "utf-8")  # a column the loader does not know
    lexicon = LexiconFile(odd)
    lexicon.set(Entry("Kuleba", "Kulehba"))
    with pytest.raises(TableError, match=r"odd\.tsv:1"):
        lexicon.save("de")
    assert odd.read_text("utf-8") == f"{header}\tquelle\n"  # nothing written


def test_asr_without_a_usable_model_is_one_error_line(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-model"
    empty.mkdir()
    result = _run(project, "--asr", empty)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    assert "faster-whisper is not installed" in result.stderr or "cannot load" in result.stderr


def test_an_entry_with_a_language_adds_the_column_to_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.tsv"
    path.write_text("# alt\nword\trespelling\tipa\tnote\nMinsk\tMinnsk\t-\tOrt\n", "utf-8")
    lexicon = LexiconFile(path)
    lexicon.set(Entry("Mearsheimer", "", lang="en"))
    lexicon.save("de")
    assert path.read_text("utf-8") == (
        "# alt\nword\trespelling\tipa\tlang\tnote\n"
        "Minsk\tMinnsk\t-\t-\tOrt\nMearsheimer\t-\t-\ten\t\n"
    )
