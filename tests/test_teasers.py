"""Teaser feeds: items with only a summary are read from their article pages, politely."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vorleser.cli import cli
from vorleser.ingest.feed import parse_feed
from vorleser.ingest.markdown import read_file
from vorleser.ingest.pages import PageFetcher
from wordpress.server import Page, Route, serve

ARTICLE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Der lange Winter von Minsk III | Grenzland</title>
<meta property="og:image" content="/bilder/minsk.jpg"></head><body>
<nav class="menu"><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<main><article><h1>Der lange Winter von Minsk III</h1>
<p>Ein Beitrag von Jan Nowak, aus dem Polnischen übersetzt von Anna Weber.</p>
<figure><img src="/bilder/minsk.jpg" alt=""><figcaption>Titelbild: Grenzübergang im Schnee,
Foto: Archiv Grenzland</figcaption></figure>
<p>Podcast: Play in new window | Download</p>
<p>Seit dem Waffenstillstand von 1996 haben etwa 150.000 Menschen die Region verlassen. Wer
blieb, richtet sich auf einen langen Winter ein.</p>
<h2>Was die Verhandler übersehen</h2>
<p>„Wir verhandeln, weil wir müssen“, sagt ein Diplomat, der seinen Namen nicht nennen will.</p>
<h3>Mehr zum Thema</h3><ul><li><a href="/minsk-ii">Was von Minsk II blieb</a></li>
<li><a href="/grenzpendler">Grenzpendler im Winter</a></li></ul>
</article></main><footer class="footer">Impressum · Datenschutz</footer></body></html>"""


def _feed(base: str, *slugs: str) -> bytes:
    items = "".join(
        f"<item><title>Der lange Winter, Teil {n}</title><link>{base}/{s}</link>"
        f"<guid>{base}/{s}</guid><pubDate>Mon, 04 Mar 2024 08:00:00 +0100</pubDate>"
        "<description>Seit 1996 hat die Region ein Viertel ihrer Einwohner verloren […]"
        "</description></item>"
        for n, s in enumerate(slugs, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Grenzland'
        f"</title><link>{base}/</link><description>Notizen</description>{items}</channel></rss>"
    ).encode()


def _import(feed_url: str, project: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["import", "feed", feed_url, str(project), "--delay", "0", *extra]
    )
    return result.exit_code, result.stdout, result.stderr


def test_a_teaser_item_is_read_from_its_page_like_speak_url(tmp_path: Path) -> None:
    etag = {"ETag": '"minsk-1"', "Last-Modified": "Mon, 04 Mar 2024 07:00:00 GMT"}
    routes: dict[str, Route] = {"/minsk-iii": Page(ARTICLE.encode(), headers=etag)}
    with serve(routes) as server:
        routes["/feed.xml"] = Page(_feed(server.base, "minsk-iii"), content_type="text/xml")
        code, out, err = _import(server.url("/feed.xml"), tmp_path)
        paths = [path for path, _ in server.requests]
    assert code == 0, out + err
    assert paths == ["/feed.xml", "/robots.txt", "/minsk-iii"]
    article = read_file(str(tmp_path / "articles" / "minsk-iii.md"))
    assert article.title == "Der lange Winter, Teil 1"  # the feed's title wins
    assert (article.author, article.translator) == ("Jan Nowak", "Anna Weber")
    assert article.image_credit is not None and "Archiv Grenzland" in article.image_credit
    assert [link.title for link in article.related] == [
        "Was von Minsk II blieb",
        "Grenzpendler im Winter",
    ]
    assert article.summary == "Seit 1996 hat die Region ein Viertel ihrer Einwohner verloren"
    text = " ".join(b.text for s in article.sections for b in s.blocks)
    assert "150.000 Menschen" in text and "Impressum" not in text and "Start" not in text
    assert "Play in new window" not in text and "Mehr zum Thema" not in text
    assert [s.heading for s in article.sections] == [None, "Was die Verhandler übersehen"]


def test_a_second_import_asks_only_for_changes_and_uses_its_cache(tmp_path: Path) -> None:
    etag = {"ETag": '"minsk-1"', "Last-Modified": "Mon, 04 Mar 2024 07:00:00 GMT"}
    routes: dict[str, Route] = {"/minsk-iii": Page(ARTICLE.encode(), headers=etag)}
    with serve(routes) as server:
        routes["/feed.xml"] = Page(_feed(server.base, "minsk-iii"), content_type="text/xml")
        assert _import(server.url("/feed.xml"), tmp_path)[0] == 0
        routes["/minsk-iii"] = Page(b"", status=304, headers=etag)  # "not modified"
        code, out, err = _import(server.url("/feed.xml"), tmp_path)
        asked = [headers for path, headers in server.requests if path == "/minsk-iii"]
    assert code == 0, out + err
    assert "0 added, 0 updated, 1 unchanged, 0 failed" in out
    assert asked[1]["if-none-match"] == '"minsk-1"'
    assert asked[1]["if-modified-since"] == "Mon, 04 Mar 2024 07:00:00 GMT"
    assert "if-none-match" not in asked[0]


def test_robots_txt_and_crawl_delay_are_honoured(tmp_path: Path) -> None:
    robots = b"User-agent: *\nDisallow: /intern/\nCrawl-delay: 2\n"
    routes: dict[str, Route] = {
        "/robots.txt": Page(robots, content_type="text/plain"),
        "/minsk-iii": Page(ARTICLE.encode()),
        "/minsk-iv": Page(ARTICLE.encode()),
        "/intern/minsk-v": Page(ARTICLE.encode()),
    }
    pauses: list[float] = []
    with serve(routes) as server:
        feed = _feed(server.base, "minsk-iii", "minsk-iv", "intern/minsk-v")
        pages = PageFetcher(tmp_path / "cache", delay=0.5, sleep=pauses.append, clock=lambda: 50.0)
        harvest = parse_feed(feed, "feed.xml", pages=pages)
        paths = [path for path, _ in server.requests]
    assert "/intern/minsk-v" not in paths
    assert pauses == [2.0]  # between the two pages of the site, at the site's Crawl-delay
    assert [a.slug_hint for a in harvest.articles] == ["minsk-iii", "minsk-iv"]
    (failure,) = harvest.failures
    assert "robots.txt of this site disallows fetching it" in str(failure)
    assert "item 3" in str(failure)


def test_summaries_only_keeps_teasers_out_and_visits_no_page(tmp_path: Path) -> None:
    routes: dict[str, Route] = {"/minsk-iii": Page(ARTICLE.encode())}
    with serve(routes) as server:
        routes["/feed.xml"] = Page(_feed(server.base, "minsk-iii"), content_type="text/xml")
        code, _, err = _import(server.url("/feed.xml"), tmp_path, "--summaries-only")
        paths = [path for path, _ in server.requests]
    assert code == 1
    assert paths == ["/feed.xml"]
    assert "only a summary" in err and "without --summaries-only its link would be read" in err


def test_a_teaser_whose_page_is_gone_fails_alone(tmp_path: Path) -> None:
    routes: dict[str, Route] = {"/minsk-iii": Page(ARTICLE.encode())}
    with serve(routes) as server:
        routes["/feed.xml"] = Page(
            _feed(server.base, "minsk-iii", "verschwunden"), content_type="text/xml"
        )
        code, out, err = _import(server.url("/feed.xml"), tmp_path)
    assert code == 1
    assert "1 added" in out
    (line,) = err.strip().splitlines()
    assert line.startswith("Error: ") and "HTTP 404" in line and "item 2" in line
