"""`vorleser init`, and imports that initialize a project from the source's own metadata."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from vorleser.cli import cli
from vorleser.config import load_config
from vorleser.normalize import Normalizer
from wordpress.server import Page, serve


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_a_project_that_validates(tmp_path: Path) -> None:
    project = tmp_path / "kommentare"
    code, out, err = _run(
        "init", str(project), "--title", "Zwischenrufe", "--link", "https://zwischenrufe.example"
    )
    assert code == 0, out + err
    assert "initialized" in out and "vorleser.toml" in out
    assert "podcast.email is a placeholder" in out  # the notes say what to change
    config = load_config(project)
    assert config.podcast.title == "Zwischenrufe"
    assert config.podcast.base_url == "https://zwischenrufe.example/podcast/"
    assert config.podcast.language == "de"
    assert (project / "articles").is_dir()
    text = (project / "vorleser.toml").read_text("utf-8")
    for key in ("title", "description", "author", "email", "base_url"):  # every required key
        assert f"\n{key} = " in text
    assert all(line.startswith("#") for line in text.splitlines() if line.startswith("# "))
    # the lexicon has its header and one example row, and the normalizer reads it
    assert "\nword\trespelling\tipa\tnote\n" in (project / "lexicon.tsv").read_text("utf-8")
    spoken = Normalizer("de", project).normalize("Sahra Wagenknecht sprach.")
    assert "Waagenknecht" in spoken


def test_init_never_overwrites_a_project(tmp_path: Path) -> None:
    (tmp_path / "vorleser.toml").write_text("# meine Einstellungen\n", "utf-8")
    code, _, err = _run("init", str(tmp_path))
    assert code == 1
    assert err.startswith("Error: ") and "already exists" in err and len(err.splitlines()) == 1
    assert (tmp_path / "vorleser.toml").read_text("utf-8") == "# meine Einstellungen\n"


def _cover(size: tuple[int, int]) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", size, (20, 60, 120)).save(data, "PNG")
    return data.getvalue()


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel>
  <title>Grenzland-Notizen</title>
  <link>{base}/</link>
  <description>Kommentare über Nachbarn und Grenzen.</description>
  <language>de-AT</language>
  <managingEditor>redaktion@grenzland.example (Redaktion Grenzland)</managingEditor>
  <image><url>{base}/{image}</url><title>Grenzland</title><link>{base}/</link></image>
  <item>
    <title>Der Waffenstillstand von 1996</title>
    <link>{base}/waffenstillstand</link>
    <guid>{base}/?p=7</guid>
    <content:encoded><![CDATA[<p>Etwa 150.000 Menschen verließen damals die Region. Viele
    kehrten erst Jahre später zurück, manche nie.</p>]]></content:encoded>
  </item>
</channel>
</rss>
"""


def test_import_into_an_empty_folder_initializes_it_from_the_feed(tmp_path: Path) -> None:
    routes = {"/logo.png": Page(_cover((1400, 1400)), content_type="image/png")}
    with serve(routes) as server:
        feed = FEED.format(base=server.base, image="logo.png").encode()
        routes["/feed/"] = Page(feed, content_type="application/rss+xml")
        code, out, err = _run("import", "feed", server.url("/feed/"), str(tmp_path / "neu"))
    assert code == 0, out + err
    assert "initialized" in out and "1 added" in out
    config = load_config(tmp_path / "neu")
    podcast = config.podcast
    assert (podcast.title, podcast.language) == ("Grenzland-Notizen", "de")
    assert podcast.description == "Kommentare über Nachbarn und Grenzen."
    assert (podcast.author, podcast.email) == ("Redaktion Grenzland", "redaktion@grenzland.example")
    assert podcast.base_url == server.base + "/podcast/"
    assert config.get("podcast", "cover") == "cover.png"
    assert Image.open(tmp_path / "neu" / "cover.png").size == (1400, 1400)
    raw = tomllib.loads((tmp_path / "neu" / "vorleser.toml").read_text("utf-8"))
    assert raw["sync"]["feeds"] == [server.url("/feed/")]


def test_a_logo_that_is_no_cover_is_left_out_with_a_note(tmp_path: Path) -> None:
    routes = {"/logo.png": Page(_cover((300, 120)), content_type="image/png")}
    with serve(routes) as server:
        feed = FEED.format(base=server.base, image="logo.png").encode()
        routes["/feed/"] = Page(feed, content_type="application/rss+xml")
        code, out, err = _run("import", "feed", server.url("/feed/"), str(tmp_path))
    assert code == 0, out + err
    assert "no podcast cover" in out
    assert load_config(tmp_path).get("podcast", "cover") == ""
    assert not list(tmp_path.glob("cover.*"))
