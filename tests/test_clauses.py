"""split_long: over-long sentences are cut at clause boundaries, never inside a word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vorleser.script.clauses import split_long

LONG_DE = (
    "Als der Gemeinderat im Frühjahr beschloss, die alte Holzbrücke über den Mühlbach "
    "abzureißen, regte sich Widerstand in der Nachbarschaft; viele Anwohner hatten die Brücke "
    "seit ihrer Kindheit überquert und wollten nicht, dass sie einem Neubau aus Beton weicht, "
    "der zwar breiter wäre, aber nach Ansicht des Heimatvereins nicht in das Ortsbild passe."
)


def test_short_sentence_comes_back_unchanged() -> None:
    assert split_long("Heute scheint die Sonne.") == ["Heute scheint die Sonne."]


def test_prefers_the_semicolon() -> None:
    pieces = split_long(LONG_DE, 250)
    assert pieces == [
        "Als der Gemeinderat im Frühjahr beschloss, die alte Holzbrücke über den Mühlbach "
        "abzureißen, regte sich Widerstand in der Nachbarschaft;",
        LONG_DE.split("; ", 1)[1],
    ]


def test_cuts_before_a_conjunction_when_no_punctuation_fits() -> None:
    text = (
        "Die Kinder spielten den ganzen Nachmittag im Garten hinter dem Haus "
        "und die Eltern tranken derweil Kaffee auf der Terrasse"
    )
    assert split_long(text, 80) == [
        "Die Kinder spielten den ganzen Nachmittag im Garten hinter dem Haus",
        "und die Eltern tranken derweil Kaffee auf der Terrasse",
    ]


def test_english_clauses() -> None:
    text = (
        "The committee met on Tuesday to discuss the new timetable "
        "because the old one had caused delays for months"
    )
    assert split_long(text, 70) == [
        "The committee met on Tuesday to discuss the new timetable",
        "because the old one had caused delays for months",
    ]


def test_pieces_are_fairly_even() -> None:
    lengths = [len(p) for p in split_long(LONG_DE, 120)]
    assert max(lengths) <= 120
    assert min(lengths) >= 40


def test_dash_is_a_boundary() -> None:
    text = "Erst kam der lange Regen – dann kam der Wind aus Westen"
    assert split_long(text, 40) == ["Erst kam der lange Regen –", "dann kam der Wind aus Westen"]


def test_overlong_word_stays_whole() -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitänsmütze"
    assert split_long(f"Die {word} hing am Haken.", 20) == ["Die", word, "hing am Haken."]


words = st.text(alphabet="abcdeäöüß,;:–", min_size=1, max_size=30).filter(lambda w: w.strip(",;:–"))
conj = st.sampled_from(["und", "aber", "weil", "dass", "and", "but"])


@given(st.lists(st.one_of(words, conj), min_size=1, max_size=80), st.integers(10, 250))
def test_invariants(tokens: list[str], max_chars: int) -> None:
    sentence = " ".join(tokens)
    pieces = split_long(sentence, max_chars)
    # no word is cut and nothing is lost or reordered
    assert " ".join(pieces).split() == sentence.split()
    for piece in pieces:
        assert piece == piece.strip() and piece
        assert len(piece) <= max_chars or " " not in piece
    if len(sentence) <= max_chars:
        assert pieces == [sentence]
