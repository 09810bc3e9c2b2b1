"""Transcripts (WebVTT, SRT) and JSON chapters, read back with webvtt-py, srt and json.

Checklist numbers refer to shared/podcast/STANDARDS.md §7 (22: transcripts, 23: chapters,
21: description chapter lines).
"""

from __future__ import annotations

import io
import json

import srt
import webvtt
from hypothesis import given
from hypothesis import strategies as st

from vorleser.model import ChapterMark, Cue
from vorleser.publish.chapters import description_lines, render_chapters_json
from vorleser.publish.transcript import render_srt, render_vtt

CUES = (
    Cue(0.0, 2.4, "Der Haushalt für 2026 ist beschlossen."),
    Cue(
        2.9, 7.25, "Die Koalition spricht von „Zukunftsinvestitionen“ & <solider> Finanzierung -->"
    ),
    Cue(
        7.8,
        15.5,
        "Ob das reicht, wird man erst sehen, wenn die Zinsen steigen, die Konjunktur nachlässt\n\n"
        "und die Länder ihre Forderungen stellen, was erfahrungsgemäß im Herbst geschieht.",
    ),
)


def _vtt(text: str) -> list[webvtt.Caption]:
    captions: list[webvtt.Caption] = webvtt.from_buffer(io.StringIO(text)).captions
    return captions


def test_checklist_22_vtt_parses_one_cue_per_sentence_in_order() -> None:
    text = render_vtt(CUES)
    assert text.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.400\n")
    captions = _vtt(text)
    assert len(captions) == len(CUES)
    assert [c.start_in_seconds for c in captions] == sorted(c.start_in_seconds for c in captions)
    assert [(c.start, c.end) for c in captions][1] == ("00:00:02.900", "00:00:07.250")
    assert captions[0].text == "Der Haushalt für 2026 ist beschlossen."


def test_checklist_22_vtt_escapes_and_keeps_cues_whole() -> None:
    text = render_vtt(CUES)
    flat = " ".join(text.split())
    assert "&amp; &lt;solider&gt; Finanzierung -&gt;" in flat  # & < > escaped, no stray arrow
    assert text.count("-->") == len(CUES)  # only timing lines carry the arrow
    assert len(text.rstrip("\n").split("\n\n")) == 1 + len(CUES)  # no blank line inside a cue
    long = _vtt(text)[2]
    assert all(len(line) <= 65 for line in long.lines)
    assert " ".join(long.lines).startswith("Ob das reicht") and "\n\n" not in long.raw_text


def test_vtt_fixes_zero_length_and_negative_times() -> None:
    captions = _vtt(render_vtt([Cue(-0.2, -0.1, "Kurz."), Cue(3.0, 3.0, "Auch kurz.")]))
    assert [(c.start, c.end) for c in captions] == [
        ("00:00:00.000", "00:00:00.001"),
        ("00:00:03.000", "00:00:03.001"),
    ]


def test_checklist_22_srt_parses_with_two_short_lines_and_same_span() -> None:
    subs = list(srt.parse(render_srt(CUES)))
    assert [s.index for s in subs] == list(range(1, len(subs) + 1))
    assert len(subs) > len(CUES)  # the long sentence was split
    assert all(len(s.content.split("\n")) <= 2 for s in subs)
    assert all(len(line) <= 32 for s in subs for line in s.content.split("\n"))
    assert subs[0].start.total_seconds() == 0.0
    assert subs[-1].end.total_seconds() == 15.5  # the last piece ends with the sentence
    starts = [s.start for s in subs]
    assert starts == sorted(starts) and all(s.end > s.start for s in subs)
    assert "& <solider>" in " ".join(" ".join(s.content.split()) for s in subs)  # no escaping


@given(
    st.lists(
        st.tuples(
            st.floats(0, 5000, allow_nan=False),
            st.floats(0, 30, allow_nan=False),
            st.text(min_size=1, max_size=200),
        ),
        max_size=12,
    )
)
def test_any_sentences_give_a_vtt_that_parses(raw: list[tuple[float, float, str]]) -> None:
    starts = sorted(r[0] for r in raw)
    cues = [Cue(s, s + r[1], r[2]) for s, r in zip(starts, raw, strict=True)]
    captions = _vtt(render_vtt(cues))
    assert len(captions) == sum(1 for c in cues if c.text.split())
    assert all(c.end > c.start for c in captions)  # zero-padded: text order is time order
    list(srt.parse(render_srt(cues)))


CHAPTERS = (
    ChapterMark(0.02, 12.5, "Einleitung"),
    ChapterMark(12.5, 70.25, "Was die Zahlen sagen"),
    ChapterMark(70.25, 75.0, "Ein Zwischenruf"),
    ChapterMark(75.0, 3725.0, "Wie es weitergeht"),
)


def test_checklist_23_chapters_json() -> None:
    doc = json.loads(render_chapters_json(CHAPTERS, "Der Haushalt & die Länder"))
    assert doc["version"] == "1.2.0" and doc["title"] == "Der Haushalt & die Länder"
    starts = [c["startTime"] for c in doc["chapters"]]
    assert starts == [0.0, 12.5, 70.25, 75.0]  # first pinned to 0, strictly ascending
    assert all(isinstance(s, float) for s in starts)
    assert [c["title"] for c in doc["chapters"]][1] == "Was die Zahlen sagen"
    assert doc["chapters"][-1]["endTime"] == 3725.0


def test_checklist_21_description_lines_skip_close_chapters() -> None:
    assert description_lines(CHAPTERS, 3725.0) == [
        "00:00:00 Einleitung",
        "00:00:12 Was die Zahlen sagen",
        "00:01:15 Wie es weitergeht",
    ]
    assert description_lines(CHAPTERS, 600.0)[2] == "01:15 Wie es weitergeht"
    assert description_lines(CHAPTERS[:2], 80.0) == []  # under 3 lines directories ignore them
