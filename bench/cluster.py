"""The build on Dask vs. the local process pool, on the same corpus, in one run.

Usage: python bench/cluster.py [--runs 3] [--articles 6]

Four ways of building one generated project (variants of the examples, cold cache each time):

- `pool`: the local process pool, `--jobs 2`;
- `local:2`: a Dask LocalCluster of two single-threaded worker processes, started by the build;
- `tcp shared`: `dask scheduler` and two `dask worker` processes on 127.0.0.1, started here once,
  the cache folder seen by the workers (`cluster_cache = "auto"` picks shared);
- `tcp client`: the same cluster with `cluster_cache = "client"`: sentence audio and episodes
  travel through the build process, as they must when workers cannot see the cache folder.

Every build is a fresh interpreter. It prints the median wall time of each, its ratio to the pool
(the goal is within 15 %), the jobs it submitted and the extra time per job over the pool, the
round trip of an empty Dask job, and the bytes moved per article: through the client (measured by
the executor's Traffic counter) and, for the shared cache, through the shared folder (the sentence
entries the workers write and the episode jobs read back). Nothing here is asserted by tests.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from corpus import load_generator

ROOT = Path(__file__).resolve().parent.parent
SCHEDULER = (
    *(sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1"),
    *("--port", "0", "--dashboard-address", "127.0.0.1:0"),
)
WORKER = (sys.executable, "-m", "distributed.cli.dask_worker", "--nthreads", "1", "--no-nanny")


def run_one(project: str, cluster: str) -> dict[str, Any]:
    """One build in this interpreter; counts the cluster jobs and the bytes they moved."""
    from vorleser import build
    from vorleser.cluster import DaskExecutor

    seen: dict[str, Any] = {"jobs": 0, "traffic": None}
    submit, close = DaskExecutor.submit, DaskExecutor.close

    def counted(self: DaskExecutor, fn: Any, item: Any) -> Any:
        seen["jobs"] += 1
        return submit(self, fn, item)

    def closing(self: DaskExecutor) -> None:
        seen["traffic"] = self.traffic.by_kind
        seen["shared"] = self.shared
        close(self)

    DaskExecutor.submit = counted  # type: ignore[method-assign]
    DaskExecutor.close = closing  # type: ignore[method-assign]
    started = time.perf_counter()
    report = build(Path(project), jobs=2, cluster=cluster)
    wall = time.perf_counter() - started
    assert not report.failures, report.failures
    return {"wall": wall, "articles": report.articles, "audio": report.audio_seconds, **seen}


def _build(project: Path, cluster: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(project), cluster],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _start_cluster(folder: Path) -> tuple[list[subprocess.Popen[bytes]], str]:
    info = folder / "scheduler.json"
    procs = [
        subprocess.Popen(
            [*SCHEDULER, "--scheduler-file", str(info)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    while not info.is_file() or not info.read_text():
        time.sleep(0.1)
    address = json.loads(info.read_text())["address"]
    for name in ("w1", "w2"):
        procs.append(
            subprocess.Popen(
                [*WORKER, address, "--host", "127.0.0.1", "--name", name, "--no-dashboard"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)
    return procs, address


def _round_trip(address: str, count: int = 200) -> float:
    """Median seconds of one empty job, submitted and awaited one at a time."""
    from distributed import Client

    times = []
    with Client(address, set_as_default=False) as client:
        for i in range(count):
            t0 = time.perf_counter()
            client.submit(abs, -i, pure=False).result()
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _shared_folder_bytes(project: Path) -> int:
    """Sentence audio written to the shared cache plus what episode jobs read back."""
    entries = sum(p.stat().st_size for p in (project / ".vorleser-cache" / "sentences").rglob("*"))
    return 2 * entries


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2], sys.argv[3])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vorleser-bench-cluster-") as tmp:
        base = Path(tmp)
        corpus = load_generator().write_project(base / "corpus", args.articles)
        procs, address = _start_cluster(base)
        try:
            configs = {
                "pool": ("", ""),
                "local:2": ("local:2", ""),
                "tcp shared": (address, "shared"),
                "tcp client": (address, "client"),
            }
            results: dict[str, list[dict[str, Any]]] = {name: [] for name in configs}
            for run in range(args.runs):
                for name, (cluster, cache) in configs.items():  # interleaved: same load for all
                    project = base / f"{name.replace(' ', '-').replace(':', '')}-{run}"
                    shutil.copytree(corpus, project)
                    if cache:
                        toml = project / "vorleser.toml"
                        toml.write_text(
                            toml.read_text("utf-8") + f'cluster_cache = "{cache}"\n', "utf-8"
                        )
                    result = _build(project, cluster)
                    result["folder"] = _shared_folder_bytes(project)
                    results[name].append(result)
                    shutil.rmtree(project)
            rtt = _round_trip(address)
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait()
    report(results, rtt, args.articles)


def report(results: dict[str, list[dict[str, Any]]], rtt: float, articles: int) -> None:
    pool = statistics.median(r["wall"] for r in results["pool"])
    audio = results["pool"][0]["audio"]
    print(f"corpus: {articles} articles, {audio / 60:.1f} min of audio (espeak), medians of runs")
    print(f"{'build':<12} {'wall s':>7} {'x pool':>7} {'jobs':>5} {'extra/job ms':>13}")
    for name, runs in results.items():
        wall = statistics.median(r["wall"] for r in runs)
        jobs = runs[0]["jobs"]
        extra = f"{(wall - pool) / jobs * 1000:13.1f}" if jobs else f"{'':>13}"
        print(f"{name:<12} {wall:7.2f} {wall / pool:7.2f} {jobs:5d} {extra}")
    print(f"empty Dask job, round trip over TCP: {rtt * 1000:.1f} ms (median of 200)")
    print("bytes per article:")
    for name in ("tcp shared", "tcp client"):
        traffic = results[name][0]["traffic"] or {}
        moved = {k: v / articles for k, v in sorted(traffic.items())}
        through = sum(moved.values())
        parts = ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in moved.items())
        print(f"  {name}: through the client {through / 1e6:.2f} MB ({parts})")
    folder = results["tcp shared"][0]["folder"] / articles
    print(f"  tcp shared: through the shared folder {folder / 1e6:.2f} MB (written + read back)")


if __name__ == "__main__":
    main()
