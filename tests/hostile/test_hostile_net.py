"""Hostile servers against fetch and the importers: credentials stay with their origin, every
fetch has a total deadline and a size limit, page counts are not trusted, and what an import
already got is kept when a later page fails. All servers run on 127.0.0.1 inside the test."""

from __future__ import annotations

import gzip
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest

from vorleser.errors import FetchError
from vorleser.ingest.fetch import fetch
from vorleser.ingest.wordpress import WordPressImport, read_wordpress
from wordpress.server import Page, Route, serve

SECRET = {"Authorization": "Basic c2VjcmV0OnBhc3N3b3Jk", "Cookie": "wp=geheim"}


def _post(number: int) -> dict[str, object]:
    return {
        "id": number,
        "guid": {"rendered": f"https://ostblick.example/?p={number}"},
        "link": f"https://ostblick.example/folge-{number}/",
        "slug": f"folge-{number}",
        "date_gmt": "2024-03-01T08:00:00",
        "title": {"rendered": f"Grenzgänger, Folge {number}"},
        "content": {"rendered": f"<p>Die Oderbrücke ist seit 1996 offen. Folge {number}.</p>"},
    }


def _api(pages_claimed: int, *, same_every_page: bool = False, fail_from: int = 0) -> Route:
    def answer(path: str) -> Page:
        number = int(parse_qs(urlsplit(path).query).get("page", ["1"])[0])
        if fail_from and number >= fail_from:
            return Page(b"<h1>Fehler</h1>", 500)
        post = _post(1 if same_every_page else number)
        headers = {"X-WP-TotalPages": str(pages_claimed)}
        return Page(json.dumps([post]).encode(), 200, "application/json", headers)

    return answer


@pytest.mark.parametrize("header", ["authorization", "cookie"])
def test_credentials_are_not_sent_to_another_host_on_redirect(header: str) -> None:
    with serve({"/post": Page(b"ok", content_type="text/plain")}) as other:
        routes = {"/start": Page(status=302, headers={"Location": other.url("/post")})}
        with serve(routes) as origin:
            assert fetch(origin.url("/start"), headers=SECRET).text == "ok"
            assert header in origin.requests[0][1]
        assert other.requests and header not in other.requests[0][1]


def test_credentials_follow_a_redirect_on_the_same_origin() -> None:
    routes = {
        "/alt": Page(status=301, headers={"Location": "/neu"}),
        "/neu": Page(b"ok", content_type="text/plain"),
    }
    with serve(routes) as origin:
        fetch(origin.url("/alt"), headers=SECRET)
        assert [h.get("authorization") for _, h in origin.requests] == [SECRET["Authorization"]] * 2


def test_wordpress_password_never_reaches_a_redirect_target() -> None:
    with serve({"/wp-json/wp/v2/posts": _api(1)}) as other:
        routes = {
            "/wp-json/wp/v2/posts": Page(
                status=302, headers={"Location": other.url("/wp-json/wp/v2/posts")}
            )
        }
        with serve(routes) as origin:
            spec = WordPressImport(origin.base, user="redaktion", app_password="abcd efgh", delay=0)
            read_wordpress(spec, sleep=lambda s: None)
        assert all("authorization" not in h for _, h in other.requests)


@contextmanager
def _dripping(byte_every: float = 0.05) -> Iterator[str]:
    """A server that answers with headers, then one byte every `byte_every` seconds, forever."""
    stop = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)

    def run() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n")
                while not stop.wait(byte_every):
                    try:
                        conn.sendall(b"x")
                    except OSError:
                        break

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        stop.set()
        thread.join()
        listener.close()


def test_a_dripping_server_hits_the_total_deadline() -> None:
    with _dripping() as url, pytest.raises(FetchError, match="deadline") as caught:
        fetch(url, timeout=1.0, deadline=0.5)
    assert caught.value.where == url


@pytest.mark.parametrize(
    "page",
    [
        Page(b"", stream_bytes=30_000_000),
        Page(b"x" * 100, headers={"Content-Length": "50000000"}),
        Page(gzip.compress(b"\0" * 30_000_000), headers={"Content-Encoding": "gzip"}),
    ],
    ids=["endless", "declared-huge", "gzip-bomb"],
)
def test_oversized_answers_are_refused(page: Page) -> None:
    with serve({"/gross": page}) as server, pytest.raises(FetchError, match="larger than"):
        fetch(server.url("/gross"), max_bytes=1_000_000)


def test_a_page_count_of_a_million_is_not_trusted() -> None:
    with serve({"/wp-json/wp/v2/posts": _api(1_000_000, same_every_page=True)}) as server:
        harvest = read_wordpress(WordPressImport(server.base, delay=0), sleep=lambda s: None)
        asked = [p for p, _ in server.requests if p.startswith("/wp-json")]
    assert len(harvest.articles) == 1
    assert len(asked) == 2  # the second page brought nothing new: the claim is not followed


def test_the_number_of_pages_is_capped() -> None:
    with serve({"/wp-json/wp/v2/posts": _api(1_000_000)}) as server:
        spec = WordPressImport(server.base, delay=0, max_pages=4)
        harvest = read_wordpress(spec, sleep=lambda s: None)
    assert [a.slug_hint for a in harvest.articles] == [f"folge-{n}" for n in range(1, 5)]


def test_a_failing_later_page_keeps_what_was_fetched() -> None:
    with serve({"/wp-json/wp/v2/posts": _api(5, fail_from=3)}) as server:
        harvest = read_wordpress(WordPressImport(server.base, delay=0), sleep=lambda s: None)
    assert [a.slug_hint for a in harvest.articles] == ["folge-1", "folge-2"]
    (failure,) = harvest.failures
    assert "page 3" in failure.problem and "kept" in failure.problem


def test_the_import_deadline_stops_the_crawl_and_keeps_the_posts() -> None:
    with serve({"/wp-json/wp/v2/posts": _api(50)}) as server:
        spec = WordPressImport(server.base, delay=0.1, deadline=0.35)
        harvest = read_wordpress(spec)  # real pauses: the deadline counts them
    assert 1 <= len(harvest.articles) < 50
    assert any("deadline" in f.problem for f in harvest.failures)


def test_a_feed_import_refuses_an_endless_feed() -> None:
    from vorleser.ingest.feed import read_feed

    endless = Page(b"<rss>", stream_bytes=30_000_000)
    with serve({"/feed": endless}) as server, pytest.raises(FetchError, match="larger than"):
        read_feed(server.url("/feed"))
