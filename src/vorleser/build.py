"""The pipeline, as one narrative: read, script, synthesize, produce episodes, publish.

Each article is its own error boundary: a bad one is reported and the others are built.
Everything expensive is cached by content (sentences in the sentence cache, finished episodes
by a key over all their inputs), so a rebuild does only what changed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from vorleser import atomic, schedule, state
from vorleser.cache import SentenceCache, sentence_key
from vorleser.config import Config, load_config
from vorleser.errors import VorleserError
from vorleser.executor import (
    Executor,
    SerialExecutor,
    batches,
    choose_executor,
)
from vorleser.ingest import find_articles, read_article
from vorleser.model import Article, Episode, Script
from vorleser.produce import EpisodeResult, plan_episode, prepare_cover
from vorleser.publish import layout, publish
from vorleser.publish.feedcheck import feed_warnings
from vorleser.schedule import ArticleWork
from vorleser.script import ScriptSettings, make_script
from vorleser.tts import VoiceSpec


class Progress(Protocol):
    """How the build reports progress; the CLI draws bars or prints lines."""

    def start(self, label: str, total: int) -> None:
        """A stage with `total` steps begins."""

    def advance(self, steps: int = 1) -> None:
        """`steps` more are done."""

    def finish(self) -> None:
        """The stage is over."""


class _Quiet:
    def start(self, label: str, total: int) -> None: ...
    def advance(self, steps: int = 1) -> None: ...
    def finish(self) -> None: ...


@dataclass
class BuildReport:
    """What a build did, for the summary line and for tests."""

    articles: int = 0
    """Articles built successfully."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(source, problem) per article that failed."""
    synthesized: int = 0
    """Sentences synthesized in this build."""
    sentences: int = 0
    """Sentences in all built articles."""
    audio_seconds: float = 0.0
    """Total length of all episodes."""
    seconds: float = 0.0
    """Wall time of the build."""
    episodes: list[Episode] = field(default_factory=list)
    """The finished episodes, newest first."""
    stage_seconds: dict[str, float] = field(default_factory=dict)
    """Wall time per stage (script, synthesize, episodes, publish)."""
    warnings: list[str] = field(default_factory=list)
    """Problems that did not fail anything (each reported once, grouped)."""

    def summary(self) -> str:
        """The one-line summary the CLI prints."""
        h, rest = divmod(round(self.audio_seconds), 3600)
        m, s = divmod(rest, 60)
        return (
            f"built {self.articles} articles ({len(self.failures)} failed), "
            f"synthesized {self.synthesized} of {self.sentences} sentences, "
            f"{h:02d}:{m:02d}:{s:02d} of audio in {self.seconds:.1f} s"
        )


def build(
    project_dir: Path,
    out_dir: Path | None = None,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the whole site for the project in `project_dir` into `out_dir` (default site/)."""
    started = time.perf_counter()
    progress = progress or _Quiet()
    config = load_config(project_dir)
    out_dir = out_dir or project_dir / "site"
    report = BuildReport()
    clock = _StageClock(report)
    atomic.sweep(out_dir)  # what a killed build left behind

    with clock("script"):
        articles = state.date_undated(_read_articles(config, report), _state_dir(config))
        scripts = _make_scripts(articles, config, report)
    cache = SentenceCache(project_dir / config.get("build", "cache_dir"))
    workers = jobs if jobs is not None else config.get("build", "jobs")
    executor = choose_executor(workers, len(scripts) * 8)
    try:
        with clock("audio"):
            produce_audio(
                scripts,
                config,
                cache,
                report,
                progress,
                executor,
                workers,
                lambda s: out_dir / layout.episode_file(s.article.slug, "mp3"),
                prepare_cover(config, out_dir),
                _state_dir(config),
            )
        if cache.corrupt:
            report.warnings.append(
                f"{len(set(cache.corrupt))} damaged entries in the sentence cache {cache.root} "
                "were synthesized again"
            )
    finally:
        executor.close()
    report.episodes.sort(
        key=lambda e: (e.article.date.timestamp() if e.article.date else 0.0, e.article.slug),
        reverse=True,
    )
    with clock("publish"):
        podcast = replace(config.podcast, episodes=tuple(report.episodes))
        publish(podcast, out_dir, _state_dir(config))
        report.warnings.extend(feed_warnings(podcast, out_dir=out_dir))
    report.articles = len(report.episodes)
    report.sentences = sum(len(e.cues) for e in report.episodes)
    report.audio_seconds = sum(e.duration for e in report.episodes)
    report.seconds = time.perf_counter() - started
    return report


def _state_dir(config: Config) -> Path:
    return config.project_dir / ".vorleser"


def _guarded(report: BuildReport, source: str, step: Callable[[], object]) -> bool:
    """Run one article's step; a VorleserError fails that article only."""
    try:
        step()
        return True
    except VorleserError as exc:
        report.failures.append((source, exc.problem if exc.where == source else str(exc)))
        return False


def _read_articles(config: Config, report: BuildReport) -> list[Article]:
    paths = [config.project_dir / p for p in config.get("articles", "paths")]
    articles: list[Article] = []
    for path in find_articles(paths):
        _guarded(
            report,
            str(path),
            lambda p=path: articles.append(
                read_article(str(p), defaults={"language": config.podcast.language})
            ),
        )
    seen: dict[str, str] = {}
    unique = []
    for article in articles:
        if article.slug in seen:
            report.failures.append(
                (
                    article.source,
                    f"slug {article.slug!r} is already used by "
                    f"{seen[article.slug]}; set another 'slug' in its front matter",
                )
            )
            continue
        seen[article.slug] = article.source
        unique.append(article)
    return unique


def _make_scripts(articles: list[Article], config: Config, report: BuildReport) -> list[Script]:
    from vorleser.normalize import Normalizer
    from vorleser.registry import engine_class
    from vorleser.script.sentences import split_sentences

    settings = script_settings(config)
    normalizers: dict[str, Normalizer] = {}
    scripts: list[Script] = []
    for article in articles:

        def step(a: Article = article) -> None:
            lang = a.language
            if lang not in normalizers:
                engine = engine_class(config.voice_for(lang).engine)
                normalizers[lang] = Normalizer(
                    lang,
                    config.project_dir,
                    urls=settings.urls,
                    phonemes=bool(getattr(engine, "accepts_ipa", False)),
                )
            scripts.append(
                make_script(
                    a, settings, lambda t: split_sentences(t, lang), normalizers[lang].normalize
                )
            )

        _guarded(report, article.source, step)
    return scripts


def script_settings(config: Config) -> ScriptSettings:
    """The speech-script settings of a project."""
    return ScriptSettings(
        podcast_title=config.podcast.title,
        intro=config.get("speech", "intro"),
        outro=config.get("speech", "outro"),
        disclosure=config.get("speech", "disclosure"),
        urls=config.get("speech", "urls"),
        sentence_pause_ms=config.get("audio", "sentence_pause_ms"),
        paragraph_pause_ms=config.get("audio", "paragraph_pause_ms"),
        section_pause_ms=config.get("audio", "section_pause_ms"),
    )


def engine_identity(spec: VoiceSpec) -> tuple[str, str]:
    """(identity, narrator) of the engine for `spec`, cheaply where the engine allows."""
    from vorleser.registry import engine_class
    from vorleser.tts import load_engine

    cls = engine_class(spec.engine)
    cheap = getattr(cls, "identity_for", None)
    if cheap is not None:
        identity, narrator = cheap(spec)
        return str(identity), str(narrator)
    engine = load_engine(spec)
    return engine.identity, engine.narrator


def produce_audio(
    scripts: list[Script],
    config: Config,
    cache: SentenceCache,
    report: BuildReport,
    progress: Progress,
    executor: Executor,
    workers: int,
    mp3_for: Callable[[Script], Path],
    cover: Path | None,
    state_dir: Path,
) -> None:
    """Synthesize what the cache lacks and make every changed episode, overlapped on the pool.

    Sentences are grouped by voice, so each worker loads few engines; an engine that cannot
    load fails the articles that need it, not the build. Unchanged episodes are reused.
    """
    guids = state.assign_guids(
        state_dir, config.podcast.base_url, [s.article.slug for s in scripts]
    )
    pending: dict[str, tuple[VoiceSpec, str]] = {}
    work: list[ArticleWork] = []
    for spec, members in _by_voice(scripts, config).items():
        try:
            engine = engine_identity(spec)
        except VorleserError as exc:
            report.failures.extend((s.article.source, str(exc)) for s in members)
            continue
        for script in members:
            slug = script.article.slug
            job, reused = plan_episode(
                config, cache.root, script, engine, guids[slug], mp3_for(script), cover
            )
            if reused is not None:
                report.episodes.append(reused)
                continue
            article = ArticleWork(script.article.source, job)
            for sentence in script.sentences:
                key = sentence_key(engine[0], sentence.spoken)
                if key in pending or key not in cache:
                    pending.setdefault(key, (spec, sentence.spoken))
                    article.waiting.add(key)
            work.append(article)
    if not work:
        return
    slots = workers or os.cpu_count() or 1
    threads = max(1, slots // min(len(work), slots))  # a lone episode may use every core
    for article in work:
        article.job = replace(article.job, threads=threads)
    by_spec: dict[VoiceSpec, list[tuple[str, str]]] = {}
    for key, (spec, spoken) in pending.items():
        by_spec.setdefault(spec, []).append((key, spoken))
    synth = [b for spec, items in by_spec.items() for b in batches(spec, cache.root, items, slots)]

    def synthesized(count: int) -> None:
        report.synthesized += count
        progress.advance(count)

    def finished(result: EpisodeResult) -> None:
        if result.episode is not None:
            report.episodes.append(result.episode)
        else:
            report.failures.append((result.source, result.problem or "failed"))
        progress.advance()

    progress.start("synthesizing and encoding", len(pending) + len(work))
    try:
        schedule.run(
            executor if len(synth) + len(work) > 1 else SerialExecutor(),
            slots,
            synth,
            work,
            synthesized,
            finished,
            lambda source, problem: report.failures.append((source, problem)),
        )
    finally:
        progress.finish()


def _by_voice(scripts: list[Script], config: Config) -> dict[VoiceSpec, list[Script]]:
    groups: dict[VoiceSpec, list[Script]] = {}
    for script in scripts:
        groups.setdefault(config.voice_for(script.article.language), []).append(script)
    return groups


class _StageClock:
    """Adds each stage's wall time to the report (bench/ reads it)."""

    def __init__(self, report: BuildReport) -> None:
        self.report = report

    def __call__(self, name: str) -> _StageClock:
        self.name = name
        return self

    def __enter__(self) -> None:
        self.t0 = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        elapsed = time.perf_counter() - self.t0
        self.report.stage_seconds[self.name] = self.report.stage_seconds.get(self.name, 0) + elapsed


__all__ = ["BuildReport", "Progress", "build", "engine_identity"]
