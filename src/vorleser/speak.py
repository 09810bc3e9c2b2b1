"""`vorleser speak`: one article to one MP3 (plus .vtt and .chapters.json), without a project."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from vorleser import atomic
from vorleser.build import BuildReport, Progress, _make_scripts, produce_audio
from vorleser.cache import SentenceCache
from vorleser.config import default_config
from vorleser.errors import ArticleError
from vorleser.executor import choose_executor
from vorleser.ingest import read_article
from vorleser.model import Episode


def user_cache_dir() -> Path:
    """Where `speak` keeps synthesized sentences between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vorleser"


def speak(
    source: str,
    dest: Path,
    *,
    voice: str = "",
    engine: str = "",
    language: str | None = None,
    jobs: int = 0,
    progress: Progress | None = None,
) -> tuple[Episode, BuildReport]:
    """Read `source` aloud into `dest` (MP3), writing the transcript and chapters beside it."""
    from vorleser.publish.chapters import render_chapters_json
    from vorleser.publish.transcript import render_vtt

    article = read_article(source)
    if language:
        article = replace(article, language=language)
    config = default_config(Path.cwd(), article.language)
    values = dict(config.values)
    if engine:
        values[("voice", "engine")] = engine
    if voice:
        values[("voice", "name")] = voice
    config = replace(config, values=values)
    report = BuildReport()
    scripts = _make_scripts([article], config, report)
    cache = SentenceCache(user_cache_dir())
    executor = choose_executor(jobs, 8)
    try:
        produce_audio(
            scripts,
            config,
            cache,
            report,
            progress or _NoProgress(),
            executor,
            jobs,
            lambda _: dest,
            None,
            cache.root / "state",
        )
    finally:
        executor.close()
    if report.failures:
        where, problem = report.failures[0]
        raise ArticleError(where, problem)
    episode = report.episodes[0]
    atomic.write_text(dest.with_suffix(".vtt"), render_vtt(episode.cues))
    atomic.write_text(
        dest.with_name(dest.stem + ".chapters.json"),
        render_chapters_json(episode.chapters, article.title),
    )
    report.articles = 1
    report.sentences = len(episode.cues)
    report.audio_seconds = episode.duration
    return episode, report


class _NoProgress:
    def start(self, label: str, total: int) -> None: ...
    def advance(self, steps: int = 1) -> None: ...
    def finish(self) -> None: ...
