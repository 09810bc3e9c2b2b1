"""One loader for plugins: name -> class, from entry points, imported lazily.

Built-ins are declared in pyproject.toml under the same entry-point groups as third-party
plugins, so there is no dispatch ladder and no import of heavy engines at start-up.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

from vorleser.errors import EngineError

# Fallbacks for running from a source tree without installed metadata.
_BUILTIN_ENGINES = {
    "espeak": "vorleser.tts.espeak:EspeakEngine",
    "piper": "vorleser.tts.piper:PiperEngine",
}


def _load(target: str) -> Any:
    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr)


def engine_names() -> list[str]:
    """Names of all registered engines."""
    names = set(_BUILTIN_ENGINES)
    names.update(ep.name for ep in entry_points(group="vorleser.engines"))
    return sorted(names)


def engine_class(name: str) -> Any:
    """The engine class registered as `name`; EngineError naming the choices otherwise."""
    for ep in entry_points(group="vorleser.engines"):
        if ep.name == name:
            return ep.load()
    if name in _BUILTIN_ENGINES:
        return _load(_BUILTIN_ENGINES[name])
    raise EngineError(
        f"engine {name!r}", f"unknown engine; choose one of {', '.join(engine_names())}"
    )
