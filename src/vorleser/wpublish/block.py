"""The one marked block vorleser puts at the top of a WordPress post, and nothing else.

The block sits between two HTML comments, which WordPress keeps through its editor, its content
filters and kses, so it can always be found, replaced or removed without touching a byte of the
rest of the post. The begin marker carries a fingerprint of what was written; a second run that
would write the same block leaves the post alone, even where kses reformatted the inside.

The player is WordPress's own audio block (core/audio): it renders in every theme, works in the
block editor and needs nothing from vorleser at page load. Posts written in the classic editor
get the same HTML without the block comments, since block comments in a classic post would turn
off wpautop for the whole post and so change how the rest of it renders.

>>> post = "<p>Erster Absatz.</p>"
>>> block = AudioBlock("https://example.org/a.mp3", 7, "Hören:", "Neu", "Laden").render(post)
>>> with_block = insert(post, block)
>>> with_block.startswith("<!-- vorleser-audio begin") and with_block.endswith(post)
True
>>> remove(with_block) == post
True
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass

BEGIN = "<!-- vorleser-audio begin"
END = "<!-- vorleser-audio end -->"
_NOTE = "managed by vorleser publish wordpress; replaced when the audio changes"
_BLOCK = re.compile(
    r"(?:<p>\s*)?<!-- vorleser-audio begin(?: (?P<print>[0-9a-f]{16}))?[^>]*-->"
    r".*?<!-- vorleser-audio end -->(?:\s*</p>)?(?:\n\n|\n)?",
    re.S,
)


@dataclass(frozen=True)
class AudioBlock:
    """What the block says and plays."""

    audio_url: str
    """The MP3 in the media library."""
    media_id: int
    """Its attachment id (the audio block links the two)."""
    announcement: str
    """The sentence above the player ("Dieser Beitrag ist auch als Audio-Podcast verfügbar.")."""
    play_label: str
    """Text of the link that opens the audio in a new window."""
    download_label: str
    """Text of the download link."""

    def render(self, content: str) -> str:
        """The block for a post with `content` (block or classic markup), markers included."""
        url = html.escape(self.audio_url, quote=True)
        note = f'<p class="vorleser-audio-note">{html.escape(self.announcement)}</p>'
        player = f'<figure class="wp-block-audio"><audio controls src="{url}"></audio></figure>'
        links = (
            f'<p class="vorleser-audio-links"><a href="{url}" target="_blank" rel="noopener">'
            f"{html.escape(self.play_label)}</a> | "
            f'<a href="{url}" download>{html.escape(self.download_label)}</a></p>'
        )
        if uses_blocks(content):
            inner = "\n\n".join(
                (
                    '<!-- wp:paragraph {"className":"vorleser-audio-note"} -->\n'
                    f"{note}\n<!-- /wp:paragraph -->",
                    f"<!-- wp:audio {json.dumps({'id': self.media_id})} -->\n"
                    f"{player}\n<!-- /wp:audio -->",
                    '<!-- wp:paragraph {"className":"vorleser-audio-links"} -->\n'
                    f"{links}\n<!-- /wp:paragraph -->",
                )
            )
        else:
            inner = f"{note}\n{player}\n{links}"
        digest = fingerprint(inner)
        return f"{BEGIN} {digest} ({_NOTE}) -->\n{inner}\n{END}"


def fingerprint(text: str) -> str:
    """A short hash of a block's inside, written into its begin marker."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def uses_blocks(content: str) -> bool:
    """Whether a post is written in the block editor (it has block comments of its own)."""
    return "<!-- wp:" in remove(content)


def found(content: str) -> list[str]:
    """The fingerprints of the blocks in `content` ("" for one without), in order."""
    return [m.group("print") or "" for m in _BLOCK.finditer(content)]


def remove(content: str) -> str:
    """`content` without any vorleser block (and the line break that followed it)."""
    return _BLOCK.sub("", content)


def insert(content: str, block: str) -> str:
    """`block` at the top of `content`, replacing any earlier vorleser block wherever it was."""
    return f"{block}\n\n{remove(content)}"


def current(content: str, block: str) -> bool:
    """Whether `content` holds exactly one block, at the top, with the same fingerprint."""
    prints = found(content)
    wanted = block[len(BEGIN) + 1 : len(BEGIN) + 17]
    return prints == [wanted] and content.lstrip().startswith(BEGIN)


def strip_rendered(html_text: str) -> str:
    """A post's rendered HTML without the block, so an import does not read it aloud."""
    return remove(html_text)


def strip_excerpt(excerpt: str, html_text: str) -> str:
    """An excerpt WordPress made from a post with the block, without the block's words.

    WordPress builds excerpts from the rendered post with its tags stripped, so the block's
    announcement and link texts lead them; they are no summary of the article.
    """
    words = [_words(m.group(0)) for m in _BLOCK.finditer(html_text)]
    text = _words(excerpt)
    for block_words in words:
        if block_words and text.startswith(block_words):
            text = text[len(block_words) :].strip()
    return text if words else excerpt


def _words(fragment: str) -> str:
    text = re.sub(r"<!--.*?-->|<[^>]+>", " ", fragment, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
