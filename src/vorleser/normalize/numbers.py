"""Compose number words from numbers.tsv and scales.tsv: cardinals, ordinals, years, fractions.

The vocabulary (eins, zwanzig, Million) is data; the German word order (units before tens,
"und" between them, closed compounds below a million) is the code here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextvars import ContextVar
from typing import ClassVar

from vorleser.normalize.data import LanguageData

#: A written number: sign, digits with "." / space / narrow-space thousands, decimal comma.
#: Quantifiers are bounded so no input can make the pattern backtrack for long.
NUMBER = (
    r"(?<![\w.,])(?P<sign>[-−])?"
    r"(?P<int>\d{1,3}(?:[.\u202f\u00a0]\d{3}){1,6}(?![\d])|\d{1,3}(?: \d{3}){1,6}(?![\d.,])"
    r"|\d{1,18})(?:,(?P<frac>\d{1,12}))?(?![\d])"
)
NUMBER_RE = re.compile(NUMBER)
_GROUPING = re.compile(r"[.\u202f\u00a0 ]")

#: True while the normalizer reads figures alone, a text with no word but a number's ending
#: ("100", "1/100", "111.", "121tem"): there a number is read in the careful form "einhundert",
#: in running text as "hundert".
FIGURES_ALONE: ContextVar[bool] = ContextVar("figures_alone", default=False)

#: Highest number spoken as words; longer digit strings are read digit by digit.
MAX_WORDS = 10**21 - 1


def parse_int(text: str) -> int:
    """ "150.000" -> 150000 (thousands separators removed)."""
    return int(_GROUPING.sub("", text))


class NumberWords:
    """German number words, composed from numbers.tsv, scales.tsv and indefinite.tsv."""

    TABLES: ClassVar[tuple[str, ...]] = (
        "numbers.tsv",
        "scales.tsv",
        "indefinite.tsv",
        "settings.tsv",
        "words.tsv",
    )
    SETTINGS: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "one_before_hundred": ("alone", "yes", "no")
    }
    NUMBER: ClassVar[str] = NUMBER

    def __init__(self, data: LanguageData) -> None:
        self.words = {n: row[0] for n, row in data.numbers.items()}
        self.stems = {n: row[1] for n, row in data.numbers.items()}
        self.fractions = {n: row[2] for n, row in data.numbers.items()}
        self.over = data.word("over")
        self.scales = sorted(data.scales.items(), reverse=True)
        self.indefinite = data.indefinite
        #: "ein" before a leading Hundert/Tausend ("yes"), never ("no": "hundertfünfzigtausend",
        #: as a newsreader says it), or only for figures alone ("alone", see
        #: FIGURES_ALONE): a table cell or a list of numbers gets the careful form.
        self.lead_one_setting = data.settings["one_before_hundred"]

    @property
    def lead_one(self) -> str:
        setting = self.lead_one_setting
        if setting == "alone":
            return "ein" if FIGURES_ALONE.get() else ""
        return "ein" if setting == "yes" else ""

    @staticmethod
    def parse_int(text: str) -> int:
        """ "150.000" -> 150000."""
        return parse_int(text)

    # -- cardinals -------------------------------------------------------------------
    def _below_hundred(self, n: int, one: str) -> str:
        if n == 0:
            return ""
        if n == 1:
            return one
        if n < 20:
            return self.words[n]
        units, tens = n % 10, n - n % 10
        if units == 0:
            return self.words[tens]
        unit = "ein" if units == 1 else self.words[units]
        return f"{unit}und{self.words[tens]}"

    def _below_thousand(self, n: int, one: str, lead: bool = False) -> str:
        hundreds, rest = divmod(n, 100)
        head = ""
        if hundreds:
            ein = self.lead_one if lead else "ein"
            head = (ein if hundreds == 1 else self.words[hundreds]) + self.words[100]
        return head + self._below_hundred(rest, one)

    def _below_million(self, n: int, one: str) -> str:
        """n < 10**6; the number's first word drops "ein" when the setting says so."""
        thousands, rest = divmod(n, 1000)
        head = ""
        if thousands == 1:
            head = self.lead_one + self.words[1000]
        elif thousands:
            head = self._below_thousand(thousands, "ein", lead=True) + self.words[1000]
        return head + self._below_thousand(rest, one, lead=not thousands)

    def one(self, gender: str, case: str = "nom") -> str:
        """The number one before a noun: ("f", "dat") -> "einer" (indefinite.tsv)."""
        return self.indefinite.get((case, gender)) or self.indefinite[("nom", gender)]

    def cardinal(self, n: int, gender: str | None = None, case: str = "nom") -> str:
        """n as words; `gender` (m/f/n) inflects a final one: "ein Euro", "eine Stunde".

        `case` applies to exactly one ("mit einer Stimme"); "hundertein" keeps the nominative.

        >>> from vorleser.normalize import Normalizer
        >>> Normalizer().numbers.cardinal(1234567)
        'eine Million zweihundertvierunddreißigtausendfünfhundertsiebenundsechzig'
        """
        if n < 0:
            return "minus " + self.cardinal(-n, gender)
        if n == 0:
            return self.words[0]
        if n > MAX_WORDS:
            return self.digits(str(n))
        if n == 1 and gender:
            return self.one(gender, case)
        one = self.words[1] if gender is None else self.one(gender)
        parts: list[str] = []
        for power, (singular, plural) in self.scales:
            count, n = divmod(n, 10**power)
            if count == 1:
                parts.append(f"{self.one('f')} {singular}")
            elif count:
                parts.append(f"{self._below_thousand(count, self.words[1])} {plural}")
        if n:
            parts.append(self._below_million(n, one))
        return " ".join(parts)

    def year(self, n: int) -> str:
        """A year: 1996 -> "neunzehnhundertsechsundneunzig", 2022 as a cardinal."""
        if 1100 <= n <= 1999:
            return self.words[n // 100] + self.words[100] + self._below_hundred(n % 100, "eins")
        return self.cardinal(n)

    def digits(self, text: str) -> str:
        """Digit by digit: "0411" -> "null vier eins eins"."""
        return " ".join(self.words[int(d)] for d in text if d.isdecimal())

    def decimal(self, whole: int, frac: str, negative: bool = False) -> str:
        """2,5 -> "zwei Komma fünf" (digits after the comma one by one)."""
        text = f"{self.cardinal(whole)} Komma {self.digits(frac)}"
        return "minus " + text if negative else text

    # -- ordinals --------------------------------------------------------------------
    def ordinal_stem(self, n: int) -> str:
        """The stem the ending attaches to: 3 -> "dritt", 21 -> "einundzwanzigst"."""
        if n > MAX_WORDS or n < 0:
            return self.cardinal(n) + "."
        rest = n % 100
        if 1 <= rest < 20 or n == 0:
            head = self.cardinal(n - rest) if n - rest else ""
            return self._join(head, self.stems[rest])
        if n >= 10**6 and n % 1000 == 0:
            words = self.cardinal(n).split(" ")
            words[-1] = words[-1].lower()
            if words[0] in ("eine",):
                words[0] = "ein"
            return "".join(words) + "st"
        return self.cardinal(n) + "st"

    @staticmethod
    def _join(head: str, tail: str) -> str:
        if head and head.split(" ")[-1][:1].isupper():
            return f"{head} {tail}"
        return head + tail

    def ordinal(self, n: int, ending: str = "er") -> str:
        """n as an ordinal with `ending`: (24, "en") -> "vierundzwanzigsten".

        A capitalised ending makes a noun: (2, "E") -> "Zweite" ("Sie wurde Zweite").
        """
        if ending[:1].isupper():
            return (self.ordinal_stem(n) + ending.lower()).capitalize()
        return self.ordinal_stem(n) + ending

    # -- fractions -------------------------------------------------------------------
    def fraction(self, numerator: int, denominator: int) -> str:
        """1/3 -> "ein Drittel", 4/2 -> "vier Halbe", 1/22 -> "ein Zweiundzwanzigstel"."""
        count = "ein" if numerator == 1 else self.cardinal(numerator)
        if denominator == 2:
            return f"{count} {'halb' if numerator == 1 else 'Halbe'}"
        if self.fractions.get(denominator) == "-":  # no noun for it: "drei durch eins"
            return f"{self.cardinal(numerator)} {self.over} {self.cardinal(denominator)}"
        if denominator in self.fractions and denominator < 100:
            noun = self.fractions[denominator]
        else:
            noun = self.ordinal_stem(denominator).capitalize() + "el"
        return f"{count} {noun}"

    # -- amounts ---------------------------------------------------------------------
    def amount(
        self,
        sign: str | None,
        integer: str,
        frac: str | None,
        gender: str | None,
        case: str = "nom",
    ) -> str:
        """A matched NUMBER as words; a final one agrees with `gender` ("eine Stunde")."""
        whole = parse_int(integer)
        if frac:
            return self.decimal(whole, frac, bool(sign))
        if len(integer) > 1 and integer.startswith("0"):
            return ("minus " if sign else "") + self.digits(integer)
        return ("minus " if sign else "") + self.cardinal(whole, gender, case)

    def scaled(
        self, sign: str | None, integer: str, frac: str | None, power: int, case: str = "nom"
    ) -> str:
        """An amount with a scale word: "1,2 Mrd." -> "eins Komma zwei Milliarden"."""
        singular, plural = dict(self.scales)[power]
        if not frac and parse_int(integer) == 1:
            return ("minus " if sign else "") + f"{self.one('f', case)} {singular}"
        return f"{self.amount(sign, integer, frac, None)} {plural}"
