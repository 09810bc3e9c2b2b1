"""The Markdown reader, on the messy input CMS exports produce."""

from __future__ import annotations

import datetime as dt

import pytest

from vorleser.errors import ArticleError
from vorleser.ingest.markdown import parse_markdown, slugify


def read(text: str) -> dict[str, object]:
    a = parse_markdown(text, "test.md", defaults={"slug": "test"})
    return {
        "a": a,
        "texts": [b.text for s in a.sections for b in s.blocks],
        "headings": [s.heading for s in a.sections],
    }


def test_front_matter_fields() -> None:
    a = parse_markdown(
        "---\ntitle: Titel\nauthor: A. Autor\ntranslator: T. Über\n"
        "original_language: Polnischen\n"
        "date: 2024-03-01\nrelated:\n  - {title: Mehr, url: 'https://x.example/m'}\n"
        "---\nText hier.\n",
        "a.md",
    )
    assert (a.title, a.author, a.translator, a.original_language) == (
        "Titel",
        "A. Autor",
        "T. Über",
        "Polnischen",
    )
    assert a.date == dt.datetime(2024, 3, 1, 6, 0, tzinfo=dt.UTC)
    assert a.related[0].url == "https://x.example/m"


def test_title_from_heading_bold_line_or_file_name() -> None:
    assert read("# Der Titel\n\nText.")["a"].title == "Der Titel"  # type: ignore[attr-defined]
    assert read("**Fetter Titel**\n\nText.")["a"].title == "Fetter Titel"  # type: ignore[attr-defined]
    a = parse_markdown("Nur Text.", "articles/mein-text.md")
    assert a.title == "Mein text"


def test_bold_inside_headings_and_escaped_underscores() -> None:
    r = read("# T\n\n## **Fette** Überschrift\n\nSiehe [Link](https://x.example/a\\_b).\n")
    assert r["headings"] == [None, "Fette Überschrift"] or r["headings"] == ["Fette Überschrift"]
    html = r["a"].sections[-1].blocks[0].html  # type: ignore[attr-defined]
    assert 'href="https://x.example/a_b"' in html
    assert r["texts"] == ["Siehe Link."]


def test_paragraph_broken_mid_sentence_is_joined() -> None:
    r = read("# T\n\nDer Satz geht\n\nweiter bis hier.\n\nNeuer Absatz.\n")
    assert r["texts"] == ["Der Satz geht weiter bis hier.", "Neuer Absatz."]


def test_furniture_is_not_body_text() -> None:
    r = read(
        "# T\n\nText eins.[1]\n\n<!-- intern -->\n\nPodcast: Play in new window | Download\n\n"
        '[audio mp3="https://x.example/a.mp3"][/audio]\n\n'
        "Titelbild: Brücke, Foto: Jemand\n\n![Bild](bild.jpg)\n\n"
        "Mehr zum Thema:\n\n- [Eins](https://x.example/1)\n- [Zwei](https://x.example/2)\n"
    )
    a = r["a"]
    assert r["texts"] == ["Text eins."]
    assert a.image_credit == "Brücke, Foto: Jemand"  # type: ignore[attr-defined]
    assert [link.title for link in a.related] == ["Eins", "Zwei"]  # type: ignore[attr-defined]
    assert a.image == "bild.jpg"  # type: ignore[attr-defined]


def test_byline_sentence_becomes_fields() -> None:
    a = read(
        "# T\n\nEin Beitrag von Jan Nowak, aus dem Polnischen übersetzt von Eva Schmidt.\n\n"
        "Der Text."
    )["a"]
    assert (a.author, a.translator, a.original_language) == (  # type: ignore[attr-defined]
        "Jan Nowak",
        "Eva Schmidt",
        "Polnischen",
    )


def test_raw_html_never_reaches_the_page() -> None:
    a = read("# T\n\nHallo <script>alert(1)</script> Welt & [x](javascript:alert(1)).\n")["a"]
    html = a.sections[0].blocks[0].html  # type: ignore[attr-defined]
    assert "<script" not in html and 'href="javascript' not in html
    assert "&amp;" in html


def test_errors_name_the_problem() -> None:
    with pytest.raises(ArticleError, match="front matter is not valid YAML"):
        parse_markdown("---\ntitle: [x\n---\nText", "bad.md")
    with pytest.raises(ArticleError, match="unknown front matter key"):
        parse_markdown("---\ntitel: X\n---\nText", "bad.md")
    with pytest.raises(ArticleError, match="no text"):
        parse_markdown("---\ntitle: X\n---\n", "bad.md")


def test_slugify() -> None:
    assert slugify("Größe & Maß – 2024") == "groesse-mass-2024"
