"""`vorleser publish wordpress` and `vorleser sync` against a real WordPress on 127.0.0.1.

One WordPress (Debian's package, tests/wordpress/) serves the whole module, with the companion
plugin from contrib/wordpress-plugin installed and activated as a publisher would. Posts are
written through WordPress's own PHP API, imported, built with espeak-ng and published back; the
checks read what a visitor and a podcast app read: the post's page over HTTP, the MP3 behind
its player, and WordPress's /feed/ parsed by feedparser and podcastparser.
"""

from __future__ import annotations

import io
import re
import shutil
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import podcastparser
import pytest
from click.testing import CliRunner

from vorleser.cli import cli
from vorleser.config import load_config
from vorleser.wpublish.publish import publish_wordpress, spec_from_config
from vorleser.wpublish.rest import WordPressClient
from wordpress import site as wpsite
from wordpress.server import Page, Route, serve

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "contrib" / "wordpress-plugin" / "vorleser-audio"
THEME = Path(__file__).parent / "wordpress" / "theme" / "vorleser-test"
reason = wpsite.unavailable_reason()
pytestmark = pytest.mark.skipif(reason is not None, reason=f"WordPress test site {reason}")

GRENZE = {
    "title": "Die Grenze als Alltag",
    "slug": "grenze-als-alltag",
    "author": "Katalin Varga",
    "date": "2024-06-03 08:00:00",
    "content": (
        "<!-- wp:paragraph --><p>An der Oder zählt man rund 12.000 Pendler am Tag. Die meisten "
        "kommen morgens und fahren abends zurück.</p><!-- /wp:paragraph -->"
    ),
}
WAHL = {
    "title": "Nach der Wahl ist vor der Wahl",
    "slug": "nach-der-wahl",
    "author": "Miklós Szabó",
    "date": "2024-06-10 09:30:00",
    "content": "<p>Die Beteiligung lag bei 61 Prozent.</p>\n\n<p>Das ist mehr als 2019.</p>",
}


@dataclass
class Loop:
    """The running site, a login that may publish, and a project that imported from it."""

    site: wpsite.WordPressSite
    ids: dict[str, int]
    user: str
    password: str
    project: Path

    def publish(self, *extra: str) -> tuple[int, str, str]:
        args = ["publish", "wordpress", self.site.url, str(self.project)]
        login = ["--user", self.user, "--app-password", self.password]
        return _run(*args, *login, *extra)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return bytes(response.read())


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[wpsite.WordPressSite]:
    site = wpsite.start(tmp_path_factory.mktemp("wordpress"))
    try:
        shutil.copytree(PLUGIN, Path(site.env["VORLESER_WP_CONTENT"]) / "plugins" / PLUGIN.name)
        site.php("plugin", PLUGIN.name)
        shutil.copytree(THEME, Path(site.env["VORLESER_WP_CONTENT"]) / "themes" / THEME.name)
        site.php("theme", THEME.name)
        mu_plugins = Path(site.env["VORLESER_WP_CONTENT"]) / "mu-plugins"
        mu_plugins.mkdir()
        shutil.copy(Path(__file__).parent / "wordpress" / "german-locale.php", mu_plugins)
        site.php("option", "blogdescription", "Nachrichten und Kommentare aus Mitteleuropa")
        site.php("permalinks", "/%postname%/")  # as most sites: /feed/, /slug/
        yield site
    finally:
        site.stop()


@pytest.fixture(scope="module")
def loop(wordpress: wpsite.WordPressSite, tmp_path_factory: pytest.TempPathFactory) -> Loop:
    ids = {post["slug"]: wordpress.php("post", data=post)["id"] for post in (GRENZE, WAHL)}
    login = wordpress.php("user", "redaktion2", "editor")
    project = tmp_path_factory.mktemp("project")
    code, out, err = _run("import", "wordpress", wordpress.url, str(project), "--delay", "0")
    assert code == 0, out + err
    code, out, err = _run("build", str(project), "-q")
    assert code == 0, out + err
    return Loop(wordpress, ids, login["user"], login["password"], project)


def _stored(loop: Loop, slug: str) -> dict[str, Any]:
    return dict(loop.site.php("get", str(loop.ids[slug])))


def _player_src(loop: Loop, slug: str) -> str:
    page = _get(f"{loop.site.url}/?p={loop.ids[slug]}")
    tree = lxml.html.fromstring(page)
    sources = tree.xpath("//figure[contains(@class, 'wp-block-audio')]/audio/@src")
    assert len(sources) == 1, page.decode()[:3000]
    assert "Dieser Beitrag ist auch als Audio-Podcast verfügbar." in tree.text_content()
    links = tree.xpath("//p[contains(@class, 'vorleser-audio-links')]/a")
    assert [a.text_content() for a in links] == ["In neuem Fenster abspielen", "Herunterladen"]
    return str(sources[0])


def _mp3(loop: Loop, slug: str) -> bytes:
    return (loop.project / "site" / "episodes" / f"{slug}.mp3").read_bytes()


def test_init_from_the_import_used_the_sites_own_metadata(loop: Loop) -> None:
    toml = (loop.project / "vorleser.toml").read_text("utf-8")
    assert 'title = "Ostblick"' in toml and 'language = "de"' in toml, toml
    assert 'description = "Nachrichten und Kommentare aus Mitteleuropa"' in toml
    assert f'wordpress = "{loop.site.url}"' in toml
    assert (loop.project / "lexicon.tsv").read_text("utf-8").count("\t") >= 6


def test_dry_run_says_what_would_change_and_changes_nothing(loop: Loop) -> None:
    before = _stored(loop, "nach-der-wahl")["content"]
    code, out, err = loop.publish("--dry-run")
    assert code == 0, out + err
    assert "would upload: nach-der-wahl.mp3" in out and "would update: post" in out
    assert "would publish to WordPress: 2 posts changed" in out
    assert _stored(loop, "nach-der-wahl")["content"] == before


def test_publish_puts_a_player_on_the_page_and_the_mp3_in_the_feed(loop: Loop) -> None:
    originals = {slug: _stored(loop, slug)["content"] for slug in loop.ids}
    code, out, err = loop.publish()
    assert code == 0, out + err
    assert "published to WordPress: 2 posts changed, 0 unchanged" in out, out
    assert not err, err  # the companion plugin is active: no warning
    for slug in loop.ids:
        src = _player_src(loop, slug)
        assert _get(src) == _mp3(loop, slug)
        stored = _stored(loop, slug)["content"]
        assert stored.startswith("<!-- vorleser-audio begin")
        assert stored.endswith(originals[slug])  # the rest of the post is untouched
    # block posts get WordPress's audio block, classic posts the same HTML without comments
    assert "<!-- wp:audio" in _stored(loop, "grenze-als-alltag")["content"]
    assert "<!-- wp:" not in _stored(loop, "nach-der-wahl")["content"]

    feed = _get(f"{loop.site.url}/feed/")
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.bozo_exception
    by_title = {e.title: e for e in parsed.entries}
    for slug, post in (("grenze-als-alltag", GRENZE), ("nach-der-wahl", WAHL)):
        (enclosure,) = by_title[post["title"]].enclosures
        assert enclosure.type == "audio/mpeg"
        assert int(enclosure.length) == len(_mp3(loop, slug))
        assert _get(enclosure.href) == _mp3(loop, slug)
    podcast = podcastparser.parse(f"{loop.site.url}/feed/", io.BytesIO(feed))
    assert {e["title"]: e["enclosures"][0]["file_size"] for e in podcast["episodes"]} == {
        post["title"]: len(_mp3(loop, slug))
        for slug, post in (("grenze-als-alltag", GRENZE), ("nach-der-wahl", WAHL))
    }
    # a re-import does not read the block aloud: nothing changed for the build
    code, out, err = _run("import", "wordpress", loop.site.url, str(loop.project), "--delay", "0")
    assert code == 0 and "0 added, 0 updated, 2 unchanged" in out, out + err

    code, out, err = loop.publish()
    assert code == 0, out + err
    assert out.splitlines() == [
        "published to WordPress: 0 posts changed, 2 unchanged, 0 withdrawn, 0 failed"
    ]


def test_an_edited_article_replaces_the_audio_and_keeps_one_block(loop: Loop) -> None:
    code, out, err = loop.publish()
    assert code == 0, out + err
    old_src = _player_src(loop, "nach-der-wahl")
    edited = _stored(loop, "nach-der-wahl")["content"].replace("61 Prozent", "64 Prozent")
    loop.site.php("update", data={"id": loop.ids["nach-der-wahl"], "content": edited})
    assert _run("import", "wordpress", loop.site.url, str(loop.project), "--delay", "0")[0] == 0
    code, out, err = _run("build", str(loop.project), "-q")
    assert code == 0, out + err

    code, out, err = loop.publish()
    assert code == 0, out + err
    assert "1 posts changed, 1 unchanged" in out and "deleted: media" in out, out
    stored = _stored(loop, "nach-der-wahl")["content"]
    assert stored.count("vorleser-audio begin") == 1 and "64 Prozent" in stored
    new_src = _player_src(loop, "nach-der-wahl")
    assert new_src != old_src and _get(new_src) == _mp3(loop, "nach-der-wahl")
    assert not _upload_file(loop, old_src).exists()  # the old file left the media library
    assert _upload_file(loop, new_src).exists()
    feed = feedparser.parse(_get(f"{loop.site.url}/feed/"))
    (entry,) = [e for e in feed.entries if e.title == WAHL["title"]]
    assert [e.href for e in entry.enclosures] == [new_src]


class _EditorSavesMeanwhile(WordPressClient):
    """The real client, while an editor saves the post right after vorleser first reads it."""

    def __init__(self, loop: Loop, post: int) -> None:
        super().__init__(loop.site.url, loop.user, loop.password)
        self.loop, self.post, self.edited = loop, post, False

    def get(self, route: str, query: Mapping[str, str] | None = None) -> Any:
        answer = super().get(route, query)
        if route == f"/wp/v2/posts/{self.post}" and not self.edited:
            self.edited = True
            later = answer["content"]["raw"] + "<p>Nachtrag der Redaktion.</p>"
            self.loop.site.php("update", data={"id": self.post, "content": later})
        return answer


def test_a_post_edited_while_publishing_is_left_alone_and_retried(loop: Loop) -> None:
    post = {
        "title": "Ein Abend in Frankfurt (Oder)",
        "slug": "abend-in-frankfurt",
        "author": "Katalin Varga",
        "content": "<p>Am Abend schließen die Läden um 20 Uhr, die Brücke bleibt belebt.</p>",
    }
    loop.ids[post["slug"]] = loop.site.php("post", data=post)["id"]
    assert _run("import", "wordpress", loop.site.url, str(loop.project), "--delay", "0")[0] == 0
    assert _run("build", str(loop.project), "-q")[0] == 0
    config = load_config(loop.project)
    spec = spec_from_config(config, loop.site.url, None, loop.user, loop.password)
    report = publish_wordpress(spec, _EditorSavesMeanwhile(loop, loop.ids[post["slug"]]))
    (failure,) = report.failures
    assert "was edited while publishing" in str(failure) and "tried again next run" in str(failure)
    stored = _stored(loop, "abend-in-frankfurt")["content"]
    assert "vorleser-audio" not in stored and "Nachtrag der Redaktion." in stored

    code, out, err = loop.publish()  # the next run: the upload is reused, the block goes in
    assert code == 0, out + err
    assert "uploaded:" not in out and "1 posts changed" in out
    stored = _stored(loop, "abend-in-frankfurt")["content"]
    assert stored.count("vorleser-audio begin") == 1 and "Nachtrag der Redaktion." in stored

    # without vorleser's own record, the post's field tells what was uploaded: nothing again
    (loop.project / ".vorleser" / "wordpress.json").unlink()
    code, out, err = loop.publish()
    assert code == 0, out + err
    assert "uploaded:" not in out and " 0 posts changed" in out, out


def test_without_the_plugin_posts_get_the_player_and_the_feed_waits(loop: Loop) -> None:
    post = {
        "title": "Pendler im Nebel",
        "slug": "pendler-im-nebel",
        "author": "Miklós Szabó",
        "content": "<p>Um sechs Uhr früh stehen an der Brücke schon 300 Autos im Nebel.</p>",
    }
    loop.ids[post["slug"]] = loop.site.php("post", data=post)["id"]
    assert _run("import", "wordpress", loop.site.url, str(loop.project), "--delay", "0")[0] == 0
    assert _run("build", str(loop.project), "-q")[0] == 0
    loop.site.php("plugin", PLUGIN.name, "off")
    try:
        code, out, err = loop.publish()
        assert code == 0, out + err
        assert "Warning:" in err and "companion plugin vorleser-audio is not active" in err
        assert _get(_player_src(loop, "pendler-im-nebel")) == _mp3(loop, "pendler-im-nebel")
        feed = feedparser.parse(_get(f"{loop.site.url}/feed/"))
        (entry,) = [e for e in feed.entries if e.title == post["title"]]
        assert entry.enclosures == []
    finally:
        loop.site.php("plugin", PLUGIN.name)
    code, out, err = loop.publish()  # with the plugin again, the enclosure follows
    assert code == 0 and not err, out + err
    assert f"updated: post {loop.ids['pendler-im-nebel']} " in out and "uploaded:" not in out
    feed = feedparser.parse(_get(f"{loop.site.url}/feed/"))
    (entry,) = [e for e in feed.entries if e.title == post["title"]]
    assert int(entry.enclosures[0].length) == len(_mp3(loop, "pendler-im-nebel"))


def test_errors_are_one_line_each(loop: Loop) -> None:
    args = ["publish", "wordpress", loop.site.url, str(loop.project)]
    code, _, err = _run(*args, "--user", loop.user, "--app-password", "falsch falsch")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "login refused for user 'redaktion2'" in err and "HTTP 401" in err

    writer = loop.site.php("user", "gastautorin", "contributor")
    code, _, err = _run(*args, "--user", writer["user"], "--app-password", writer["password"])
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "user 'gastautorin' may not upload files (needs upload_files" in err


def test_withdrawn_episode_leaves_the_post_as_it_was(loop: Loop) -> None:
    assert loop.publish()[0] == 0
    article = loop.project / "articles" / "grenze-als-alltag.md"
    saved = article.read_text("utf-8")
    article.unlink()
    try:
        assert _run("build", str(loop.project), "-q")[0] == 0
        code, out, err = loop.publish()
        assert code == 0, out + err
        assert "withdrawn: post" in out and "1 withdrawn" in out
        assert _stored(loop, "grenze-als-alltag")["content"] == GRENZE["content"]
        feed = feedparser.parse(_get(f"{loop.site.url}/feed/"))
        (entry,) = [e for e in feed.entries if e.title == GRENZE["title"]]
        assert entry.enclosures == []
    finally:
        article.write_text(saved, "utf-8")


def _upload_file(loop: Loop, url: str) -> Path:
    """Where WordPress keeps the file behind a /wp-content/ URL of the test site."""
    relative = url.split("/wp-content/", 1)[1]
    return Path(loop.site.env["VORLESER_WP_CONTENT"]) / relative


TEASER_PAGE = """<!DOCTYPE html><html lang="de"><head><title>Minsk III? | Grenzland</title>
<meta property="og:title" content="Minsk III?"><meta name="author" content="Jan Nowak"></head>
<body><nav><a href="/">Start</a></nav><main><article><h1>Minsk III?</h1>
<p>Ein Beitrag von Jan Nowak.</p>
<p>Seit dem Waffenstillstand von 1996 hat kaum ein Abkommen so lange gehalten, wie seine
Verfasser hofften. Etwa 150.000 Menschen warten noch immer auf eine Rückkehr.</p>
<p>„Wir verhandeln, weil wir müssen“, sagte ein Diplomat am Rande der Gespräche.</p>
</article></main><footer>Impressum</footer></body></html>"""


def _feed(base: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}/{slug}</link><guid>{base}/{slug}</guid>"
        f"<description>{title}: eine kurze Einleitung […]</description></item>"
        for title, slug in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Grenzland</title><link>{base}/</link><description>Notizen</description>"
        f"<language>de</language>{entries}</channel></rss>"
    ).encode()


def _sync(loop: Loop, *extra: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(
        cli,
        ["sync", str(loop.project), *extra],
        env={"VORLESER_WP_APP_PASSWORD": loop.password},
    )
    return result.exit_code, (result.stdout + result.stderr).splitlines()


STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d ")


def test_two_sync_rounds_take_a_new_post_and_a_new_feed_item_to_the_public(loop: Loop) -> None:
    page = Page(TEASER_PAGE.encode())
    routes: dict[str, Route] = {"/minsk-iii": page, "/waffenruhe": page}
    with serve(routes) as server:
        routes["/feed.xml"] = Page(
            _feed(server.base, [("Minsk III?", "minsk-iii")]), content_type="application/rss+xml"
        )
        toml = loop.project / "vorleser.toml"
        toml.write_text(
            toml.read_text("utf-8").replace(
                "[sync]\n",
                f'[sync]\nfeeds = ["{server.url("/feed.xml")}"]\ndeploy_dir = "public"\n'
                'deploy_command = "echo ausgeliefert >> deploy.log"\n',
            )
            + f'\n[wordpress]\nuser = "{loop.user}"\n',
            "utf-8",
        )
        code, lines = _sync(loop)
        assert code == 0, "\n".join(lines)
        assert all(STAMP.match(line) for line in lines), lines
        assert re.search(r"sync ok in [\d.]+ s: imported 1 new", lines[-1]), lines[-1]
        public = loop.project / "public"
        assert (public / "feed.xml").read_bytes() == (
            loop.project / "site" / "feed.xml"
        ).read_bytes()
        assert (public / "episodes" / "minsk-iii.mp3").is_file()
        assert (loop.project / "deploy.log").read_text().splitlines() == ["ausgeliefert"]
        old_mp3 = (public / "episodes" / "minsk-iii.mp3").stat().st_ino

        # between the rounds: a new post on the site and a new item in the feed
        new = {
            "title": "Ein Sommer an der Neiße",
            "slug": "sommer-an-der-neisse",
            "author": "Katalin Varga",
            "content": "<p>Im Sommer 2024 fuhren täglich 40 Busse über die Grenze.</p>",
        }
        loop.ids[new["slug"]] = loop.site.php("post", data=new)["id"]
        routes["/feed.xml"] = Page(
            _feed(server.base, [("Minsk III?", "minsk-iii"), ("Waffenruhe", "waffenruhe")]),
            content_type="application/rss+xml",
        )
        code, lines = _sync(loop, "--every", "1s", "--rounds", "1")
        assert code == 0, "\n".join(lines)
    log = "\n".join(lines)
    assert "1 added" in log and "publish: updated: post" in log
    copied = [line.split("deploy: copied ", 1)[1] for line in lines if "deploy: copied " in line]
    assert copied[-1] == "feed.xml" and "episodes/sommer-an-der-neisse.mp3" in copied
    assert "episodes/minsk-iii.mp3" not in copied  # unchanged files are not copied again
    assert (public / "episodes" / "minsk-iii.mp3").stat().st_ino == old_mp3
    src = _player_src(loop, "sommer-an-der-neisse")
    assert _get(src) == _mp3(loop, "sommer-an-der-neisse")
    feed = feedparser.parse((public / "feed.xml").read_bytes())
    assert {"Ein Sommer an der Neiße", "Waffenruhe", "Minsk III?"} <= {
        e.title for e in feed.entries
    }


def test_a_failing_step_keeps_the_last_good_state_and_is_retried(loop: Loop) -> None:
    toml = loop.project / "vorleser.toml"
    code, lines = _sync(loop)  # the feed server of the test before is gone: that step fails
    assert code == 1 and "1 steps failed" in lines[-1]
    assert any(re.search(r" import feed http\S+ failed: .*cannot connect", ln) for ln in lines)
    assert any(re.search(r"built \d+ articles \(0 failed\)", line) for line in lines)
    good = re.sub(r"feeds = .*\n", "", toml.read_text("utf-8"))
    public_feed = loop.project / "public" / "feed.xml"
    before = public_feed.read_bytes()
    toml.write_text(good.replace("echo ausgeliefert", "exit 3; echo"), "utf-8")
    try:
        code, lines = _sync(loop)
        assert code == 1
        assert any("deploy command failed: exit status 3" in line for line in lines), lines
        assert "1 steps failed" in lines[-1]

        toml.write_text(good.replace('engine = "espeak"', 'engine = "espeak"\nrate = 9.0'), "utf-8")
        code, lines = _sync(loop)
        assert code == 1 and any("config failed" in line for line in lines), lines
        assert public_feed.read_bytes() == before
    finally:
        toml.write_text(good, "utf-8")
    code, lines = _sync(loop)
    assert code == 0, lines
    assert (loop.project / "deploy.log").read_text().splitlines()[-1] == "ausgeliefert"


def test_overlapping_rounds_are_skipped(loop: Loop) -> None:
    import fcntl

    lock = loop.project / ".vorleser" / "sync.lock"
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, lines = _sync(loop)
    assert code == 0
    assert len(lines) == 1 and lines[0].endswith("another sync of this project is still running")
