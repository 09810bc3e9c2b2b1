"""The deploy step of `vorleser sync`: changed files only, the feed last, stale files after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from vorleser.deploy import deploy
from vorleser.errors import PublishError


def _site(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_only_changed_files_are_copied_the_feed_last_and_stale_ones_removed(
    tmp_path: Path,
) -> None:
    site = _site(
        tmp_path / "site",
        {
            "feed.xml": b"<rss>1</rss>",
            "index.html": b"<h1>Zwischenrufe</h1>",
            "episodes/minsk-iii.mp3": b"ID3 eins",
            "episodes/minsk-iii.vtt": b"WEBVTT",
            "minsk-iii/index.html": b"<p>Minsk III</p>",
        },
    )
    public = tmp_path / "public"
    (public / "impressum").mkdir(parents=True)
    (public / "impressum" / "index.html").write_bytes(b"<p>Impressum</p>")  # not ours

    first = deploy(site, public)
    assert first.copied[-1] == "feed.xml" and len(first.copied) == 5
    page_inode = (public / "minsk-iii" / "index.html").stat().st_ino

    (site / "episodes" / "minsk-iii.mp3").write_bytes(b"ID3 zwei")
    (site / "feed.xml").write_bytes(b"<rss>2</rss>")
    (site / "episodes" / "minsk-iii.vtt").unlink()
    _site(site, {"episodes/waffenruhe.mp3": b"ID3 neu"})
    second = deploy(site, public)

    assert second.copied == ("episodes/minsk-iii.mp3", "episodes/waffenruhe.mp3", "feed.xml")
    assert second.removed == ("episodes/minsk-iii.vtt",)
    assert second.unchanged == 2
    assert not (public / "episodes" / "minsk-iii.vtt").exists()
    assert (public / "episodes" / "minsk-iii.mp3").read_bytes() == b"ID3 zwei"
    assert (public / "impressum" / "index.html").read_bytes() == b"<p>Impressum</p>"
    assert second.summary() == "3 files copied, 1 removed, 2 unchanged"
    assert (public / "minsk-iii" / "index.html").stat().st_ino == page_inode  # not rewritten

    third = deploy(site, public)
    assert third.copied == () and third.removed == ()


def test_a_site_without_a_feed_is_not_deployed(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", {"index.html": b"<h1>halb fertig</h1>"})
    with pytest.raises(PublishError, match="no built feed"):
        deploy(site, tmp_path / "public")
    assert not (tmp_path / "public").exists()
