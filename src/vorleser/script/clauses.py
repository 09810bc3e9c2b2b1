"""Split over-long sentences at clause boundaries before synthesis.

Neural engines (Piper) need memory in proportion to the sentence they speak: 451 MiB for 227
characters, 815 MiB for 493. Engines that declare ``max_sentence_chars`` (vorleser.tts.EngineInfo)
get sentences no
longer than that, cut where a reader would pause anyway: after ``; : – —``, after a comma, or
before a conjunction. Cuts between plain words are a last resort, and no word is ever cut.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

__all__ = ["CONJUNCTIONS", "split_long"]

#: Words a clause may start with (German and English); a cut before them sounds natural.
_CONJUNCTION_WORDS = """
    und aber weil dass sodass oder denn doch sondern obwohl während wenn nachdem bevor damit
    falls sobald solange indem jedoch
    and but because which or although while whereas unless since that who
"""
CONJUNCTIONS = frozenset(_CONJUNCTION_WORDS.split())

# Penalty per cut by the kind of gap it is made in; lower is a better place to pause.
_STRONG = 0.0  # after ; : – —
_COMMA = 0.05  # after a comma
_CONJUNCTION = 0.1  # before a conjunction
_WORD = None  # between plain words: only when no clause boundary fits

_CLOSERS = "\"'“”‘’»«)]"
_OPENERS = "\"'„“‚‘»«(["


@dataclass(frozen=True)
class _Gap:
    end: int
    """Where the piece before the gap ends."""
    start: int
    """Where the piece after the gap starts."""
    penalty: float | None


def _gaps(sentence: str) -> tuple[list[tuple[int, int]], list[_Gap]]:
    words = [m.span() for m in re.finditer(r"\S+", sentence)]
    gaps = []
    for (_, end), (start, next_end) in itertools.pairwise(words):
        before = sentence[:end].rstrip(_CLOSERS)
        after = sentence[start:next_end].lstrip(_OPENERS).lower()
        after_word = re.sub(r"\W+$", "", after)
        penalty: float | None = _WORD
        if before.endswith((";", ":", "–", "—")):
            penalty = _STRONG
        elif before.endswith(","):
            penalty = _COMMA
        elif after_word in CONJUNCTIONS:
            penalty = _CONJUNCTION
        gaps.append(_Gap(end, start, penalty))
    return words, gaps


def split_long(sentence: str, max_chars: int = 200) -> list[str]:
    """Cut `sentence` into pieces of at most `max_chars`, at clause boundaries, evenly.

    Fewest cuts between plain words first, then fewest pieces, then the most even pieces at
    the best boundaries. A single word longer than `max_chars` stays whole.

    >>> split_long("Kurz und gut.")
    ['Kurz und gut.']
    >>> split_long("Der Zug kam spät, weil es schneite, und alle warteten lange.", 40)
    ['Der Zug kam spät, weil es schneite,', 'und alle warteten lange.']
    """
    sentence = sentence.strip()
    if len(sentence) <= max_chars:
        return [sentence]
    words, gaps = _gaps(sentence)
    # Cut points: index 0 is the sentence start, index i (1..n-1) is gap i-1, n is the end.
    starts = [words[0][0]] + [g.start for g in gaps]
    ends = [g.end for g in gaps] + [words[-1][1]]
    n = len(words)
    # best[j]: cost of the best split of words[0:j] into pieces, as a comparable tuple
    # (word cuts, pieces, badness); prev[j] is where its last piece starts.
    inf = (float("inf"), 0.0, 0.0)
    best: list[tuple[float, float, float]] = [(0, 0, 0.0)] + [inf] * n
    prev = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            length = ends[j - 1] - starts[i]
            if length > max_chars and i < j - 1:
                break  # longer pieces only get longer as i decreases
            if best[i][0] == float("inf"):
                continue
            word_cuts, count, badness = best[i]
            if j < n:
                penalty = gaps[j - 1].penalty
                word_cuts += penalty is None
                badness += penalty or 0.0
            badness += (length / max_chars) ** 2
            cost = (word_cuts, count + 1, badness)
            if cost < best[j]:
                best[j], prev[j] = cost, i
    pieces: list[str] = []
    j = n
    while j > 0:
        i = prev[j]
        pieces.append(sentence[starts[i] : ends[j - 1]])
        j = i
    return pieces[::-1]
