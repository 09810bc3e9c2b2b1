"""Text hygiene at the boundary: what enters vorleser is text that XML 1.0 can carry.

Every reader's Article passes through `clean_article` (read_article calls it), and raw text is
cleaned by `clean_text` before it is parsed, because the feed, the pages and the transcripts are
XML or HTML: one ESC byte in a title would otherwise abort the writer of the whole feed. Source
files are checked by `check_source` before a reader sees them, so a gzip archive or an MP3 named
.html is an article error ("not text") and not an hour of noise, and an oversized file is
refused before it is read.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from vorleser.errors import ArticleError

#: Characters XML 1.0 forbids (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF),
#: plus DEL and the C1 controls, which no article means to contain.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Vertical tab and form feed separate words: they become a space, not nothing.
#: Raw C0 control bytes, and the UTF-8 forms of U+FFFE, U+FFFF and of surrogates.
_FORBIDDEN_BYTES = re.compile(
    b"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]|\xed[\xa0-\xbf][\x80-\xbf]"
)
_CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")
_SPACES = str.maketrans({"\x0b": " ", "\x0c": " "})

DEFAULT_MAX_BYTES = 2_000_000
"""The largest article file read by default (about 300,000 words, some 30 hours of audio)."""
SNIFF_BYTES = 8192
"""How much of a file is looked at to tell text from binary data."""

#: Leading bytes of binary formats that turn up under a text suffix -> the format's name.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip data"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"(\xb5/\xfd", "zstd data"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg file"),
    (b"RIFF", "a RIFF file (WAV, WebP, AVI)"),
    (b"fLaC", "a FLAC file"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3", "an SQLite database"),
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}

T = TypeVar("T")


def clean_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids; vertical tab and form feed become spaces.

    >>> clean_text("Der \\x1b[1mTitel\\x08 von 1996\\ufffe")
    'Der [1mTitel von 1996'
    >>> clean_text("eins\\x0czwei\\ud800")
    'eins zwei'
    """
    if text.isprintable():  # the common case: nothing to do, and fast
        return text
    return _FORBIDDEN.sub("", text.translate(_SPACES))


def clean_value(value: T) -> T:
    """Strings in `value` cleaned, recursively through lists, tuples, mappings and dataclasses."""
    result: Any
    if isinstance(value, str):
        result = clean_text(value)
    elif isinstance(value, list):
        result = [clean_value(v) for v in value]
    elif isinstance(value, tuple):
        result = tuple(clean_value(v) for v in value)
    elif isinstance(value, Mapping):
        result = {clean_value(k): clean_value(v) for k, v in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: clean_value(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if isinstance(getattr(value, f.name), str | list | tuple | Mapping)
            or dataclasses.is_dataclass(getattr(value, f.name))
        }
        result = dataclasses.replace(value, **changes) if changes else value
    else:
        result = value
    return result  # type: ignore[no-any-return]


clean_article = clean_value
"""The one pass every reader's Article goes through (see read_article)."""


def check_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse a source file that is no regular file, too large, or not text; ArticleError."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ArticleError(path, exc.strerror or str(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise ArticleError(path, "is a folder, not an article file")
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError(path, "not a regular file (a device, FIFO or socket is never read)")
    if info.st_size > max_bytes:
        raise ArticleError(
            path,
            f"too large ({info.st_size:,} bytes; the limit is {max_bytes:,}, "
            "set [articles] max_bytes to raise it)",
        )
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise ArticleError(path, exc.strerror or str(exc)) from exc
    kind = binary_kind(head)
    if kind is not None:
        raise ArticleError(path, f"not text: this looks like {kind}")


def binary_kind(head: bytes) -> str | None:
    """What binary data `head` (a file's first bytes) looks like, or None for text.

    >>> binary_kind(b"\\x1f\\x8b\\x08\\x00"), binary_kind("Grüße aus Minsk".encode())
    ('gzip data', None)
    """
    if head.startswith(_TEXT_BOMS):
        return None
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    controls = sum(1 for b in head if b in _CONTROL_BYTES)
    if head and controls / len(head) > 0.05:
        return "binary data (many control or NUL bytes)"
    return None


def clean_xml_bytes(data: bytes) -> bytes:
    """XML bytes without the raw C0 control bytes XML 1.0 forbids, so one stray ESC in a feed
    costs a character, not the whole import (UTF-16 data, where such bytes are half of a
    character, is left alone)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data
    return _CHAR_REF.sub(_allowed_ref, _FORBIDDEN_BYTES.sub(b"", data))


def _allowed_ref(match: re.Match[bytes]) -> bytes:
    """A character reference kept only when it names a character XML 1.0 allows."""
    ref = match.group(1)
    try:
        code = int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)
        char = chr(code)
    except (ValueError, OverflowError):
        return b""
    return match.group(0) if clean_text(char) == char else b""


def check_size(source: str, size: int, max_bytes: int) -> None:
    """ArticleError when text of `size` bytes exceeds `max_bytes` (fetched pages, imports)."""
    if size > max_bytes:
        raise ArticleError(
            source,
            f"too large ({size:,} bytes; the limit is {max_bytes:,}, "
            "set [articles] max_bytes to raise it)",
        )


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or lies under it, after resolving links."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


__all__ = [
    "DEFAULT_MAX_BYTES",
    "binary_kind",
    "check_size",
    "check_source",
    "clean_article",
    "clean_text",
    "clean_value",
    "clean_xml_bytes",
    "is_inside",
]
