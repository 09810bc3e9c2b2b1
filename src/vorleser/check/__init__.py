"""`vorleser check`: what the engine will guess at, before anyone listens to an episode.

check(target) makes every article's speech script exactly as the build does (check.project),
then reports the words no dictionary knows (check.dictionary, check.scan), what normalization
left behind, sentences that are too long, and lexicon rows that are stale or contradict each
other (check.lexicon). Nothing is synthesized unless --asr asks to hear cached sentences.
"""

from __future__ import annotations

from pathlib import Path

from vorleser.check.audio import cache_root
from vorleser.check.dictionary import WordList
from vorleser.check.lexicon import FILENAME, LexiconFile, lint
from vorleser.check.project import ProjectScripts, find_project, load_scripts, normalizer_for
from vorleser.check.report import CheckReport, Leftover, LexiconIssue, Place, WordFlag
from vorleser.check.scan import (
    candidates,
    group_words,
    language_hints,
    leftovers,
    unknown_words,
)
from vorleser.errors import VorleserError
from vorleser.model import Script
from vorleser.normalize import Normalizer
from vorleser.tts import describe_voice

#: Spoken sentences longer than this are flagged as hard to follow by ear.
LONG_CHARS = 300


def places(script: Script) -> list[Place]:
    """The sentences of a script as Places."""
    a = script.article
    return [Place(a.slug, a.source, i, s.text, s.spoken) for i, s in enumerate(script.sentences)]


def check(target: Path, *, long_chars: int = LONG_CHARS) -> CheckReport:
    """Check a project folder, or one article file (with its project's settings, if any)."""
    project_dir, article = find_project(target)
    project = load_scripts(project_dir, article)
    return check_scripts(project, whole_project=article is None, long_chars=long_chars)


def check_scripts(
    project: ProjectScripts, *, whole_project: bool = True, long_chars: int = LONG_CHARS
) -> CheckReport:
    """The report over already made scripts (the studio keeps its scripts and calls this)."""
    config = project.config
    memo = cache_root(config) / "check"
    words: list[WordFlag] = []
    found: list[Leftover] = []
    lexicon_words: set[str] = set()
    by_language: dict[str, list[Script]] = {}
    for script in project.scripts:
        by_language.setdefault(script.article.language, []).append(script)
    builtin: dict[str, tuple[str, str | None]] = {}
    for language, scripts in sorted(by_language.items()):
        normalizer = normalizer_for(config, language)
        lexicon = set(normalizer.lexicon)
        lexicon_words |= lexicon
        if language == config.podcast.language:
            builtin = dict(normalizer_for_builtin(language).lexicon)
        try:
            split = describe_voice(config.voice_for(language)).max_sentence_chars
        except VorleserError:
            split = None  # a voice that cannot be had fails the build, not the check
        occurrences: dict[str, list[Place]] = {}
        for script in scripts:
            for place in places(script):
                for word in candidates(place, lexicon):
                    occurrences.setdefault(word, []).append(place)
                found += leftovers(place, normalizer.data.acronyms, lexicon, long_chars, split)
        wordlist = WordList(language, memo)
        unknown = unknown_words(occurrences, wordlist.known, lexicon)
        wordlist.save()
        words += group_words(unknown, set(unknown), lexicon, language_hints(language))
    words.sort(key=lambda f: (-f.count, -len(f.articles), f.word.casefold()))
    written = (
        "\n".join(s.text for script in project.scripts for s in script.sentences)
        if whole_project
        else None
    )
    issues = lint(LexiconFile(config.project_dir / FILENAME), builtin, written)
    return CheckReport(
        project=str(config.project_dir),
        articles=len(project.scripts),
        sentences=sum(len(s.sentences) for s in project.scripts),
        words=tuple(words),
        leftovers=tuple(found),
        lexicon=tuple(issues),
        failures=project.failures,
    )


def normalizer_for_builtin(language: str) -> Normalizer:
    """The built-in lexicon only (no project folder), to find rows that repeat it."""
    return Normalizer(language)


__all__ = [
    "CheckReport",
    "Leftover",
    "LexiconIssue",
    "Place",
    "WordFlag",
    "check",
    "check_scripts",
    "places",
]
