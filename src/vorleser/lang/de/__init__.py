"""German: the data tables in this folder and the order of the normalization passes.

Order matters: web addresses first (their dots and digits are not numbers), then the
publisher's lexicon and foreign names, abbreviations (so "Jh." is a word before ordinals
look at it), what stands between numbers ("5-8 %", "3 x 4 m", "2.-stärkste"), dates
and times, money, measures, ordinals, Roman numerals, the remaining numbers, acronyms,
and last the symbols nobody claimed. Numbers are composed the German way (units before
tens, closed compounds below a million), and "am 3. Mai" makes a dot after digits an ordinal.
"""

NUMBERS = "vorleser.normalize.numbers:NumberWords"
ORDINAL_DOT = True


PASSES: tuple[str, ...] = (
    "vorleser.normalize.web:WebPass",
    "vorleser.normalize.lexicon:LexiconPass",
    "vorleser.normalize.abbreviations:AbbreviationPass",
    "vorleser.normalize.ranges:RangePass",
    "vorleser.normalize.dates:DatePass",
    "vorleser.normalize.money:MoneyPass",
    "vorleser.normalize.units:UnitPass",
    "vorleser.normalize.ordinals:OrdinalPass",
    "vorleser.normalize.roman:RomanPass",
    "vorleser.normalize.cardinals:CardinalPass",
    "vorleser.normalize.acronyms:AcronymPass",
    "vorleser.normalize.abbreviations:SymbolPass",
)
