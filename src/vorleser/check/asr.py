"""`check --asr MODEL_DIR`: hear the cached sentence audio back with Whisper (faster-whisper).

Only sentences whose audio is already in the sentence cache are heard (a build made them);
nothing is synthesized. The word error rate against the spoken form ranks the sentences where
the voice most likely said something else than the script. Needs the `qa` extra and a
CTranslate2 Whisper model folder the user has (nothing is downloaded).
"""

from __future__ import annotations

import re
from math import gcd
from pathlib import Path

from vorleser.check.audio import identity, sentence_cache
from vorleser.check.project import ProjectScripts
from vorleser.check.report import AsrResult, Place
from vorleser.check.scan import words_of
from vorleser.errors import VorleserError

#: Sentences heard back with a word error rate above this are flagged.
THRESHOLD = 0.34
_WHISPER_RATE = 16000


class AsrError(VorleserError):
    """faster-whisper is missing, or the model folder cannot be loaded."""


def word_error_rate(reference: str, heard: str) -> float:
    """Word-level edit distance over the reference length, case and punctuation ignored.

    >>> word_error_rate("Der Plan von Kuleba.", "der plan von kuleba")
    0.0
    >>> word_error_rate("Der Plan von Kuleba.", "der plan von kulebra")
    0.25
    """
    ref = [w.casefold() for w in words_of(reference)]
    hyp = [w.casefold() for w in words_of(heard)]
    if not ref:
        return 0.0 if not hyp else 1.0
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1] / len(ref)


def hear(project: ProjectScripts, model_dir: Path, threshold: float = THRESHOLD) -> list[AsrResult]:
    """Every cached sentence heard back, worst first."""
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        raise AsrError(
            "--asr", "faster-whisper is not installed; pip install 'vorleser[qa]'"
        ) from None
    from scipy.signal import resample_poly

    try:
        model = WhisperModel(str(model_dir), device="cpu", compute_type="int8")
    except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError for a bad folder
        raise AsrError(str(model_dir), f"cannot load the Whisper model: {exc}") from exc
    config = project.config
    cache = sentence_cache(config)
    results: list[AsrResult] = []
    from vorleser.cache import sentence_key

    for script in project.scripts:
        language = script.article.language
        ident = identity(config.voice_for(language))
        for i, sentence in enumerate(script.sentences):
            entry = cache.get(sentence_key(ident, sentence.spoken))
            if entry is None:
                continue
            g = gcd(_WHISPER_RATE, entry.rate)
            audio = resample_poly(entry.samples, _WHISPER_RATE // g, entry.rate // g)
            segments, _ = model.transcribe(
                audio.astype("float32"), language=language, beam_size=1, vad_filter=False
            )
            heard = re.sub(r"\s+", " ", " ".join(s.text for s in segments)).strip()
            rate = word_error_rate(sentence.spoken, heard)
            a = script.article
            place = Place(a.slug, a.source, i, sentence.text, sentence.spoken)
            results.append(AsrResult(place, heard, rate, rate > threshold))
    results.sort(key=lambda r: -r.error_rate)
    return results
