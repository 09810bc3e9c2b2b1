"""vorleser.normalize: the regression corpus, each class of written form, tables, overrides, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import check_corpus, read_corpus
from vorleser.errors import TableError
from vorleser.normalize import Normalizer, normalize

CORPUS = Path(__file__).parent / "data" / "normalize" / "corpus.tsv"


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer("de")


def test_corpus(normalizer: Normalizer) -> None:
    """Every corpus sentence comes out exactly as written down (regenerate flag rewrites)."""
    check_corpus(normalizer, CORPUS, 300)


def test_listening_corpus(normalizer: Normalizer) -> None:
    """The categories a listener stumbled over (issue 9), at least 150 sentences."""
    check_corpus(normalizer, CORPUS.with_name("corpus_listening.tsv"), 150)


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        # cardinals, decimals, negatives, scales
        ("150.000", "Einhundertfünfzigtausend"),
        ("1 234", "Eintausendzweihundertvierunddreißig"),
        ("2,5", "Zwei Komma fünf"),
        ("-60", "Minus sechzig"),
        ("1,2 Mrd. Euro", "Eins Komma zwei Milliarden Euro"),
        ("1 Mio. Menschen", "Eine Million Menschen"),
        (
            "9789382536130",
            "Neun Billionen siebenhundertneunundachtzig Milliarden "
            "dreihundertzweiundachtzig Millionen "
            "fünfhundertsechsunddreißigtausendeinhundertdreißig",
        ),
        # years and decades
        ("Im Jahr 1996 kam er.", "Im Jahr neunzehnhundertsechsundneunzig kam er."),
        ("1500 Menschen kamen.", "Tausendfünfhundert Menschen kamen."),
        ("die 90er", "die Neunziger"),
        ("die 1990er-Jahre", "die neunzehnhundertneunziger Jahre"),
        ("Anfang der 2030er-Jahre", "Anfang der zweitausenddreißiger Jahre"),
        ("in den 90er-Jahren", "in den neunziger Jahren"),
        # ordinals by context
        ("am 24. Februar", "am vierundzwanzigsten Februar"),
        ("der 2. Weltkrieg", "der zweite Weltkrieg"),
        ("im 19. Jh. lebte er", "im neunzehnten Jahrhundert lebte er"),
        ("seit 1. Mai", "seit erstem Mai"),
        ("Er stieg um 5. Die Partei fiel.", "Er stieg um fünf. Die Partei fiel."),
        ("dem 121ten", "dem hunderteinundzwanzigsten"),
        ("Sie wurde 2.", "Sie wurde Zweite."),
        ("Er wurde 5. hinter ihr.", "Er wurde Fünfter hinter ihr."),
        ("Er wurde 1. Besucher.", "Er wurde erster Besucher."),
        ("Der Wert war 3.", "Der Wert war drei."),
        # dates and times
        ("24.02.2022", "Vierundzwanzigster Februar zweitausendzweiundzwanzig"),
        ("am 5.–7. März", "am fünften bis siebten März"),
        ("Mo., 5. Mai", "Montag, fünfter Mai"),
        ("2003-03-02", "Zweiter März zweitausenddrei"),
        ("um 14:30 Uhr", "um vierzehn Uhr dreißig"),
        ("um 9 Uhr", "um neun Uhr"),
        ("nach 2:05 Stunden", "nach zwei Stunden und fünf Minuten"),
        # ranges and scores
        ("2014–2022", "Zweitausendvierzehn bis zweitausendzweiundzwanzig"),
        ("Es endete 3:1.", "Es endete drei zu eins."),
        # money and percent
        ("3,50 €", "Drei Euro fünfzig Cent"),
        ("€2,20", "Zwei Euro zwanzig Cent"),
        ("1 €", "Ein Euro"),
        ("5 %", "Fünf Prozent"),
        ("5%", "Fünf Prozent"),
        # units and fractions
        ("1 h", "Eine Stunde"),
        ("200 km/h", "Zweihundert Kilometer pro Stunde"),
        ("21 °C", "Einundzwanzig Grad Celsius"),
        ("2 kwh", "Zwei Kilowattstunden"),
        ("1/3", "Ein Drittel"),
        ("1 1/2 ft", "Eineinhalb Fuß"),
        ("½", "Ein halb"),
        # abbreviations
        ("z.B. heute", "zum Beispiel heute"),
        ("u. a. dort", "unter anderem dort"),
        ("Das ist gut usw.", "Das ist gut und so weiter."),
        ("Nr. 5", "Nummer fünf"),
        ("§ 3 Abs. 2", "Paragraf drei Absatz zwei"),
        ("Dr. Roth", "Doktor Roth"),
        ("am Di. in Berlin", "am Dienstag in Berlin"),
        ("Mo.–Fr. offen", "Montag bis Freitag offen"),
        ("Herr und Fr. Roth", "Herr und Fr. Roth"),
        ("Goethestr. 5", "Goethestraße fünf"),
        ("Goethe-Str. 5", "Goethe-Straße fünf"),
        ("Ende usw. Dann", "Ende und so weiter. Dann"),
        # agreement of one with the noun and the preposition before it
        ("1 Stunde", "Eine Stunde"),
        ("1 Million", "Eine Million"),
        ("1 Milliarde Euro", "Eine Milliarde Euro"),
        ("mit 1 Stimme", "mit einer Stimme"),
        ("mit 1 Million Euro", "mit einer Million Euro"),
        ("seit 1 Jahr", "seit einem Jahr"),
        ("für 1 Euro", "für einen Euro"),
        ("kostet 1 Euro", "kostet ein Euro"),
        ("um 1 Stunde", "um eine Stunde"),
        ("in 1 Zeitung", "in einer Zeitung"),
        ("mit 1 km", "mit einem Kilometer"),
        # acronyms
        ("US-Präsident", "U-S Präsident"),
        ("NATO-Erweiterung", "Nato-Erweiterung"),
        ("G7-Gipfel", "G-sieben-Gipfel"),
        ("UN-Charta", "U-N Charta"),
        ("die BGB-Reform", "die B-G-B Reform"),
        ("Die OSZE", "Die O-S-Z-E"),
        ("die OSZE-Mission", "die O-S-Z-E Mission"),
        ("NGOs", "N-G-O-s"),
        ("vor dem EuG", "vor dem E-u-G"),
        ("das BVerfG", "das Bundesverfassungsgericht"),
        ("eine GmbH", "eine G-m-b-H"),
        ("AfD und BaFin", "A-f-D und Bafin"),
        ("UNESCO und DAX", "Unesco und Dax"),
        ("Das ist SEHR gut", "Das ist sehr gut"),
        ("ACHTUNG", "ACHTUNG"),
        ("WIR SIND DA", "WIR SIND DA"),
        ("KRIEG: Die Lage", "KRIEG: Die Lage"),
        ("EILT: Neuwahl", "Eilt: Neuwahl"),
        ("um 5 km", "um fünf Kilometer"),
        # Roman numerals
        ("Minsk III", "Minsk drei"),
        ("Ludwig XIV. war König.", "Ludwig der Vierzehnte war König."),
        ("Elisabeth II. starb.", "Elisabeth die Zweite starb."),
        ("Kapitel IV", "Kapitel vier"),
        ("Die CD lief.", "Die C-D lief."),
        # web
        ("Mehr auf tagesschau.de.", "Mehr auf tagesschau Punkt de."),
        ("https://www.bund.de/a/b?c=1", "W-W-W Punkt bund Punkt de"),
        ("Mail an a.b@example.org", "Mail an a Punkt b at example Punkt org"),
        # telephone
        ("+49 30 1234", "plus neunundvierzig drei null eins zwei drei vier"),
        # pass-through
        ("", ""),
        ("Guten Morgen!", "Guten Morgen!"),
    ],
)
def test_classes(normalizer: Normalizer, written: str, spoken: str) -> None:
    assert normalizer.normalize(written) == spoken


def test_project_setting_drops_leading_one(tmp_path: Path) -> None:
    (tmp_path / "settings.tsv").write_text(
        "setting\tvalue\tnote\none_before_hundred\tno\tnewsreader style\n", "utf-8"
    )
    norm = Normalizer("de", project_dir=tmp_path)
    assert norm.normalize("100 Tage, 1.000 Gäste, 150.000 Tote, 1.100 Euro") == (
        "Hundert Tage, tausend Gäste, hundertfünfzigtausend Tote, tausendeinhundert Euro"
    )
    assert norm.normalize("am 100. Tag") == "am hundertsten Tag"
    assert norm.normalize("100") == "Hundert"


def test_hundert_in_running_text_einhundert_for_figures_alone(normalizer: Normalizer) -> None:
    """Newsreaders say "hundert"; a figure standing alone (a table cell) gets the careful form."""
    assert normalizer.normalize("Es kamen 150.000 Menschen und 100 Kinder.") == (
        "Es kamen hundertfünfzigtausend Menschen und hundert Kinder."
    )
    assert normalizer.normalize("100") == "Einhundert"
    assert normalizer.normalize("1.100") == "Eintausendeinhundert"
    assert normalizer.normalize("121tem") == "Einhunderteinundzwanzigstem"


def test_project_setting_keeps_leading_one(tmp_path: Path) -> None:
    (tmp_path / "settings.tsv").write_text(
        "setting\tvalue\tnote\none_before_hundred\tyes\tformal\n", "utf-8"
    )
    norm = Normalizer("de", project_dir=tmp_path)
    assert norm.normalize("Es kamen 150.000 Menschen.") == (
        "Es kamen einhundertfünfzigtausend Menschen."
    )


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("one_before_ten\tno\tx", "unknown setting 'one_before_ten'"),
        ("one_before_hundred\tmaybe\tx", "one_before_hundred must be one of alone, yes, no"),
    ],
)
def test_bad_setting_names_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    (tmp_path / "settings.tsv").write_text(f"setting\tvalue\tnote\n{row}\n", "utf-8")
    with pytest.raises(TableError) as info:
        Normalizer("de", project_dir=tmp_path)
    assert info.value.where == f"{tmp_path / 'settings.tsv'}:2"
    assert problem in info.value.problem


def test_urls_skip() -> None:
    assert Normalizer(urls="skip").normalize("Mehr auf www.tagesschau.de heute.") == (
        "Mehr auf heute."
    )


def test_convenience_function_matches_class(normalizer: Normalizer) -> None:
    assert normalize("am 3. Oktober") == normalizer.normalize("am 3. Oktober")


def test_bad_urls_mode() -> None:
    with pytest.raises(ValueError, match="urls"):
        Normalizer(urls="long")


@pytest.fixture(scope="module")
def full() -> Normalizer:
    return Normalizer("de", urls="full")


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Mehr auf https://www.bund.de/a/b?c=1 heute.",
            "Mehr auf H-T-T-P-S Doppelpunkt Slash Slash W-W-W Punkt bund Punkt de Slash a "
            "Slash b Fragezeichen c Gleichheitszeichen eins heute.",
        ),
        (
            "Details: www.wetter.de/regen_radar-7.html#karte.",
            "Details: W-W-W Punkt wetter Punkt de Slash regen Unterstrich radar Bindestrich "
            "sieben Punkt H-T-M-L Raute karte.",
        ),
        (
            "http://ndr.de:8080/~gast/suche?q=alt&s=2%20",
            "H-T-T-P Doppelpunkt Slash Slash N-D-R Punkt de Doppelpunkt acht null acht null "
            "Slash Tilde gast Slash suche Fragezeichen q Gleichheitszeichen alt Et-Zeichen s "
            "Gleichheitszeichen zwei Prozent zwei null",
        ),
        ("Siehe https://bund.de.", "Siehe H-T-T-P-S Doppelpunkt Slash Slash bund Punkt de."),
        ("Mail an post3@xkcd.de", "Mail an post drei at X-K-C-D Punkt de"),
        ("Folgt @radio1", "Folgt at radio eins"),
        ("Herbstspaziergang.de", "Herbstspaziergang Punkt de"),
    ],
)
def test_urls_full(full: Normalizer, written: str, spoken: str) -> None:
    assert full.normalize(written) == spoken


def test_urls_full_leaves_plain_text_alone(full: Normalizer, normalizer: Normalizer) -> None:
    text = "Am 3. Mai kostete es 3,50 € bei der EU."
    assert full.normalize(text) == normalizer.normalize(text)


@pytest.mark.parametrize(
    ("word", "readable"),
    [
        ("nachrichten", True),
        ("bundestagswahl", True),
        ("Herbstspaziergang", True),
        ("strasse", True),
        ("ab", True),
        ("x", False),
        ("xkcd", False),
        ("html", False),
        ("NDR", False),
        ("OSZE", False),
        ("tvnow", False),
    ],
)
def test_pronounceable(word: str, readable: bool) -> None:
    from vorleser.normalize.web import pronounceable

    assert pronounceable(word) is readable


def test_short_mode_keeps_the_sentence_end(normalizer: Normalizer) -> None:
    assert (
        normalizer.normalize("Siehe https://www.bund.de/a.") == "Siehe W-W-W Punkt bund Punkt de."
    )


def test_unknown_language() -> None:
    with pytest.raises(TableError, match="xx"):
        Normalizer("xx")


def test_project_lexicon_wins_and_exposes_ipa(tmp_path: Path) -> None:
    (tmp_path / "lexicon.tsv").write_text(
        "word\trespelling\tipa\tlang\tnote\n# a comment\nMacron\tMackrohn\tmakʁɔ̃\t-\tours\n"
        "Nvidia\tEnvidia\t-\t-\tbrand\nSunak\t-\t-\ten\tspoken English\n",
        encoding="utf-8",
    )
    (tmp_path / "acronyms.tsv").write_text("acronym\tspoken\nEU\tEuropäische Union\n", "utf-8")
    norm = Normalizer("de", project_dir=tmp_path)
    assert norm.normalize("Macron und Nvidia in der EU") == (
        "Mackrohn und Envidia in der Europäische Union"
    )
    assert norm.normalize("Sunaks Rede") == "⟨en:Sunaks⟩ Rede"
    assert norm.lexicon["Macron"] == ("Mackrohn", "makʁɔ̃")
    assert norm.lexicon_ipa("Nvidia") is None
    assert norm.lexicon_ipa("Selenskyj") == "zɛlɛnˈskɪj"
    assert norm.lexicon_ipa("Haus") is None


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        ("word\trespelling\tipa\tlang\tnote\nMacron\tMakrong\n", 2, "expected 5 columns"),
        ("word\trespelling\tipa\tlang\tnote\nTrump\t-\t-\tEnglish\t\n", 2, "lang must be"),
        ("word\trespelling\n", 1, "expected header"),
        ("# only a comment\n", 1, "missing header"),
    ],
)
def test_bad_project_row_names_file_and_line(
    tmp_path: Path, content: str, line: int, problem: str
) -> None:
    (tmp_path / "lexicon.tsv").write_text(content, encoding="utf-8")
    with pytest.raises(TableError) as info:
        Normalizer("de", project_dir=tmp_path)
    assert info.value.where == f"{tmp_path / 'lexicon.tsv'}:{line}"
    assert problem in info.value.problem


def test_bad_abbreviation_context(tmp_path: Path) -> None:
    (tmp_path / "abbreviations.tsv").write_text(
        "abbreviation\texpansion\tcontext\nbzgl.\tbezüglich\tsometimes\n", "utf-8"
    )
    with pytest.raises(TableError, match=r"abbreviations.tsv:2: context must be"):
        Normalizer("de", project_dir=tmp_path)


def test_cli_one_line_per_line() -> None:
    from vorleser.cli.normalize import normalize as command

    result = CliRunner().invoke(command, ["--lang", "de"], input="am 3. Mai\n\n5 %\n")
    assert result.exit_code == 0, result.output
    assert result.output == "am dritten Mai\n\nFünf Prozent\n"


def test_cli_urls_full() -> None:
    from vorleser.cli.normalize import normalize as command

    result = CliRunner().invoke(command, ["--urls", "full"], input="www.ab.de/x?y=1\n")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "W-W-W Punkt ab Punkt de Slash x Fragezeichen y Gleichheitszeichen eins\n"
    )


def test_cli_unknown_language_is_one_error_line() -> None:
    from vorleser.cli.normalize import normalize as command

    result = CliRunner().invoke(command, ["--lang", "xx"], input="1\n")
    assert result.exit_code == 1
    assert "Error: language 'xx'" in result.output


def test_german_reads_every_table_up_front(normalizer: Normalizer) -> None:
    """The passes declare their tables; all are read when the Normalizer is built."""
    from vorleser.normalize.data import TABLES

    before = normalizer.tables
    for written, _ in read_corpus(CORPUS)[1][:50]:
        normalizer.normalize(written)
    assert normalizer.tables == before == {n for n, spec in TABLES.items() if spec.normalize}


def test_missing_optional_table_is_no_rows_and_required_one_names_the_file() -> None:
    from vorleser.normalize.data import LanguageData

    data = LanguageData("en", "vorleser.lang.en")
    assert data.nouns == {} and data.roman_names == {}
    with pytest.raises(TableError) as info:
        data.require(["indefinite.tsv"])
    assert info.value.where == "vorleser/lang/en/indefinite.tsv"
    assert "missing data table" in info.value.problem


def test_a_new_language_is_a_new_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder with PASSES, NUMBERS and the tables they declare: nothing central edited."""
    import vorleser.lang

    folder = tmp_path / "xq"
    folder.mkdir()
    (folder / "__init__.py").write_text(
        'NUMBERS = "vorleser.lang.en.numbers:EnglishNumbers"\n'
        'PASSES = ("vorleser.normalize.acronyms:AcronymPass",'
        ' "vorleser.lang.en.cardinals:CardinalPass")\n',
        "utf-8",
    )
    for table in ("numbers.tsv", "scales.tsv", "web.tsv"):
        source = Path(vorleser.lang.__file__).parent / "en" / table
        (folder / table).write_text(source.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(vorleser.lang, "__path__", [*vorleser.lang.__path__, str(tmp_path)])
    with pytest.raises(TableError) as info:
        Normalizer("xq")
    assert info.value.where.endswith("lang/xq/acronyms.tsv")
    (folder / "acronyms.tsv").write_text("acronym\tspoken\nNATO\tNato\n", "utf-8")
    assert Normalizer("xq").normalize("NATO has 32 members") == "Nato has thirty-two members"


def test_project_lexicon_with_the_header_before_lang_still_reads(tmp_path: Path) -> None:
    (tmp_path / "lexicon.tsv").write_text(
        "word\trespelling\tipa\tnote\nNvidia\tEnvidia\t-\tbrand\n", encoding="utf-8"
    )
    assert Normalizer("de", project_dir=tmp_path).normalize("Nvidia wächst.") == "Envidia wächst."
