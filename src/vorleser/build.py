"""The pipeline, as one narrative: read, script, plan the audio, make it, publish.

Each article is its own error boundary: a bad one is reported and the others are built.
Everything expensive is cached by content (sentences in the sentence cache, finished episodes
by a key over all their inputs), so a rebuild does only what changed.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from vorleser import atomic, state, takedown
from vorleser.backfill import Backfill, select
from vorleser.config import Config, cluster_problem, load_config
from vorleser.episodes import AudioPlan, AudioResult, EpisodeInputs, make_audio, plan_audio, resize
from vorleser.errors import VorleserError
from vorleser.executor import ClusterRequest, Executor, choose_executor, open_cluster
from vorleser.ingest import find_articles, read_article, reader_target
from vorleser.lang import language_targets
from vorleser.model import Article, Episode, Script
from vorleser.preflight import check_project
from vorleser.progress import NoProgress, Progress
from vorleser.publish import keep, layout, publish
from vorleser.publish.options import site_options
from vorleser.script import ScriptSettings, make_script
from vorleser.scriptmemo import ScriptMemo
from vorleser.tts import EngineInfo, VoiceSpec, describe_voice


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the summary line and for tests."""

    articles: int = 0
    """Articles built successfully."""
    failures: tuple[tuple[str, str], ...] = ()
    """(source, problem) per article that failed."""
    synthesized: int = 0
    """Sentences synthesized in this build."""
    sentences: int = 0
    """Sentences in all built articles."""
    audio_seconds: float = 0.0
    """Total length of all episodes."""
    seconds: float = 0.0
    """Wall time of the build."""
    episodes: tuple[Episode, ...] = ()
    """The finished episodes, newest first."""
    stage_seconds: dict[str, float] = field(default_factory=dict)
    """Wall time per stage (script, audio, publish)."""
    warnings: tuple[str, ...] = ()
    """Problems that did not fail anything (each reported once, grouped)."""
    kept: tuple[str, ...] = ()
    """Sources of failed articles whose last published episode stays in the feed."""
    deferred: int = 0
    """Changed articles left for a later build by --since or --limit."""

    def summary(self) -> str:
        """The one-line summary the CLI prints."""
        h, rest = divmod(round(self.audio_seconds), 3600)
        m, s = divmod(rest, 60)
        kept = f"; {len(self.kept)} kept their last episode" if self.kept else ""
        return (
            f"built {self.articles} articles ({len(self.failures)} failed{kept}), "
            f"synthesized {self.synthesized} of {self.sentences} sentences, "
            f"{h:02d}:{m:02d}:{s:02d} of audio in {self.seconds:.1f} s"
            + (f", {self.deferred} articles left for a later build" if self.deferred else "")
        )


def build(
    project_dir: Path,
    out_dir: Path | None = None,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    cluster: str | None = None,
    backfill: Backfill | None = None,
) -> BuildReport:
    """Build the whole site for the project in `project_dir` into `out_dir` (default site/).

    `cluster` (default: [build] cluster) is a Dask scheduler address or ``local:N``: the audio
    is then made on its workers (vorleser.cluster). `backfill` chooses which changed articles
    get new episodes now (an archive in batches).
    """
    started = time.perf_counter()
    progress = progress or NoProgress()
    config = load_config(project_dir)
    address = config.settings.build.cluster if cluster is None else cluster
    if address and (problem := cluster_problem(address)):
        raise VorleserError("--cluster", problem)
    out_dir = out_dir or project_dir / "site"
    failures: list[tuple[str, str]] = []
    clock: dict[str, float] = {}
    check_project(config, out_dir)  # project-level errors stop here, before any output
    atomic.sweep(out_dir)  # what a killed build left behind

    describe = functools.cache(describe_voice)  # each voice once per build
    with _timed(clock, "script"):
        memo = ScriptMemo(config.project_dir, _state_dir(config))
        articles, withdrawn = takedown.leave_out(
            read_articles(config, failures, out_dir, memo), _state_dir(config)
        )
        articles = state.date_undated(articles, _state_dir(config))
        scripts = make_scripts(articles, config, failures, describe, memo)
        memo.forget_others()
    workers = jobs if jobs is not None else config.settings.build.jobs
    with _timed(clock, "audio"):
        planned = plan_episodes(scripts, config, out_dir, workers, describe)
        plan = select(planned, backfill or Backfill())
        where = cluster_request(address, config, plan, describe, progress) if address else None
        audio = run_plan(plan, workers, len(scripts), progress, where)
    atomic.sweep(out_dir)  # what a worker that died left behind
    failures.extend(audio.failures)
    episodes = tuple(sorted(audio.episodes, key=_date_and_slug, reverse=True))
    # the publishing rule (docs/publishing.md): a failed article keeps its last episode
    kept = keep.keep_failed((s for s, _ in failures), episodes, _state_dir(config), out_dir)
    # an article left for a later build (--since, --limit) keeps its last episode the same way
    chosen = {id(w) for w in plan.work}
    left = [w.source for w in planned.work if id(w) not in chosen]
    waiting = keep.keep_failed(left, episodes, _state_dir(config), out_dir)
    gone = takedown.withdrawn(_state_dir(config))  # a withdrawn article is never kept
    held = tuple(e for e in kept.episodes + waiting.episodes if e.article.slug not in gone)
    published = tuple(sorted(episodes + held, key=_date_and_slug, reverse=True))
    with _timed(clock, "publish"):
        feed_url = layout.url(config.podcast, layout.FEED)
        guid = state.podcast_guid(_state_dir(config), feed_url)
        podcast = replace(config.podcast, episodes=published, guid=guid)
        publish(podcast, out_dir, site_options(config.settings.site))
        keep.remember(published, _state_dir(config), out_dir)
        takedown.prune_outputs(out_dir, gone)
    from vorleser.publish.feedcheck import feed_warnings  # lxml: not for `speak`

    warnings = [
        *withdrawn,
        *untitled_warnings(articles),
        *audio_warnings(audio, config),
        *kept.lost,
        *waiting.lost,
    ]
    warnings += feed_warnings(podcast, out_dir=out_dir)
    return BuildReport(
        articles=len(episodes),
        failures=tuple(failures),
        synthesized=audio.synthesized,
        sentences=sum(len(e.cues) for e in episodes),
        audio_seconds=sum(e.duration for e in episodes),
        seconds=time.perf_counter() - started,
        episodes=episodes,
        stage_seconds=clock,
        warnings=tuple(warnings),
        kept=kept.sources,
        deferred=len(left),
    )


def plan_episodes(
    scripts: list[Script],
    config: Config,
    out_dir: Path,
    workers: int,
    describe: Callable[[VoiceSpec], EngineInfo] = describe_voice,
) -> AudioPlan:
    """The audio stage's plan for a project: what is reused, what must be made."""
    slugs = [s.article.slug for s in scripts]
    guids = state.assign_guids(_state_dir(config), config.podcast.base_url, slugs)
    mp3s = {slug: out_dir / layout.episode_file(slug, "mp3") for slug in slugs}
    inputs = episode_inputs(config, out_dir)
    return plan_audio(scripts, config.voice_for, inputs, guids, mp3s, workers, describe=describe)


def run_plan(
    plan: AudioPlan,
    workers: int,
    articles: int,
    progress: Progress,
    cluster: ClusterRequest | None = None,
) -> AudioResult:
    """`make_audio` on the cluster, or on a process pool sized for the work (or here).

    The cluster is connected to (and its workers checked) only when there is work, so a build
    with nothing to make needs no cluster; the plan is then cut for the cluster's size.
    """
    executor: Executor
    if cluster is not None and plan.work:
        executor = on_cluster = open_cluster(cluster)
        try:
            plan = resize(plan, on_cluster.slots)
        except BaseException:
            executor.close()
            raise
    else:
        executor = choose_executor(workers, articles * 8)
    try:
        return make_audio(plan, executor, progress)
    finally:
        executor.close()


def cluster_request(
    address: str,
    config: Config,
    plan: AudioPlan,
    describe: Callable[[VoiceSpec], EngineInfo],
    progress: Progress,
) -> ClusterRequest:
    """What the cluster needs: where, the cache, and each voice with its identity here."""
    specs = sorted({b.spec for b in plan.batches}, key=repr)
    build = config.settings.build
    return ClusterRequest(
        address,
        config.project_dir / build.cache_dir,
        build.cluster_cache,
        tuple((spec, describe(spec).identity) for spec in specs),
        progress.note,
    )


def episode_inputs(config: Config, cover_dir: Path | None) -> EpisodeInputs:
    """What every episode of the project is made from besides its script and voice."""
    audio = config.settings.audio
    return EpisodeInputs(
        cache_root=config.project_dir / config.settings.build.cache_dir,
        audio=audio,
        intro_music=config.path(audio.intro_music),
        outro_music=config.path(audio.outro_music),
        cover=_cover(config, cover_dir) if cover_dir is not None else None,
        show_title=config.podcast.title,
        show_author=config.podcast.author,
    )


def _cover(config: Config, out_dir: Path) -> Path:
    """The podcast cover in the output folder (converted, or drawn when none is configured)."""
    from vorleser.publish.artwork import default_cover, prepare_cover

    dest = out_dir / (config.podcast.cover or "cover.jpg")
    source = config.path(config.settings.podcast.cover)
    if source is not None and dest.exists() and source.resolve() == dest.resolve():
        # Building into the project folder: the original is never converted in place.
        from vorleser.errors import PublishError
        from vorleser.publish.artwork import art_problem

        if (problem := art_problem(source)) is not None:
            raise PublishError(
                str(source),
                f"{problem}; the output folder holds the original cover, which is never "
                "converted in place: build into another folder (-o) or fix the cover",
            )
    elif source is not None:
        prepare_cover(source, dest)
    else:
        default_cover(config.podcast.title, dest)
    return dest


def audio_warnings(audio: AudioResult, config: Config) -> Iterator[str]:
    """Problems of the audio stage that failed nothing."""
    if audio.damaged:
        root = config.project_dir / config.settings.build.cache_dir
        yield f"{audio.damaged} damaged entries in the sentence cache {root} were synthesized again"


def _date_and_slug(e: Episode) -> tuple[float, str]:
    return (e.article.date.timestamp() if e.article.date else 0.0, e.article.slug)


def _state_dir(config: Config) -> Path:
    return config.project_dir / ".vorleser"


def _guarded(failures: list[tuple[str, str]], source: str, step: Callable[[], object]) -> None:
    """Run one article's step; a VorleserError fails that article only."""
    try:
        step()
    except VorleserError as exc:
        failures.append((source, exc.problem if exc.where == source else str(exc)))


def read_articles(
    config: Config,
    failures: list[tuple[str, str]],
    out_dir: Path | None = None,
    memo: ScriptMemo | None = None,
) -> list[Article]:
    """Every article of the project; unreadable ones and duplicate slugs go to `failures`.

    The output folder `out_dir` is never read back as articles. With a `memo`, a file read
    by an earlier build, unchanged since, is not parsed again.
    """
    paths = [config.project_dir / p for p in config.settings.articles.paths]
    articles: list[Article] = []
    max_bytes = config.settings.articles.max_bytes
    skip = (out_dir,) if out_dir is not None else ()
    for path in find_articles(paths, skip=skip):

        def step(p: Path = path) -> None:
            remembered = memo.article(p, reader_target(str(p))) if memo else None
            if remembered is not None:
                articles.append(remembered)
                return
            article = read_article(
                str(p), max_bytes=max_bytes, defaults={"language": config.podcast.language}
            )
            if memo:
                memo.read(article)
            articles.append(article)

        _guarded(failures, str(path), step)
    seen: dict[str, str] = {}
    unique = []
    for article in articles:
        if article.slug.lower() in layout.RESERVED:
            failures.append(
                (
                    article.source,
                    f"slug {article.slug!r} is a folder of the site "
                    f"({', '.join(sorted(layout.RESERVED))}); "
                    "set another 'slug' in its front matter",
                )
            )
            continue
        if article.slug in seen:
            failures.append(
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


def untitled_warnings(articles: list[Article]) -> list[str]:
    """A warning per article without a title: its page shows the file name, nothing speaks it."""
    return [
        f"{a.source}: no title (front matter 'title', a '# ' heading or <h1>); "
        f"the page shows {a.title!r} and no title is spoken"
        for a in articles
        if a.untitled
    ]


def make_scripts(
    articles: list[Article],
    config: Config,
    failures: list[tuple[str, str]],
    describe: Callable[[VoiceSpec], EngineInfo] = describe_voice,
    memo: ScriptMemo | None = None,
) -> list[Script]:
    """The speech script of each article; articles that fail go to `failures`.

    With a `memo`, an article whose script an earlier build made from the same file, settings,
    tables and code gets that script back instead of being normalized again.
    """
    from vorleser.normalize import Normalizer
    from vorleser.script.sentences import split_sentences

    settings = script_settings(config)
    normalizers: dict[str, Normalizer] = {}
    targets: dict[str, tuple[str, ...]] = {}
    scripts: list[Script] = []
    for article in articles:

        def step(a: Article = article) -> None:
            lang = a.language
            ipa = _accepts_ipa(config.voice_for(lang), describe)
            if lang not in targets:
                targets[lang] = language_targets(lang)
            code = targets[lang]
            if memo and (remembered := memo.script(a, ipa, code)):
                scripts.append(remembered)
                return
            if lang not in normalizers:
                normalizers[lang] = Normalizer(
                    lang, config.project_dir, urls=settings.urls, phonemes=ipa
                )
            script = make_script(
                a,
                settings,
                lambda t: split_sentences(t, lang, config.project_dir),
                normalizers[lang].normalize,
            )
            if memo:
                memo.remember(script, ipa, code)
            scripts.append(script)

        _guarded(failures, article.source, step)
    return scripts


def _accepts_ipa(spec: VoiceSpec, describe: Callable[[VoiceSpec], EngineInfo]) -> bool:
    """Whether the voice takes [[ IPA ]]; a voice that cannot be had fails later, per article."""
    try:
        return describe(spec).accepts_ipa
    except VorleserError:
        return False


def script_settings(config: Config) -> ScriptSettings:
    """The speech-script settings of a project."""
    speech, audio = config.settings.speech, config.settings.audio
    return ScriptSettings(
        podcast_title=config.podcast.title,
        intro=speech.intro,
        outro=speech.outro,
        disclosure=speech.disclosure,
        urls=speech.urls,
        sentence_pause_ms=audio.sentence_pause_ms,
        paragraph_pause_ms=audio.paragraph_pause_ms,
        section_pause_ms=audio.section_pause_ms,
    )


@contextmanager
def _timed(clock: dict[str, float], stage: str) -> Iterator[None]:
    """Add the stage's wall time to `clock` (bench/ reads it from the report)."""
    t0 = time.perf_counter()
    try:
        yield
    finally:
        clock[stage] = clock.get(stage, 0.0) + time.perf_counter() - t0


__all__ = ["Backfill", "BuildReport", "Progress", "build"]
