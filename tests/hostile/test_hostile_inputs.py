"""Hostile files and imports: binary data under a text suffix, special files, oversized
articles, the URL allow-list table (urls.jsonl), feeds with forbidden characters, XXE and
entity bombs, the output folder among the articles, and take-down through re-imports."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import zipfile
from pathlib import Path

import pytest
from hostile_support import HERE, assert_published_safely, assert_xml_safe

from vorleser.errors import ArticleError
from vorleser.ingest import find_articles, hygiene, read_article
from vorleser.ingest.export import ExportReport, Harvest, ImportedArticle, export, load_index
from vorleser.ingest.feed import parse_feed
from vorleser.ingest.markdown import parse_markdown
from vorleser.publish.urls import safe_url

TEXT = "Der Waffenstillstand von 1996 hielt nicht lange. Etwa 150.000 Russen verließen das Land."
URLS = [json.loads(line) for line in (HERE / "urls.jsonl").read_text("utf-8").splitlines()]


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.md", TEXT)
    return buf.getvalue()


BINARIES = {
    "gzip": gzip.compress(TEXT.encode() * 50),
    "bzip2": bz2.compress(TEXT.encode() * 50),
    "xz": lzma.compress(TEXT.encode() * 50),
    "zip": _zip(),
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    "png": b"\x89PNG\r\n\x1a\n" + bytes(200),
    "jpeg": b"\xff\xd8\xff\xe0" + bytes(200),
    "mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + os.urandom(400),
    "ogg": b"OggS" + os.urandom(400),
    "wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(200),
    "elf": b"\x7fELF\x02\x01\x01" + bytes(200),
    "sqlite": b"SQLite format 3\x00" + bytes(200),
    "random": bytes(range(256)) * 8,
    "nul-bytes": b"Text" + bytes(2000),
    "zstd": b"(\xb5/\xfd" + os.urandom(300),
}


@pytest.mark.parametrize("suffix", [".md", ".html"])
@pytest.mark.parametrize("kind", sorted(BINARIES))
def test_binary_file_under_a_text_name_is_not_text(kind: str, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"artikel{suffix}"
    path.write_bytes(BINARIES[kind])
    with pytest.raises(ArticleError, match="not text") as info:
        read_article(str(path))
    assert info.value.where == str(path)


@pytest.mark.parametrize("bom", ["utf-8-sig", "utf-16"])
def test_text_with_a_byte_order_mark_is_text(bom: str, tmp_path: Path) -> None:
    path = tmp_path / "artikel.html"
    page = f"<html><body><article><h1>Titel</h1><p>{TEXT}</p><p>{TEXT}</p></article></body></html>"
    path.write_bytes(page.encode(bom))
    assert read_article(str(path)).title == "Titel"


def test_a_fifo_named_md_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "artikel.md"
    os.mkfifo(fifo)
    with pytest.raises(ArticleError, match="not a regular file"):
        read_article(str(fifo))


@pytest.mark.parametrize("special", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_a_device_is_never_read_as_an_article(special: str) -> None:
    with pytest.raises(ArticleError, match=r"regular file|unsupported"):
        read_article(special)


def test_a_folder_named_md_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ordner.md").mkdir()
    with pytest.raises(ArticleError, match="folder"):
        read_article(str(tmp_path / "ordner.md"))


def test_an_article_over_max_bytes_is_refused_with_the_setting_named(tmp_path: Path) -> None:
    path = tmp_path / "lang.md"
    path.write_text("# Titel\n\n" + (TEXT + "\n\n") * 200, "utf-8")
    with pytest.raises(ArticleError, match=r"too large .*\[articles\] max_bytes"):
        read_article(str(path), max_bytes=1000)
    assert read_article(str(path), max_bytes=1_000_000).title == "Titel"


@pytest.mark.parametrize(("url", "allowed"), URLS, ids=[repr(u)[:40] for u, _ in URLS])
def test_url_allow_list(url: str, allowed: bool) -> None:
    assert (safe_url(url) is not None) == allowed


def test_output_folder_inside_the_articles_is_never_read(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    (articles / "site" / "minsk").mkdir(parents=True)
    (articles / "a.md").write_text(f"# A\n\n{TEXT}\n", "utf-8")
    (articles / "site" / "minsk" / "index.html").write_text("<p>gebaut</p>", "utf-8")
    (articles / "site" / "index.html").write_text("<p>gebaut</p>", "utf-8")
    assert find_articles([articles], skip=(articles / "site",)) == [articles / "a.md"]


def test_output_folder_equal_to_the_article_folder_skips_only_built_files(tmp_path: Path) -> None:
    for name in ("a.md", "b.html", "index.html", "minsk/index.html", "episodes/x.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", "utf-8")
    found = find_articles([tmp_path], skip=(tmp_path,))
    assert found == [tmp_path / "a.md", tmp_path / "b.html"]


# --- feeds ------------------------------------------------------------------------------------

ITEM = (
    "<item><title>{title}</title><link>https://example.org/{n}</link><guid>g{n}</guid>"
    "<content:encoded><![CDATA[{body}]]></content:encoded></item>"
)


def _feed(*items: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>K</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8")


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Minsk\x1b III", f"<p>{TEXT}</p>"),
        ("Minsk&#27; III", f"<p>{TEXT}</p>"),
        ("Minsk&#x8; III", f"<p>{TEXT}</p>"),
        ("Minsk III", f"<p>Ein\x08 Absatz. {TEXT}</p>"),
        ("Minsk III", f"<p>Ein&#x1b; Absatz. {TEXT}</p>"),
        ("Minsk III", f"<p>{TEXT}</p><p><a href='javascript:alert(1)'>Mehr</a></p>"),
        (
            "Minsk III",
            f"<p>{TEXT}</p><h2>Mehr zum Thema</h2>"
            "<ul><li><a href='data:text/html,x'>x</a></li></ul>",
        ),
        ("Minsk III", f"<p>{TEXT}</p><script>window.__pwned=1</script>"),
        ("Minsk \ufffe III", f"<p>{TEXT}</p>"),
    ],
    ids=[
        "raw-esc",
        "ref-esc",
        "ref-bs",
        "body-bs",
        "body-ref",
        "js-link",
        "data-related",
        "script",
        "fffe",
    ],
)
def test_feed_items_with_hostile_text_import_cleanly(title: str, body: str, tmp_path: Path) -> None:
    harvest = parse_feed(_feed(ITEM.format(title=title, n=1, body=body)), "feed.xml")
    assert not harvest.failures, harvest.failures
    assert len(harvest.articles) == 1
    report = export(tmp_path, harvest)
    assert report.added
    text = (tmp_path / "articles" / f"{report.added[0]}.md").read_text("utf-8")
    assert hygiene.clean_text(text) == text
    article = read_article(str(tmp_path / "articles" / f"{report.added[0]}.md"))
    assert "Minsk" in article.title
    assert_xml_safe(article)
    assert_published_safely(article, tmp_path)


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcde", "bcdef", strict=True)
        )
        + "]>",
    ],
    ids=["xxe", "billion-laughs"],
)
def test_feed_entities_are_never_expanded(prolog: str) -> None:
    ref = "&x;" if "SYSTEM" in prolog else "&f;"
    data = _feed(ITEM.format(title=f"T {ref}", n=1, body=f"<p>{TEXT}</p>"), prolog=prolog)
    try:
        harvest = parse_feed(data, "feed.xml")
    except ArticleError:
        return
    for article in harvest.articles:
        assert "root:" not in str(article.meta) and len(str(article.meta)) < 10_000


@pytest.mark.parametrize(
    "date",
    ["Mon, 30 Feb 2026 10:00:00 +0000", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"],
)
def test_feed_item_with_an_impossible_date_is_an_item_error(date: str, tmp_path: Path) -> None:
    item = ITEM.format(title="T", n=1, body=f"<p>{TEXT}</p>").replace(
        "</guid>", f"</guid><pubDate>{date}</pubDate>"
    )
    harvest = parse_feed(_feed(item, ITEM.format(title="Gut", n=2, body=f"<p>{TEXT}</p>")), "f")
    report = export(tmp_path, harvest)
    assert len(report.added) == 1 and len(report.failures) == 1
    assert "date" in str(report.failures[0])


# --- take-down through re-imports -------------------------------------------------------------


def _harvest(*numbers: int) -> Harvest:
    return Harvest(
        tuple(
            ImportedArticle(
                key=f"https://example.org/?p={n}",
                source=f"https://example.org/{n}",
                meta={"title": f"Folge {n}"},
                body=f"{TEXT} Folge {n}.",
                slug_hint=f"folge-{n}",
            )
            for n in numbers
        )
    )


def test_a_deleted_import_stays_deleted_until_restored(tmp_path: Path) -> None:
    assert export(tmp_path, _harvest(1, 2)).added == ("folge-1", "folge-2")
    (tmp_path / "articles" / "folge-1.md").unlink()
    again = export(tmp_path, _harvest(1, 2, 3))
    assert again.withdrawn == ("folge-1",) and again.added == ("folge-3",)
    assert not (tmp_path / "articles" / "folge-1.md").exists()
    assert load_index(tmp_path)["https://example.org/?p=1"]["deleted"] is True
    assert export(tmp_path, _harvest(1)).withdrawn == ("folge-1",)  # still gone
    restored = export(tmp_path, _harvest(1), restore=True)
    assert restored.added or restored.updated
    assert (tmp_path / "articles" / "folge-1.md").exists()
    assert "deleted" not in load_index(tmp_path)["https://example.org/?p=1"]


def test_a_tombstoned_slug_is_not_given_to_a_new_item(tmp_path: Path) -> None:
    export(tmp_path, _harvest(1))
    (tmp_path / "articles" / "folge-1.md").unlink()
    export(tmp_path, _harvest(1))
    other = Harvest(
        (ImportedArticle("https://example.org/?p=9", "s", {"title": "x"}, TEXT, "folge-1"),)
    )
    assert export(tmp_path, other).added == ("folge-1-2",)


def test_export_report_names_withdrawn_items() -> None:
    assert "1 withdrawn" in ExportReport(withdrawn=("a",)).summary()


def test_parse_markdown_cleans_defaults_too() -> None:
    article = parse_markdown(TEXT, "x.md", defaults={"title": "T\x1bitel", "author": "A\x08nna"})
    assert article.title == "Titel" and article.author == "Anna"


def test_an_old_built_site_among_the_articles_is_never_read(tmp_path: Path) -> None:
    old = tmp_path / "articles" / "alte-ausgabe"
    (old / "episodes").mkdir(parents=True)
    for name in ("feed.xml", "index.html", "minsk/index.html"):
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_text("<p>gebaut</p>", "utf-8")
    (tmp_path / "articles" / "a.md").write_text(f"# A\n\n{TEXT}\n", "utf-8")
    assert find_articles([tmp_path / "articles"]) == [tmp_path / "articles" / "a.md"]
