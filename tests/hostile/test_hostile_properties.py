"""Properties of the boundary on any input (hypothesis): the readers and the script never raise
anything but a VorleserError, what they hand on is XML-safe, and no URL outside the allow-list
reaches a page."""

from __future__ import annotations

import tempfile
from pathlib import Path

import lxml.etree
from hostile_support import assert_published_safely, assert_xml_safe, xml_safe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vorleser.errors import VorleserError
from vorleser.ingest import hygiene
from vorleser.ingest.feed import parse_feed
from vorleser.ingest.html import html_to_article
from vorleser.ingest.markdown import parse_markdown
from vorleser.normalize import Normalizer
from vorleser.publish.urls import ALLOWED_SCHEMES, safe_url
from vorleser.script import ScriptSettings, make_script
from vorleser.script.sentences import split_sentences

NORMALIZER = Normalizer("de")
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
#: Markdown-ish soup: markup characters, controls, German words, links and front matter pieces.
PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "> ",
        "- ",
        "1. ",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "`",
        "|",
        "\n",
        "\n\n",
        "---\n",
        "title: ",
        "date: ",
        "related:\n  - url: ",
        "javascript:alert(1)",
        "https://example.org/a",
        "Mehr zum Thema",
        "Titelbild: ",
        "Ein Beitrag von Anna Weber.",
        "\x1b",
        "\x08",
        "\x00",
        "\ufffe",
        "\x0c",
        "Minsk III",
        "150.000",
        "1996",
        "„Zitat“",
        "<!--",
        "-->",
        "<script>",
        "&#27;",
        "\\",
        "2026-02-30",
        " ",
        "Der Pegel stieg.",
    ]
)
SOUP = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


def _article_or_error(text: str):  # type: ignore[no-untyped-def]
    try:
        return parse_markdown(text, "soup.md")
    except VorleserError:
        return None


@SETTINGS
@given(SOUP)
def test_property_markdown_reader_never_raises_else_and_stays_xml_safe(text: str) -> None:
    article = _article_or_error(text)
    if article is not None:
        assert_xml_safe(article)


@SETTINGS
@given(st.text(max_size=300))
def test_property_markdown_reader_on_any_unicode(text: str) -> None:
    article = _article_or_error(text)
    if article is not None:
        assert_xml_safe(article)


@SETTINGS
@given(SOUP)
def test_property_pages_and_feeds_publish_only_allowed_urls(text: str) -> None:
    article = _article_or_error(text)
    if article is not None:
        with tempfile.TemporaryDirectory() as tmp:
            assert_published_safely(article, Path(tmp))


@SETTINGS
@given(SOUP)
def test_property_html_reader_never_raises_else(text: str) -> None:
    page = f"<html><body><article><h1>Titel</h1><p>{text}</p><p>{text}</p></article></body></html>"
    try:
        article = html_to_article(page, "seite.html")
    except VorleserError:
        return
    assert_xml_safe(article)


@SETTINGS
@given(SOUP, SOUP)
def test_property_feed_reader_never_raises_else(title: str, body: str) -> None:
    data = (
        "<rss><channel><item><title>"
        + title.replace("&", "&amp;").replace("<", "&lt;")
        + "</title><description>"
        + body.replace("&", "&amp;").replace("<", "&lt;")
        + "</description></item></channel></rss>"
    ).encode("utf-8", "surrogatepass")
    try:
        harvest = parse_feed(data, "feed.xml")
    except VorleserError:
        return
    assert_xml_safe([a.meta for a in harvest.articles])


@SETTINGS
@given(SOUP)
def test_property_script_never_raises_else_and_speaks_xml_safe_text(text: str) -> None:
    article = _article_or_error(text)
    if article is None:
        return
    try:
        script = make_script(
            article,
            ScriptSettings(podcast_title="Zwischenrufe"),
            lambda t: split_sentences(t, "de"),
            NORMALIZER.normalize,
        )
    except VorleserError:
        return
    for sentence in script.sentences:
        assert xml_safe(sentence.text) and xml_safe(sentence.spoken)


@SETTINGS
@given(st.text(max_size=200))
def test_property_clean_text_is_xml_safe_and_idempotent(text: str) -> None:
    cleaned = hygiene.clean_text(text)
    assert xml_safe(cleaned)
    assert hygiene.clean_text(cleaned) == cleaned


@SETTINGS
@given(st.text(max_size=100), st.sampled_from(["", "java\tscript:", "data:", " https://", "/"]))
def test_property_safe_url_allows_only_its_schemes(text: str, prefix: str) -> None:
    url = safe_url(prefix + text)
    if url is None:
        return
    head = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if ":" in head:
        assert head.split(":", 1)[0].lower() in ALLOWED_SCHEMES


@SETTINGS
@given(st.binary(max_size=400))
def test_property_clean_xml_bytes_makes_utf8_parseable(data: bytes) -> None:
    text = data.decode("utf-8", "replace").replace("&", "").replace("<", "").replace("]]>", "")
    cleaned = hygiene.clean_xml_bytes(f"<a>{text}</a>".encode())
    lxml.etree.fromstring(cleaned)
