"""Fetching for ingest: redirects, timeouts, robots.txt and charsets, against 127.0.0.1 only.

The slow pages stall for seconds while the fetches give up after a fraction of one, so these
tests stay fast; the server cuts its waits short when the test ends.
"""

from __future__ import annotations

import pytest

from vorleser.errors import FetchError
from vorleser.ingest import read_article
from vorleser.ingest.fetch import RobotsCache, decode, fetch
from wordpress.server import Page, serve

SLOW = 5.0
"""How long a slow page keeps the client waiting: far beyond the timeouts below."""
PARAGRAPH = b"<p>Die Stadtbr\xc3\xbccke ist seit dem Morgen f\xc3\xbcr den Verkehr gesperrt.</p>"


@pytest.mark.parametrize(
    "slow",
    [Page(PARAGRAPH, delay=SLOW), Page(PARAGRAPH * 40, stall=SLOW)],
    ids=["before-the-headers", "in-the-middle-of-the-body"],
)
def test_a_server_slower_than_the_timeout_gives_a_timeout_error(slow: Page) -> None:
    with serve({"/langsam": slow}) as server, pytest.raises(FetchError) as caught:
        fetch(server.url("/langsam"), timeout=0.3)
    assert caught.value.where == server.url("/langsam")
    assert caught.value.problem == "timed out after 0.3 s"


def test_a_slow_redirect_target_is_named_by_the_url_asked_for() -> None:
    routes = {"/alt": Page(status=301, headers={"Location": "/neu"}), "/neu": Page(delay=SLOW)}
    with serve(routes) as server, pytest.raises(FetchError, match=r"timed out") as caught:
        fetch(server.url("/alt"), timeout=0.2)
    assert caught.value.where == server.url("/alt")


def test_a_robots_txt_that_hangs_does_not_block_the_crawl() -> None:
    """An unreachable robots.txt allows (RFC 9309 treats it as absent); the pages say why."""
    routes = {"/robots.txt": Page(b"User-agent: *\nDisallow: /\n", delay=SLOW)}
    with serve(routes) as server:
        assert RobotsCache(timeout=0.2).allowed(server.url("/artikel/oder"))


def test_redirects_are_followed_up_to_the_limit() -> None:
    routes = {f"/r{n}": Page(status=301, headers={"Location": f"/r{n + 1}"}) for n in range(7)}
    routes["/r7"] = Page(b"ok", content_type="text/plain")
    with serve(routes) as server:
        assert fetch(server.url("/r2")).text == "ok"
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetch(server.url("/r0"))


def test_robots_txt_is_read_once_per_site_for_crawls() -> None:
    robots = (
        b"User-agent: *\nDisallow: /\n\nUser-agent: vorleser\nDisallow: /privat/\nCrawl-delay: 2\n"
    )
    with serve({"/robots.txt": Page(robots, content_type="text/plain")}) as server:
        cache = RobotsCache()
        assert cache.allowed(server.url("/artikel/oder"))
        assert not cache.allowed(server.url("/privat/notizen"))
        assert cache.delay(server.url("/")) == 2.0
        with pytest.raises(FetchError, match=r"robots\.txt") as caught:
            cache.check(server.url("/privat/x"))
        assert caught.value.where == server.url("/privat/x")
        assert [p for p, _ in server.requests].count("/robots.txt") == 1


@pytest.mark.parametrize("status", [401, 403])
def test_a_robots_txt_behind_a_login_disallows_everything(status: int) -> None:
    with serve({"/robots.txt": Page(b"verboten", status)}) as server:
        assert not RobotsCache().allowed(server.url("/artikel/oder"))


def test_one_page_asked_for_by_the_user_is_no_crawl() -> None:
    """`vorleser speak URL` fetches what the user asked for, as a browser would: no robots.txt."""
    body = """<html lang="de"><body><article><h1>Stadtbrücke</h1>
    <p>Die Stadtbrücke ist seit dem Morgen gesperrt, und die Polizei leitet den Verkehr um.</p>
    <p>Fußgänger gehen über die Eisenbahnbrücke, sagt die Stadtverwaltung am Dienstag.</p>
    </article></body></html>"""
    routes = {
        "/robots.txt": Page(b"User-agent: *\nDisallow: /\n", content_type="text/plain"),
        "/oder.html": Page(body.encode()),
    }
    with serve(routes) as server:
        article = read_article(server.url("/oder.html"))
        assert article.title == "Stadtbrücke"
        assert [p for p, _ in server.requests] == ["/oder.html"]


def test_decode_prefers_real_utf8_and_falls_back_to_meta_charset() -> None:
    text = "<meta charset=iso-8859-15><p>Der Preis beträgt 5 € für alle Grüße.</p>"
    assert decode(text.encode("iso-8859-15")) == text
    assert decode(text.encode("utf-8"), "text/html; charset=iso-8859-1") == text
