"""An Episode as JSON and back: what the state folder keeps of each published episode.

The record holds everything the feed item, the page, the transcript and the chapters are
rendered from (the whole Article included), so a published episode can be published again
when its source no longer parses. Decoding follows the dataclasses' own type hints, so a new
model field needs no code here; paths are kept relative to the output folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from pathlib import Path
from typing import Any

from vorleser.model import Episode

RECORD_VERSION = 1
"""Bumped when a record can no longer be read as written; older ones are then ignored."""


def episode_to_json(episode: Episode, out_dir: Path) -> dict[str, Any]:
    """A JSON-ready dict of `episode`; the audio path relative to `out_dir`."""
    data: dict[str, Any] = to_json_value(episode)
    data["audio_path"] = episode.audio_path.relative_to(out_dir).as_posix()
    return {"version": RECORD_VERSION, "episode": data}


def episode_from_json(data: dict[str, Any], out_dir: Path) -> Episode:
    """The Episode a record holds; ValueError/TypeError/KeyError when it is damaged."""
    if data.get("version") != RECORD_VERSION:
        raise ValueError(f"record version {data.get('version')!r}")
    episode: Episode = from_json_value(Episode, data["episode"])
    relative = Path(episode.audio_path)
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError("audio path outside the output folder")
    return dataclasses.replace(episode, audio_path=out_dir / relative)


def to_json_value(value: Any) -> Any:
    """`value` (a model dataclass, tuple, datetime, Path, scalar) as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_json_value(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    return value


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    """The resolved field types of a dataclass (resolving them is slow; a build decodes many)."""
    return typing.get_type_hints(kind)


def from_json_value(kind: Any, value: Any) -> Any:
    """`value` (from JSON) as an instance of the type hint `kind`."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if value is None and type(None) in options:
            return None
        (inner,) = [t for t in options if t is not type(None)]
        return from_json_value(inner, value)
    if origin is tuple:
        (inner, _) = typing.get_args(kind)
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {value!r}")
        return tuple(from_json_value(inner, v) for v in value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {kind.__name__}")
        names = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: from_json_value(hints[k], v) for k, v in value.items() if k in names})
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if kind is Path:
        return Path(value)
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind in (str, int, bool) and type(value) is kind:
        return value
    raise TypeError(f"expected {kind}, got {value!r}")
