"""Which output paths may be written: never an input, a special file or a folder.

Atomic writes replace whatever is at the target, so a typo like `vorleser speak a.md -o a.md`
would replace the article with MP3 data, and `-o /dev/null` would replace the device node with
a regular file. Every output path is checked here before any work starts.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from vorleser.errors import PublishError


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def check_output_file(dest: Path, inputs: Iterable[Path] = ()) -> None:
    """PublishError naming `dest` when writing it would replace an input, a folder or a
    special file (device, FIFO, socket)."""
    for source in inputs:
        if _same(dest, source):
            raise PublishError(str(dest), f"would overwrite the input {source}; give another file")
    try:
        info = os.stat(dest)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise PublishError(str(dest), exc.strerror or str(exc)) from exc
    if info is None:
        parent = dest.parent if str(dest.parent) else Path(".")
        if parent.exists() and not parent.is_dir():
            raise PublishError(str(dest), f"{parent} is a file, not a folder")
        return
    if stat.S_ISDIR(info.st_mode):
        raise PublishError(str(dest), "is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise PublishError(
            str(dest), "is not a regular file (a device, FIFO or socket); give a file name"
        )


__all__ = ["check_output_file"]
