"""Web addresses, e-mail addresses and @handles, spoken short ("tagesschau Punkt de") or skipped.

Table: web.tsv (spoken symbols and host parts), tlds.tsv (which endings make an address).
In "short" mode a URL is read as its host only: the scheme and the path are noise when heard.
"""

from __future__ import annotations

import re
from typing import ClassVar

from vorleser.normalize.context import Context
from vorleser.normalize.patterns import alternation

_DIGIT_RUN = re.compile(r"\d+")
_PART_SPLIT = re.compile(r"([.\-_+@])")


class WebPass:
    """Replace URLs, e-mail addresses and @handles by their spoken form."""

    TABLES: ClassVar[tuple[str, ...]] = ("web.tsv", "tlds.tsv")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.spoken = ctx.data.web
        tld = alternation(ctx.data.tlds)
        host = rf"(?:[\w-]{{1,63}}\.){{1,6}}{tld}(?![\w-])"
        self.email = re.compile(
            r"(?<![\w.@+-])[\w.+-]{1,64}@(?:[\w-]{1,63}\.){1,6}[a-zA-Z]{2,12}(?![\w-])"
        )
        self.url = re.compile(
            rf"(?<![\w@./-])(?:(?:https?|ftp)://)?(?P<host>{host})"
            rf"(?::\d{{1,5}})?(?P<path>/[^\s]*[^\s.,;:!?)“”\"'])?",
            re.IGNORECASE,
        )
        self.scheme_url = re.compile(r"(?<![\w@])(?:https?|ftp)://(?P<host>[\w.-]{1,253})[^\s]*")
        self.handle = re.compile(r"(?<![\w@])@(?P<name>\w{1,40}(?:\.\w{1,40})*)")

    def _part(self, part: str) -> str:
        """One host part: a known word, else letters as written and digits one by one."""
        if part in self.spoken:
            return self.spoken[part]
        if part.lower() in self.spoken:
            return self.spoken[part.lower()]
        if part.isdecimal() or not _DIGIT_RUN.search(part):
            return self.ctx.numbers.digits(part) if part.isdecimal() else part
        return _DIGIT_RUN.sub(lambda m: f" {self.ctx.numbers.digits(m.group())} ", part).strip()

    def say(self, address: str) -> str:
        """Speak an address part by part: "ab-c.de" -> "ab Bindestrich c Punkt de"."""
        pieces = []
        for piece in _PART_SPLIT.split(address):
            if not piece:
                continue
            pieces.append(self._part(piece))
        return " ".join(pieces)

    def _url(self, match: re.Match[str]) -> str:
        if self.ctx.urls == "skip":
            return ""
        return self.say(match.group("host"))

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
