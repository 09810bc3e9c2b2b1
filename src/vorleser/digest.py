"""The one way vorleser hashes: sha256, hex, of bytes, of a file, or of several text parts.

Cache keys, episode keys, manifest names and voice identities all come from here, so a change
of hash (or of how parts are joined) is one edit and cannot make two stores disagree.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def bytes_digest(data: bytes) -> str:
    """sha256 of `data`, hex.

    >>> bytes_digest(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def text_digest(text: str) -> str:
    """sha256 of `text` in UTF-8, hex."""
    return bytes_digest(text.encode("utf-8"))


def parts_digest(*parts: str) -> str:
    """sha256 over text parts, each ended by NUL, so ("ab", "c") and ("a", "bc") differ.

    >>> parts_digest("ab", "c") == parts_digest("a", "bc")
    False
    """
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, read in 1 MiB blocks (episodes and voice models are large)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
