"""English: the data tables in this folder and the order of the normalization passes.

The shared passes read English tables (web addresses, lexicon, abbreviations, money, acronyms,
symbols); where English grammar differs from German the passes live here: dates and clock
times ("March 3, 2024", "2:30 pm"), units ("per", "one and a half"), ordinals written
"1st"/"21st" and decades ("the 1990s"), Roman numerals ("World War II", "Henry VIII") and the
remaining numbers ("150,000", "2.5", "1996"). Order matters as in German: addresses first,
then abbreviations, dates, money, units, ordinals, Roman numerals, numbers, acronyms, symbols.
A dot after digits always ends a sentence (English has no ordinal dot).
"""

NUMBERS = "vorleser.lang.en.numbers:EnglishNumbers"
ORDINAL_DOT = False

PASSES: tuple[str, ...] = (
    "vorleser.normalize.web:WebPass",
    "vorleser.normalize.lexicon:LexiconPass",
    "vorleser.normalize.abbreviations:AbbreviationPass",
    "vorleser.lang.en.dates:DatePass",
    "vorleser.normalize.money:MoneyPass",
    "vorleser.lang.en.units:UnitPass",
    "vorleser.lang.en.numerals:OrdinalPass",
    "vorleser.lang.en.numerals:RomanPass",
    "vorleser.lang.en.cardinals:CardinalPass",
    "vorleser.normalize.acronyms:AcronymPass",
    "vorleser.normalize.abbreviations:SymbolPass",
)
