"""The client's side of each cluster job: what it sends with a job and what it writes back.

The build's schedule submits the same two functions to every executor (`synthesize_batch`,
`make_episode`). On a cluster the client is still the one that reads the cache and writes the
output, so each function has a row in JOBS: `send` packs what a worker may not be able to read
(sentence audio, cover, music) and `receive` writes what the worker made (cache entries, MP3,
Opus, manifest) and returns what the local function would have returned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from vorleser import atomic
from vorleser.cache import SentenceCache
from vorleser.cluster.remote import (
    EpisodeFiles,
    RemoteEpisode,
    RemoteSynth,
    make_episode_remote,
    synthesize_returned,
    synthesize_shared,
)
from vorleser.episodes.job import EpisodeJob, EpisodeResult, manifest_path
from vorleser.episodes.make import make_episode
from vorleser.tts.synthesis import SynthBatch, synthesize_batch


@dataclass
class Traffic:
    """Bytes that crossed between client and cluster (bench/cluster.py prints them)."""

    sent: int = 0
    """Sentence audio, covers and music sent to workers."""
    received: int = 0
    """Sentence audio, MP3s, Opus files and manifests received from workers."""
    by_kind: dict[str, int] = field(default_factory=dict)
    """Both directions per kind ("sentences out", "sentences in", "episodes in")."""

    def count(self, kind: str, size: int, *, sent: bool) -> None:
        """Add `size` bytes of `kind`."""
        if sent:
            self.sent += size
        else:
            self.received += size
        self.by_kind[kind] = self.by_kind.get(kind, 0) + size


class Link(Protocol):
    """What a job needs from the executor: the Dask client and what the client knows."""

    client: Any
    """The distributed.Client."""
    cache: SentenceCache
    """The client's sentence cache."""
    shared: bool
    """Whether every worker reads and writes `cache.root` itself."""
    identities: dict[Any, str]
    """Engine identity per VoiceSpec, as the client computed it."""
    traffic: Traffic
    """Bytes moved, by kind."""


class RemoteJob(Protocol):
    """How one of the build's job functions runs on the cluster."""

    def send(self, link: Link, item: Any) -> Any:
        """Submit `item`'s work; returns the Dask future."""
        ...

    def receive(self, link: Link, item: Any, value: Any) -> Any:
        """Write what the worker made; returns what the local job function returns."""
        ...


class SynthesisJob:
    """`synthesize_batch` on a worker; entries come back unless the cache is shared."""

    def send(self, link: Link, item: SynthBatch) -> Any:
        job = RemoteSynth(replace(item, cache_root=link.cache.root), link.identities[item.spec])
        fn = synthesize_shared if link.shared else synthesize_returned
        return link.client.submit(fn, job, pure=False)

    def receive(self, link: Link, item: SynthBatch, value: Any) -> int:
        if link.shared:
            return int(value)
        for key, data in value:
            link.cache.put_bytes(key, data)
            link.traffic.count("sentences in", len(data), sent=False)
        return len(value)


class EpisodeWork:
    """`make_episode` on a worker; the MP3, Opus and manifest come back to the client."""

    def send(self, link: Link, item: EpisodeJob) -> Any:
        files = []
        for role, path in (
            ("cover", item.cover),
            ("intro_music", item.intro_music),
            ("outro_music", item.outro_music),
        ):
            if path is not None and path.is_file():
                data = path.read_bytes()
                files.append((role, path.name, data))
                link.traffic.count("files out", len(data), sent=True)
        parcel = RemoteEpisode(replace(item, cache_root=link.cache.root), tuple(files), link.shared)
        if link.shared:
            return link.client.submit(make_episode_remote, parcel, pure=False)
        sentences: dict[str, bytes] = {}
        for key in set(item.sentence_keys()):
            entry = link.cache.get_bytes(key)
            if entry is not None:  # a missing one fails the episode on the worker, as locally
                sentences[key] = entry
                link.traffic.count("sentences out", len(entry), sent=True)
        # scattered, not inlined: Dask ships large arguments best as data, not in the graph
        [audio] = link.client.scatter([sentences], hash=False)
        return link.client.submit(make_episode_remote, parcel, audio, pure=False)

    def receive(self, link: Link, item: EpisodeJob, value: EpisodeFiles) -> EpisodeResult:
        result = value.result
        if result.episode is None:
            return result
        atomic.write_bytes(item.mp3, value.mp3)
        if value.opus is not None:
            atomic.write_bytes(item.mp3.with_suffix(".opus"), value.opus)
        atomic.write_bytes(manifest_path(item.cache_root, item.mp3), value.manifest)
        size = len(value.mp3) + len(value.opus or b"") + len(value.manifest)
        link.traffic.count("episodes in", size, sent=False)
        return replace(result, episode=replace(result.episode, audio_path=Path(item.mp3)))


#: How each job function of the build runs on a cluster; other functions are sent as they are.
JOBS: dict[Callable[..., Any], RemoteJob] = {
    synthesize_batch: SynthesisJob(),
    make_episode: EpisodeWork(),
}
