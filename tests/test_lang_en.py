"""English (vorleser/lang/en): each class of written form, the corpus, sentences, tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check_corpus, read_corpus
from vorleser.normalize import Normalizer
from vorleser.script.sentences import split_sentences

CORPUS = Path(__file__).parent / "data" / "normalize" / "corpus_en.tsv"


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer("en")


def test_corpus(normalizer: Normalizer) -> None:
    """Every English corpus sentence comes out exactly as written down."""
    check_corpus(normalizer, CORPUS, 60)


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        # cardinals, decimals, negatives, scales
        ("150,000", "One hundred fifty thousand"),
        ("2.5", "Two point five"),
        ("-60", "Minus sixty"),
        ("1,234,567", "One million two hundred thirty-four thousand five hundred sixty-seven"),
        ("1.2 billion", "One point two billion"),
        ("007", "Zero zero seven"),
        # years and decades
        ("in 1996", "in nineteen ninety-six"),
        ("in 2022", "in twenty twenty-two"),
        ("in 2005", "in two thousand five"),
        ("in 1900", "in nineteen hundred"),
        ("in 1905", "in nineteen oh five"),
        ("the 2024 election", "the twenty twenty-four election"),
        ("1500 soldiers", "One thousand five hundred soldiers"),
        ("the 1990s", "the nineteen nineties"),
        ("the '80s", "the eighties"),
        # ordinals
        ("1st", "First"),
        ("21st", "Twenty-first"),
        ("the 3rd", "the third"),
        ("the 100th", "the one hundredth"),
        ("42nd", "Forty-second"),
        # dates
        ("March 3, 2024", "March third, twenty twenty-four"),
        ("3 March 2024", "The third of March twenty twenty-four"),
        ("on the 3rd of March", "on the third of March"),
        ("Jan. 5", "January fifth"),
        ("in May 2024", "in May twenty twenty-four"),
        ("2024-03-03", "March third, twenty twenty-four"),
        # times
        ("at 2:30 pm", "at two thirty P-M"),
        ("at 9 a.m. today", "at nine A-M today"),
        ("at 7:05 AM", "at seven oh five A-M"),
        ("at 14:30", "at fourteen thirty"),
        ("at 14:00", "at fourteen hundred"),
        ("at 9:00", "at nine o'clock"),
        # money and percent
        ("$3.50", "Three dollars fifty cents"),
        ("$1", "One dollar"),
        ("$0.50", "Fifty cents"),
        ("€5 million", "Five million euros"),
        ("£2bn", "Two billion pounds"),
        ("5 EUR", "Five euros"),
        ("5%", "Five percent"),
        ("3.4 %", "Three point four percent"),
        # units
        ("5 km", "Five kilometers"),
        ("1 kg", "One kilogram"),
        ("1.5 kg", "One point five kilograms"),
        ("60 mph", "Sixty miles per hour"),
        ("21 °C", "Twenty-one degrees Celsius"),
        ("70°F", "Seventy degrees Fahrenheit"),
        ("1 1/2 miles", "One and a half miles"),
        ("$4/kg", "Four dollars per kilogram"),
        # fractions, ranges, ratios
        ("1/3", "One third"),
        ("3/4", "Three quarters"),
        ("24/7", "Twenty-four seven"),
        ("2014–2022", "Twenty fourteen to twenty twenty-two"),
        ("won 3-1", "won three to one"),
        # abbreviations
        ("e.g. this", "for example this"),
        ("E.g. this", "For example this"),
        ("i.e. that", "that is that"),
        ("Dr. Smith", "Doctor Smith"),
        ("Mr. and Mrs. Brown", "Mister and Missus Brown"),
        ("No. 10", "number ten"),
        ("Ali vs. Frazier", "Ali versus Frazier"),
        ("bread, milk etc.", "bread, milk et cetera."),
        ("U.S. troops", "U-S troops"),
        # acronyms
        ("the US and the UK", "the U-S and the U-K"),
        ("the EU", "the E-U"),
        ("BBC and FBI", "B-B-C and F-B-I"),
        ("NATO, NASA and UNESCO", "Nato, Nasa and Unesco"),
        ("a NATO-led force", "a Nato-led force"),
        ("COVID-19", "Covid-nineteen"),
        ("the G7", "the G-seven"),
        # Roman numerals
        ("World War II", "World War Two"),
        ("World War I ended.", "World War One ended."),
        ("Henry VIII", "Henry the Eighth"),
        ("Elizabeth II", "Elizabeth the Second"),
        ("Chapter IV", "Chapter Four"),
        ("Washington DC", "Washington D-C"),
        ("I think so", "I think so"),
        # web
        ("Visit bbc.co.uk.", "Visit bbc dot co dot uk."),
        ("https://www.example.org/a/b?c=1", "W-W-W dot example dot org"),
        ("Mail ann@example.com", "Mail ann at example dot com"),
        # symbols and pass-through
        ("salt & pepper", "salt and pepper"),
        ("", ""),
        ("Good morning!", "Good morning!"),
    ],
)
def test_classes(normalizer: Normalizer, written: str, spoken: str) -> None:
    assert normalizer.normalize(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "See https://www.example.org/news/a-b?id=42&x=y#top.",
            "See H-T-T-P-S colon slash slash W-W-W dot example dot org slash news slash a dash "
            "b question mark id equals four two ampersand x equals y hash top.",
        ),
        ("Mail bob_7@bbc.co.uk", "Mail bob underscore seven at B-B-C dot co dot uk"),
        (
            "www.strand.com/~me/50%",
            "W-W-W dot strand dot com slash tilde me slash five zero percent",
        ),
    ],
)
def test_urls_full(written: str, spoken: str) -> None:
    assert Normalizer("en", urls="full").normalize(written) == spoken


def test_urls_skip() -> None:
    assert Normalizer("en", urls="skip").normalize("More on www.bbc.co.uk today.") == (
        "More on today."
    )


def test_project_setting_says_and_after_hundred(tmp_path: Path) -> None:
    (tmp_path / "settings.tsv").write_text(
        "setting\tvalue\tnote\nand_after_hundred\tyes\tBritish style\n", "utf-8"
    )
    assert Normalizer("en", project_dir=tmp_path).normalize("105 ships") == (
        "One hundred and five ships"
    )
    assert Normalizer("en").normalize("105 ships") == "One hundred five ships"


def test_german_setting_is_unknown_in_english(tmp_path: Path) -> None:
    from vorleser.errors import TableError

    (tmp_path / "settings.tsv").write_text(
        "setting\tvalue\tnote\none_before_hundred\tno\tx\n", "utf-8"
    )
    with pytest.raises(TableError, match="unknown setting 'one_before_hundred'"):
        Normalizer("en", project_dir=tmp_path)


def test_english_reads_only_the_tables_its_passes_declare(normalizer: Normalizer) -> None:
    """No German-only table (noun genders, cases, ordinal endings) is read for English."""
    _, pairs = read_corpus(CORPUS)
    before = normalizer.tables
    for written, _ in pairs:
        normalizer.normalize(written)
    assert normalizer.tables == before  # everything was read up front, nothing mid-text
    assert not before & {"nouns.tsv", "indefinite.tsv", "ordinal_context.tsv", "roman_names.tsv"}


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Dr. Smith arrived at 9 a.m. on Monday. He left in 1996. Then he came back.",
            ["Dr. Smith arrived at 9 a.m. on Monday.", "He left in 1996.", "Then he came back."],
        ),
        (
            "The U.S. economy grew. The U.K. did not.",
            ["The U.S. economy grew.", "The U.K. did not."],
        ),
        ("Apples, pears etc. The list is long.", ["Apples, pears etc.", "The list is long."]),
        ("Mr. Brown met Mrs. Green. They talked.", ["Mr. Brown met Mrs. Green.", "They talked."]),
        ("See p. 5 for details. Thanks.", ["See p. 5 for details.", "Thanks."]),
        (
            "It happened on Jan. 5 in Paris. Nobody knew.",
            ["It happened on Jan. 5 in Paris.", "Nobody knew."],
        ),
        ("World War II ended in 1945. Peace came.", ["World War II ended in 1945.", "Peace came."]),
    ],
)
def test_split_english(text: str, sentences: list[str]) -> None:
    assert split_sentences(text, "en") == sentences


ENGLISH = Normalizer("en")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_returns_a_string(text: str) -> None:
    assert isinstance(ENGLISH.normalize(text), str)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,:;-–/ %€$£°IVXLCDMapmstndrhkgUSNATO\u00a0@()'½+", max_size=80))
def test_number_soup_never_raises_and_leaves_no_digits(text: str) -> None:
    assert not re.search(r"\d", ENGLISH.normalize(text))


def test_large_pathological_inputs_finish() -> None:
    for unit in ("1", ".", ",", "1,", "1.", "123,", "1,000", "a.", "Henry X ", "AB ", "3:"):
        assert isinstance(ENGLISH.normalize(unit * (100_000 // len(unit))), str)
