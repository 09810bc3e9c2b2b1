"""The studio's view of one project: scripts, flags, article states, previews and lexicon saves.

Everything goes through the build's own steps (check.project makes the scripts, check.audio
plays sentences through the build's engine and sentence cache), so a sentence sounds in the
studio exactly as it will in the episode, and what was listened to is not synthesized again.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from vorleser.build import episode_inputs
from vorleser.check import check_scripts, places
from vorleser.check.audio import is_cached, sentence_cache, sentence_samples, wav_bytes
from vorleser.check.lexicon import FILENAME, Entry, LexiconFile
from vorleser.check.project import load_scripts, normalizer_for
from vorleser.check.report import CheckReport, Place
from vorleser.errors import VorleserError
from vorleser.model import Script
from vorleser.publish import layout
from vorleser.tts import describe_voice

_TOKEN = re.compile(r"([^\W\d_]+)")


class StudioError(VorleserError):
    """A request the studio cannot serve (unknown article, bad entry); shown in the page."""


@dataclass(frozen=True)
class ArticleRow:
    """One line of the article list."""

    slug: str
    title: str
    source: str
    state: str
    """"built", "changed" (built, but its audio would change), "new" or "failed"."""
    sentences: int
    flags: int
    """Sentences of this article that `check` flags."""


class StudioProject:
    """Holds the project's scripts and check report; rebuilt after every lexicon save or build."""

    def __init__(self, project_dir: Path) -> None:
        self.root = project_dir.resolve()
        self.lock = threading.RLock()
        self.changed: set[tuple[str, int]] = set()
        """Sentences whose spoken form changed by a lexicon save since the last build."""
        self.reload()

    def fingerprint(self) -> str:
        """A hash over every file the scripts are made from: articles, config, project tables.

        Content, not modification times: an edit in another editor is noticed, a touch is not.
        """
        from vorleser.ingest import find_articles
        from vorleser.normalize.data import PROJECT_TABLES

        digest = hashlib.sha256()
        config_paths = [self.root / "vorleser.toml"] + [self.root / t for t in PROJECT_TABLES]
        try:
            paths = self.config.settings.articles.paths
            articles = list(find_articles([self.root / p for p in paths]))
        except VorleserError:
            articles = []
        for path in sorted(config_paths) + sorted(articles):
            digest.update(str(path).encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"-")
        return digest.hexdigest()

    def refresh(self) -> None:
        """Reload when an article, the config or a project table changed on disk."""
        if self.fingerprint() != self.seen:
            self.reload()

    def reload(self) -> None:
        """Read, script and check every article again (the lexicon or articles changed)."""
        project = load_scripts(self.root)
        with self.lock:
            self.config = project.config
            self.seen = self.fingerprint()
            self.cache = sentence_cache(project.config)
            self.scripts: dict[str, Script] = {s.article.slug: s for s in project.scripts}
            self.failures = project.failures
            self.report: CheckReport = check_scripts(project)
            flagged: dict[tuple[str, int], list[str]] = {}
            for w in self.report.words:
                for p in w.places:
                    flagged.setdefault((p.slug, p.index), []).append(f"unknown word {w.word}")
            for x in self.report.leftovers:
                flagged.setdefault((x.place.slug, x.place.index), []).append(
                    f"{x.kind} {x.token}: {x.hint}"
                )
            self.flags = flagged
            self.unknown = {f for w in self.report.words for f in (w.word, *w.forms)}

    # -- reading -------------------------------------------------------------------------
    def script(self, slug: str) -> Script:
        """The script of the article `slug` (StudioError for an unknown one)."""
        script = self.scripts.get(slug)
        if script is None:
            raise StudioError(f"article {slug!r}", "no such article in this project")
        return script

    def place(self, slug: str, index: int) -> Place:
        """One sentence (StudioError when out of range)."""
        sentences = places(self.script(slug))
        if not 0 <= index < len(sentences):
            raise StudioError(f"{slug} #{index + 1}", "no such sentence")
        return sentences[index]

    def articles(self) -> list[ArticleRow]:
        """Every article with its state and flag count; failed ones last."""
        rows = []
        for slug, script in self.scripts.items():
            flags = sum(1 for key in self.flags if key[0] == slug)
            rows.append(
                ArticleRow(
                    slug,
                    script.article.title,
                    self.relative(script.article.source),
                    self._state(script),
                    len(script.sentences),
                    flags,
                )
            )
        rows.sort(key=lambda r: r.title.casefold())
        for source, _problem in self.failures:
            rows.append(ArticleRow("", Path(source).name, self.relative(source), "failed", 0, 0))
        return rows

    def relative(self, source: str) -> str:
        """An article's source as shown: relative to the project folder where it is inside."""
        try:
            return str(Path(source).resolve().relative_to(self.root))
        except ValueError:
            return source

    def _state(self, script: Script) -> str:
        """What the next build would do with this article, by the build's own episode key.

        The cover the last build left in the output folder stands in for the one the build
        would prepare, so looking writes nothing.
        """
        from vorleser.episodes.job import plan_episode

        out = self.root / "site"
        mp3 = layout.path(out, layout.episode_file(script.article.slug, "mp3"))
        if not mp3.is_file():
            return "new"
        cover = out / (self.config.podcast.cover or "cover.jpg")
        inputs = replace(
            episode_inputs(self.config, None), cover=cover if cover.is_file() else None
        )
        try:
            engine = describe_voice(self.config.voice_for(script.article.language))
        except VorleserError:
            return "failed"
        _, reused = plan_episode(inputs, script, engine, "", mp3)
        return "built" if reused is not None else "changed"

    def sentences(self, slug: str) -> list[dict[str, object]]:
        """What the article view shows per sentence."""
        script = self.script(slug)
        lang = script.article.language
        out = []
        for place in places(script):
            tokens = [
                (t, bool(_TOKEN.fullmatch(t)), t in self.unknown) for t in _TOKEN.split(place.text)
            ]
            out.append(
                {
                    "index": place.index,
                    "text": place.text,
                    "spoken": place.spoken,
                    "tokens": tokens,
                    "flags": self.flags.get((slug, place.index), []),
                    "cached": is_cached(self.config, lang, place.spoken, self.cache),
                    "changed": (slug, place.index) in self.changed,
                }
            )
        return out

    def lexicon_entry(self, word: str) -> Entry:
        """The project's entry for `word`, or an empty one to fill in."""
        for entry in reversed(self.lexicon_file().entries()):
            if entry.word == word:
                return entry
        return Entry(word=word, respelling="")

    def lexicon_file(self) -> LexiconFile:
        """The project's lexicon.tsv (the one file the studio writes)."""
        return LexiconFile(self.root / FILENAME)

    # -- listening -----------------------------------------------------------------------
    def sentence_wav(self, slug: str, index: int) -> bytes:
        """The sentence as the build will speak it (synthesized into the cache if needed)."""
        place = self.place(slug, index)
        lang = self.script(slug).article.language
        samples, rate, _ = sentence_samples(self.config, lang, place.spoken, self.cache)
        return wav_bytes(samples, rate)

    def preview(self, slug: str, index: int, entry: Entry) -> tuple[str, bytes]:
        """(spoken form, WAV) of the sentence with `entry` added to the lexicon, not saved."""
        _check_entry(entry)
        place = self.place(slug, index)
        lang = self.script(slug).article.language
        value = entry.ipa or None
        if entry.lang:
            foreign = {entry.word: (entry.lang, value)}
            normalizer = normalizer_for(self.config, lang, foreign=foreign)
        else:
            extra = {entry.word: (entry.respelling or entry.word, value)}
            normalizer = normalizer_for(self.config, lang, extra)
        spoken = normalizer.normalize(place.text)
        samples, rate, _ = sentence_samples(self.config, lang, spoken, self.cache)
        return spoken, wav_bytes(samples, rate)

    # -- changing ------------------------------------------------------------------------
    def save(self, entry: Entry) -> list[Place]:
        """Write `entry` to lexicon.tsv; the sentences whose spoken form changed."""
        _check_entry(entry)
        with self.lock:
            before = {(p.slug, p.index): p.spoken for s in self.scripts.values() for p in places(s)}
            lexicon = self.lexicon_file()
            lexicon.set(entry)
            lexicon.save(self.config.podcast.language)
            self.reload()
            changed = [
                p
                for s in self.scripts.values()
                for p in places(s)
                if before.get((p.slug, p.index)) != p.spoken
            ]
            self.changed |= {(p.slug, p.index) for p in changed}
        return changed


def _check_entry(entry: Entry) -> None:
    if not _TOKEN.fullmatch(entry.word):
        raise StudioError("lexicon", f"{entry.word!r} is not one word (letters only)")
    if not (entry.respelling.strip() or entry.ipa.strip() or entry.lang.strip()):
        raise StudioError("lexicon", "give a respelling, an IPA transcription or a language")
