"""`vorleser serve` under attack: half-open connections, links out of the site, hidden and
temporary files, and ports that do not exist."""

from __future__ import annotations

import http.client
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from conftest import run_vorleser
from vorleser.errors import PublishError
from vorleser.serve import make_server


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    (out / "episodes").mkdir(parents=True)
    (out / "index.html").write_text("<p>Start</p>", "utf-8")
    (out / "episodes" / "a.mp3").write_bytes(b"ID3" + bytes(1000))
    (out / ".env").write_text("GEHEIM=1", "utf-8")
    (out / "episodes" / ".a.vtmp123.mp3").write_bytes(b"halb")
    (out / ".tmp-build").mkdir()
    (out / ".tmp-build" / "x.html").write_text("halb", "utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("nur lokal", "utf-8")
    (out / "link.txt").symlink_to(secret)
    (out / "linkdir").symlink_to(tmp_path)
    (out / "inside.mp3").symlink_to(out / "episodes" / "a.mp3")
    return out


@pytest.fixture
def server(site: Path) -> Iterator[tuple[str, int]]:
    srv = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join()


def _get(addr: tuple[str, int], path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(*addr, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "path",
    [
        "/.env",
        "/episodes/.a.vtmp123.mp3",
        "/.tmp-build/x.html",
        "/link.txt",
        "/linkdir/secret.txt",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/episodes/..%2f..%2fsecret.txt",
    ],
)
def test_hidden_files_and_links_out_of_the_site_are_not_served(
    server: tuple[str, int], path: str
) -> None:
    status, body = _get(server, path)
    assert status == 404 and b"nur lokal" not in body and b"GEHEIM" not in body


def test_a_link_inside_the_site_is_served(server: tuple[str, int]) -> None:
    assert _get(server, "/inside.mp3")[0] == 200


def test_listings_hide_dotfiles_and_links_out(server: tuple[str, int]) -> None:
    status, body = _get(server, "/episodes/")
    assert status == 200 and b"a.mp3" in body and b"vtmp" not in body
    status, body = _get(server, "/linkdir/")
    assert status == 404


def test_hundreds_of_half_open_connections_do_not_lock_the_server(
    server: tuple[str, int],
) -> None:
    with ExitStack() as stack:
        for _ in range(300):
            sock = stack.enter_context(socket.create_connection(server, timeout=5))
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never finished
        status, body = _get(server, "/index.html")
    assert status == 200 and body == b"<p>Start</p>"


@pytest.mark.parametrize("port", ["70000", "-1", "abc", "99999999999999999999"])
def test_an_invalid_port_is_one_usage_error(site: Path, port: str) -> None:
    result = run_vorleser("serve", str(site), "--port", port, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "--port" in result.stderr


def test_make_server_refuses_a_port_out_of_range(site: Path) -> None:
    with pytest.raises(PublishError, match="not a TCP port"):
        make_server(site, "127.0.0.1", 70000)


def test_a_port_in_use_is_one_line(site: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        result = run_vorleser("serve", str(site), "--port", str(busy.getsockname()[1]), check=False)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: 127.0.0.1:") and "another --port" in line


def test_a_host_that_does_not_resolve_is_one_line(site: Path) -> None:
    result = run_vorleser("serve", str(site), "--host", "no.such.host.invalid", check=False)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Error:" in result.stderr


def test_files_are_served_readable_only(site: Path) -> None:
    assert os.access(site / "index.html", os.R_OK)
