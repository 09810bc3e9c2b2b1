"""`vorleser import wordpress` against a real WordPress (Debian's package) on 127.0.0.1.

The posts are written through WordPress's own PHP API (tests/wordpress/site.php), served by
WordPress's REST API, and pulled by the importer; then one is edited and re-imported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from vorleser.cli import cli
from vorleser.ingest.markdown import read_file
from vorleser.ingest.wordpress import WordPressImport, read_wordpress
from wordpress import site as wpsite
from wordpress.server import Page, Route, serve

POSTS: list[dict[str, Any]] = [
    {
        "title": "Brücken über die Oder",
        "slug": "bruecken-ueber-die-oder",
        "author": "Katalin Varga",
        "categories": ["Nachbarn"],
        "date": "2024-03-14 08:30:00",
        "image": "https://bilder.example.org/oder.jpg",
        "image_caption": "Titelbild: Stadtbrücke im Morgennebel, Foto von Jan Nowak",
        "content": (
            "<!-- wp:paragraph --><p>Wer morgens über die Stadtbrücke von Frankfurt nach Słubice "
            "geht, sieht mehr Pendler als Touristen. Seit 2004 hat sich der Alltag an der Grenze "
            "verändert.</p><!-- /wp:paragraph -->"
            "<!-- wp:heading --><h2>Was die Hauptstädte übersehen</h2><!-- /wp:heading -->"
            '<p>Eine <a href="https://studien.example.org/viadrina">Studie der Viadrina</a> '
            "zählt rund 12.000 Menschen, die täglich die Grenze überqueren.</p>"
            '<blockquote class="wp-block-quote"><p>Wir planen für eine Stadt mit zwei Namen.'
            "</p></blockquote>"
            '<h3>Mehr zum Thema</h3><ul><li><a href="https://ostblick.example/grenzpendler">'
            'Grenzpendler zwischen Görlitz und Zgorzelec</a></li><li><a href="https://'
            'ostblick.example/ostbahn">Warum die Ostbahn wartet</a></li></ul>'
        ),
    },
    {
        "title": "Der Streit um den Donaukanal",
        "slug": "donaukanal",
        "author": "Miklós Szabó",
        "categories": ["Umwelt", "Nachbarn"],
        "date": "2024-04-02 10:00:00",
        "content": (
            "<p>Ein Beitrag von Miklós Szabó, aus dem Ungarischen übersetzt von Anna Weber.</p>"
            '<figure class="wp-block-image"><img src="https://bilder.example.org/donau.jpg" '
            'alt=""><figcaption>Foto: Archiv Ostblick</figcaption></figure>'
            "<p>Der geplante Kanal soll Schiffe schneller ans Schwarze Meer bringen. Die Kosten "
            "werden auf 3,5 Mrd. Euro geschätzt.</p>"
            "<h2>Was die Anrainer fürchten</h2>"
            "<p>Fischer und Winzer am Unterlauf fürchten sinkende Wasserstände.</p>"
        ),
    },
    {
        "title": "Wahlen in Ungarn: eine Nachlese",
        "slug": "wahlen-nachlese",
        "author": "Katalin Varga",
        "categories": ["Politik"],
        "date": "2024-05-20 07:15:00",
        "content": (
            "<p>Die Wahlbeteiligung lag bei 69,6 Prozent und damit höher als 2018.</p>"
            "<h2>Die Opposition</h2><p>Das Bündnis hat vor allem in Budapest Stimmen verloren."
            '</p><p>Lesen Sie auch: <a href="https://ostblick.example/budapest">Budapest nach '
            "der Wahl</a></p>"
        ),
    },
]
DRAFT: dict[str, Any] = {
    "title": "Entwurf: Die Grenze im Winter",
    "slug": "grenze-im-winter",
    "author": "Katalin Varga",
    "status": "draft",
    "content": "<p>Dieser Text ist noch nicht veröffentlicht und braucht eine Anmeldung.</p>",
}

Site = tuple[wpsite.WordPressSite, dict[str, int]]
reason = wpsite.unavailable_reason()
needs_wordpress = pytest.mark.skipif(reason is not None, reason=f"WordPress test site {reason}")


@pytest.fixture(scope="session")
def wordpress(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Site]:
    site = wpsite.start(tmp_path_factory.mktemp("wordpress"))
    try:
        ids = {post["slug"]: site.php("post", data=post)["id"] for post in [*POSTS, DRAFT]}
        yield site, ids
    finally:
        site.stop()


def _import(url: str, project: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["import", "wordpress", url, str(project), "--delay", "0", *extra]
    )
    return result.exit_code, result.stdout, result.stderr


@needs_wordpress
def test_import_pulls_published_posts_with_metadata(wordpress: Site, tmp_path: Path) -> None:
    site, _ = wordpress
    code, out, err = _import(site.url, tmp_path)
    assert code == 0, out + err
    assert "3 added, 0 updated, 0 unchanged, 0 failed" in out
    files = sorted(p.name for p in (tmp_path / "articles").glob("*.md"))
    assert files == ["bruecken-ueber-die-oder.md", "donaukanal.md", "wahlen-nachlese.md"]

    oder = read_file(str(tmp_path / "articles" / "bruecken-ueber-die-oder.md"))
    assert oder.title == "Brücken über die Oder"
    assert oder.author == "Katalin Varga"
    assert oder.date is not None and (oder.date.year, oder.date.month, oder.date.day) == (
        2024,
        3,
        14,
    )
    assert oder.image == "https://bilder.example.org/oder.jpg"
    assert oder.image_credit is not None and "Jan Nowak" in oder.image_credit
    assert [s.heading for s in oder.sections] == [None, "Was die Hauptstädte übersehen"]
    assert [link.title for link in oder.related] == [
        "Grenzpendler zwischen Görlitz und Zgorzelec",
        "Warum die Ostbahn wartet",
    ]
    kinds = [b.kind for s in oder.sections for b in s.blocks]
    assert "quote" in kinds
    text = " ".join(b.text for s in oder.sections for b in s.blocks)
    assert "Studie der Viadrina" in text and "http" not in text and "Mehr zum Thema" not in text

    donau = read_file(str(tmp_path / "articles" / "donaukanal.md"))
    assert (donau.author, donau.translator, donau.original_language) == (
        "Miklós Szabó",
        "Anna Weber",
        "Ungarischen",
    )
    assert donau.image_credit == "Archiv Ostblick"
    assert (oder.categories, donau.categories) == (("Nachbarn",), ("Nachbarn", "Umwelt"))
    front = (tmp_path / "articles" / "donaukanal.md").read_text().split("---")[1]
    assert yaml.safe_load(front)["categories"] == ["Nachbarn", "Umwelt"]
    assert "Ein Beitrag von" not in " ".join(b.text for s in donau.sections for b in s.blocks)


@needs_wordpress
def test_reimport_updates_exactly_the_edited_post_and_keeps_slugs(
    wordpress: Site, tmp_path: Path
) -> None:
    site, ids = wordpress
    assert _import(site.url, tmp_path)[0] == 0
    before = {p.name: p.read_text() for p in (tmp_path / "articles").glob("*.md")}

    code, out, _ = _import(site.url, tmp_path)
    assert code == 0 and "0 added, 0 updated, 3 unchanged" in out

    site.php(
        "update",
        data={
            "id": ids["donaukanal"],
            "title": "Der Donaukanal: eine Bilanz",
            "content": "<p>Der Kanal wird nun doch nicht gebaut, sagt das Ministerium.</p>",
        },
    )
    code, out, err = _import(site.url, tmp_path)
    assert code == 0, out + err
    assert "0 added, 1 updated, 2 unchanged, 0 failed" in out
    assert "updated: articles/donaukanal.md" in out
    after = {p.name: p.read_text() for p in (tmp_path / "articles").glob("*.md")}
    assert sorted(after) == sorted(before)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == ["donaukanal.md"]
    article = read_file(str(tmp_path / "articles" / "donaukanal.md"))
    assert article.slug == "donaukanal" and article.title == "Der Donaukanal: eine Bilanz"


@needs_wordpress
def test_drafts_need_an_application_password(wordpress: Site, tmp_path: Path) -> None:
    site, _ = wordpress
    login = site.php("app-password")
    code, out, err = _import(
        site.url, tmp_path, "--user", login["user"], "--app-password", login["password"]
    )
    assert code == 0, out + err
    draft = read_file(str(tmp_path / "articles" / "grenze-im-winter.md"))
    assert draft.categories == ()  # WordPress's placeholder "Uncategorized" is no topic

    code, out, err = _import(
        site.url, tmp_path / "other", "--user", "redaktion", "--app-password", "falsch"
    )
    assert code == 1
    assert "Error:" in err and "--app-password" in err


@needs_wordpress
def test_since_and_pretty_permalinks(wordpress: Site, tmp_path: Path) -> None:
    site, _ = wordpress
    site.php("permalinks", "/%postname%/")
    try:
        code, out, err = _import(site.url, tmp_path, "--since", "2024-04-01")
        assert code == 0, out + err
        assert sorted(p.stem for p in (tmp_path / "articles").glob("*.md")) == [
            "donaukanal",
            "wahlen-nachlese",
        ]
    finally:
        site.php("permalinks", "")


def test_a_site_without_the_rest_api_gets_a_clear_message(tmp_path: Path) -> None:
    routes = {"/": Page(b"<html><body><p>Eine statische Seite.</p></body></html>")}
    with serve(routes) as server:
        code, _, err = _import(server.url(""), tmp_path)
        assert code == 1
        assert "REST API is not available" in err
        assert "wp-json" in err and "rest_route" in err
        # both routes were tried, and politely: with vorleser's User-Agent
        paths = [path for path, _ in server.requests]
        assert any(p.startswith("/wp-json/wp/v2/posts") for p in paths)
        assert all(h["user-agent"].startswith("vorleser/") for _, h in server.requests)


def test_rest_disabled_by_a_plugin_is_named(tmp_path: Path) -> None:
    disabled = Page(
        b'{"code":"rest_disabled","message":"The REST API is disabled.","data":{"status":403}}',
        403,
        "application/json",
    )
    with serve({"/wp-json/wp/v2/posts": disabled, "/": disabled}) as server:
        code, _, err = _import(server.url(""), tmp_path)
    assert code == 1
    assert re.search(r"HTTP 403 rest_disabled", err), err


def _fake_api(pages: int) -> Route:
    """A REST API with one post per page, as WordPress paginates (X-WP-TotalPages)."""

    def answer(path: str) -> Page:
        number = int(parse_qs(urlsplit(path).query).get("page", ["1"])[0])
        post = {
            "id": number,
            "guid": {"rendered": f"https://ostblick.example/?p={number}"},
            "link": f"https://ostblick.example/folge-{number}/",
            "slug": f"folge-{number}",
            "date_gmt": f"2024-0{number}-01T08:00:00",
            "title": {"rendered": f"Grenzgänger, Folge {number}"},
            "content": {"rendered": f"<p>{PARAGRAPH} Dies ist Folge {number}.</p>"},
            "_embedded": {
                "author": [{"name": "Katalin Varga"}],
                "wp:term": [
                    [{"taxonomy": "category", "slug": "nb", "name": "Nachbarn &amp; Grenzen"}],
                    [{"taxonomy": "post_tag", "slug": "oder", "name": "Oder"}],
                ],
            },
        }
        headers = {"X-WP-TotalPages": str(pages), "X-WP-Total": str(pages)}
        return Page(json.dumps([post]).encode(), 200, "application/json", headers)

    return answer


PARAGRAPH = "Wer über die Stadtbrücke geht, sieht mehr Pendler als Touristen an der Grenze."


def test_a_crawl_follows_every_page_at_the_pace_robots_txt_asks() -> None:
    robots = b"User-agent: *\nDisallow: /privat/\nCrawl-delay: 3\n"
    routes = {
        "/robots.txt": Page(robots, content_type="text/plain"),
        "/wp-json/wp/v2/posts": _fake_api(pages=3),
    }
    pauses: list[float] = []
    with serve(routes) as server:
        harvest = read_wordpress(WordPressImport(server.base, delay=0.5), sleep=pauses.append)
        paths = [path for path, _ in server.requests]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert [parse_qs(urlsplit(p).query).get("page", ["1"]) for p in paths[1:]] == [
        ["1"],
        ["2"],
        ["3"],
    ]
    assert pauses == [3.0, 3.0]  # the site's Crawl-delay wins over --delay 0.5
    assert not harvest.failures
    assert [a.slug_hint for a in harvest.articles] == ["folge-1", "folge-2", "folge-3"]
    assert [a.meta["categories"] for a in harvest.articles] == [["Nachbarn & Grenzen"]] * 3


def test_robots_txt_refusing_vorleser_stops_the_crawl_before_any_post(tmp_path: Path) -> None:
    robots = b"User-agent: vorleser\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    routes = {
        "/robots.txt": Page(robots, content_type="text/plain"),
        "/wp-json/wp/v2/posts": _fake_api(pages=2),
    }
    with serve(routes) as server:
        code, _, err = _import(server.url(""), tmp_path)
        assert [path for path, _ in server.requests] == ["/robots.txt"]
    assert code == 1
    assert "robots.txt of this site disallows fetching it" in err
    assert not (tmp_path / "articles").exists()
