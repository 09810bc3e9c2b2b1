"""Web addresses, e-mail addresses and @handles: spoken short, in full, or skipped.

Table: web.tsv (spoken symbols and host parts), tlds.tsv (which endings make an address).
In "short" mode a URL is read as its host only ("tagesschau Punkt de"): the scheme and the
path are noise when heard. In "full" mode the whole address is read the way a newsreader
spells it for a listener who must type it: the scheme spelled ("H-T-T-P-S Doppelpunkt Slash
Slash"), every symbol named from web.tsv ("Fragezeichen", "Gleichheitszeichen"), digits one
by one, and each word of letters read as a word when it can be pronounced, else spelled.
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.acronyms import MAX_SPELLED
from vorleser.normalize.context import Context
from vorleser.normalize.patterns import alternation

_DIGIT_RUN = re.compile(r"\d+")
_SHORT_PREFIX = re.compile(r"^(?:[a-z][a-z0-9+.-]{0,15}://)?", re.IGNORECASE)


def short_address(url: str) -> str:
    """The one "short" reading of a web address, for the transcript and the voice alike:
    the host without scheme and port, and nothing of the path. "www." stays, as radio
    newsreaders say it ("W-W-W Punkt tagesschau Punkt de").

    >>> short_address("https://www.example.org:8080/a/b?c=1")
    'www.example.org'
    """
    host = _SHORT_PREFIX.sub("", url)
    return re.split(r"[/?#:]", host, maxsplit=1)[0].rstrip(".,;:")


_PART_SPLIT = re.compile(r"([.\-_+@])")
#: Trailing characters that end the sentence around an address, not the address.
_TAIL = r"[^\s.,;:!?)“”\"'’»«]"
_SCHEME = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]{0,15}):(?P<slashes>/*)", re.IGNORECASE)
#: A full address splits into runs of letters, runs of digits and single other characters.
_FULL_SPLIT = re.compile(r"([^\W\d_]+|\d+|.)", re.DOTALL)
_CODE_POINT = re.compile(r"U\+[0-9A-F]{4,6}")
_VOWELS = frozenset("aeiouyäöüáàâéèêíìîóòôúùûæøå")
#: Letter groups that sound as one consonant (German and English) before counting clusters.
_DIGRAPHS = re.compile(r"sch|ch|ck|ph|th|sh|qu|ng|pf|tz|wh|gh")
_CONSONANT_RUN = re.compile(r"[^aeiouyäöüáàâéèêíìîóòôúùûæøå]+")
#: The most consonants in a row (digraphs counted as one) that a readable word has
#: ("Herbstspaziergang": r-b-s-t-s-p).
MAX_CLUSTER = 6
#: Word starts of three consonants that are readable (all others are spelled).
_THREE_ONSETS = ("spr", "str", "spl", "skr", "scr", "squ")


def pronounceable(word: str) -> bool:
    """Whether a word of letters from an address can be read as a word, not spelled.

    A heuristic, since a path holds anything from "nachrichten" to "xkq7": a word is spelled
    when it has a single letter or no vowel, when it is an all-capital word short enough to
    be an acronym (the acronym rule), when it starts with three consonants that no word
    starts with, or when it has more than MAX_CLUSTER consonants in a row.
    """
    lower = word.lower()
    if len(lower) < 2 or not _VOWELS.intersection(lower):
        return False
    if word.isupper() and len(word) <= MAX_SPELLED:
        return False
    reduced = _DIGRAPHS.sub("C", lower)
    for run in _CONSONANT_RUN.finditer(reduced):
        if len(run.group()) > MAX_CLUSTER:
            return False
        if run.start() == 0 and len(run.group()) > 2 and not lower.startswith(_THREE_ONSETS):
            return False
    return True


def _symbol(key: str) -> str:
    """A web.tsv symbol; "U+0023" stands for "#", which would start a comment line."""
    if _CODE_POINT.fullmatch(key):
        return chr(int(key[2:], 16))
    return key


def spell(word: str) -> str:
    """Letters as the acronym pass writes them: hyphenated capitals ("ndr" -> "N-D-R")."""
    return "-".join(word.upper())


class WebPass:
    """Replace URLs, e-mail addresses and @handles by their spoken form."""

    TABLES: ClassVar[tuple[str, ...]] = ("web.tsv", "tlds.tsv", "acronyms.tsv")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.spoken = {_symbol(key): words for key, words in ctx.data.web.items()}
        self.acronyms = ctx.data.acronyms
        tld = alternation(ctx.data.tlds)
        host = rf"(?:[\w-]{{1,63}}\.){{1,6}}{tld}(?![\w-])"
        self.email = re.compile(
            r"(?<![\w.@+-])[\w.+-]{1,64}@(?:[\w-]{1,63}\.){1,6}[a-zA-Z]{2,12}(?![\w-])"
        )
        self.url = re.compile(
            rf"(?<![\w@./-])(?:(?:https?|ftp)://)?(?P<host>{host})"
            rf"(?::\d{{1,5}})?(?P<path>/[^\s]*{_TAIL})?",
            re.IGNORECASE,
        )
        self.scheme_url = re.compile(
            r"(?<![\w@])(?:https?|ftp)://(?P<host>[\w-]{1,63}(?:\.[\w-]{1,63}){0,8})"
            rf"(?P<rest>[^\s]*{_TAIL})?",
            re.IGNORECASE,
        )
        self.handle = re.compile(r"(?<![\w@])@(?P<name>\w{1,40}(?:\.\w{1,40})*)")

    def _name(self, key: str) -> str | None:
        """The web.tsv words for a symbol or host part, as written or in lower case."""
        return self.spoken.get(key, self.spoken.get(key.lower()))

    def _part(self, part: str) -> str:
        """One host part: a known word, else letters as written and digits one by one."""
        known = self._name(part)
        if known is not None:
            return known
        if part.isdecimal() or not _DIGIT_RUN.search(part):
            return self.ctx.numbers.digits(part) if part.isdecimal() else part
        return _DIGIT_RUN.sub(lambda m: f" {self.ctx.numbers.digits(m.group())} ", part).strip()

    def say(self, address: str) -> str:
        """Speak an address part by part: "ab-c.de" -> "ab Bindestrich c Punkt de"."""
        if self.ctx.urls == "full":
            return self.say_full(address)
        pieces = []
        for piece in _PART_SPLIT.split(address):
            if not piece:
                continue
            pieces.append(self._part(piece))
        return " ".join(pieces)

    def _word(self, letters: str) -> str:
        """A run of letters in full mode: known, an acronym, a word, or spelled."""
        known = self._name(letters)
        if known is not None:
            return known
        if letters in self.acronyms:
            return self.acronyms[letters]
        if len(letters) == 1 or pronounceable(letters):
            return letters  # a lone letter is read by its name as written
        return spell(letters)

    def say_full(self, address: str) -> str:
        """The whole address for typing: "https://a.de/b?c=1" -> "H-T-T-P-S Doppelpunkt ..."."""
        words = []
        scheme = _SCHEME.match(address)
        if scheme and scheme.group("slashes"):
            words.append(spell(scheme.group("scheme")))
            words.append(self._name(":") or ":")
            words.extend([self._name("/") or "/"] * len(scheme.group("slashes")))
            address = address[scheme.end() :]
        for piece in _FULL_SPLIT.findall(address):
            if piece.isdecimal():
                words.append(self.ctx.numbers.digits(piece))
            elif piece.isalpha():
                words.append(self._word(piece))
            elif not piece.isspace():
                named = self._name(piece)
                words.append(piece if named is None else named)
        return " ".join(words)

    def _url(self, match: re.Match[str]) -> str:
        if self.ctx.urls == "skip":
            return ""
        if self.ctx.urls == "full":
            return self.say_full(match.group())
        return self.say(short_address(match.group("host")))

    def __call__(self, text: str) -> str:
        if "@" in text:
            text = self.email.sub(
                lambda m: "" if self.ctx.urls == "skip" else self.say(m.group()), text
            )
            text = self.handle.sub(lambda m: self.say("@" + m.group("name")), text)
        if "://" in text:
            text = self.scheme_url.sub(self._url, text)
        if "." in text:
            text = self.url.sub(self._url, text)
        return text
