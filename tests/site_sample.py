"""A small sample site for the page tests: two episodes with chapters, cues, every block kind.

Text is our own; EVIL is article text that must never become markup anywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np

from vorleser.audio.encode import encode_mp3
from vorleser.model import Article, Block, ChapterMark, Cue, Episode, Link, Podcast, Section
from vorleser.publish import layout

EVIL = "<script>window.__pwned=1</script>"
RATE = 22050
DURATION = 20.0
TRANSCRIPT_ONLY = "Hochwasserschutzverordnung"
"""A word only the transcript (the speech) has, not the article text: search must find it."""
CUE_TEXTS = (
    f"Der Titel {EVIL} wird vorgelesen.",
    "Ein Beitrag von Clara Beispiel.",
    "Am Montag stieg der Pegel der Elbe auf 6,20 Meter.",
    "Die Stadt sperrte daraufhin drei Brücken.",
    f"Die {TRANSCRIPT_ONLY} war mit 120 Kräften im Einsatz.",
    "Im Jahr 2002 lag der Höchststand noch deutlich höher.",
    "Die Deiche haben diesmal gehalten.",
    "Das war der Kommentar.",
)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320" viewBox="0 0 640 320">'
    '<rect width="640" height="320" fill="#7a9bb5"/><path d="M0 220 Q160 180 320 220 T640 220'
    ' V320 H0z" fill="#2f5673"/></svg>'
)
ESCAPED = "Ein Absatz mit &lt;script&gt;window.__pwned=1&lt;/script&gt; als Text."
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen"


def article(source: Path, slug: str, title: str, day: int, language: str = "de") -> Article:
    """An article with every block kind; `source` is its (pretend) Markdown file."""
    return Article(
        source=str(source),
        slug=slug,
        title=title,
        language=language,
        author=f"Clara Beispiel {EVIL}",
        translator="Bence Minta",
        original_language="Ungarischen",
        date=dt.datetime(2024, 3, day, 8, 30, tzinfo=dt.UTC),
        summary=f"Die Elbe steigt, die Brücken sind zu. {EVIL}",
        image="titel.svg" if slug == "pegel" else None,
        image_credit="Foto: Archiv <b>fett</b>",
        categories=("Umwelt", "Sachsen") if slug == "pegel" else ("Umwelt",),
        sections=(
            Section(None, (Block("paragraph", "Ein Absatz.", f"<p>{ESCAPED}</p>"),)),
            Section(
                "Hochwasser",
                (
                    Block("paragraph", "Der Pegel stieg.", "<p>Der <em>Pegel</em> stieg.</p>"),
                    Block(
                        "list", "Erstens\nZweitens", "<ul><li>Erstens</li><li>Zweitens</li></ul>"
                    ),
                    Block(
                        "quote",
                        "Wir sind bereit.",
                        "<blockquote><p>„Wir sind bereit.“</p></blockquote>",
                    ),
                    Block(
                        "table",
                        "Ort: Dresden; Pegel: 6,20 m.",
                        "<table><thead><tr><th>Ort</th><th>Pegel</th></tr></thead>"
                        "<tbody><tr><td>Dresden</td><td>6,20 m</td></tr></tbody></table>",
                    ),
                    Block("code", "pegel = 620", "<pre><code>pegel = 620</code></pre>"),
                ),
            ),
            Section(
                "Rückblick",
                (
                    Block(
                        "paragraph", "Im Jahr 2002.", f"<p>Im Jahr 2002 trug man {LONG_WORD}.</p>"
                    ),
                ),
            ),
        ),
        related=(
            Link(f"Deiche {EVIL}", "https://example.org/deiche"),
            Link("Pegel", "javascript-free.html?a=1&b=2"),
        ),
    )


def episode(mp3: Path, art: Article) -> Episode:
    """An episode with three chapters and eight cues over 20 s of audio."""
    starts = [0.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0, 17.5]
    texts = (
        CUE_TEXTS
        if art.slug == "pegel"
        else tuple(t.replace(TRANSCRIPT_ONLY, "Feuerwehr") for t in CUE_TEXTS)
    )
    cues = tuple(Cue(s, s + 2.2, t) for s, t in zip(starts, texts, strict=True))
    chapters = (
        ChapterMark(0.0, 5.0, "Einleitung"),
        ChapterMark(5.0, 12.5, f"Hochwasser {EVIL}"),
        ChapterMark(12.5, DURATION, "Rückblick"),
    )
    return Episode(
        article=art,
        audio_path=mp3,
        duration=DURATION,
        size=mp3.stat().st_size,
        chapters=chapters,
        cues=cues,
        narrator="espeak-ng de",
        guid=f"guid-{art.slug}",
    )


def podcast(out: Path, language: str = "de") -> Podcast:
    """Two episodes (older first, to check sorting); MP3s, VTTs and the title image in `out`."""
    samples = (0.05 * np.sin(2 * np.pi * 220 * np.arange(int(DURATION * RATE)) / RATE)).astype(
        np.float32
    )
    sources = out.parent / f"{out.name}-articles"
    sources.mkdir(exist_ok=True)
    (sources / "titel.svg").write_text(SVG, encoding="utf-8")
    (out / "cover.svg").write_text(SVG, encoding="utf-8")
    episodes = []
    for slug, title, day in (("pegel", f"Pegel {EVIL} steigt", 1), ("deiche", "Deiche", 5)):
        mp3 = out / layout.episode_file(slug, "mp3")
        encode_mp3(samples, RATE, mp3)
        ep = episode(mp3, article(sources / f"{slug}.md", slug, title, day, language))
        vtt = "WEBVTT\n\n" + "".join(
            f"00:00:{c.start:06.3f} --> 00:00:{c.end:06.3f}\n{c.text}\n\n" for c in ep.cues
        )
        (out / layout.episode_file(slug, "vtt")).write_text(vtt, encoding="utf-8")
        (out / layout.episode_file(slug, "srt")).write_text("", encoding="utf-8")
        episodes.append(ep)
    return Podcast(
        title="Pegelstand",
        description="Kommentare zum Wasser",
        language=language,
        author="Redaktion Beispiel",
        email="redaktion@example.org",
        base_url="https://example.org/pod/",
        cover="cover.svg",
        episodes=tuple(episodes),
    )


def many(podcast: Podcast, count: int) -> Podcast:
    """The same podcast with `count` episodes (copies of the first, one day apart)."""
    first = podcast.episodes[0]
    episodes = []
    for n in range(count):
        art = dataclasses.replace(
            first.article,
            slug=f"folge-{n:03d}",
            title=f"Folge {n}",
            date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=n),
            author="Anna Autorin" if n % 2 else "Ben Beispiel",
            categories=("Umwelt",) if n % 3 else ("Politik",),
            image=None,
        )
        episodes.append(dataclasses.replace(first, article=art))
    return dataclasses.replace(podcast, episodes=tuple(episodes))
