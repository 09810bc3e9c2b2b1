"""The HTML site: pages as files (lxml) and the player in headless Chromium (Playwright).

The browser tests use Debian's chromium through Playwright's Python package and are skipped
with a reason when it is missing (.ci/install.d/chromium.sh installs it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import numpy as np
import pytest

from conftest import serving
from vorleser.audio.encode import encode_mp3
from vorleser.errors import TableError
from vorleser.model import Article, Block, ChapterMark, Cue, Episode, Link, Podcast, Section
from vorleser.publish import layout, site, strings

EVIL = "<script>window.__pwned=1</script>"
RATE = 22050
DURATION = 20.0

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CUE_TEXTS = (
    f"Der Titel {EVIL} wird vorgelesen.",
    "Ein Beitrag von Clara Beispiel.",
    "Am Montag stieg der Pegel der Elbe auf 6,20 Meter.",
    "Die Stadt sperrte daraufhin drei Brücken.",
    "Die Feuerwehr war mit 120 Kräften im Einsatz.",
    "Im Jahr 2002 lag der Höchststand noch deutlich höher.",
    "Die Deiche haben diesmal gehalten.",
    "Das war der Kommentar.",
)


def _episode(mp3: Path, slug: str, title: str, day: int, language: str = "de") -> Episode:
    """An episode with three chapters and eight cues over 20 s of audio."""
    starts = [0.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0, 17.5]
    cues = tuple(Cue(s, s + 2.2, t) for s, t in zip(starts, CUE_TEXTS, strict=True))
    chapters = (
        ChapterMark(0.0, 5.0, "Einleitung"),
        ChapterMark(5.0, 12.5, f"Hochwasser {EVIL}"),
        ChapterMark(12.5, DURATION, "Rückblick"),
    )
    escaped = "Ein Absatz mit &lt;script&gt;window.__pwned=1&lt;/script&gt; als Text."
    article = Article(
        source=f"{slug}.md",
        slug=slug,
        title=title,
        language=language,
        author=f"Clara Beispiel {EVIL}",
        translator="Bence Minta",
        original_language="Ungarischen",
        date=dt.datetime(2024, 3, day, 8, 30, tzinfo=dt.UTC),
        summary=f"Die Elbe steigt, die Brücken sind zu. {EVIL}",
        image_credit="Foto: Archiv <b>fett</b>",
        sections=(
            Section(None, (Block("paragraph", "Ein Absatz.", escaped),)),
            Section(
                "Hochwasser",
                (
                    Block("paragraph", "Der Pegel stieg.", "Der <em>Pegel</em> stieg."),
                    Block("list_item", "Erstens", "Erstens"),
                    Block("list_item", "Zweitens", "Zweitens"),
                    Block("quote", "Wir sind bereit.", "„Wir sind bereit.“"),
                ),
            ),
            Section("Rückblick", (Block("paragraph", "Im Jahr 2002.", "Im Jahr 2002."),)),
        ),
        related=(
            Link(f"Deiche {EVIL}", "https://example.org/deiche"),
            Link("Pegel", "javascript-free.html?a=1&b=2"),
        ),
    )
    return Episode(
        article=article,
        audio_path=mp3,
        duration=DURATION,
        size=mp3.stat().st_size,
        chapters=chapters,
        cues=cues,
        narrator="espeak-ng de",
    )


def _podcast(out: Path, language: str = "de") -> Podcast:
    """A podcast with two episodes (older first, to check the index sorts) written to `out`."""
    samples = (0.05 * np.sin(2 * np.pi * 220 * np.arange(int(DURATION * RATE)) / RATE)).astype(
        np.float32
    )
    episodes = []
    for slug, title, day in (("pegel", f"Pegel {EVIL} steigt", 1), ("deiche", "Deiche", 5)):
        mp3 = out / layout.episode_file(slug, "mp3")
        encode_mp3(samples, RATE, mp3)
        vtt = "WEBVTT\n\n" + "".join(
            f"00:00:{c.start:06.3f} --> 00:00:{c.end:06.3f}\n{c.text}\n\n"
            for c in _episode(mp3, slug, title, day).cues
        )
        (out / layout.episode_file(slug, "vtt")).write_text(vtt, encoding="utf-8")
        episodes.append(_episode(mp3, slug, title, day, language))
    return Podcast(
        title="Pegelstand",
        description="Kommentare zum Wasser",
        language=language,
        author="Redaktion Beispiel",
        email="redaktion@example.org",
        base_url="https://example.org/pod/",
        cover="cover.jpg",
        episodes=tuple(episodes),
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Podcast, Path]:
    out = tmp_path_factory.mktemp("site")
    podcast = _podcast(out)
    site.write_site(podcast, out)
    return podcast, out


def _page(out: Path, slug: str = "pegel") -> Any:
    return lxml.html.fromstring((out / layout.page_file(slug)).read_bytes())


# --- the files --------------------------------------------------------------------------------


def test_doctests() -> None:
    import vorleser.serve

    for module in (site, vorleser.serve):
        assert doctest.testmod(module).failed == 0


def test_every_language_has_every_string() -> None:
    table = strings._load_strings()
    for language, words in table.items():
        assert set(words) == set(table["en"]), language
    assert strings.ui_strings("xx") == table["en"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("key\tlanguage\n", "strings.tsv:1: expected header"),
        ("key\tlanguage\ttext\nx\ten\ta\nx\ten\tb\n", "strings.tsv:3: duplicate key 'x'"),
        ("# c\nkey\tlanguage\ttext\nx\ten\n", "strings.tsv:3: expected 3"),
        ("key\tlanguage\ttext\nx\tde\ta\n", "no rows for the fallback language"),
    ],
)
def test_bad_strings_table_names_file_and_line(text: str, problem: str) -> None:
    with pytest.raises(TableError) as info:
        strings.parse_strings(text, "strings.tsv")
    assert problem in str(info.value)


def test_write_site_writes_index_pages_and_assets(built: tuple[Podcast, Path]) -> None:
    _, out = built
    for name in ("index.html", "pegel/index.html", "deiche/index.html"):
        assert (out / name).is_file()
    for name in site.STATIC_FILES:
        assert (out / "static" / name).read_bytes() == site._static_bytes(name)
    assert not list(out.rglob("*.tmp")), "atomic writes leave no temporary files"


def test_page_has_player_links_and_metadata(built: tuple[Podcast, Path]) -> None:
    _, out = built
    doc = _page(out)
    assert doc.get("lang") == "de"
    assert doc.xpath("//meta[@name='viewport']")
    (audio,) = doc.xpath("//audio")
    assert audio.get("src") == "../episodes/pegel.mp3"
    assert audio.get("preload") == "metadata" and audio.get("controls") is not None
    assert doc.xpath("//audio/track[@kind='captions']/@src") == ["../episodes/pegel.vtt"]
    (new_window,) = doc.xpath("//a[text()='In neuem Fenster abspielen']")
    assert (
        new_window.get("href") == "../episodes/pegel.mp3" and new_window.get("target") == "_blank"
    )
    (download,) = doc.xpath("//a[text()='Herunterladen' and @download]")
    assert download.get("href") == "../episodes/pegel.mp3"
    assert "In neuem Fenster abspielen | Herunterladen" in download.getparent().text_content()
    feeds = doc.xpath("//head/link[@rel='alternate' and @type='application/rss+xml']/@href")
    assert feeds == ["https://example.org/pod/feed.xml"]
    og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    assert og["og:title"] == f"Pegel {EVIL} steigt"
    assert og["og:url"] == "https://example.org/pod/pegel/"
    assert og["og:audio"] == "https://example.org/pod/episodes/pegel.mp3"
    assert og["og:image"] == "https://example.org/pod/cover.jpg"


def test_page_text_byline_chapters_transcript_related(built: tuple[Podcast, Path]) -> None:
    _, out = built
    doc = _page(out)
    assert doc.xpath("string(//h1)") == f"Pegel {EVIL} steigt"
    byline = doc.xpath("string(//*[@class='byline'])")
    assert byline == (
        f"Ein Beitrag von Clara Beispiel {EVIL}, aus dem Ungarischen übersetzt von Bence Minta"
    )
    assert doc.xpath("string(//time/@datetime)").startswith("2024-03-01T08:30")
    assert doc.xpath("string(//time)") == "01.03.2024"
    assert doc.xpath("string(//*[@class='credit'])") == "Foto: Archiv <b>fett</b>"
    assert doc.xpath("//div[@class='text']/h2/text()") == ["Hochwasser", "Rückblick"]
    assert doc.xpath("//div[@class='text']//em/text()") == ["Pegel"]  # Block.html kept as HTML
    assert doc.xpath("//div[@class='text']/ul/li/text()") == ["Erstens", "Zweitens"]
    chapters = doc.xpath("//a[@class='chapter']")
    assert [c.get("data-start") for c in chapters] == ["0.000", "5.000", "12.500"]
    assert chapters[1].get("href") == "../episodes/pegel.mp3#t=5.000"
    assert "2:30" not in chapters[1].text_content() and "0:05" in chapters[1].text_content()
    cues = doc.xpath("//span[@class='cue']")
    assert [c.text for c in cues] == list(CUE_TEXTS)
    assert [c.getparent().get("data-chapter") for c in cues] == [
        "0",
        "0",
        "1",
        "1",
        "1",
        "2",
        "2",
        "2",
    ]
    related = doc.xpath("//aside[@class='related']//a")
    assert [(a.text, a.get("href")) for a in related] == [
        (f"Deiche {EVIL}", "https://example.org/deiche"),
        ("Pegel", "javascript-free.html?a=1&b=2"),
    ]
    assert doc.xpath("string(//aside/h2)") == "Mehr zum Thema"


def test_no_article_markup_becomes_markup(built: tuple[Podcast, Path]) -> None:
    _, out = built
    raw = (out / layout.page_file("pegel")).read_text(encoding="utf-8")
    assert "<script>window" not in raw and "<b>fett" not in raw
    doc = _page(out)
    assert [s.get("src") for s in doc.xpath("//script")] == [
        f"../static/player.js?v={site._asset_versions()['player.js']}"
    ]


def test_only_relative_resources(built: tuple[Podcast, Path]) -> None:
    _, out = built
    for name in ("index.html", "pegel/index.html"):
        doc = lxml.html.fromstring((out / name).read_bytes())
        for url in doc.xpath("//@src | //link[@rel='stylesheet']/@href"):
            assert not urlsplit(url).scheme and not url.startswith("//"), url


def test_index_lists_episodes_newest_first(built: tuple[Podcast, Path]) -> None:
    _, out = built
    doc = lxml.html.fromstring((out / "index.html").read_bytes())
    links = doc.xpath("//ol[@class='episode-list']//h3/a")
    assert [(a.text, a.get("href")) for a in links] == [
        ("Deiche", "deiche/index.html"),
        (f"Pegel {EVIL} steigt", "pegel/index.html"),
    ]
    assert (
        doc.xpath("//p[@class='summary']/text()")[0]
        == f"Die Elbe steigt, die Brücken sind zu. {EVIL}"
    )
    assert doc.xpath("//time/text()") == ["05.03.2024", "01.03.2024"]
    assert doc.xpath("//head/link[@type='application/rss+xml']/@href") == [
        "https://example.org/pod/feed.xml"
    ]
    assert doc.xpath("//img[@class='cover']/@src") == ["cover.jpg"]


def test_english_site_uses_english_strings(tmp_path: Path) -> None:
    podcast = _podcast(tmp_path, language="en")
    site.write_site(podcast, tmp_path)
    doc = _page(tmp_path)
    assert doc.get("lang") == "en"
    assert doc.xpath("//a[@download]/text()")[0] == "Download"
    assert doc.xpath("//a[@target='_blank']/text()") == ["Play in new window"]
    assert doc.xpath("string(//aside/h2)") == "More on this topic"
    assert doc.xpath("string(//*[@class='byline'])").startswith("By Clara Beispiel")


def test_byline_variants() -> None:
    de = strings.ui_strings("de")
    assert site.byline(de, "A", None, None) == "Ein Beitrag von A"
    assert site.byline(de, None, "B", "Polnischen") == "Aus dem Polnischen übersetzt von B"
    assert site.byline(de, None, None, "Polnischen") is None


def test_episode_without_chapters_still_has_its_transcript(tmp_path: Path) -> None:
    podcast = _podcast(tmp_path)
    bare = dataclasses.replace(podcast.episodes[0], chapters=())
    doc = lxml.html.fromstring(site.render_page(podcast, bare))
    assert not doc.xpath("//nav[@class='chapters']")
    assert [c.text for c in doc.xpath("//span[@class='cue']")] == list(CUE_TEXTS)


# --- the player in Chromium ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(built: tuple[Podcast, Path]) -> Iterator[str]:
    _, out = built
    with serving(out) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (run .ci/install.d/chromium.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """The episode page, loaded with its audio metadata; every request is recorded."""
    context = browser.new_context()
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]

    def route(r: Any) -> None:
        pg.requests.append(r.request.url)  # type: ignore[attr-defined]
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            r.abort()

    pg.route("**/*", route)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(base_url + "pegel/index.html")
    pg.wait_for_function("document.querySelector('audio').readyState >= 1")
    yield pg
    context.close()
    assert errors == [], errors


def _time(pg: Any) -> float:
    return float(pg.evaluate("document.querySelector('audio').currentTime"))


def _current_cue(pg: Any) -> str | None:
    return pg.evaluate(
        "(() => { const c = document.querySelector('.cue[aria-current]');"
        " return c && c.dataset.start; })()"
    )


def test_audio_plays_through_the_server(page: Any) -> None:
    duration = page.evaluate("document.querySelector('audio').duration")
    assert abs(duration - DURATION) < 0.5


def test_click_chapter_seeks(page: Any) -> None:
    page.locator("a.chapter").nth(1).click()
    page.evaluate("document.querySelector('audio').pause()")
    assert abs(_time(page) - 5.0) < 0.3
    assert page.get_attribute("a.chapter[aria-current]", "data-start") == "5.000"


def test_highlight_follows_time_and_stays_in_view(page: Any) -> None:
    page.evaluate("document.querySelector('.cues').style.maxHeight = '4rem'")
    page.evaluate("document.querySelector('audio').currentTime = 16.0")
    page.wait_for_function(
        "document.querySelector('.cue[aria-current]')?.dataset.start === '15.000'"
    )
    assert page.locator(".cue[aria-current]").inner_text() == CUE_TEXTS[6]
    assert page.locator(".cue[aria-current]").count() == 1
    assert page.get_attribute("a.chapter[aria-current]", "data-start") == "12.500"
    page.wait_for_function(
        "(() => { const p = document.querySelector('.cues').getBoundingClientRect();"
        " const c = document.querySelector('.cue[aria-current]').getBoundingClientRect();"
        " return c.top >= p.top && c.bottom <= p.bottom; })()"
    )


def test_click_sentence_seeks(page: Any) -> None:
    page.locator(".cue").nth(4).click()
    page.evaluate("document.querySelector('audio').pause()")
    assert abs(_time(page) - 10.0) < 0.3
    assert _current_cue(page) == "10.000"
    page.locator(".cue").nth(2).focus()
    page.keyboard.press("Enter")
    assert abs(_time(page) - 5.0) < 0.3


def test_script_in_article_never_runs(page: Any) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert EVIL in page.locator("h1").inner_text()
    assert EVIL in page.locator(".cue").first.inner_text()
    assert page.locator("script").count() == 1


def test_page_requests_nothing_from_other_hosts(page: Any) -> None:
    page.locator("a.chapter").nth(2).click()
    page.wait_for_timeout(200)
    hosts = {urlsplit(u).hostname for u in page.requests}
    assert hosts == {"127.0.0.1"}
    paths = {urlsplit(u).path for u in page.requests}
    assert {"/pegel/index.html", "/static/player.css", "/static/player.js"} <= paths
    assert "/episodes/pegel.mp3" in paths


def test_page_works_from_a_file_url(browser: Any, built: tuple[Podcast, Path]) -> None:
    _, out = built
    context = browser.new_context()
    pg = context.new_page()
    pg.goto((out / "pegel" / "index.html").as_uri())
    pg.wait_for_function("document.querySelector('audio').readyState >= 1")
    pg.locator("a.chapter").nth(2).click()
    pg.evaluate("document.querySelector('audio').pause()")
    assert abs(_time(pg) - 12.5) < 0.3
    assert _current_cue(pg) == "12.500"
    context.close()


def test_page_works_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(base_url + "pegel/index.html")
    assert pg.locator("audio[controls]").count() == 1
    assert pg.locator("a.chapter").nth(1).get_attribute("href") == "../episodes/pegel.mp3#t=5.000"
    assert "0:05" in pg.locator("a.chapter").nth(1).inner_text()
    assert CUE_TEXTS[3] in pg.locator("#transcript").inner_text()
    assert pg.locator(".hint").is_hidden()
    context.close()
