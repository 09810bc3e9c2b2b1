"""No link from an article can run script: every hostile article of the corpus that carries
links is published as a page, and Chromium (Debian's, through Playwright) checks every link's
protocol and clicks every link of the article text and the "Mehr zum Thema" list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hostile_support import HERE, episode_for, podcast_of

from conftest import serving
from vorleser.ingest import read_article
from vorleser.model import Episode
from vorleser.publish import layout, site

LINKY = ("related-", "inline-link-", "raw-html-", "autolink-", "reference-link-", "image-data")
CASES = [
    c
    for c in map(json.loads, (HERE / "articles.jsonl").read_text("utf-8").splitlines())
    if c["name"].startswith(LINKY) and c["expect"] == "ok"
]
ALLOWED_PROTOCOLS = {"http:", "https:", "mailto:"}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("links")
    episodes: list[Episode] = []
    for case in CASES:
        path = root / "src" / f"{case['name']}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(case["text"], "utf-8")
        article = read_article(str(path))
        episodes.append(episode_for(article, root))
    out = root / "site"
    site.write_site(podcast_of(*episodes), out)
    (out / "kontrolle.html").write_text(
        "<!doctype html><a href=\"javascript:alert('kontrolle')\">x</a>", "utf-8"
    )
    return out, [layout.page_file(e.article.slug) for e in episodes]



def test_the_corpus_has_many_link_pages() -> None:
    assert len(CASES) >= 30


def test_no_link_from_an_article_can_run_script(
    browser: Any, published: tuple[Path, list[str]]
) -> None:
    out, pages = published
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route(
        "**/*",
        lambda r: r.continue_() if urlsplit(r.request.url).hostname == "127.0.0.1" else r.abort(),
    )
    clicked = 0
    with serving(out) as base:
        for relative in pages:
            page.goto(base + relative)
            protocols = page.evaluate(
                "Array.from(document.querySelectorAll('.text a[href], .related a[href]'))"
                ".map(a => a.protocol)"
            )
            assert set(protocols) <= ALLOWED_PROTOCOLS, (relative, protocols)
            anywhere = page.evaluate(
                "Array.from(document.querySelectorAll('[href], [src], [action]'))"
                ".map(e => (e.href || e.src || e.action || '').split(':')[0].toLowerCase())"
            )
            assert not {"javascript", "data", "vbscript", "file"} & set(anywhere), relative
            handlers = "document.querySelectorAll('[onerror],[onload],[onclick],iframe').length"
            assert page.evaluate(handlers) == 0
            links = page.locator(".text a, .related a")
            for n in range(links.count()):
                page.goto(base + relative)
                link = page.locator(".text a, .related a").nth(n)
                link.click(timeout=5000)  # a javascript: payload would alert() here
                page.wait_for_load_state()
                clicked += 1
        assert dialogs == [], dialogs
        assert clicked >= 10
        # the harness can see script run: a hand-made page with such a link alerts
        page.goto(base + "kontrolle.html")
        page.locator("a").click()
        page.wait_for_timeout(100)
    context.close()
    assert dialogs == ["kontrolle"]
