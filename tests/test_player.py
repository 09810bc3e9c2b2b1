"""The pages in Debian's Chromium (Playwright), on a phone (390×844) and a desktop (1280×900).

The player's controls, chapters, transcript, resume and share; the phone's sticky mini-player;
search; the embed inside a page of another origin; file:// and no JavaScript. Browser tests
are skipped with a reason when chromium is missing (.ci/install.d/chromium.sh installs it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import site_sample
from conftest import serving
from site_sample import CUE_TEXTS, DURATION, EVIL, TRANSCRIPT_ONLY
from vorleser.model import Podcast
from vorleser.publish import site
from vorleser.publish.options import SiteOptions

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Podcast, Path]:
    out = tmp_path_factory.mktemp("site")
    podcast = site_sample.podcast(out)
    site.write_site(podcast, out, SiteOptions())
    return podcast, out


@pytest.fixture(scope="module")
def base_url(built: tuple[Podcast, Path]) -> Iterator[str]:
    with serving(built[1]) as url:
        yield url


def open_page(browser: Any, url: str, viewport: dict[str, int], **options: Any) -> Any:
    """A page in a fresh context; requests to other hosts are recorded and refused."""
    context = browser.new_context(viewport=viewport, **options)
    pg = context.new_page()
    pg.requests = []
    pg.errors = []

    def route(r: Any) -> None:
        pg.requests.append(r.request.url)
        if urlsplit(r.request.url).hostname in ("127.0.0.1", "localhost", None, ""):
            r.continue_()
        else:
            r.abort()

    pg.route("**/*", route)
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.goto(url)
    return pg


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[Any]:
    """The episode page at one viewport, its audio metadata loaded, our controls shown."""
    pg = open_page(browser, base_url + "pegel/index.html", request.param)
    pg.wait_for_function("document.querySelector('audio').readyState >= 1")
    pg.wait_for_selector(".controls:not([hidden])")
    yield pg
    errors = pg.errors
    pg.context.close()
    assert errors == [], errors


def _time(pg: Any, frame: Any = None) -> float:
    return float((frame or pg).evaluate("document.querySelector('audio').currentTime"))


def _pause(pg: Any) -> None:
    pg.evaluate("document.querySelector('audio').pause()")


def test_controls_replace_the_native_player(page: Any) -> None:
    assert page.locator("audio").is_hidden()
    assert page.locator(".controls .play").is_visible()
    assert abs(page.evaluate("document.querySelector('audio').duration") - DURATION) < 0.5


def test_play_button_plays_and_pauses(page: Any) -> None:
    page.locator(".controls .play").click()
    page.wait_for_function("!document.querySelector('audio').paused")
    page.wait_for_selector(".controls .play[aria-label='Pause']")
    page.locator(".controls .play").click()
    page.wait_for_function("document.querySelector('audio').paused")
    page.wait_for_selector(".controls .play[aria-label='Abspielen']")


def _at(seconds: float, target: float) -> bool:
    """At `target`: a seek lands within 0.3 s, and playback may run on up to a second before
    the test's pause takes effect (a loaded machine is slow to send it)."""
    return -0.3 < seconds - target < 1.0


def test_skip_buttons_move_current_time(page: Any) -> None:
    page.locator("[data-skip='30']").click()
    assert _at(_time(page), DURATION), "+30 s stops at the end of a 20 s episode"
    page.evaluate("document.querySelector('audio').currentTime = 18")
    page.locator("[data-skip='-15']").click()
    assert _at(_time(page), 3.0)


def test_speed_change_takes_effect(page: Any) -> None:
    page.select_option(".controls .speed", "1.5")
    assert page.evaluate("document.querySelector('audio').playbackRate") == 1.5
    page.select_option(".controls .speed", "0.75")
    assert page.evaluate("document.querySelector('audio').playbackRate") == 0.75


def test_chapter_mark_click_seeks_and_shows_the_chapter_title(page: Any) -> None:
    page.locator(".controls .mark").nth(1).click()
    _pause(page)
    assert _at(_time(page), 12.5)
    assert page.locator(".controls .now").inner_text() == "Rückblick"
    page.locator(".controls .mark").first.click()
    _pause(page)
    assert _at(_time(page), 5.0)
    assert page.locator(".controls .now").inner_text() == f"Hochwasser {EVIL}"


def test_chapter_list_and_sentences_seek(page: Any) -> None:
    page.locator("details.chapters").evaluate("d => d.open = true")
    page.locator("a.chapter").nth(1).click()
    _pause(page)
    assert _at(_time(page), 5.0)
    assert page.get_attribute("a.chapter[aria-current]", "data-start") == "5.000"
    page.locator("details.transcript").evaluate("d => d.open = true")
    page.locator(".cue").nth(4).click()
    _pause(page)
    assert _at(_time(page), 10.0)
    assert page.get_attribute(".cue[aria-current]", "data-start") == "10.000"


def test_keyboard_shortcuts(page: Any) -> None:
    page.locator("h1").click()
    page.keyboard.press("l")
    assert _at(_time(page), DURATION)
    page.keyboard.press("ArrowLeft")
    assert _at(_time(page), (DURATION - 15))
    page.keyboard.press("Shift+>")
    assert page.evaluate("document.querySelector('audio').playbackRate") == 1.25
    page.keyboard.press("k")
    page.wait_for_function("!document.querySelector('audio').paused")
    page.keyboard.press("k")
    page.wait_for_function("document.querySelector('audio').paused")


def test_position_is_restored_after_reload(page: Any) -> None:
    page.evaluate("document.querySelector('audio').currentTime = 12")
    page.wait_for_function("Math.abs(document.querySelector('audio').currentTime - 12) < 0.3")
    page.reload()
    page.wait_for_function("document.querySelector('audio').readyState >= 1")
    page.wait_for_function("Math.abs(document.querySelector('audio').currentTime - 12) < 0.5")
    assert page.locator(".controls .current").inner_text() == "0:12"


def test_share_from_here_links_the_current_second(page: Any, base_url: str) -> None:
    page.evaluate("document.querySelector('audio').currentTime = 9.6")
    page.locator("button.share").click()
    url = base_url + "pegel/index.html#t=9"
    assert page.url == url
    assert url in page.locator(".share-out").inner_text()
    other = open_page(page.context.browser, url, DESKTOP)
    other.wait_for_function("Math.abs(document.querySelector('audio').currentTime - 9) < 0.3")
    other.context.close()


def test_media_session_has_title_chapter_and_artwork(page: Any) -> None:
    page.evaluate("document.querySelector('audio').currentTime = 6")
    page.wait_for_function("navigator.mediaSession.metadata.artist.startsWith('Hochwasser')")
    meta = page.evaluate(
        "(() => { const m = navigator.mediaSession.metadata;"
        " return [m.title, m.album, m.artwork.map(a => a.src)]; })()"
    )
    assert meta[0] == f"Pegel {EVIL} steigt" and meta[1] == "Pegelstand"
    assert meta[2] and meta[2][0].endswith("/cover.svg")


def test_phone_text_comes_first_and_the_mini_player_stays(browser: Any, base_url: str) -> None:
    pg = open_page(browser, base_url + "pegel/index.html", PHONE)
    pg.wait_for_selector(".controls:not([hidden])")
    text_top = pg.evaluate("document.getElementById('text').getBoundingClientRect().top")
    assert text_top < PHONE["height"], "the article text starts on the first screen"
    companion_top = pg.evaluate("document.querySelector('.companion').getBoundingClientRect().top")
    assert companion_top > text_top, "chapters and transcript come after the text"
    player_height = pg.evaluate("document.querySelector('.player-box').offsetHeight")
    assert player_height < 160, "the mini-player is compact"
    for target in ("#text h2", "#text pre", ".text p:last-child"):
        pg.locator(target).first.scroll_into_view_if_needed()
        box = pg.evaluate(
            "(() => { const r = document.querySelector('.player-box').getBoundingClientRect();"
            " return [r.top, r.bottom]; })()"
        )
        assert box[0] >= -1 and box[1] <= PHONE["height"], (target, box)
        assert pg.evaluate("window.scrollY") > 0
    assert pg.locator(".controls .play").is_visible()
    assert pg.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    pg.context.close()


def test_desktop_player_stays_to_the_end_of_the_article(browser: Any, base_url: str) -> None:
    pg = open_page(browser, base_url + "pegel/index.html", DESKTOP)
    pg.wait_for_selector(".controls:not([hidden])")
    pg.evaluate("document.querySelector('.text p:last-child').scrollIntoView({block: 'end'})")
    assert pg.evaluate("window.scrollY") > 0
    top = pg.evaluate("document.querySelector('.listen').getBoundingClientRect().top")
    assert 0 <= top < DESKTOP["height"] / 2, "the player is still there at the text's end"
    assert pg.locator(".controls .play").is_visible()
    assert pg.evaluate("document.getElementById('transcript-box').open")
    pg.context.close()


@VIEWPORTS
def test_german_hyphenation_instead_of_breaking_anywhere(
    browser: Any, base_url: str, viewport: dict[str, int]
) -> None:
    pg = open_page(browser, base_url + "pegel/index.html", viewport)
    styles = pg.evaluate(
        "['h1', '.text p'].map(s => { const c = getComputedStyle(document.querySelector(s));"
        " return [c.hyphens, c.overflowWrap]; })"
    )
    assert styles == [["auto", "break-word"], ["auto", "break-word"]]
    assert pg.evaluate("document.querySelector('.text').closest('[lang]').lang") == "de"
    assert pg.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    pg.context.close()


def test_script_in_article_never_runs_and_nothing_else_is_fetched(page: Any) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert EVIL in page.locator("h1").inner_text()
    page.locator(".controls .mark").first.click()
    page.wait_for_timeout(200)
    assert {urlsplit(u).hostname for u in page.requests} == {"127.0.0.1"}
    paths = {urlsplit(u).path for u in page.requests}
    assert {"/pegel/index.html", "/static/player.css", "/static/player.js"} <= paths


def test_index_inline_player_plays_on_the_page(browser: Any, base_url: str) -> None:
    pg = open_page(browser, base_url + "index.html", PHONE)
    pg.locator("audio.inline").first.evaluate("a => a.play()")
    pg.wait_for_function("document.querySelector('audio.inline').currentTime > 0")
    assert pg.url == base_url + "index.html", "listening does not leave the site"
    pg.context.close()


def test_search_index_is_published_without_pagefinds_own_ui(built: Any) -> None:
    index = built[1] / "pagefind"
    assert (index / "pagefind.js").is_file() and list(index.glob("wasm.*.pagefind"))
    assert not list(index.glob("pagefind-*ui*")), "search.js is the interface"
    assert not list(built[1].glob(".pagefind-*")), "no temporary folder is left"


def test_search_finds_a_word_only_the_transcript_has(browser: Any, base_url: str) -> None:
    pg = open_page(browser, base_url + "index.html", DESKTOP)
    pg.fill("#q", TRANSCRIPT_ONLY)
    pg.locator(".search-form button[type='submit']").click()
    pg.wait_for_selector("#results li a")
    links = pg.eval_on_selector_all("#results li a", "as => as.map(a => a.href)")
    assert links == [base_url + "pegel/"], links
    assert "mark" in pg.locator("#results li .summary").first.inner_html()
    assert pg.errors == []
    pg.context.close()


def test_search_from_a_file_url_says_it_needs_a_server(browser: Any, built: Any) -> None:
    url = (built[1] / "search" / "index.html").as_uri() + "?q=Pegel"
    pg = open_page(browser, url, PHONE)
    pg.wait_for_function("document.getElementById('search-status').textContent.length > 0")
    assert "Webserver" in pg.locator("#search-status").inner_text()
    pg.context.close()


@VIEWPORTS
def test_page_works_from_a_file_url(browser: Any, built: Any, viewport: dict[str, int]) -> None:
    pg = open_page(browser, (built[1] / "pegel" / "index.html").as_uri(), viewport)
    pg.wait_for_function("document.querySelector('audio').readyState >= 1")
    pg.locator(".controls .mark").nth(1).click()
    _pause(pg)
    assert _at(_time(pg), 12.5)
    pg.select_option(".controls .speed", "2")
    assert pg.evaluate("document.querySelector('audio').playbackRate") == 2
    pg.reload()
    pg.wait_for_function("Math.abs(document.querySelector('audio').currentTime - 12.5) < 1")
    assert pg.errors == []
    pg.context.close()


@VIEWPORTS
def test_page_works_without_javascript(
    browser: Any, base_url: str, viewport: dict[str, int]
) -> None:
    pg = open_page(browser, base_url + "pegel/index.html", viewport, java_script_enabled=False)
    assert pg.locator("audio[controls]").is_visible()
    assert pg.locator(".controls").is_hidden()
    assert pg.locator("a.chapter").nth(1).get_attribute("href") == "../episodes/pegel.mp3#t=5.000"
    assert pg.locator("a.chapter").nth(1).is_visible(), "chapters are open without a script"
    pg.locator("details.transcript summary").click()
    assert CUE_TEXTS[3] in pg.locator("#transcript").inner_text()
    assert pg.locator(".hint").is_hidden()
    pg.context.close()


# --- the embed, inside a page of another origin --------------------------------------------------


@pytest.fixture(scope="module")
def host_url(tmp_path_factory: pytest.TempPathFactory, base_url: str) -> Iterator[str]:
    """A page on another origin (localhost vs 127.0.0.1, another port) that embeds the player."""
    root = tmp_path_factory.mktemp("host")
    embed = base_url.replace("127.0.0.1", "localhost") + "pegel/embed.html"
    (root / "index.html").write_text(
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Zeitung</title>'
        f'</head><body><h1>Eine andere Seite</h1><iframe src="{embed}" title="Pegel"'
        ' width="600" height="420" style="border:0"></iframe></body></html>',
        encoding="utf-8",
    )
    with serving(root) as url:
        yield url


def test_embed_plays_inside_an_iframe_of_another_origin(browser: Any, host_url: str) -> None:
    pg = open_page(browser, host_url + "index.html", DESKTOP)
    frame = pg.frame_locator("iframe")
    frame.locator(".controls:not([hidden])").wait_for()
    (inner,) = [f for f in pg.frames if f.url.endswith("/pegel/embed.html")]
    assert urlsplit(inner.url).netloc != urlsplit(pg.url).netloc
    frame.locator(".controls .play").click()
    inner.wait_for_function("!document.querySelector('audio').paused")
    frame.locator(".controls .play").click()
    assert frame.locator("a.chapter").nth(2).is_hidden(), "chapters fold out on demand"
    frame.locator("details.chapters summary").click()
    frame.locator("a.chapter").nth(2).click()
    inner.evaluate("document.querySelector('audio').pause()")
    assert _at(_time(pg, inner), 12.5)
    frame.locator(".controls .speed").select_option("1.75")
    assert inner.evaluate("document.querySelector('audio').playbackRate") == 1.75
    assert frame.locator("#transcript").is_hidden()
    frame.locator("details.transcript summary").click()
    assert frame.locator(".cue[aria-current]").inner_text() == CUE_TEXTS[5]
    assert pg.errors == []
    pg.context.close()
