"""What is read, structurally: units with powers, footnote marks, broken paragraphs, headings,
untitled articles, project abbreviations in the splitter, one reading of web addresses."""

from __future__ import annotations

from pathlib import Path

from conftest import run_vorleser
from vorleser.ingest.html import html_to_article
from vorleser.ingest.markdown import parse_markdown
from vorleser.normalize import Normalizer
from vorleser.script import ScriptSettings, make_script
from vorleser.script.select import shorten_urls
from vorleser.script.sentences import split_sentences

TOML = """[podcast]
title = "Zwischenrufe"
description = "Kommentare"
author = "Redaktion"
email = "a@example.org"
base_url = "https://example.org/"
"""


def script_of(markdown: str, source: str = "artikel.md") -> list[tuple[str, str]]:
    article = parse_markdown(markdown, source)
    normalize = Normalizer("de").normalize
    script = make_script(article, ScriptSettings(), lambda t: split_sentences(t, "de"), normalize)
    return [(s.text, s.spoken) for s in script.sentences]


def body_text(markdown: str) -> str:
    article = parse_markdown(markdown, "artikel.md")
    return " | ".join(b.text for s in article.sections for b in s.blocks)


def test_a_power_after_a_unit_is_read_with_the_unit() -> None:
    spoken = dict(script_of("# Wohnen\n\nDie Wohnung hat 80 m² und der Speicher 2 m³.\n"))
    assert spoken["Die Wohnung hat 80 m² und der Speicher 2 m³."] == (
        "Die Wohnung hat achtzig Quadratmeter und der Speicher zwei Kubikmeter."
    )


def test_footnote_marks_are_never_read() -> None:
    markdown = (
        "# Titel\n\nDas Abkommen hielt drei Jahre.[^1] Danach kam der Krieg[2] zurück.³\n\n"
        "[^1]: Siehe das Protokoll.\n"
    )
    assert body_text(markdown) == "Das Abkommen hielt drei Jahre. Danach kam der Krieg zurück."


def test_html_superscripts_footnotes_dropped_powers_kept() -> None:
    html = (
        "<html><head><title>Wohnen in Wien</title></head><body><article><h1>Wohnen in Wien</h1>"
        "<p>Eine Wohnung mit 80 m<sup>2</sup> kostet dort weniger als in München.<sup>1</sup> "
        'Das sagt die Studie<a href="#fn2"><sup>2</sup></a> der Stadt Wien aus dem Jahr 2024, '
        "die sich auf Daten von mehr als zehntausend Haushalten stützt und lange erwartet wurde."
        "</p></article></body></html>"
    )
    article = html_to_article(html, "wien.html")
    text = " ".join(b.text for s in article.sections for b in s.blocks)
    assert "80 m² kostet" in text
    assert "München. Das sagt die Studie der Stadt" in text


def test_a_paragraph_broken_before_a_capitalised_noun_is_joined() -> None:
    markdown = (
        "# Titel\n\nIn den Umfragen der letzten Wochen geben sie der Regierung auch\n\n"
        "Rückendeckung. Das war nicht immer so.\n\n"
        "Ein kurzer Zwischentitel\n\nDer nächste Absatz beginnt hier.\n"
    )
    assert body_text(markdown) == (
        "In den Umfragen der letzten Wochen geben sie der Regierung auch Rückendeckung. "
        "Das war nicht immer so. | Ein kurzer Zwischentitel | Der nächste Absatz beginnt hier."
    )


def test_a_heading_is_spoken_as_a_closed_sentence() -> None:
    sentences = script_of("# Titel\n\nErster Absatz.\n\n## Ein Gipfel unter Zeitdruck\n\nText.\n")
    assert ("Ein Gipfel unter Zeitdruck", "Ein Gipfel unter Zeitdruck.") in sentences


def test_untitled_article_is_warned_and_its_file_name_never_spoken(tmp_path: Path) -> None:
    (tmp_path / "vorleser.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "ungarn-energie-krise.md").write_text(
        "Budapest setzt weiter auf russisches Gas. Die Regierung verlängert die Verträge.\n",
        encoding="utf-8",
    )
    result = run_vorleser("build", str(tmp_path), "-o", str(tmp_path / "site"), "-q")
    assert "ungarn-energie-krise.md: no title" in result.stderr
    vtt = next((tmp_path / "site" / "episodes").glob("*.vtt")).read_text(encoding="utf-8")
    assert "Ungarn energie krise" not in vtt
    assert "Budapest setzt weiter auf russisches Gas." in vtt
    assert "Eine Audio-Ausgabe von Zwischenrufe." in vtt


def test_project_abbreviations_reach_the_sentence_splitter(tmp_path: Path) -> None:
    text = "Die Ref. Verkehr prüft den Antrag. Dann entscheidet das Amt."
    assert split_sentences(text, "de")[0] == "Die Ref."
    (tmp_path / "abbreviations.tsv").write_text(
        "abbreviation\texpansion\tcontext\nRef.\tReferat\tany\n", encoding="utf-8"
    )
    assert split_sentences(text, "de", tmp_path) == [
        "Die Ref. Verkehr prüft den Antrag.",
        "Dann entscheidet das Amt.",
    ]
    spoken = Normalizer("de", project_dir=tmp_path).normalize("Die Ref. Verkehr prüft.")
    assert spoken == "Die Referat Verkehr prüft."


def test_build_and_normalize_read_a_web_address_alike() -> None:
    normalizer = Normalizer("de")
    for text in (
        "Mehr unter https://www.tagesschau.de/inland/a.html heute.",
        "Siehe http://bund.de:8080/x?y=1.",
        "Auf www.example.org/pfad steht es.",
    ):
        assert normalizer.normalize(shorten_urls(text)) == normalizer.normalize(text)
    assert (
        normalizer.normalize("Siehe https://www.bund.de/a.") == "Siehe W-W-W Punkt bund Punkt de."
    )
