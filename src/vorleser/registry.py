"""One registry for every kind of plugin: engines, languages and readers, by name.

Plugins are entry points (``vorleser.engines``, ``vorleser.languages``, ``vorleser.readers``,
``vorleser.executors``)
whose values are import strings ("package.module:Name", or a package for a language), imported
only when used. vorleser's own are declared in pyproject.toml the same way, so a third-party
package registers an engine exactly as the built-ins do. The table below repeats the built-ins
for a source tree run without installed metadata; installed entry points win over it.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import import_module
from typing import TYPE_CHECKING, Literal, cast

from vorleser.errors import EngineError, VorleserError

if TYPE_CHECKING:
    from vorleser.tts import Engine

Kind = Literal["engines", "languages", "readers", "executors"]

BUILTINS: dict[Kind, dict[str, str]] = {
    "engines": {
        "espeak": "vorleser.tts.espeak:EspeakEngine",
        "piper": "vorleser.tts.piper:PiperEngine",
    },
    "languages": {"de": "vorleser.lang.de", "en": "vorleser.lang.en"},
    "readers": {
        ".md": "vorleser.ingest.markdown:read_file",
        ".markdown": "vorleser.ingest.markdown:read_file",
        ".html": "vorleser.ingest.html:read_file",
        ".htm": "vorleser.ingest.html:read_file",
        "http": "vorleser.ingest.html:read_url",
        "https": "vorleser.ingest.html:read_url",
    },
    "executors": {"dask": "vorleser.cluster:DaskExecutor"},
}


def targets(kind: Kind) -> dict[str, str]:
    """Name -> import string of every registered plugin of `kind`."""
    found = dict(BUILTINS[kind])
    found.update(_installed(kind, tuple(sys.path)))
    return found


@lru_cache(maxsize=16)
def _installed(kind: Kind, path: tuple[str, ...]) -> dict[str, str]:
    """Entry points of `kind` on `path`.

    Scanning every installed distribution costs tens of milliseconds, and readers are looked
    up once per article; the answer holds for as long as sys.path is the same.
    importlib.metadata is imported only here, so the CLI starts without it.
    """
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group=f"vorleser.{kind}")}


def names(kind: Kind) -> list[str]:
    """Sorted names of the plugins of `kind`."""
    return sorted(targets(kind))


def import_target(target: str) -> object:
    """ "package.module:Name" -> the object, "package" -> the module; imported on demand.

    >>> import_target("vorleser.digest:bytes_digest").__name__
    'bytes_digest'
    """
    module, _, attr = target.partition(":")
    loaded = import_module(module)
    return getattr(loaded, attr) if attr else loaded


def load(kind: Kind, name: str) -> object | None:
    """The plugin of `kind` registered as `name`, or None when there is none."""
    target = targets(kind).get(name)
    return None if target is None else import_target(target)


def engine_names() -> list[str]:
    """Names of all registered engines."""
    return names("engines")


def engine_class(name: str) -> type[Engine]:
    """The engine class registered as `name`; EngineError naming the choices otherwise."""
    cls = load("engines", name)
    if cls is None:
        raise EngineError(
            f"engine {name!r}", f"unknown engine; choose one of {', '.join(engine_names())}"
        )
    return cast("type[Engine]", cls)


def executor_class(name: str) -> type:
    """The cluster executor class registered as `name` (``dask`` is built in)."""
    cls = load("executors", name)
    if cls is None:
        raise VorleserError(
            f"executor {name!r}", f"unknown executor; choose one of {', '.join(names('executors'))}"
        )
    return cast("type", cls)
