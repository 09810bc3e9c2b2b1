"""Start a private MariaDB and `php -S` serving Debian's WordPress, and install a site.

Everything lives in a temporary folder (database files, socket, wp-content) and is stopped at the
end; the only file outside it is /etc/wordpress/config-vorleser-test.php, which reads every
setting from the environment (copied there by .ci/install.d/wordpress.sh, or here when
writable). WordPress is driven through its own PHP API by site.php, since wp-cli is not packaged.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
WORDPRESS = Path("/usr/share/wordpress")
CONFIG = Path("/etc/wordpress/config-vorleser-test.php")
TOOLS = ("php", "mariadbd", "mariadb-install-db", "mariadb")


def unavailable_reason() -> str | None:
    """Why a WordPress test site cannot be started here, or None when it can."""
    missing = [tool for tool in TOOLS if shutil.which(tool, path=_path()) is None]
    if missing or not (WORDPRESS / "wp-load.php").exists():
        what = ", ".join(missing) or "Debian's wordpress package"
        return f"needs {what}: run .ci/install.d/wordpress.sh as root"
    probe = subprocess.run(
        ["php", "-r", "echo extension_loaded('mysqli') ? 1 : 0;"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.stdout.strip() != "1":
        return "needs php-mysql: run .ci/install.d/wordpress.sh as root"
    wanted = (HERE / "config-vorleser-test.php").read_bytes()
    if not CONFIG.exists() or CONFIG.read_bytes() != wanted:
        try:
            CONFIG.write_bytes(wanted)
        except OSError:
            return f"needs {CONFIG}: run .ci/install.d/wordpress.sh as root"
    return None


def _path() -> str:
    return os.environ.get("PATH", "") + os.pathsep + "/usr/sbin:/sbin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class WordPressSite:
    """A running test site; `php(...)` runs site.php commands against it."""

    url: str
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]]

    def php(self, *args: str, data: Any = None) -> Any:
        """Run a site.php command and return its JSON answer."""
        done = subprocess.run(
            ["php", str(HERE / "site.php"), *args],
            input=json.dumps(data) if data else "",
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"site.php {' '.join(args)} failed: {done.stderr or done.stdout}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def stop(self) -> None:
        """Stop the web server and the database (our own processes, by pid)."""
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def start(tmp: Path) -> WordPressSite:
    """Start MariaDB and PHP in `tmp`, install WordPress; the caller must call stop()."""
    data, sock, content = tmp / "db", tmp / "mysql.sock", tmp / "wp-content"
    user = ["--user=root"] if os.geteuid() == 0 else []
    env_path = {**os.environ, "PATH": _path()}
    subprocess.run(
        [
            "mariadb-install-db",
            "--no-defaults",
            f"--datadir={data}",
            *user,
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
        ],
        check=True,
        capture_output=True,
        env=env_path,
        timeout=120,
    )
    processes: list[subprocess.Popen[bytes]] = []
    log = (tmp / "mariadb.log").open("wb")
    processes.append(
        subprocess.Popen(
            [
                "mariadbd",
                "--no-defaults",
                f"--datadir={data}",
                f"--socket={sock}",
                "--skip-networking",
                f"--pid-file={tmp / 'mariadb.pid'}",
                *user,
                "--innodb-buffer-pool-size=32M",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env_path,
        )
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **env_path,
        "VORLESER_WP_DB_NAME": "vorleser",
        "VORLESER_WP_DB_USER": "vorleser",
        "VORLESER_WP_DB_PASSWORD": "vorleser-test",
        "VORLESER_WP_DB_SOCKET": str(sock),
        "VORLESER_WP_CONTENT": str(content),
        "VORLESER_WP_URL": url,
    }
    site = WordPressSite(url, env, processes)
    try:
        _wait(lambda: sock.exists(), "MariaDB socket", tmp / "mariadb.log")
        sql = (
            "CREATE DATABASE vorleser; CREATE USER 'vorleser'@'localhost' IDENTIFIED BY "
            "'vorleser-test'; GRANT ALL ON vorleser.* TO 'vorleser'@'localhost';"
        )
        subprocess.run(
            ["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "-e", sql],
            check=True,
            capture_output=True,
            env=env_path,
            timeout=60,
        )
        (content / "plugins").mkdir(parents=True)
        (content / "themes").mkdir()
        site.php("install")
        processes.append(
            subprocess.Popen(
                ["php", "-S", f"127.0.0.1:{port}", "-t", str(WORDPRESS), str(HERE / "router.php")],
                stdout=(tmp / "php.log").open("wb"),
                stderr=subprocess.STDOUT,
                env=env,
            )
        )
        _wait(lambda: _answers(url), "php -S", tmp / "php.log")
    except BaseException:
        site.stop()
        raise
    return site


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/?rest_route=/", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _wait(ready: Any, what: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"{what} did not start within {timeout:g} s:\n{log.read_text()[-2000:]}"
            )
        time.sleep(0.1)
