"""`vorleser speak`: one article to one MP3 (plus .vtt and .chapters.json), without a project."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from vorleser import atomic, state
from vorleser.build import BuildReport, episode_inputs, make_scripts, run_plan
from vorleser.config import default_config
from vorleser.episodes import plan_audio
from vorleser.errors import ArticleError
from vorleser.ingest import read_article
from vorleser.model import Episode
from vorleser.progress import NoProgress, Progress
from vorleser.safepaths import check_output_file


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

    sources = [] if "://" in source else [Path(source)]
    for path in (dest, dest.with_suffix(".vtt"), dest.with_name(dest.stem + ".chapters.json")):
        check_output_file(path, sources)
    article = read_article(source)
    if language:
        article = replace(article, language=language)
    config = default_config(Path.cwd(), article.language, {"engine": engine, "name": voice})
    failures: list[tuple[str, str]] = []
    scripts = make_scripts([article], config, failures)
    cache_root = user_cache_dir()
    guids = state.assign_guids(cache_root / "state", config.podcast.base_url, [article.slug])
    inputs = replace(episode_inputs(config, None), cache_root=cache_root)
    plan = plan_audio(scripts, config.voice_for, inputs, guids, {article.slug: dest}, jobs)
    audio = run_plan(plan, jobs, 1, progress or NoProgress())
    failures.extend(audio.failures)
    if failures:
        where, problem = failures[0]
        raise ArticleError(where, problem)
    episode = audio.episodes[0]
    atomic.write_text(dest.with_suffix(".vtt"), render_vtt(episode.cues))
    atomic.write_text(
        dest.with_name(dest.stem + ".chapters.json"),
        render_chapters_json(episode.chapters, article.title),
    )
    return episode, BuildReport(
        articles=1,
        synthesized=audio.synthesized,
        sentences=len(episode.cues),
        audio_seconds=episode.duration,
        episodes=(episode,),
    )
