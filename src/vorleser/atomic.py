"""Atomic file writes: write to a temporary file beside the target, then os.replace.

An interrupted build can therefore never leave half a file where a finished one is expected,
and readers (a running preview server, a podcast client) see the old file or the new one.
Temporary names carry the writer's process id, so `sweep` can remove what a killed build left
behind without touching the files of a build that is still running.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from vorleser.errors import WriteError

_UMASK = os.umask(0)
os.umask(_UMASK)
_MODE = 0o666 & ~_UMASK
_TEMP_NAME = re.compile(r"^\.[^/]*\.vtmp(\d+)\.[^/]*$")


def _prefix(path: Path) -> str:
    return f".{path.stem}.vtmp{os.getpid()}."


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, creating parent folders.

    A write that fails (disk full, read-only, a file where a folder should be) raises
    WriteError naming `path` and leaves the old file as it was. A file that already holds
    `data` is left alone: a no-op build rewrites nothing, and deploys see no changed times.
    """
    if _holds(path, data):
        return
    try:
        _make_parent(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_prefix(path), suffix=".tmp")
    except OSError as exc:
        raise write_error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _MODE)  # mkstemp makes 0600; published files must be readable
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise write_error(path, exc) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_error(path: Path, exc: OSError) -> WriteError:
    """The one-line error for a failed write of `path`."""
    return WriteError(str(path), f"cannot write: {exc.strerror or exc}")


def _make_parent(path: Path) -> None:
    """Create `path`'s folder; a file in its place is named in the error."""
    for parent in (path.parent, *path.parent.parents):
        if parent.exists():
            if not parent.is_dir():
                raise WriteError(str(parent), "is a file, not a folder; move it or choose another")
            break
    path.parent.mkdir(parents=True, exist_ok=True)


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 `text` to `path` atomically."""
    write_bytes(path, text.encode("utf-8"))


def temp_path_for(path: Path) -> Path:
    """A fresh temporary path beside `path`, for tools that write files themselves.

    The caller writes there and then calls os.replace(tmp, path).
    """
    try:
        _make_parent(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_prefix(path), suffix=path.suffix)
        os.close(fd)
        os.chmod(tmp, _MODE)
    except OSError as exc:
        raise write_error(path, exc) from exc
    return Path(tmp)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(folder: Path) -> list[Path]:
    """Remove temporary files under `folder` whose writing process is gone; returns them."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.rglob(".*.vtmp*"):
        m = _TEMP_NAME.match(path.name)
        if m and path.is_file() and not _alive(int(m.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
