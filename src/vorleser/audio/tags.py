# mypy: disable-error-code="no-untyped-call"
"""ID3v2 tags: title, artist, album, date, cover art and CHAP/CTOC chapters in time order.

mutagen writes frames sorted by size and hash, which scatters CHAP frames (chp0, chp2, chp1),
and ffprobe, among others, lists chapters in file order. So after mutagen has written the tag,
`_chapters_in_time_order` rewrites its frame area with the CHAP frames moved into the order
given. The tag's size does not change, so the audio after it stays byte for byte the same.
"""

from __future__ import annotations

import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

from vorleser import atomic
from vorleser.errors import AudioError
from vorleser.model import ChapterMark


@dataclass(frozen=True)
class TagInfo:
    """What goes into an episode's ID3 tag."""

    title: str
    """TIT2: the article title."""
    artist: str
    """TPE1: the author (or the publisher when there is none)."""
    album: str
    """TALB: the podcast's title."""
    date: str | None
    """TDRC: ISO date (YYYY-MM-DD)."""
    cover: Path | None
    """JPEG or PNG to embed as APIC front cover."""
    chapters: tuple[ChapterMark, ...]
    """CHAP frames plus one ordered CTOC."""
    language: str = "de"
    """TLAN."""
    comment: str | None = None
    """COMM: e.g. the AI-voice disclosure."""


_IMAGE_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
_LANGUAGE_CODES = {"de": "deu", "en": "eng", "fr": "fra", "it": "ita", "es": "spa", "nl": "nld"}


def _cover_mime(path: Path, data: bytes) -> str:
    for magic, mime in _IMAGE_TYPES.items():
        if data.startswith(magic):
            return mime
    raise AudioError(str(path), "cover art must be a JPEG or PNG file")


def chapter_id(index: int) -> str:
    """Element ID of the `index`-th chapter: zero-padded so IDs also sort in time order."""
    return f"chp{index:03d}"


def write_tags(path: Path, info: TagInfo, *, v2_version: int = 3) -> None:
    """Write `info` as ID3v2.3 (or 2.4) into the MP3 at `path`, replacing any tag, atomically.

    The work happens on a copy beside the file that then replaces it, so a crash leaves the
    old file. Chapters are written in the order of their start times.
    """
    from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TDRC, TIT2, TLAN, TPE1, CTOCFlags

    tags = ID3()
    tags.add(TIT2(encoding=3, text=info.title))
    tags.add(TPE1(encoding=3, text=info.artist))
    tags.add(TALB(encoding=3, text=info.album))
    if info.date:
        tags.add(TDRC(encoding=3, text=info.date))
    iso = _LANGUAGE_CODES.get(info.language.split("-")[0].lower(), info.language)
    tags.add(TLAN(encoding=3, text=iso))
    if info.comment:
        tags.add(COMM(encoding=3, lang=iso[:3].ljust(3, "x"), desc="", text=info.comment))
    if info.cover is not None:
        try:
            data = info.cover.read_bytes()
        except OSError as err:
            raise AudioError(str(info.cover), f"cannot read cover art: {err.strerror}") from err
        tags.add(APIC(encoding=3, mime=_cover_mime(info.cover, data), type=3, desc="", data=data))
    chapters = sorted(info.chapters, key=lambda ch: ch.start)
    ids = [chapter_id(i) for i in range(len(chapters))]
    if chapters:
        tags.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text=info.title)],
            )
        )
    for cid, ch in zip(ids, chapters, strict=True):
        tags.add(
            CHAP(
                element_id=cid,
                start_time=round(ch.start * 1000),
                end_time=round(ch.end * 1000),
                start_offset=0xFFFFFFFF,
                end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=3, text=ch.title)],
            )
        )
    tmp = atomic.temp_path_for(path)
    try:
        shutil.copyfile(path, tmp)
        tags.save(tmp, v2_version=v2_version, padding=lambda _info: 0)
        _chapters_in_time_order(tmp, ids)
        os.replace(tmp, path)
    except OSError as err:
        raise AudioError(str(path), f"cannot write tags: {err}") from err
    finally:
        tmp.unlink(missing_ok=True)


def _chapters_in_time_order(path: Path, ids: list[str]) -> None:
    """Rewrite the tag at the start of `path` so its CHAP frames appear in the order of `ids`."""
    if not ids:
        return
    with open(path, "r+b") as fh:
        header = fh.read(10)
        if header[:3] != b"ID3" or header[5] & 0xC0:
            raise AudioError(str(path), "unexpected ID3 header (unsynchronised or extended)")
        version = header[3]
        size = _syncsafe(header[6:10])
        body = fh.read(size)
        frames: list[tuple[str, bytes]] = []
        pos = 0
        while pos + 10 <= len(body) and body[pos] != 0:
            frame_id = body[pos : pos + 4].decode("latin-1")
            raw = body[pos + 4 : pos + 8]
            length = _syncsafe(raw) if version == 4 else struct.unpack(">I", raw)[0]
            frames.append((frame_id, body[pos : pos + 10 + length]))
            pos += 10 + length
        chap_by_id = {
            data[10:].split(b"\x00", 1)[0].decode("latin-1"): data
            for frame_id, data in frames
            if frame_id == "CHAP"
        }
        ordered = iter(chap_by_id[cid] for cid in ids)
        rebuilt = b"".join(next(ordered) if fid == "CHAP" else data for fid, data in frames)
        fh.seek(10)
        fh.write(rebuilt)


def _syncsafe(raw: bytes) -> int:
    return (raw[0] << 21) | (raw[1] << 14) | (raw[2] << 7) | raw[3]
