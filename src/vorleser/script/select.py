"""What of an article's text is read: the body's blocks, minus what a listener cannot use.

The Markdown and HTML readers already took out players, credits and related lists; here the
remaining text is made fit for a listener: bare URLs become their host name (or vanish), so
no cue shows "https://" and no engine spells a path. The short form is the normalizer's own
(vorleser.normalize.web.short_address), so `vorleser normalize` and the build read alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vorleser.model import SHOWN_NOT_READ, Article
from vorleser.normalize.web import short_address

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”„»«)\]]+", re.I)


def shorten_urls(text: str, mode: str = "short") -> str:
    """Replace bare URLs with their host ("short"), remove them ("skip") or keep them ("full").

    >>> shorten_urls("Mehr unter https://www.example.org/a/b?c=1 im Netz.")
    'Mehr unter www.example.org im Netz.'
    """

    if mode == "full":
        return text

    def repl(m: re.Match[str]) -> str:
        url = m.group(0)
        end = url[len(url.rstrip(".,;:!?")) :]  # the sentence's punctuation, not the URL's
        return end if mode == "skip" else short_address(url) + end

    return re.sub(r"\s{2,}", " ", _URL.sub(repl, text)).strip()


def readable_sections(
    article: Article, urls: str = "short"
) -> Iterator[tuple[str | None, list[str]]]:
    """(heading, paragraphs) per section; each line of a block's text is one paragraph.

    Lists give one paragraph per item, tables one per row; code blocks are not read.
    """
    for section in article.sections:
        paragraphs: list[str] = []
        for block in section.blocks:
            if block.kind in SHOWN_NOT_READ:
                continue
            for line in block.text.split("\n"):
                text = shorten_urls(line, urls)
                if re.search(r"\w", text):
                    paragraphs.append(text)
        heading = shorten_urls(section.heading, urls) if section.heading else None
        if heading or paragraphs:
            yield heading, paragraphs
