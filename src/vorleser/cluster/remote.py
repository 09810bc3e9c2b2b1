"""What runs on a cluster worker: the build's jobs, away from the client's disk.

A worker may sit on another machine, so nothing here relies on the client's paths unless the
client found at start that this worker sees them (the shared cache). Each job runs the very
function a local worker process runs (`synthesize_batch`, `make_episode`) inside a scratch
folder of the worker and hands back the files it made as bytes, which the client writes. One
code path for the sound is what keeps a cluster build byte-identical to a local one.
"""

from __future__ import annotations

import platform
import tempfile
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from vorleser.cache import SentenceCache
from vorleser.episodes.job import EpisodeJob, EpisodeResult, manifest_path
from vorleser.episodes.make import make_episode
from vorleser.errors import ClusterError, VorleserError
from vorleser.tts import VoiceSpec, describe_voice
from vorleser.tts.synthesis import SynthBatch, engine_for, synthesize_batch

#: Packages whose version changes the bytes of an episode; client and workers must agree.
PINNED = ("vorleser", "lameenc", "numpy", "pyloudnorm")


@dataclass(frozen=True)
class RemoteSynth:
    """A synthesis batch and the engine identity the client expects for its voice."""

    batch: SynthBatch
    """The sentences; `batch.cache_root` is used only when the worker shares the cache."""
    identity: str
    """The client's identity of `batch.spec`: a worker whose engine differs refuses."""


@dataclass(frozen=True)
class RemoteEpisode:
    """An episode job and the client files it reads (cover, music), carried as bytes."""

    job: EpisodeJob
    """The job as the client planned it (its paths are the client's)."""
    files: tuple[tuple[str, str, bytes], ...]
    """(role, file name, content) for "cover", "intro_music" and "outro_music"."""
    shared: bool
    """Read sentence audio from `job.cache_root` (the worker sees the client's cache)."""


@dataclass(frozen=True)
class EpisodeFiles:
    """What a worker made for one episode: the result and the files for the client to write."""

    result: EpisodeResult
    """The episode (its audio_path is the worker's scratch path) or the problem."""
    mp3: bytes
    """The tagged MP3."""
    opus: bytes | None
    """The Opus alternate, when the project asks for one."""
    manifest: bytes
    """The episode manifest (what lets the next build reuse the MP3)."""


@dataclass(frozen=True)
class WorkerReport:
    """One worker's answer to the start-up check."""

    address: str
    """The worker's address, for error messages."""
    versions: tuple[tuple[str, str], ...]
    """(package, version) for every PINNED package, and the Python version."""
    identities: tuple[str, ...]
    """Engine identity per voice asked about; empty where it could not be loaded."""
    problems: tuple[str, ...]
    """Why a voice could not be loaded; empty where it could."""
    sees_cache: bool
    """Whether the worker reads the client's probe file at the client's cache path."""


def worker_address() -> str:
    """This worker's address (or "this process" outside a worker)."""
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "this process"


def _check_identity(spec: VoiceSpec, expected: str) -> None:
    identity = engine_for(spec).info.identity
    if identity != expected:
        raise ClusterError(
            f"worker {worker_address()}",
            f"voice {spec.name or spec.engine} is {identity!r} here but {expected!r} on the "
            "client; install the same engine and voice on every worker",
        )


def synthesize_shared(job: RemoteSynth) -> int:
    """Synthesize into the shared cache, as a local worker process does."""
    _check_identity(job.batch.spec, job.identity)
    return synthesize_batch(job.batch)


def synthesize_returned(job: RemoteSynth) -> tuple[tuple[str, bytes], ...]:
    """Synthesize into a scratch cache and return every entry as stored bytes."""
    _check_identity(job.batch.spec, job.identity)
    with tempfile.TemporaryDirectory(prefix="vorleser-synth-") as tmp:
        cache = SentenceCache(Path(tmp))
        synthesize_batch(replace(job.batch, cache_root=cache.root))
        entries = []
        for key, _ in job.batch.sentences:
            data = cache.get_bytes(key)
            if data is None:
                raise ClusterError(f"worker {worker_address()}", f"sentence {key} was not made")
            entries.append((key, data))
    return tuple(entries)


def make_episode_remote(
    parcel: RemoteEpisode, sentences: dict[str, bytes] | None = None
) -> EpisodeFiles:
    """Make one episode in a scratch folder from carried (or shared) sentence audio."""
    with tempfile.TemporaryDirectory(prefix="vorleser-episode-") as tmp:
        root = Path(tmp)
        cache_root = root / "cache"
        cache_root.mkdir()
        if parcel.shared:
            (cache_root / "sentences").symlink_to(parcel.job.cache_root / "sentences")
        else:
            cache = SentenceCache(cache_root)
            for key, data in (sentences or {}).items():
                cache.put_bytes(key, data)
        files: dict[str, Path | None] = {"cover": None, "intro_music": None, "outro_music": None}
        for role, name, data in parcel.files:
            path = root / "files" / role / name
            path.parent.mkdir(parents=True)
            path.write_bytes(data)
            files[role] = path
        (root / "out").mkdir()
        job = replace(
            parcel.job,
            cache_root=cache_root,
            mp3=root / "out" / parcel.job.mp3.name,
            cover=files["cover"],
            intro_music=files["intro_music"],
            outro_music=files["outro_music"],
        )
        result = make_episode(job)
        if result.episode is None:
            return EpisodeFiles(result, b"", None, b"")
        opus = job.mp3.with_suffix(".opus")
        return EpisodeFiles(
            result,
            job.mp3.read_bytes(),
            opus.read_bytes() if opus.exists() else None,
            manifest_path(cache_root, job.mp3).read_bytes(),
        )


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def versions() -> tuple[tuple[str, str], ...]:
    """The versions that must agree between client and workers."""
    return (
        ("python", platform.python_version()),
        *((p, _version(p)) for p in PINNED),
    )


def inspect_worker(voices: tuple[VoiceSpec, ...], probe: Path, token: str) -> WorkerReport:
    """Start-up check, run on every worker: versions, voices, and whether it sees the cache.

    Voices are described, not loaded (that finds the voice files and hashes them), so the check
    takes seconds even for neural voices.
    """
    identities: list[str] = []
    problems: list[str] = []
    for spec in voices:
        try:
            identities.append(describe_voice(spec).identity)
            problems.append("")
        except VorleserError as exc:
            identities.append("")
            problems.append(str(exc))
    try:
        sees = probe.read_text("utf-8") == token
    except OSError:
        sees = False
    return WorkerReport(worker_address(), versions(), tuple(identities), tuple(problems), sees)
