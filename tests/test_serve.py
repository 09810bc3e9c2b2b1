"""The preview server: content types, HEAD, byte ranges and CORS, spoken to over real HTTP."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import serving
from vorleser.cli import cli
from vorleser.errors import PublishError
from vorleser.serve import make_server

MP3 = bytes(range(256)) * 40  # 10240 bytes whose every offset is recognisable


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    files = {
        "index.html": "<!doctype html><title>Ä</title>",
        "feed.xml": "<rss version='2.0'/>",
        "essay/index.html": "<p>Essay</p>",
        "episodes/essay.vtt": "WEBVTT\n",
        "episodes/essay.srt": "1\n00:00:00,000 --> 00:00:01,000\nHallo\n",
        "episodes/essay.chapters.json": '{"version": "1.2.0", "chapters": []}',
        "static/player.css": "body{}",
        "static/player.js": "void 0;",
    }
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    (out / "episodes/essay.mp3").write_bytes(MP3)
    (out / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    return out


@pytest.fixture(scope="module")
def base(root: Path) -> Iterator[str]:
    with serving(root) as url:
        yield url


def _open(url: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("feed.xml", "application/rss+xml"),
        ("episodes/essay.mp3", "audio/mpeg"),
        ("episodes/essay.vtt", "text/vtt"),
        ("episodes/essay.srt", "application/x-subrip"),
        ("episodes/essay.chapters.json", "application/json"),
        ("index.html", "text/html; charset=utf-8"),
        ("essay/", "text/html; charset=utf-8"),
        ("static/player.css", "text/css"),
        ("static/player.js", "text/javascript"),
        ("cover.jpg", "image/jpeg"),
    ],
)
def test_head_gives_type_length_and_no_body(
    base: str, root: Path, path: str, expected: str
) -> None:
    status, headers, body = _open(base + path, "HEAD")
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == expected.split(";")[0]
    assert headers["Content-Type"] == expected or ";" not in expected
    file = root / path / "index.html" if path.endswith("/") else root / path
    assert int(headers["Content-Length"]) == file.stat().st_size
    assert headers["Accept-Ranges"] == "bytes"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert body == b""


def test_get_whole_file(base: str) -> None:
    status, headers, body = _open(base + "episodes/essay.mp3")
    assert status == 200 and body == MP3 and "Content-Range" not in headers


@pytest.mark.parametrize(
    ("spec", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-1999", 1000, 1999),
        ("bytes=-100", 10140, 10239),
        ("bytes=10000-", 10000, 10239),
        ("bytes=10200-99999", 10200, 10239),
    ],
)
def test_range_returns_206_and_exact_bytes(base: str, spec: str, first: int, last: int) -> None:
    status, headers, body = _open(base + "episodes/essay.mp3", Range=spec)
    assert status == 206
    assert headers["Content-Range"] == f"bytes {first}-{last}/{len(MP3)}"
    assert int(headers["Content-Length"]) == last - first + 1
    assert body == MP3[first : last + 1]


def test_head_with_range(base: str) -> None:
    status, headers, body = _open(base + "episodes/essay.mp3", "HEAD", Range="bytes=0-99")
    assert status == 206 and headers["Content-Range"] == "bytes 0-99/10240" and body == b""


@pytest.mark.parametrize(
    "spec", ["bytes=10240-", "bytes=20000-30000", "bytes=5-2", "bytes=x-y", "bytes=-0"]
)
def test_unsatisfiable_range_is_416(base: str, spec: str) -> None:
    status, headers, _ = _open(base + "episodes/essay.mp3", Range=spec)
    assert status == 416
    assert headers["Content-Range"] == f"bytes */{len(MP3)}"


@pytest.mark.parametrize("spec", ["items=0-5", "bytes=0-1,5-6"])
def test_ranges_we_do_not_serve_give_the_whole_file(base: str, spec: str) -> None:
    status, _, body = _open(base + "episodes/essay.mp3", Range=spec)
    assert status == 200 and body == MP3


def test_missing_file_and_escape_attempts_are_404(base: str) -> None:
    assert _open(base + "nope.mp3")[0] == 404
    assert _open(base + "../../etc/passwd")[0] == 404
    assert _open(base + "%2e%2e/%2e%2e/etc/passwd")[0] == 404


def test_directory_without_slash_redirects(base: str) -> None:
    host, port = base.split("/")[2].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", "/essay")
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 301 and response.headers["Location"] == "/essay/"
    assert _open(base + "essay")[2] == b"<p>Essay</p>"


def test_make_server_refuses_a_folder_that_is_no_site(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match=r"index\.html missing"):
        make_server(tmp_path, "127.0.0.1", 0)


def test_cli_serve_reports_missing_site(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--port", "0"])
    assert result.exit_code == 1
    assert "Error:" in result.output and "run vorleser build" in result.output


def test_cli_serve_help() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--host" in result.output
