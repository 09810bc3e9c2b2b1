"""How far a whole vorleser run is from the physical floor: the raw speech engine on the same text.

Usage: python bench/floor.py [--runs 3] [--engines espeak,piper] [--jobs 2] [--articles 100]

For a short article (one example) and a long one (the three examples twice, about 12 minutes), it
times in one run, per engine:

- raw: the engine alone synthesizing the very sentences vorleser speaks (their spoken form, taken
  from `vorleser normalize`), in `--jobs` fresh processes that split the sentences between them;
  the audio is thrown away. espeak-ng is driven through the same library and data that vorleser
  embeds (the espeakng-loader wheel); Piper loads the same voice with one thread per process.
- vorleser: `vorleser speak` (one article, cold sentence cache) and `vorleser build` (a project of
  that one article, cold cache, `--jobs`), each a fresh subprocess, everything included.
- their ratio (goal: at most 3x for espeak, 1.1x for Piper).

Then start-up: `vorleser --help`, a no-op `speak` (the same article again, warm cache, output up
to date) and a no-op build of `--articles` generated articles. Medians of `--runs`; printed,
never asserted by tests.
"""

from __future__ import annotations

import argparse
import ctypes
import multiprocessing
import re
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


def _vorleser(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [sys.executable, "-m", "vorleser", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
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


def _env(cache: Path) -> dict[str, str]:
    import os

    return {**os.environ, "XDG_CACHE_HOME": str(cache)}


# --- the raw engines, one fresh process per share of the sentences ------------------------------


def _raw_espeak(sentences: Sequence[str]) -> None:
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
    lib.espeak_SetVoiceByName(b"de")
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


RAW: dict[str, Callable[[Sequence[str]], None]] = {"espeak": _raw_espeak, "piper": _raw_piper}


def raw_seconds(engine: str, sentences: list[str], jobs: int) -> float:
    """Wall time of `jobs` fresh processes speaking their share of `sentences`."""
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters, as a user's run would have
    shares = [sentences[i::jobs] for i in range(jobs)]
    t0 = time.perf_counter()
    procs = [ctx.Process(target=RAW[engine], args=(share,)) for share in shares]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"raw {engine} process failed with exit code {p.exitcode}")
    return time.perf_counter() - t0


# --- vorleser itself -----------------------------------------------------------------------------


def speak_seconds(engine: str, article: Path, tmp: Path, run: int) -> float:
    """One cold `vorleser speak` of `article`."""
    eng, voice = VOICES[engine]
    args = ["speak", str(article), "-o", str(tmp / f"{engine}-{article.stem}-{run}.mp3"), "-q"]
    args += ["--engine", eng] + (["--voice", voice] if voice else [])
    env = _env(tmp / f"cache-{engine}-{article.stem}-{run}")
    t0 = time.perf_counter()
    _vorleser(*args, env=env)
    return time.perf_counter() - t0


def build_seconds(engine: str, article: Path, tmp: Path, run: int, jobs: int) -> float:
    """One cold `vorleser build` of a project holding only `article`."""
    generator = load_generator()
    project = tmp / f"project-{engine}-{article.stem}-{run}"
    (project / "articles").mkdir(parents=True)
    (project / "articles" / article.name).write_text(article.read_text("utf-8"), "utf-8")
    toml = (ROOT / "examples" / "vorleser.toml").read_text("utf-8")
    toml = re.sub(r"(?ms)^\[voice\]\n.*?(?=^\[|\Z)", "", toml)
    (project / "vorleser.toml").write_text(
        toml.rstrip() + "\n\n" + generator.voice_toml(*VOICES[engine]), "utf-8"
    )
    t0 = time.perf_counter()
    _vorleser("build", str(project), "-q", "--jobs", str(jobs))
    return time.perf_counter() - t0


def startup(tmp: Path, runs: int, articles: int) -> None:
    """`--help`, a no-op speak and a no-op build of `articles` articles."""
    helps = []
    for _ in range(max(5, runs)):
        t0 = time.perf_counter()
        _vorleser("--help")
        helps.append(time.perf_counter() - t0)
    article = EXAMPLES / "waffenstillstand.md"
    mp3, env = tmp / "noop.mp3", _env(tmp / "cache-noop")
    _vorleser("speak", str(article), "-o", str(mp3), "-q", env=env)
    speaks = []
    for _ in range(runs):
        t0 = time.perf_counter()
        _vorleser("speak", str(article), "-o", str(mp3), "-q", env=env)
        speaks.append(time.perf_counter() - t0)
    project = load_generator().write_project(tmp / "noop-build", articles)
    _vorleser("build", str(project), "-q")
    builds = []
    for _ in range(runs):
        t0 = time.perf_counter()
        _vorleser("build", str(project), "-q")
        builds.append(time.perf_counter() - t0)
    print(f"vorleser --help: {statistics.median(helps) * 1000:.0f} ms (goal < 150 ms)")
    print(f"no-op speak: {statistics.median(speaks) * 1000:.0f} ms (goal < 300 ms)")
    print(f"no-op build of {articles} articles: {statistics.median(builds):.2f} s (goal < 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="espeak,piper")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()
    goals = {"espeak": 3.0, "piper": 1.1}
    with tempfile.TemporaryDirectory(prefix="vorleser-floor-") as name:
        tmp = Path(name)
        articles = write_articles(tmp / "articles")
        for label, article in articles.items():
            sentences = spoken_sentences(article, tmp)
            chars = sum(len(s) for s in sentences)
            print(f"{label}: {len(sentences)} sentences, {chars} spoken characters")
            for engine in args.engines.split(","):
                raws, speaks, builds = [], [], []
                for run in range(args.runs):
                    raws.append(raw_seconds(engine, sentences, args.jobs))
                    speaks.append(speak_seconds(engine, article, tmp, run))
                    builds.append(build_seconds(engine, article, tmp, run, args.jobs))
                raw, spk, bld = (statistics.median(x) for x in (raws, speaks, builds))
                print(
                    f"  {engine}: raw engine {raw:.2f} s on {args.jobs} processes | "
                    f"speak {spk:.2f} s = {spk / raw:.1f}x | build -j {args.jobs} {bld:.2f} s "
                    f"= {bld / raw:.1f}x (goal {goals[engine]}x; medians of {args.runs})"
                )
        startup(tmp, args.runs, args.articles)


if __name__ == "__main__":
    main()
