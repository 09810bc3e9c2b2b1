"""The HTML site as files (lxml): episode pages, embeds, the archive, the subscribe block.

The same pages in a browser are tested in tests/test_player.py, their validity and
accessibility in tests/test_pages_valid.py.
"""

from __future__ import annotations

import dataclasses
import doctest
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest

import site_sample
from site_sample import CUE_TEXTS, EVIL
from vorleser.errors import PublishError, TableError
from vorleser.model import Podcast
from vorleser.publish import archive, layout, options, search, site, strings, views
from vorleser.publish.options import AppLink, SiteOptions

APPS = (
    AppLink("Apple Podcasts", "https://podcasts.apple.com/de/podcast/pegelstand/id1"),
    AppLink("Spotify", "https://open.spotify.com/show/pegelstand"),
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Podcast, Path]:
    out = tmp_path_factory.mktemp("site")
    podcast = site_sample.podcast(out)
    site.write_site(podcast, out, SiteOptions(apps=APPS, search=False))
    return podcast, out


def _doc(out: Path, name: str = "pegel/index.html") -> Any:
    return lxml.html.fromstring((out / name).read_bytes())


# --- data and helpers ---------------------------------------------------------------------------


def test_doctests() -> None:
    import vorleser.serve

    for module in (site, views, archive, options, layout, vorleser.serve):
        assert doctest.testmod(module).failed == 0, module.__name__


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


def test_app_links_are_validated() -> None:
    assert options.app_problems(["Spotify https://open.spotify.com/show/x"]) == []
    problems = options.app_problems(["Spotify", "Feed http://x.example/", 3])
    assert [key for key, _ in problems] == ["site.apps", "site.apps", "site.apps"]


# --- the episode page ---------------------------------------------------------------------------


def test_write_site_writes_pages_embeds_listings_and_assets(built: tuple[Podcast, Path]) -> None:
    _, out = built
    for name in ("index.html", "pegel/index.html", "pegel/embed.html", "deiche/embed.html"):
        assert (out / name).is_file(), name
    assert (out / "category/umwelt/index.html").is_file()
    assert (out / "category/sachsen/index.html").is_file()
    assert len(list((out / "author").glob("*/index.html"))) == 1
    for name in site.STATIC_FILES:
        assert (out / "static" / name).read_bytes() == site._static_bytes(name)
    assert (out / "pegel" / "titel.svg").read_text() == site_sample.SVG
    assert not (out / "search").exists(), "search = false writes no search page"
    assert not list(out.rglob("*.tmp")), "atomic writes leave no temporary files"


def test_page_has_player_links_and_metadata(built: tuple[Podcast, Path]) -> None:
    _, out = built
    doc = _doc(out)
    assert doc.get("lang") == "de"
    (audio,) = doc.xpath("//audio")
    assert audio.get("src") == "../episodes/pegel.mp3"
    assert audio.get("preload") == "metadata" and audio.get("controls") is not None
    assert doc.xpath("//audio/track[@kind='captions']/@src") == ["../episodes/pegel.vtt"]
    (controls,) = doc.xpath("//div[@class='controls']")
    assert controls.get("hidden") is not None, "our controls show only when player.js runs"
    assert [o.text for o in doc.xpath("//select[@class='speed']/option")] == [
        "0,75×",
        "1×",
        "1,25×",
        "1,5×",
        "1,75×",
        "2×",
    ]
    assert doc.xpath("//button[@data-skip]/@aria-label") == [
        "15 Sekunden zurück",
        "30 Sekunden vor",
    ]
    marks = doc.xpath("//div[@class='marks']/button")
    assert [m.get("style") for m in marks] == ["left: 25.0%", "left: 62.5%"]
    (new_window,) = doc.xpath("//a[text()='In neuem Fenster abspielen']")
    assert new_window.get("target") == "_blank"
    feeds = doc.xpath("//head/link[@rel='alternate' and @type='application/rss+xml']/@href")
    assert feeds == ["https://example.org/pod/feed.xml"]
    og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    assert og["og:title"] == f"Pegel {EVIL} steigt"
    assert og["og:url"] == "https://example.org/pod/pegel/"
    assert og["og:audio"] == "https://example.org/pod/episodes/pegel.mp3"


def test_page_text_is_well_formed_blocks(built: tuple[Podcast, Path]) -> None:
    _, out = built
    doc = _doc(out)
    text = doc.xpath("//div[@id='text']")[0]
    assert [el.tag for el in text] == [
        "p",
        "h2",
        "p",
        "ul",
        "blockquote",
        "table",
        "pre",
        "h2",
        "p",
    ]
    assert not doc.xpath("//p//p") and not doc.xpath("//p[not(normalize-space()) and not(*)]")
    assert text.xpath(".//em/text()") == ["Pegel"]
    assert text.xpath(".//td/text()") == ["Dresden", "6,20 m"]
    assert text.xpath("string(.//pre/code)") == "pegel = 620"


def test_page_headline_byline_chapters_transcript(built: tuple[Podcast, Path]) -> None:
    _, out = built
    doc = _doc(out)
    assert doc.xpath("string(//h1)") == f"Pegel {EVIL} steigt"
    assert doc.xpath("string(//*[@class='byline'])") == (
        f"Ein Beitrag von Clara Beispiel {EVIL}, aus dem Ungarischen übersetzt von Bence Minta"
    )
    assert doc.xpath("string(//header//time)") == "01.03.2024"
    assert doc.xpath("string(//*[@class='duration'])") == "Dauer 0:20"
    assert not doc.xpath("//*[@class='duration']//a | //*[@class='duration']//button")
    assert doc.xpath("//p[@class='kicker']/a/@href") == [
        "../category/umwelt/index.html",
        "../category/sachsen/index.html",
    ]
    chapters = doc.xpath("//a[@class='chapter']")
    assert [c.get("data-start") for c in chapters] == ["0.000", "5.000", "12.500"]
    assert chapters[1].get("href") == "../episodes/pegel.mp3#t=5.000"
    assert [c.text for c in doc.xpath("//span[@class='cue']")] == list(CUE_TEXTS)
    assert doc.xpath("//details[@class='transcript']/@open") == []
    related = doc.xpath("//aside[@class='related']//a")
    assert [(a.text, a.get("href")) for a in related] == [
        (f"Deiche {EVIL}", "https://example.org/deiche"),
        ("Pegel", "javascript-free.html?a=1&b=2"),
    ]


def test_title_image_with_its_credit_and_no_credit_without_image(
    built: tuple[Podcast, Path],
) -> None:
    _, out = built
    doc = _doc(out)
    assert doc.xpath("//figure[@class='title-image']/img/@src") == ["titel.svg"]
    assert doc.xpath("string(//figcaption[@class='credit'])") == "Foto: Archiv <b>fett</b>"
    other = _doc(out, "deiche/index.html")
    assert not other.xpath("//figure") and not other.xpath("//*[@class='credit']")


@pytest.mark.parametrize(
    "image",
    ["javascript:alert(1)", "data:image/svg+xml,x", "fehlt.jpg", "../../../etc/passwd", "pegel.md"],
)
def test_bad_or_missing_image_is_left_out(tmp_path: Path, image: str) -> None:
    podcast = site_sample.podcast(tmp_path)
    ep = podcast.episodes[0]
    ep = dataclasses.replace(ep, article=dataclasses.replace(ep.article, image=image))
    site.write_site(
        dataclasses.replace(podcast, episodes=(ep,)), tmp_path, SiteOptions(search=False)
    )
    doc = _doc(tmp_path)
    assert not doc.xpath("//img") and not doc.xpath("//*[@class='credit']")


def test_no_article_markup_becomes_markup(built: tuple[Podcast, Path]) -> None:
    _, out = built
    for name in ("pegel/index.html", "pegel/embed.html", "index.html"):
        raw = (out / name).read_text(encoding="utf-8")
        assert "<script>window" not in raw and "<b>fett" not in raw, name
        doc = _doc(out, name)
        assert [s.get("src") for s in doc.xpath("//script")] == [
            ("../" if "/" in name else "")
            + f"static/player.js?v={site._asset_versions()['player.js']}"
        ]


def test_only_relative_resources(built: tuple[Podcast, Path]) -> None:
    _, out = built
    for page in out.rglob("*.html"):
        doc = lxml.html.fromstring(page.read_bytes())
        for url in doc.xpath("//@src | //link[@rel='stylesheet']/@href"):
            assert not urlsplit(url).scheme and not url.startswith("//"), (page, url)


def test_embed_snippet_and_embed_page(built: tuple[Podcast, Path]) -> None:
    _, out = built
    doc = _doc(out)
    snippet = doc.xpath("string(//textarea[@id='embed-code'])")
    (iframe,) = lxml.html.fragment_fromstring(snippet, create_parent="div").xpath("//iframe")
    assert iframe.get("src") == "https://example.org/pod/pegel/embed.html"
    assert iframe.get("title") == f"Pegel {EVIL} steigt"
    embed = _doc(out, "pegel/embed.html")
    assert embed.xpath("//audio/@src") == ["../episodes/pegel.mp3"]
    assert embed.xpath("//details[@class='transcript']/summary/text()") == ["Transkript anzeigen"]
    assert embed.xpath("//h1[@class='embed-title']/a/@href") == ["https://example.org/pod/pegel/"]
    assert embed.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_subscribe_block(built: tuple[Podcast, Path]) -> None:
    _, out = built
    for name in ("index.html", "pegel/index.html"):
        doc = _doc(out, name)
        assert doc.xpath("//input[@id='feed-url']/@value") == ["https://example.org/pod/feed.xml"]
        links = [(a.text, a.get("href")) for a in doc.xpath("//ul[@class='apps']//a")]
        assert links == [
            ("Apple Podcasts", APPS[0].url),
            ("Spotify", APPS[1].url),
            ("In der Podcast-App öffnen", "podcast://example.org/pod/feed.xml"),
            ("RSS", "https://example.org/pod/feed.xml"),
        ]


# --- the archive --------------------------------------------------------------------------------


def test_index_lists_episodes_newest_first_with_inline_players(built: tuple[Podcast, Path]) -> None:
    _, out = built
    doc = _doc(out, "index.html")
    links = doc.xpath("//ol[@class='episode-list']//h3/a")
    assert [(a.text, a.get("href")) for a in links] == [
        ("Deiche", "deiche/index.html"),
        (f"Pegel {EVIL} steigt", "pegel/index.html"),
    ]
    players = doc.xpath("//ol[@class='episode-list']//audio")
    assert [(a.get("src"), a.get("preload")) for a in players] == [
        ("episodes/deiche.mp3", "none"),
        ("episodes/pegel.mp3", "none"),
    ]
    assert not doc.xpath("//a[contains(@href, '.mp3') and not(ancestor::audio)]")
    assert doc.xpath("//img[@class='cover']/@src") == ["cover.svg"]
    assert not doc.xpath("//nav[@class='pager']"), "one page needs no pager"


def test_paging_20_a_page_with_categories_and_authors(tmp_path: Path) -> None:
    podcast = site_sample.many(site_sample.podcast(tmp_path), 45)
    site.write_site(podcast, tmp_path, SiteOptions(search=False))
    pages = [_doc(tmp_path, layout.listing_file("index", "", n)) for n in (1, 2, 3)]
    counts = [len(d.xpath("//ol[@class='episode-list']/li")) for d in pages]
    assert counts == [20, 20, 5]
    assert not (tmp_path / "page/4/index.html").exists()
    first_titles = [d.xpath("string(//ol[@class='episode-list']/li[1]//h3)") for d in pages]
    assert first_titles == ["Folge 44", "Folge 24", "Folge 4"]
    middle = pages[1]
    assert middle.xpath("//nav[@class='pager']/a[@rel='prev']/@href") == ["../../index.html"]
    assert middle.xpath("//nav[@class='pager']/a[@rel='next']/@href") == ["../3/index.html"]
    assert middle.xpath("//a[@aria-current='page']/text()") == ["2"]
    assert middle.xpath("string(//h1)") == "Pegelstand – Seite 2 von 3"
    politics = _doc(tmp_path, "category/politik/index.html")
    assert politics.xpath("string(//h1)") == "Thema: Politik"
    assert len(politics.xpath("//ol[@class='episode-list']/li")) == 15
    anna = _doc(tmp_path, "author/anna-autorin/index.html")
    assert len(anna.xpath("//ol[@class='episode-list']/li")) == 20
    assert (tmp_path / "author/anna-autorin/page/2/index.html").is_file()
    assert anna.xpath("//ol[@class='episode-list']//h3/a/@href")[0] == "../../folge-043/index.html"


def test_listing_pages_of_a_gone_category_are_removed(tmp_path: Path) -> None:
    podcast = site_sample.many(site_sample.podcast(tmp_path), 3)
    site.write_site(podcast, tmp_path, SiteOptions(search=False))
    assert (tmp_path / "category/politik/index.html").is_file()
    kept = dataclasses.replace(podcast, episodes=podcast.episodes[1:])
    site.write_site(kept, tmp_path, SiteOptions(search=False))
    assert not (tmp_path / "category/politik").exists()


def test_english_site_uses_english_strings(tmp_path: Path) -> None:
    podcast = site_sample.podcast(tmp_path, language="en")
    site.write_site(podcast, tmp_path, SiteOptions(search=False))
    doc = _doc(tmp_path)
    assert doc.get("lang") == "en"
    assert doc.xpath("//a[@download]/text()")[0] == "Download"
    assert doc.xpath("string(//aside/h2)") == "More on this topic"
    assert doc.xpath("string(//*[@class='byline'])").startswith("By Clara Beispiel")
    assert doc.xpath("string(//select[@class='speed']/option[1])") == "0.75×"


def test_episode_without_chapters_still_has_its_transcript(tmp_path: Path) -> None:
    podcast = site_sample.podcast(tmp_path)
    bare = dataclasses.replace(podcast.episodes[0], chapters=())
    doc = lxml.html.fromstring(site.render_page(podcast, bare))
    assert not doc.xpath("//details[@class='chapters']") and not doc.xpath(
        "//button[@class='mark']"
    )
    assert [c.text for c in doc.xpath("//span[@class='cue']")] == list(CUE_TEXTS)


def test_search_index_needs_pagefind_or_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "pagefind_binary", lambda: None)
    with pytest.raises(PublishError) as info:
        search.build_index(tmp_path, "de")
    assert "pip install 'pagefind[bin]'" in str(info.value)


def test_site_settings_reach_the_pages_and_bad_ones_are_config_errors(tmp_path: Path) -> None:
    from vorleser.config import config_from_dict
    from vorleser.errors import ConfigError

    podcast = {
        "title": "T",
        "description": "D",
        "author": "A",
        "email": "a@b.example",
        "base_url": "https://x.example/audio",
    }
    good = {"podcast": podcast, "site": {"page_size": 5, "apps": [f"{APPS[1].name} {APPS[1].url}"]}}
    config = config_from_dict(good, tmp_path, "vorleser.toml")
    assert options.site_options(config.settings.site) == SiteOptions(page_size=5, apps=(APPS[1],))
    bad = {"podcast": podcast, "site": {"page_size": 0, "apps": ["Spotify"], "serach": False}}
    with pytest.raises(ConfigError) as info:
        config_from_dict(bad, tmp_path, "vorleser.toml")
    message = str(info.value)
    assert "site.page_size" in message and "site.apps" in message and "'search'" in message
