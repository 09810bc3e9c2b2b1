"""HTML pages and URLs -> Article: the article's text and nothing of the page around it.

The pages are written here and served from 127.0.0.1 (tests/wordpress/server.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from mutagen.mp3 import MP3

from vorleser.errors import ArticleError, FetchError
from vorleser.ingest import read_article
from vorleser.ingest.fetch import USER_AGENT
from vorleser.model import Article
from vorleser.normalize import Normalizer
from vorleser.script import ScriptSettings, make_script, phrase
from vorleser.script.sentences import split_sentences
from wordpress.server import Page, serve

ARTICLE = """
<article class="post">
<h1 class="entry-title">Brücken über die Oder</h1>
<div class="entry-meta">Von <span class="author">Katalin Varga</span> · 14. März 2024</div>
<div class="entry-content">
<div class="powerpress_player"><audio controls preload="none">
<source type="audio/mpeg" src="https://ostblick.example/audio/oder.mp3"></audio></div>
<p class="powerpress_links">Podcast: <a href="https://ostblick.example/audio/oder.mp3">Play in
new window</a> | <a href="https://ostblick.example/audio/oder.mp3" download>Download</a></p>
<figure><img src="/bilder/oder.jpg" alt="Die Stadtbrücke"><figcaption>Titelbild: Stadtbrücke im
Morgennebel, Foto von Jan Nowak</figcaption></figure>
<p>Wer morgens um sieben über die Stadtbrücke von Frankfurt nach Słubice geht, sieht mehr Pendler
als Touristen. Seit dem Beitritt Polens zur EU im Jahr 2004 hat sich der Alltag verändert.</p>
<p>Die Bäckerei auf der polnischen Seite beschäftigt drei deutsche Verkäuferinnen. Der
Bürgermeister nennt das <a href="/doppelstadt">„eine Doppelstadt im Werden“</a>.</p>
<h2>Was die Hauptstädte übersehen</h2>
<p>In Berlin und Warschau wird über Grenzkontrollen gestritten, während vor Ort längst gemeinsame
Buslinien fahren. Eine Studie zählt rund 12.000 Menschen, die täglich die Grenze überqueren.</p>
<blockquote><p>Wir planen hier nicht für die Grenze, sondern für eine Stadt mit zwei Namen.</p>
</blockquote>
<h2>Was jetzt zu tun wäre</h2>
<p>Die Region braucht vor allem eine verlässliche Bahnverbindung. Ohne sie bleibt die Doppelstadt
ein Versprechen auf dem Papier.</p>
<h3>Mehr zum Thema</h3>
<ul><li><a href="/grenzpendler">Grenzpendler zwischen Görlitz und Zgorzelec</a></li>
<li><a href="/ostbahn">Warum die Ostbahn nicht elektrifiziert wird</a></li></ul>
</div>
<div class="sharedaddy"><h3>Teilen mit:</h3><ul><li><a href="https://x.example/share">Teilen auf
X</a></li><li><a href="mailto:?subject=Oder">Per E-Mail senden</a></li></ul></div>
</article>
"""

CHROME = """<!DOCTYPE html>
<html lang="de-DE"><head><meta charset="{charset}"><title>Brücken über die Oder – Ostblick</title>
<meta property="og:title" content="Brücken über die Oder">
<meta name="author" content="Katalin Varga">
<meta property="article:published_time" content="2024-03-14T08:30:00+01:00">
<meta property="og:image" content="/bilder/oder.jpg">
</head><body>
<div id="cookie-banner">Wir verwenden Cookies, um Ihr Erlebnis zu verbessern.
<button>Alle akzeptieren</button></div>
<header><nav><ul><li><a href="/politik">Politik</a></li><li><a href="/kultur">Kultur</a></li>
<li><a href="/ueber-uns">Über uns</a></li></ul></nav></header>
<main>{article}
<section id="comments"><h2>2 Kommentare</h2><ol><li class="comment"><p>Sehr guter Artikel, ich
pendle selbst seit Jahren über diese Brücke.</p></li><li class="comment"><p>Die Buslinie ist ein
Gewinn für beide Seiten.</p></li></ol></section></main>
<aside class="sidebar"><h2>Neueste Beiträge</h2><ul><li><a href="/a">Wahlen in Ungarn</a></li>
</ul><p>Abonnieren Sie unseren Newsletter und verpassen Sie keinen Beitrag.</p></aside>
<footer><p>© 2024 Ostblick · <a href="/impressum">Impressum</a></p></footer>
</body></html>"""

CHROME_WORDS = (
    "Cookies",
    "akzeptieren",
    "Politik",
    "Kultur",
    "Kommentar",
    "Sehr guter Artikel",
    "Buslinie ist",
    "Newsletter",
    "Neueste Beiträge",
    "Impressum",
    "Teilen",
    "E-Mail",
    "Play in new window",
    "Download",
    "Podcast",
    "Titelbild",
    "Mehr zum Thema",
    "Grenzpendler",
    "http",
    "Katalin Varga",
)


def page(charset: str = "utf-8", article: str = ARTICLE) -> str:
    return CHROME.format(charset=charset, article=article)


def text_of(article: Article) -> str:
    lines = []
    for section in article.sections:
        lines += [section.heading] if section.heading else []
        lines += [block.text for block in section.blocks]
    return "\n".join(lines)


def check_article(article: Article, base: str) -> None:
    assert article.title == "Brücken über die Oder"
    assert article.author == "Katalin Varga"
    assert article.language == "de"
    assert article.date is not None and article.date.isoformat() == "2024-03-14T08:30:00+01:00"
    assert article.image == f"{base}/bilder/oder.jpg"
    assert article.image_credit is not None and "Jan Nowak" in article.image_credit
    assert [s.heading for s in article.sections] == [
        None,
        "Was die Hauptstädte übersehen",
        "Was jetzt zu tun wäre",
    ]
    assert [b.kind for b in article.sections[1].blocks] == ["paragraph", "quote"]
    assert [(link.title, link.url) for link in article.related] == [
        ("Grenzpendler zwischen Görlitz und Zgorzelec", f"{base}/grenzpendler"),
        ("Warum die Ostbahn nicht elektrifiziert wird", f"{base}/ostbahn"),
    ]
    assert "https://ostblick.example/audio/oder.mp3" in article.audio_links
    text = text_of(article)
    assert text.startswith("Wer morgens um sieben")
    assert "„eine Doppelstadt im Werden“" in text and "Słubice" in text
    assert text.rstrip().endswith("ein Versprechen auf dem Papier.")
    for word in CHROME_WORDS:
        assert word not in text, f"page chrome {word!r} was read"


def test_a_url_gives_the_article_and_nothing_else() -> None:
    with serve({"/2024/oder-bruecken/": Page(page().encode())}) as server:
        article = read_article(server.url("/2024/oder-bruecken/"))
        check_article(article, server.base)
        assert article.slug == "oder-bruecken"
        assert server.requests[0][1]["user-agent"] == USER_AGENT


def test_a_saved_html_file_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "oder.html"
    path.write_text(page().replace('"/', '"https://ostblick.example/'), encoding="utf-8")
    article = read_article(str(path))
    check_article(article, "https://ostblick.example")
    assert article.slug == "oder"


@pytest.mark.parametrize("declared", ["utf-8", "iso-8859-1"])
def test_wrong_charset_is_read_right(declared: str) -> None:
    """A page in windows-1252 that says UTF-8, and one in UTF-8 that says ISO-8859-1."""
    body = page(declared).encode("utf-8" if declared != "utf-8" else "cp1252", "replace")
    with serve({"/oder": Page(body, content_type=f"text/html; charset={declared}")}) as server:
        article = read_article(server.url("/oder"))
    assert article.title == "Brücken über die Oder"
    assert "Die Bäckerei auf der polnischen Seite beschäftigt" in text_of(article)


def test_bad_pages_give_clear_errors_naming_them() -> None:
    no_text = CHROME.format(charset="utf-8", article="")
    routes = {
        "/leer": Page(no_text.encode()),
        "/weg": Page(b"<h1>Nicht gefunden</h1>", 404),
        "/kaputt": Page(b"<h1>Interner Fehler</h1>", 500),
        "/a": Page(status=302, headers={"Location": "/b"}),
        "/b": Page(status=301, headers={"Location": "/a"}),
        "/gross": Page(b"x" * 100, headers={"Content-Length": "50000000"}),
        "/endlos": Page(b"<html><body>", stream_bytes=50_000_000),
        "/bild.png": Page(b"\x89PNG", content_type="image/png"),
    }
    expected = {
        "/leer": (ArticleError, "no main text"),
        "/weg": (FetchError, "HTTP 404 Not Found"),
        "/kaputt": (FetchError, "HTTP 500 Internal Server Error"),
        "/a": (FetchError, "redirect loop"),
        "/gross": (FetchError, "larger than 20 MB"),
        "/endlos": (FetchError, "larger than 20 MB"),
        "/bild.png": (ArticleError, "not an HTML page"),
    }
    with serve(routes) as server:
        for path, (kind, problem) in expected.items():
            with pytest.raises(kind) as caught:
                read_article(server.url(path))
            assert caught.value.where == server.url(path)
            assert problem in caught.value.problem, str(caught.value)


#: Page text that must never be spoken: chrome around the article, players, credits, links.
NEVER_READ = (
    "Cookie",
    "akzeptieren",
    "Politik",
    "Über uns",
    "Kommentar",
    "Sehr guter Artikel",
    "Buslinie ist ein",
    "Newsletter",
    "Neueste Beiträge",
    "Impressum",
    "Teilen",
    "E-Mail",
    "Play in new window",
    "Download",
    "Podcast",
    "Titelbild",
    "Jan Nowak",
    "Mehr zum Thema",
    "Grenzpendler",
    "http",
    "ostblick.example",
)


def article_text_of_the_page() -> list[str]:
    """The article's own paragraphs, headings and quotes, read from the HTML independently."""
    tree = lxml.html.fragment_fromstring(ARTICLE, create_parent="div")
    content = tree.xpath("//div[@class='entry-content']")[0]
    wanted = content.xpath("./p[not(@class)] | ./h2 | ./blockquote/p")
    return [" ".join(el.text_content().split()) for el in wanted]


def intro_and_outro() -> set[str]:
    """The sentences the script adds around every article (title, byline, disclosure, outro)."""
    title = "Brücken über die Oder"
    return {
        f"{title}.",
        phrase("byline", "de", author="Katalin Varga"),
        phrase("disclosure", "de"),
        phrase("outro", "de", title=title, podcast="vorleser"),
    }


def test_the_speech_script_of_a_page_holds_the_article_and_nothing_else() -> None:
    with serve({"/artikel.html": Page(page().encode())}) as server:
        article = read_article(server.url("/artikel.html"))
    normalize = Normalizer("de").normalize
    script = make_script(article, ScriptSettings(), lambda t: split_sentences(t, "de"), normalize)
    written = [s.text for s in script.sentences]
    added = intro_and_outro()
    assert added <= set(written)
    body = [s for s in written if s not in added]
    assert " ".join(body) == " ".join(article_text_of_the_page())
    for sentence in script.sentences:
        for chrome in NEVER_READ:
            assert chrome not in sentence.text, f"{chrome!r} is read: {sentence.text!r}"
            assert chrome not in sentence.spoken, f"{chrome!r} is spoken: {sentence.spoken!r}"


def vtt_cues(text: str) -> list[str]:
    """The text of each WebVTT cue, its lines joined."""
    assert text.startswith("WEBVTT")
    cues = []
    for block in text.replace("\r\n", "\n").split("\n\n")[1:]:
        lines = block.strip().split("\n")
        timing = next(i for i, ln in enumerate(lines) if "-->" in ln)
        cues.append(" ".join(lines[timing + 1 :]))
    return [c for c in cues if c]


def test_speak_a_url_as_a_user_gives_an_mp3_and_a_transcript_of_the_article(
    tmp_path: Path,
) -> None:
    out = tmp_path / "oder.mp3"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    with serve({"/artikel.html": Page(page().encode())}) as server:
        url = server.url("/artikel.html")
        done = subprocess.run(
            [sys.executable, "-m", "vorleser", "speak", url, "-o", str(out)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stdout
    audio = MP3(out)
    assert audio.info.length > 20 and audio.info.sample_rate > 0
    assert str(audio.tags["TIT2"]) == "Brücken über die Oder"
    cues = vtt_cues((tmp_path / "oder.vtt").read_text(encoding="utf-8"))
    body = [c for c in cues if c not in intro_and_outro()]
    assert " ".join(body) == " ".join(article_text_of_the_page())
    for cue in cues:
        for chrome in NEVER_READ:
            assert chrome not in cue, f"{chrome!r} is in the transcript: {cue!r}"


def test_headline_comes_from_h1_not_the_site_title(tmp_path: Path) -> None:
    page = tmp_path / "seite.html"
    body = "".join(
        f"<p>Absatz {i}: Die Koalition ringt weiter um den Haushalt.</p>" for i in range(6)
    )
    page.write_text(
        "<html lang='de'><head><title>Streit um die Schuldenbremse | Zwischenrufe</title></head>"
        f"<body><nav>Start</nav><article><h1>Streit um die Schuldenbremse</h1>{body}</article>"
        "</body></html>",
        "utf-8",
    )
    article = read_article(str(page))
    assert article.title == "Streit um die Schuldenbremse"
    texts = [b.text for s in article.sections for b in s.blocks]
    assert "Streit um die Schuldenbremse" not in texts
