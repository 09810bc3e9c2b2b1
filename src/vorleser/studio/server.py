"""Serving the studio with uvicorn: in the foreground for the CLI, in a thread for tests/bench."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from vorleser.studio.app import create_app


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def run(project_dir: Path, host: str, port: int) -> None:
    """Serve until interrupted."""
    app = create_app(project_dir, host)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@contextlib.contextmanager
def serving(project_dir: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """The studio for `project_dir` on a free port in a thread; yields its base URL."""
    port = free_port(host)
    config = uvicorn.Config(
        create_app(project_dir, host), host=host, port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="studio", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the studio server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}/"
    finally:
        server.should_exit = True
        thread.join(10)
