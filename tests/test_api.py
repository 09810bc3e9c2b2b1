"""The public API: __all__ is sorted, complete and every name resolves."""

from __future__ import annotations

import subprocess
import sys

import vorleser


def test_all_is_sorted_and_resolves() -> None:
    assert vorleser.__all__ == sorted(vorleser.__all__)
    for name in vorleser.__all__:
        assert getattr(vorleser, name) is not None, name


def test_import_is_light() -> None:
    """`import vorleser` and the normalizer must not pull in numpy (start-up time)."""
    code = "import sys, vorleser, vorleser.normalize; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
