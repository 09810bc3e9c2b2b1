"""`vorleser import feed`: RSS and Atom with full content -> Markdown articles, idempotently."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from vorleser.cli import cli
from vorleser.ingest.markdown import read_file
from wordpress.server import Page, serve

ODER = """<p>Wer morgens über die Stadtbrücke von Frankfurt nach Słubice geht, sieht mehr
Pendler als Touristen. Seit dem Jahr 2004 hat sich der Alltag an der Grenze verändert.</p>
<div class="powerpress_player"><audio controls src="https://ostblick.example/oder.mp3"></audio></div>
<p>Podcast: <a href="https://ostblick.example/oder.mp3">Play in new window</a> |
<a href="https://ostblick.example/oder.mp3">Download</a></p>
<h2>Was die Hauptstädte übersehen</h2>
<p>Eine <a href="/studie">Studie</a> zählt rund 12.000 Menschen, die täglich pendeln.</p>
<p>Titelbild: Stadtbrücke im Nebel, Foto von Jan Nowak</p>
<h3>Mehr zum Thema</h3>
<ul><li><a href="https://ostblick.example/grenzpendler">Grenzpendler in Görlitz</a></li></ul>"""

DONAU = """<p>Der geplante Kanal soll Schiffe schneller ans Schwarze Meer bringen; die Kosten werden
auf 3,5 Mrd. Euro geschätzt.</p><h2>Was die Anrainer fürchten</h2><p>Fischer und Winzer am
Unterlauf fürchten sinkende Wasserstände.</p>"""


def rss(*items: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Ostblick</title><link>https://ostblick.example/</link><language>de-DE</language>
<description>Kommentare aus Mitteleuropa</description>
{"".join(items)}
</channel></rss>""".encode()


def item(
    guid: str,
    title: str,
    content: str | None,
    link: str = "",
    date: str = "",
    categories: tuple[str, ...] = (),
) -> str:
    body = (
        f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content is not None else ""
    )
    body += "".join(f"<category><![CDATA[{name}]]></category>" for name in categories)
    return f"""<item><title>{title}</title><link>{link}</link>
<guid isPermaLink="false">{guid}</guid>
<dc:creator>Katalin Varga</dc:creator><pubDate>{date or "Thu, 14 Mar 2024 08:30:00 +0100"}</pubDate>
<description>Kurzfassung von {title}</description>{body}</item>"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["import", "feed", *args])
    return result.exit_code, result.stdout, result.stderr


def test_rss_items_become_articles_and_reimport_is_idempotent(tmp_path: Path) -> None:
    oder = item(
        "ostblick-17",
        "Brücken über die Oder",
        ODER,
        "https://ostblick.example/2024/oder/",
        categories=("Nachbarn", "Verkehr & Grenzen"),
    )
    donau = item(
        "ostblick-18", "Der Streit um den Donaukanal", DONAU, "https://ostblick.example/donau"
    )
    routes = {"/feed/": Page(rss(oder, donau), content_type="application/rss+xml")}
    with serve(routes) as server:
        code, out, err = run(server.url("/feed/"), str(tmp_path))
        assert code == 0, out + err
        assert "imported 2 articles: 2 added, 0 updated, 0 unchanged, 0 failed" in out
        article = read_file(str(tmp_path / "articles" / "oder.md"))
        assert (article.title, article.author, article.language) == (
            "Brücken über die Oder",
            "Katalin Varga",
            "de",
        )
        assert article.date is not None and article.date.isoformat() == "2024-03-14T08:30:00+01:00"
        assert article.summary == "Kurzfassung von Brücken über die Oder"
        assert [s.heading for s in article.sections] == [None, "Was die Hauptstädte übersehen"]
        assert article.image_credit == "Stadtbrücke im Nebel, Foto von Jan Nowak"
        assert [link.title for link in article.related] == ["Grenzpendler in Görlitz"]
        assert article.categories == ("Nachbarn", "Verkehr & Grenzen")
        front = (tmp_path / "articles" / "oder.md").read_text().split("---")[1]
        assert yaml.safe_load(front)["categories"] == ["Nachbarn", "Verkehr & Grenzen"]
        text = " ".join(b.text for s in article.sections for b in s.blocks)
        assert "Studie" in text
        for chrome in ("http", "Play in new window", "Download", "Titelbild", "Mehr zum Thema"):
            assert chrome not in text

        code, out, _ = run(server.url("/feed/"), str(tmp_path))
        assert code == 0 and "0 added, 0 updated, 2 unchanged" in out

        changed = item(
            "ostblick-18",
            "Donaukanal: eine Bilanz",
            DONAU.replace("3,5", "4,2"),
            "https://ostblick.example/donau-neu",
        )
        new = item(
            "ostblick-19",
            "Wahlen in Ungarn",
            "<p>Die Wahlbeteiligung lag bei 69,6 Prozent"
            " und damit höher als bei der letzten Wahl.</p>",
        )
        server.routes["/feed/"] = Page(rss(oder, changed, new), content_type="application/rss+xml")
        oder_before = (tmp_path / "articles" / "oder.md").read_text()
        code, out, _ = run(server.url("/feed/"), str(tmp_path))
        assert code == 0 and "1 added, 1 updated, 1 unchanged, 0 failed" in out
        assert "updated: articles/donau.md" in out and "added: articles/wahlen-in-ungarn.md" in out
        assert (tmp_path / "articles" / "oder.md").read_text() == oder_before
        donau_article = read_file(str(tmp_path / "articles" / "donau.md"))
        assert donau_article.slug == "donau" and donau_article.title == "Donaukanal: eine Bilanz"
        assert "4,2 Mrd." in donau_article.sections[0].blocks[0].text


def test_broken_items_are_named_and_the_others_import(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(
        rss(
            item("a", "Ohne Inhalt", None),
            item("b", "", DONAU),
            item("c", "Falsches Datum", DONAU, date="gestern Abend"),
            item("d", "Der Streit um den Donaukanal", DONAU),
        )
    )
    code, out, err = run(str(feed), str(tmp_path / "projekt"))
    assert code == 1
    assert "1 added, 0 updated, 0 unchanged, 3 failed" in out
    assert f"Error: {feed} item 1 (Ohne Inhalt): has no full text" in err
    assert f"Error: {feed} item 2: has no title" in err
    assert "item 3 (Falsches Datum): date 'gestern Abend'" in err
    assert (tmp_path / "projekt" / "articles" / "der-streit-um-den-donaukanal.md").exists()


def test_atom_feed_with_xhtml_and_html_content(tmp_path: Path) -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
<title>Ostblick</title><id>urn:ostblick</id><updated>2024-04-02T10:00:00Z</updated>
<entry><title>Der Streit um den Donaukanal</title><id>urn:ostblick:18</id>
<link rel="alternate" href="https://ostblick.example/donaukanal.html"/>
<author><name>Miklós Szabó</name></author><published>2024-04-02T10:00:00Z</published>
<category term="umwelt" label="Umwelt"/><category term="Donau"/>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{DONAU}</div></content></entry>
<entry><title>Wahlen in Ungarn</title><id>urn:ostblick:19</id>
<updated>2024-05-20T07:15:00Z</updated>
<content type="html">&lt;p&gt;Die Wahlbeteiligung lag bei 69,6 Prozent und damit höher als
bei der letzten Wahl.&lt;/p&gt;</content></entry>
</feed>"""
    feed = tmp_path / "atom.xml"
    feed.write_text(atom, encoding="utf-8")
    code, out, err = run(str(feed), str(tmp_path))
    assert code == 0, out + err
    donau = read_file(str(tmp_path / "articles" / "donaukanal.md"))
    assert donau.author == "Miklós Szabó"
    assert donau.categories == ("Umwelt", "Donau")
    assert [s.heading for s in donau.sections] == [None, "Was die Anrainer fürchten"]
    wahlen = read_file(str(tmp_path / "articles" / "wahlen-in-ungarn.md"))
    assert wahlen.date is not None and wahlen.date.year == 2024


def test_broken_xml_and_unreachable_feeds_fail_clearly(tmp_path: Path) -> None:
    broken = tmp_path / "kaputt.xml"
    broken.write_bytes(rss(item("a", "Titel", DONAU)).replace(b"</channel>", b""))
    code, _, err = run(str(broken), str(tmp_path))
    assert code == 1
    assert f"Error: {broken}: feed is not well-formed XML (line " in err
    with serve({}) as server:
        code, _, err = run(server.url("/feed/"), str(tmp_path))
    assert code == 1 and "HTTP 404" in err
    assert not (tmp_path / "articles").exists()
