"""`vorleser build examples`: the whole pipeline, checked through its real outputs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import feedparser
import podcastparser
import pytest
import webvtt
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from conftest import BuiltSite, run_vorleser

SUMMARY = re.compile(
    r"^built (\d+) articles \((\d+) failed\), synthesized (\d+) of (\d+) sentences, "
    r"(\d\d):(\d\d):(\d\d) of audio in [\d.]+ s$"
)


def _episodes(site: BuiltSite) -> list[Path]:
    return sorted((site.out / "episodes").glob("*.mp3"))


def test_summary_line_counts_real_work(built_site: BuiltSite) -> None:
    line = built_site.first.stdout.strip().splitlines()[-1]
    m = SUMMARY.match(line)
    assert m, line
    built, failed, synthesized, total = map(int, m.groups()[:4])
    assert (built, failed) == (3, 0)
    assert 0 < synthesized <= total
    assert sum(int(x) * f for x, f in zip(m.groups()[4:], (3600, 60, 1), strict=True)) > 60


def test_outputs_exist(built_site: BuiltSite) -> None:
    out = built_site.out
    for name in ("feed.xml", "index.html"):
        assert (out / name).is_file()
    slugs = {p.stem for p in _episodes(built_site)}
    assert slugs == {"waffenstillstand", "ungarn-energie", "haushalt-2027"}
    for slug in slugs:
        for suffix in (".vtt", ".chapters.json"):
            assert (out / "episodes" / f"{slug}{suffix}").is_file()
        assert (out / slug / "index.html").is_file()


def test_feed_parses_with_two_podcast_clients(built_site: BuiltSite) -> None:
    feed_path = built_site.out / "feed.xml"
    parsed = feedparser.parse(feed_path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    with feed_path.open("rb") as fh:
        pp = podcastparser.parse("https://zwischenrufe.example/audio/feed.xml", fh)
    assert len(pp["episodes"]) == len(parsed.entries) == 3
    for episode in pp["episodes"]:
        enclosure = episode["enclosures"][0]
        local = built_site.out / "episodes" / Path(enclosure["url"]).name
        assert enclosure["file_size"] == local.stat().st_size
        assert enclosure["mime_type"] == "audio/mpeg"
        assert abs(episode["total_time"] - MP3(local).info.length) <= 1.0
        assert episode["guid"]


def test_mp3_has_one_chapter_per_section_plus_intro(built_site: BuiltSite) -> None:
    mp3 = built_site.out / "episodes" / "waffenstillstand.mp3"
    tags = ID3(mp3)
    chaps = tags.getall("CHAP")
    titles = [c.sub_frames["TIT2"].text[0] for c in chaps]
    # the file order is the time order (players read CHAP frames in file order)
    starts = [c.start_time for c in chaps]
    assert starts == sorted(starts) and starts[0] == 0
    assert titles == ["Einleitung", "Was Beobachter leisten können", "Die Rolle der NATO"]
    toc = tags.getall("CTOC")[0]
    assert list(toc.child_element_ids) == [c.element_id for c in chaps]
    assert tags["TIT2"].text[0].startswith("Minsk III?")
    assert tags["TPE1"].text[0] == "Clara Hoffmann"
    assert tags.getall("APIC"), "cover art is embedded"


def test_transcript_cues_follow_the_audio(built_site: BuiltSite) -> None:
    for mp3 in _episodes(built_site):
        length = MP3(mp3).info.length
        cues = list(webvtt.read(str(mp3.with_suffix(".vtt"))))
        assert len(cues) > 5
        starts = [c.start_in_seconds for c in cues]
        assert starts == sorted(starts)
        assert cues[-1].end_in_seconds <= length + 0.05
        for cue in cues:
            assert "http" not in cue.text
            assert "Play in new window" not in cue.text
            assert "Titelbild" not in cue.text and "Foto:" not in cue.text
            assert "Mehr zum Thema" not in cue.text


def test_translated_article_credits_translator(built_site: BuiltSite) -> None:
    cues = [c.text for c in webvtt.read(str(built_site.out / "episodes" / "ungarn-energie.vtt"))]
    assert "Ein Beitrag von Zsófia Németh." in cues
    assert "Aus dem Ungarischen übersetzt von Markus Lang." in cues
    feed = (built_site.out / "feed.xml").read_text("utf-8")
    assert 'role="translator"' in feed and "Markus Lang" in feed


def test_chapters_json_matches_mp3(built_site: BuiltSite) -> None:
    data = json.loads((built_site.out / "episodes" / "haushalt-2027.chapters.json").read_text())
    titles = [c["title"] for c in data["chapters"]]
    assert titles == [
        "Einleitung",
        "Die Schuldenbremse bleibt, ihre Ausnahmen wachsen",
        "Wer spart, wer zahlt",
    ]


def test_second_build_synthesizes_nothing(built_site: BuiltSite) -> None:
    second = run_vorleser("build", str(built_site.project), "-o", str(built_site.out))
    m = SUMMARY.match(second.stdout.strip().splitlines()[-1])
    assert m and int(m.group(3)) == 0 and int(m.group(4)) > 0


def test_a_bad_article_does_not_stop_the_others(built_site: BuiltSite, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built_site.project, project, ignore=shutil.ignore_patterns("site"))
    (project / "articles" / "kaputt.md").write_text("---\ntitle: [unclosed\n---\nText.\n", "utf-8")
    result = run_vorleser("build", str(project), "-o", str(tmp_path / "out"), check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"^Error: .*kaputt\.md: front matter is not valid YAML", result.stderr, re.M)
    assert "built 3 articles (1 failed)" in result.stdout


def test_slug_of_a_site_folder_is_refused(built_site: BuiltSite, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built_site.project, project, ignore=shutil.ignore_patterns("site"))
    (project / "articles" / "stil.md").write_text(
        "---\ntitle: Stilfragen\nslug: static\n---\nText.\n", "utf-8"
    )
    result = run_vorleser("build", str(project), "-o", str(tmp_path / "out"), check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(
        r"^Error: .*stil\.md: slug 'static' is a folder of the site", result.stderr, re.M
    )
    assert "built 3 articles (1 failed)" in result.stdout
    assert (tmp_path / "out" / "static" / "player.js").is_file()


def test_config_errors_are_all_reported_before_work(tmp_path: Path) -> None:
    (tmp_path / "vorleser.toml").write_text(
        '[podcast]\ntitle = "T"\nbase_url = "ftp://x"\ntitel = "typo"\n[audio]\nbitrate = "hoch"\n',
        "utf-8",
    )
    result = run_vorleser("build", str(tmp_path), check=False)
    assert result.returncode == 1
    errors = result.stderr
    for key in (
        "podcast.description",
        "podcast.email",
        "podcast.author",
        "podcast.base_url",
        "podcast.titel",
        "audio.bitrate",
    ):
        assert key in errors, key
    assert "did you mean 'title'" in errors
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "args", [["build", "--help"], ["speak", "--help"], ["normalize", "--help"]]
)
def test_every_command_has_help(args: list[str]) -> None:
    assert "Usage:" in run_vorleser(*args).stdout


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = run_vorleser("build", str(tmp_path / "nowhere"), check=False)
    assert result.returncode == 2
