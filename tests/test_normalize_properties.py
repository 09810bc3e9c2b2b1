"""Invariants of vorleser.normalize on any input: no exception, a string back, linear time."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vorleser.normalize import Normalizer

NORMALIZER = Normalizer("de")
NEWSY = st.text(
    alphabet="0123456789.,:;-–/ %€$§°²٣IVXLCDMabcdeuzBNrSAUEOHhkmg\u00a0@()„“½+", max_size=80
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_returns_a_string(text: str) -> None:
    assert isinstance(NORMALIZER.normalize(text), str)


@settings(max_examples=400, deadline=None)
@given(NEWSY)
def test_number_soup_never_raises_and_leaves_no_digits(text: str) -> None:
    out = NORMALIZER.normalize(text)
    assert not re.search(r"\d", out), (text, out)


@given(st.integers(min_value=0, max_value=10**18))
def test_every_integer_is_words(n: int) -> None:
    out = NORMALIZER.normalize(str(n))
    assert out and not re.search(r"\d", out)


def test_large_pathological_inputs_finish() -> None:
    """100 kB of digits, dots, spaces and mixtures: the patterns must not backtrack."""
    for unit in ("1", ".", " ", "1.", "1 ", "1,", "123 ", "1.000", "a.", "Ludwig X. ", "AB "):
        text = unit * (100_000 // len(unit))
        assert isinstance(NORMALIZER.normalize(text), str)
