"""How far a whole vorleser run is from the physical floor: the raw speech engine on the same text.

Usage: python bench/floor.py [--runs 3] [--engines espeak,piper] [--jobs 2] [--articles 100]
                             [--vs OTHER_PYTHON]

For a short article (one example) and a long one (the three examples twice, about 12 minutes), it
times in one run, per engine:

- raw: the engine alone synthesizing the very sentences vorleser speaks (their spoken form, taken
  from `vorleser normalize`), in `--jobs` fresh processes that split the sentences between them;
  the audio is thrown away. espeak-ng is driven through the same library and data that vorleser
  embeds (the espeakng-loader wheel), with the voice, rate and tuning vorleser's default German
  uses (`de+m1`, 160 words a minute, 40 ms between words: the same audio); Piper loads the same
  voice with one thread per process.
- vorleser: `vorleser speak` (one article, cold sentence cache) and `vorleser build` (a project of
  that one article, cold cache, `--jobs`), each a fresh subprocess, everything included.
- their ratio (goal: at most 3x for espeak, 1.1x for Piper).

Then start-up: `vorleser --help`, a no-op `speak` (the same article again, warm cache, output up
to date) and a no-op build of `--articles` generated articles, next to a bare `python -c pass`
(the interpreter's own start-up, which no code of ours can go below). Medians of `--runs`;
printed, never asserted by tests.

Fairness on a shared machine: every figure is wall time *and* CPU time (user + system of the
process and all its children), since a loaded machine inflates wall times unevenly; the
vorleser processes run without PYTHONDONTWRITEBYTECODE (an installed package has its bytecode,
and compiling our sources on every start would be charged to start-up), after one warm-up run.
`--vs OTHER_PYTHON` times a second installation (another checkout's venv, e.g. main) in the
same runs, interleaved, and prints its figures and ratios beside ours.
"""

from __future__ import annotations

import argparse
import ctypes
import multiprocessing
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from corpus import VOICES, load_generator

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
FRONT_MATTER = re.compile(r"(?s)\A---\n.*?\n---\n")


def _vorleser(
    *args: str, env: dict[str, str] | None = None, python: str = sys.executable
) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [python, "-m", "vorleser", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env if env is not None else _env(None),
    )
    if out.returncode != 0:
        raise SystemExit(f"vorleser {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return out


def write_articles(folder: Path) -> dict[str, Path]:
    """The short article (one example) and the long one (all three examples, twice)."""
    generator = load_generator()
    folder.mkdir(parents=True, exist_ok=True)
    short = folder / "short.md"
    short.write_text((EXAMPLES / "waffenstillstand.md").read_text("utf-8"), "utf-8")
    bodies = []
    for copy in range(2):
        for path in sorted(EXAMPLES.glob("*.md")):
            text = generator.vary(path.read_text("utf-8"), copy)
            bodies.append(FRONT_MATTER.sub("", text).strip())
    long = folder / "long.md"
    long.write_text(
        "---\ntitle: Drei Kommentare, zweimal gelesen\nauthor: Redaktion\n---\n\n"
        + "\n\n".join(bodies)
        + "\n",
        "utf-8",
    )
    return {"short": short, "long": long}


def spoken_sentences(article: Path, tmp: Path) -> list[str]:
    """The sentences vorleser speaks for `article`, in their spoken form."""
    mp3 = tmp / f"{article.stem}-text.mp3"
    env = _env(tmp / f"cache-{article.stem}-text")
    _vorleser("speak", str(article), "-o", str(mp3), "-q", env=env)
    import webvtt  # the test extra; the cues hold the written sentences

    written = [cue.text.replace("\n", " ") for cue in webvtt.read(str(mp3.with_suffix(".vtt")))]
    spoken = subprocess.run(
        [sys.executable, "-m", "vorleser", "normalize"],
        input="\n".join(written) + "\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [s for s in spoken if s.strip()]


def _env(cache: Path | None) -> dict[str, str]:
    """The environment of a measured run: its own cache, and bytecode written as installed."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    return env


class Timed:
    """Wall and CPU seconds (user + system of all waited-for children) of a `with` block."""

    def __enter__(self) -> Timed:
        self._wall = time.perf_counter()
        self._cpu = self._children_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = self._children_cpu() - self._cpu

    @staticmethod
    def _children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime


# --- the raw engines, one fresh process per share of the sentences ------------------------------


def _raw_espeak(
    sentences: Sequence[str],
    voice: str = "de",
    wpm: int = 175,
    tuning: tuple[tuple[int, int], ...] = (),
) -> None:
    import espeakng_loader

    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    data = espeakng_loader.get_data_path().encode()
    if lib.espeak_Initialize(2, 0, data, 0x8000) <= 0:  # synchronous, don't exit
        raise SystemExit("espeak-ng failed to initialise")
    callback_type = ctypes.CFUNCTYPE(
        ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
    )
    callback = callback_type(lambda wav, count, events: 0)  # the audio is thrown away
    lib.espeak_SetSynthCallback(callback)
    lib.espeak_SetVoiceByName(voice.encode())
    lib.espeak_SetParameter(1, wpm, 0)  # espeakRATE
    for parameter, value in tuning:
        lib.espeak_SetParameter(parameter, value, 0)
    for sentence in sentences:
        text = sentence.encode("utf-8") + b"\0"
        lib.espeak_Synth(text, len(text), 0, 1, 0, 1, None, None)
        lib.espeak_Synchronize()


def _raw_piper(sentences: Sequence[str]) -> None:
    import onnxruntime
    from piper import PiperConfig, PiperVoice

    from vorleser.tts.voices import find_voice

    voice = find_voice(VOICES["piper"][1])
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(voice.path), sess_options=options, providers=["CPUExecutionProvider"]
    )
    config = PiperConfig.from_dict(__import__("json").loads(Path(f"{voice.path}.json").read_text()))
    piper = PiperVoice(session=session, config=config)
    for sentence in sentences:
        for _chunk in piper.synthesize(sentence):
            pass


RAW: dict[str, Callable[..., None]] = {"espeak": _raw_espeak, "piper": _raw_piper}


def _raw_args(engine: str) -> tuple[object, ...]:
    """espeak-ng with the voice, rate and tuning vorleser uses: the same audio, minus vorleser."""
    if engine != "espeak":
        return ()
    from vorleser.tts import VoiceSpec
    from vorleser.tts.espeak import voice_settings

    return voice_settings(VoiceSpec(engine="espeak", language="de"))


def raw_seconds(engine: str, sentences: list[str], jobs: int) -> Timed:
    """`jobs` fresh processes speaking their share of `sentences`."""
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters, as a user's run would have
    shares = [sentences[i::jobs] for i in range(jobs)]
    with Timed() as timed:
        procs = [
            ctx.Process(target=RAW[engine], args=(share, *_raw_args(engine))) for share in shares
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
            if p.exitcode != 0:
                raise SystemExit(f"raw {engine} process failed with exit code {p.exitcode}")
    return timed


# --- vorleser itself -----------------------------------------------------------------------------


def speak_seconds(engine: str, article: Path, tmp: Path, tag: str, python: str) -> Timed:
    """One cold `vorleser speak` of `article`."""
    eng, voice = VOICES[engine]
    args = ["speak", str(article), "-o", str(tmp / f"{engine}-{article.stem}-{tag}.mp3"), "-q"]
    args += ["--engine", eng] + (["--voice", voice] if voice else [])
    env = _env(tmp / f"cache-{engine}-{article.stem}-{tag}")
    with Timed() as timed:
        _vorleser(*args, env=env, python=python)
    return timed


def build_seconds(engine: str, article: Path, tmp: Path, tag: str, jobs: int, python: str) -> Timed:
    """One cold `vorleser build` of a project holding only `article`."""
    generator = load_generator()
    project = tmp / f"project-{engine}-{article.stem}-{tag}"
    (project / "articles").mkdir(parents=True)
    (project / "articles" / article.name).write_text(article.read_text("utf-8"), "utf-8")
    toml = (ROOT / "examples" / "vorleser.toml").read_text("utf-8")
    toml = re.sub(r"(?ms)^\[voice\]\n.*?(?=^\[|\Z)", "", toml)
    (project / "vorleser.toml").write_text(
        toml.rstrip() + "\n\n" + generator.voice_toml(*VOICES[engine]), "utf-8"
    )
    with Timed() as timed:
        _vorleser("build", str(project), "-q", "--jobs", str(jobs), python=python)
    return timed


def _median(timings: list[Timed]) -> tuple[float, float]:
    return (
        statistics.median(t.wall for t in timings),
        statistics.median(t.cpu for t in timings),
    )


def _figure(label: str, timings: list[Timed], raw: tuple[float, float] | None = None) -> str:
    wall, cpu = _median(timings)
    if raw is None:
        return f"{label} {wall:.2f} s wall, {cpu:.2f} s cpu"
    return (
        f"{label} {wall:.2f} s = {wall / raw[0]:.1f}x wall, {cpu:.2f} s = {cpu / raw[1]:.1f}x cpu"
    )


def startup(tmp: Path, runs: int, articles: int, pythons: dict[str, str]) -> None:
    """`--help`, a no-op speak and a no-op build of `articles` articles, per installation."""
    article = EXAMPLES / "waffenstillstand.md"
    generator = load_generator()
    projects = {who: generator.write_project(tmp / f"noop-{who}", articles) for who in pythons}
    times: dict[str, dict[str, list[Timed]]] = {
        who: {"python": [], "help": [], "speak": [], "build": []} for who in pythons
    }
    for who, python in pythons.items():  # warm-up: bytecode, caches, outputs up to date
        env = _env(tmp / f"cache-noop-{who}")
        _vorleser(
            "speak", str(article), "-o", str(tmp / f"noop-{who}.mp3"), "-q", env=env, python=python
        )
        _vorleser("build", str(projects[who]), "-q", python=python)
    for _ in range(max(5, runs)):
        for who, python in pythons.items():
            with Timed() as timed:
                subprocess.run([python, "-c", "pass"], check=True, env=_env(None))
            times[who]["python"].append(timed)
            with Timed() as timed:
                _vorleser("--help", python=python)
            times[who]["help"].append(timed)
    for _ in range(runs):
        for who, python in pythons.items():
            env = _env(tmp / f"cache-noop-{who}")
            mp3 = tmp / f"noop-{who}.mp3"
            with Timed() as timed:
                _vorleser("speak", str(article), "-o", str(mp3), "-q", env=env, python=python)
            times[who]["speak"].append(timed)
            with Timed() as timed:
                _vorleser("build", str(projects[who]), "-q", python=python)
            times[who]["build"].append(timed)
    for who, found in times.items():
        ms = {
            key: tuple(v * 1000 for v in _median(found[key])) for key in ("python", "help", "speak")
        }
        build_wall, build_cpu = _median(found["build"])
        print(
            f"[{who}] python -c pass {ms['python'][0]:.0f} ms ({ms['python'][1]:.0f} ms cpu) | "
            f"vorleser --help {ms['help'][0]:.0f} ms ({ms['help'][1]:.0f} ms cpu; goal < 150 ms) | "
            f"no-op speak {ms['speak'][0]:.0f} ms ({ms['speak'][1]:.0f} ms cpu; goal < 300 ms) | "
            f"no-op build of {articles} articles {build_wall:.2f} s ({build_cpu:.2f} s cpu; "
            "goal < 1 s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="espeak,piper")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument(
        "--vs", default="", help="another installation's python, timed in the same runs"
    )
    args = parser.parse_args()
    goals = {"espeak": 3.0, "piper": 1.1}
    pythons = {"this": sys.executable} | ({"vs": args.vs} if args.vs else {})
    if args.vs:
        print(f"[this] = {sys.executable}\n[vs] = {args.vs}")
    with tempfile.TemporaryDirectory(prefix="vorleser-floor-") as name:
        tmp = Path(name)
        articles = write_articles(tmp / "articles")
        engines = [e for e in args.engines.split(",") if e]  # --engines "": start-up only
        for label, article in articles.items() if engines else ():
            sentences = spoken_sentences(article, tmp)
            chars = sum(len(s) for s in sentences)
            print(f"{label}: {len(sentences)} sentences, {chars} spoken characters")
            for engine in engines:
                raws: list[Timed] = []
                speaks: dict[str, list[Timed]] = {who: [] for who in pythons}
                builds: dict[str, list[Timed]] = {who: [] for who in pythons}
                for run in range(args.runs):
                    raws.append(raw_seconds(engine, sentences, args.jobs))
                    for who, python in pythons.items():
                        tag = f"{who}-{run}"
                        speaks[who].append(speak_seconds(engine, article, tmp, tag, python))
                        builds[who].append(
                            build_seconds(engine, article, tmp, tag, args.jobs, python)
                        )
                raw = _median(raws)
                print(
                    f"  {engine}: {_figure(f'raw engine on {args.jobs} processes', raws)} "
                    f"(goal {goals[engine]}x; medians of {args.runs})"
                )
                for who in pythons:
                    print(
                        f"    [{who}] {_figure('speak', speaks[who], raw)} | "
                        f"{_figure(f'build -j {args.jobs}', builds[who], raw)}"
                    )
        startup(tmp, args.runs, args.articles, pythons)


if __name__ == "__main__":
    main()
