"""vorleser: turn written articles into audio editions, a podcast feed and player pages.

The public API is imported lazily, so `vorleser normalize` starts without numpy or the audio
stack; `from vorleser import build` works as usual.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "vorleser.model",
    "AudioChunk": "vorleser.tts",
    "Block": "vorleser.model",
    "Backfill": "vorleser.backfill",
    "BuildReport": "vorleser.build",
    "Chapter": "vorleser.model",
    "ChapterMark": "vorleser.model",
    "Config": "vorleser.config",
    "Cue": "vorleser.model",
    "Engine": "vorleser.tts",
    "EngineInfo": "vorleser.tts",
    "Episode": "vorleser.model",
    "Link": "vorleser.model",
    "Normalizer": "vorleser.normalize",
    "Podcast": "vorleser.model",
    "Script": "vorleser.model",
    "Section": "vorleser.model",
    "Sentence": "vorleser.model",
    "VoiceSpec": "vorleser.tts",
    "VorleserError": "vorleser.errors",
    "build": "vorleser.build",
    "load_config": "vorleser.config",
    "make_script": "vorleser.script",
    "read_article": "vorleser.ingest",
    "speak": "vorleser.speak",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'vorleser' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
