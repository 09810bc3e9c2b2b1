"""The studio, driven in Debian's Chromium with Playwright against a real server (uvicorn).

One walk through the main path: open an article, play a sentence, add a lexicon entry and
hear the preview, save, build from the page; plus the guards (CSRF token, Host header, paths).
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURE = Path(__file__).parent / "data" / "studio"

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE, dest)
    return dest


@pytest.fixture
def studio(project: Path) -> Iterator[str]:
    from vorleser.studio.server import serving

    with serving(project) as url:
        yield url



def _request(url: str, data: bytes | None = None, **headers: str) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _token(url: str) -> str:
    import re

    _, body = _request(url)
    match = re.search(r'name="csrf-token" content="([^"]+)"', body.decode())
    assert match
    return match.group(1)


def _duration(page: Any) -> float:
    page.wait_for_function(
        "() => { const a = document.getElementById('player');"
        " return a.src && isFinite(a.duration) && a.duration > 0; }"
    )
    return float(page.evaluate("document.getElementById('player').duration"))


def test_edit_hear_save_and_build(browser: Any, studio: str, project: Path, tmp_path: Path) -> None:
    # Playwright's wait_for_function evaluates strings, which the studio's CSP forbids
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    outside: list[str] = []
    local = (studio, f"blob:{studio.rstrip('/')}")
    page.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
    shots = tmp_path / "shots"

    # the article list: state and flags; the project-wide word list
    page.goto(studio)
    rows = page.locator("tr.article")
    assert rows.count() == 2
    assert page.locator("tr.article .state").all_inner_texts() == ["new", "new"]
    assert "Kuleba" in page.locator("table.words").inner_text()
    page.screenshot(path=str(shots / "index.png"), full_page=True)

    # build once from the page, so later changes show as "changed"
    page.click("#build")
    page.wait_for_selector("#build-status[data-done]", timeout=120_000)
    first = page.locator("#build-status").inner_text()
    assert first.startswith("built 2 articles (0 failed), synthesized 11 of 11 sentences"), first

    # open an article; play a sentence: the audio element gets a real duration
    page.goto(studio)
    assert page.locator("tr.article .state").all_inner_texts() == ["built", "built"]
    page.click("a:has-text('Eine brüchige Waffenruhe')")
    sentence = page.locator("li.sentence", has_text="Mearsheimer sieht das anders")
    spoken = sentence.locator(".spoken")
    assert "Kuleba" in spoken.inner_text()
    sentence.locator("button.play").click()
    assert _duration(page) > 1.0

    # click a word: the editor; preview with a respelling: the spoken form changes, audio plays
    sentence.locator("span.w[data-word='Kuleba']").click()
    page.wait_for_selector("dialog#editor[open]")
    page.fill("input[name=respelling]", "Kulehba")
    page.evaluate("document.getElementById('player').removeAttribute('src')")
    page.click("#preview")
    page.wait_for_function(
        "document.getElementById('preview-spoken').textContent.includes('Kulehba')"
    )
    assert _duration(page) > 1.0
    page.screenshot(path=str(shots / "editor.png"), full_page=True)

    # save: lexicon.tsv keeps its comments and order; exactly the affected sentences change
    page.click("#save")
    page.wait_for_selector("#message:not([hidden])")
    assert page.locator("#message").inner_text() == (
        "saved Kuleba: 3 sentences in 2 articles changed"
    )
    lexicon = (project / "lexicon.tsv").read_text("utf-8").splitlines()
    header = "word\trespelling\tipa\tlang\tnote"
    assert lexicon[:3] == ["# Aussprache des Prüfstands", "# Namen", header]
    assert lexicon[-1] == "Kuleba\tKulehba\t-\t-\t"
    changed = page.locator("li.sentence.changed")
    assert changed.count() == 1
    assert "Kulehba" in changed.locator(".spoken").inner_text()
    page.screenshot(path=str(shots / "article.png"), full_page=True)

    page.goto(studio)
    assert page.locator("tr.article .state").all_inner_texts() == ["changed", "changed"]

    # build from the page: only the two changed sentences not yet heard are synthesized
    page.click("#build")
    page.wait_for_selector("#build-status[data-done]", timeout=120_000)
    summary = page.locator("#build-status").inner_text()
    assert summary.startswith("built 2 articles (0 failed), synthesized 2 of 11 sentences"), summary
    page.goto(studio)
    assert page.locator("tr.article .state").all_inner_texts() == ["built", "built"]
    assert outside == []  # nothing from any other host
    context.close()


def test_bad_entry_is_a_message_in_the_page(browser: Any, studio: str) -> None:
    page = browser.new_page()
    page.goto(studio + "article/waffenruhe")
    page.locator("span.w[data-word='Kuleba']").first.click()
    page.click("#save")  # neither respelling nor IPA
    page.wait_for_selector("#editor-error:not([hidden])")
    problem = page.locator("#editor-error").inner_text()
    assert "give a respelling, an IPA transcription or a language" in problem
    page.goto(studio + "article/nicht-da")
    assert "no such article" in page.locator(".failure").inner_text()
    page.close()


def test_requests_without_token_or_with_foreign_host_are_refused(
    studio: str, project: Path
) -> None:
    token = _token(studio)
    body = json.dumps({"word": "Kuleba", "respelling": "Kulehba"}).encode()
    json_type = {"Content-Type": "application/json"}
    status, answer = _request(studio + "api/lexicon", body, **json_type)
    assert status == 403 and b"CSRF" in answer
    status, _ = _request(studio + "api/lexicon", body, **json_type, **{"X-CSRF-Token": "x" * 43})
    assert status == 403
    form = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": token}
    status, _ = _request(studio + "api/lexicon", body, **form)
    assert status == 403
    status, _ = _request(studio + "api/build", b"{}", **json_type)
    assert status == 403
    assert "Kuleba\t" not in (project / "lexicon.tsv").read_text("utf-8")

    status, _ = _request(studio, Host="evil.example")
    assert status == 400
    status, _ = _request(studio + "audio/waffenruhe/0.wav", Host="evil.example:80")
    assert status == 400

    status, answer = _request(studio + "api/lexicon", body, **json_type, **{"X-CSRF-Token": token})
    assert status == 200, answer
    assert json.loads(answer)["articles"] == ["verhandlungen", "waffenruhe"]


def test_no_path_outside_the_project(studio: str) -> None:
    for path in (
        "static/../../../../etc/passwd",
        "static/%2e%2e/%2e%2e/app.py",
        "audio/..%2f..%2fvorleser.toml/0.wav",
        "article/..%2f..%2fetc%2fpasswd",
    ):
        status, body = _request(studio + path)
        assert status == 404, path
        assert b"root:" not in body and b"[podcast]" not in body


def test_an_article_edited_on_disk_is_seen(studio: str, project: Path) -> None:
    status, body = _request(studio + "article/waffenruhe")
    assert status == 200 and "Landtag" not in body.decode()
    path = project / "articles" / "waffenruhe.md"
    path.write_text(path.read_text("utf-8") + "\nDer Landtag tagte bis 23 Uhr.\n", "utf-8")
    status, body = _request(studio + "article/waffenruhe")
    assert "dreiundzwanzig Uhr" in body.decode()


def test_a_foreign_word_entry_and_a_bad_one(studio: str, project: Path) -> None:
    """An entry with a language makes the word a foreign word; a bad one writes nothing."""
    token = _token(studio)
    headers = {"Content-Type": "application/json", "X-CSRF-Token": token}
    before = (project / "lexicon.tsv").read_text("utf-8")
    bad = json.dumps({"word": "Mearsheimer", "lang": "Englisch!"}).encode()
    status, answer = _request(studio + "api/lexicon", bad, **headers)
    assert status == 400 and b"lang" in answer
    assert (project / "lexicon.tsv").read_text("utf-8") == before

    entry = {"slug": "waffenruhe", "index": 1, "word": "Mearsheimer", "lang": "en"}
    status, _ = _request(studio + "api/preview", json.dumps(entry).encode(), **headers)
    assert status == 200
    status, answer = _request(studio + "api/lexicon", json.dumps(entry).encode(), **headers)
    assert status == 200, answer
    changed = json.loads(answer)["changed"]
    assert len(changed) == 3 and all("⟨en:Mearsheimer" in c["spoken"] for c in changed)
    assert (project / "lexicon.tsv").read_text("utf-8").endswith("Mearsheimer\t-\t-\ten\t\n")
    _, page = _request(studio)
    assert "Mearsheimer" not in page.decode().split("Words to check")[1]
