"""The audio stage: scripts in, finished episodes out, in two verbs.

`plan_audio` decides, in this process and without loading any voice model, what must be done:
which episodes are unchanged (reused), which sentences the cache lacks (cut into synthesis
batches), and one job per episode to make. `make_audio` runs that plan on an executor and
returns what came of it. Both take and return frozen values; nothing is reported through
callbacks, so the build (and `vorleser speak`, and a future preview) just reads the results.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from vorleser.cache import SentenceCache, sentence_key
from vorleser.episodes.job import EpisodeInputs, plan_episode
from vorleser.episodes.schedule import ArticleWork, run
from vorleser.errors import VorleserError
from vorleser.executor import Executor, SerialExecutor
from vorleser.model import Episode, Script
from vorleser.progress import Progress
from vorleser.tts import EngineInfo, VoiceSpec, describe_voice
from vorleser.tts.synthesis import SynthBatch, batches

__all__ = ["AudioPlan", "AudioResult", "EpisodeInputs", "make_audio", "plan_audio", "resize"]


@dataclass(frozen=True)
class AudioPlan:
    """Everything the audio stage will do, decided before any worker starts."""

    reused: tuple[Episode, ...]
    """Episodes whose inputs did not change: kept as they are."""
    failures: tuple[tuple[str, str], ...]
    """(source, problem) of articles whose voice cannot be had (engine missing, no voice)."""
    batches: tuple[SynthBatch, ...]
    """Sentences the cache lacks, by voice, longest first."""
    work: tuple[ArticleWork, ...]
    """One episode job per changed article, with the sentences it waits for."""
    slots: int
    """Jobs in flight at once (the workers)."""
    damaged: frozenset[str] = frozenset()
    """Keys of damaged sentence-cache entries (synthesized again; the build warns)."""

    @property
    def sentences(self) -> int:
        """Sentences to synthesize."""
        return sum(len(b.sentences) for b in self.batches)


@dataclass(frozen=True)
class AudioResult:
    """What the audio stage made."""

    episodes: tuple[Episode, ...]
    """Every episode: reused ones first, then new ones as they finished."""
    failures: tuple[tuple[str, str], ...]
    """(source, problem) per article that got no episode."""
    synthesized: int
    """Sentences synthesized."""
    damaged: int = 0
    """Damaged sentence-cache entries that were synthesized again."""


def plan_audio(
    scripts: Sequence[Script],
    voice_for: Callable[[str], VoiceSpec],
    inputs: EpisodeInputs,
    guids: Mapping[str, str],
    mp3s: Mapping[str, Path],
    workers: int,
    *,
    describe: Callable[[VoiceSpec], EngineInfo] = describe_voice,
) -> AudioPlan:
    """Plan the episodes of `scripts` (guids and MP3 paths by slug; `workers` 0 = all cores).

    Sentences are grouped by voice, so each worker loads few engines; a voice that cannot be
    had fails the articles that need it, not the build. `describe` is how voices are
    described (the build passes one that remembers, so each voice is described once).
    """
    cache = SentenceCache(inputs.cache_root)
    reused: list[Episode] = []
    failures: list[tuple[str, str]] = []
    pending: dict[str, tuple[VoiceSpec, str]] = {}
    work: list[ArticleWork] = []
    for spec, members in _by_voice(scripts, voice_for).items():
        try:
            engine = describe(spec)
        except VorleserError as exc:
            failures.extend((s.article.source, str(exc)) for s in members)
            continue
        for script in members:
            slug = script.article.slug
            job, kept = plan_episode(inputs, script, engine, guids[slug], mp3s[slug])
            if kept is not None:
                reused.append(kept)
                continue
            waiting = set()
            for sentence in script.sentences:
                key = sentence_key(engine.identity, sentence.spoken)
                if key in pending or key not in cache:
                    pending.setdefault(key, (spec, sentence.spoken))
                    waiting.add(key)
            work.append(ArticleWork(script.article.source, job, frozenset(waiting)))
    slots = workers or os.cpu_count() or 1
    work = _share_threads(work, slots)
    by_spec: dict[VoiceSpec, list[tuple[str, str]]] = {}
    for key, (spec, spoken) in pending.items():
        by_spec.setdefault(spec, []).append((key, spoken))
    synth = [b for spec, items in by_spec.items() for b in batches(spec, cache.root, items, slots)]
    return AudioPlan(
        tuple(reused), tuple(failures), tuple(synth), tuple(work), slots, frozenset(cache.corrupt)
    )


def resize(plan: AudioPlan, slots: int) -> AudioPlan:
    """The same plan for `slots` jobs at once: batches cut again, encoder threads shared again.

    A cluster's size is known only once the build has connected to it, after planning.
    """
    by_spec: dict[VoiceSpec, list[tuple[str, str]]] = {}
    roots: dict[VoiceSpec, Path] = {}
    for batch in plan.batches:
        by_spec.setdefault(batch.spec, []).extend(batch.sentences)
        roots[batch.spec] = batch.cache_root
    synth = [b for spec, items in by_spec.items() for b in batches(spec, roots[spec], items, slots)]
    return replace(
        plan, batches=tuple(synth), work=tuple(_share_threads(plan.work, slots)), slots=slots
    )


def _share_threads(work: Sequence[ArticleWork], slots: int) -> list[ArticleWork]:
    """Encoder threads per episode: a lone episode may use every core."""
    if not work:
        return []
    threads = max(1, slots // min(len(work), slots))
    return [replace(w, job=replace(w.job, threads=threads)) for w in work]


def make_audio(plan: AudioPlan, executor: Executor, progress: Progress) -> AudioResult:
    """Synthesize what the cache lacks and make every changed episode, overlapped on `executor`.

    A single job runs here (no worker to start for it).
    """
    if not plan.work:
        return AudioResult(plan.reused, plan.failures, 0, len(plan.damaged))
    progress.start("synthesizing and encoding", plan.sentences + len(plan.work))
    try:
        outcome = run(
            executor if len(plan.batches) + len(plan.work) > 1 else SerialExecutor(),
            plan.slots,
            plan.batches,
            plan.work,
            progress,
        )
    finally:
        progress.finish()
    return AudioResult(
        plan.reused + outcome.episodes,
        plan.failures + outcome.failures,
        outcome.synthesized,
        len(plan.damaged),
    )


def _by_voice(
    scripts: Sequence[Script], voice_for: Callable[[str], VoiceSpec]
) -> dict[VoiceSpec, list[Script]]:
    groups: dict[VoiceSpec, list[Script]] = {}
    for script in scripts:
        groups.setdefault(voice_for(script.article.language), []).append(script)
    return groups
