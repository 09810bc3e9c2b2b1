"""One script + cached sentence audio -> one finished episode (MP3 with tags and chapters).

An episode is re-made only when its key changes: the key covers every sentence's audio key,
the pauses, chapter titles, tag metadata, audio settings, cover and music. The manifest of the
last result lives in the cache; the MP3 in the output folder is reused when its hash matches.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from vorleser import atomic
from vorleser.audio import Samples
from vorleser.audio.assemble import assemble, shift
from vorleser.cache import SentenceCache, sentence_key
from vorleser.config import Config
from vorleser.errors import AudioError
from vorleser.model import ChapterMark, Cue, Episode, Script
from vorleser.publish import layout
from vorleser.script import phrase

_MANIFEST_VERSION = 1


class EpisodeMaker:
    """Makes episodes for one project and output folder."""

    def __init__(
        self,
        config: Config,
        cache: SentenceCache,
        out_dir: Path,
        state_dir: Path,
        *,
        cover: bool = True,
    ) -> None:
        self.config = config
        self.cache = cache
        self.out_dir = out_dir
        self.state_dir = state_dir
        self.cover = self._cover() if cover else None

    def _cover(self) -> Path:
        """The podcast cover in the output folder, prepared once per build."""
        from vorleser.publish.artwork import default_cover, prepare_cover

        dest = self.out_dir / (self.config.podcast.cover or "cover.jpg")
        source = self.config.path("podcast", "cover")
        if source is not None:
            prepare_cover(source, dest)
        else:
            default_cover(self.config.podcast.title, dest)
        return dest

    def _key(self, script: Script, identity: str, keys: list[str]) -> str:
        a = script.article
        cfg = self.config
        parts = {
            "v": _MANIFEST_VERSION,
            "keys": keys,
            "pauses": [s.pause_after_ms for s in script.sentences],
            "texts": [s.text for s in script.sentences],
            "chapters": [(c.title, len(c.sentences)) for c in script.chapters],
            "tags": [
                a.title,
                a.author,
                a.date.isoformat() if a.date else None,
                a.language,
                cfg.podcast.title,
                cfg.podcast.author,
            ],
            "audio": {
                k: cfg.get("audio", k)
                for k in (
                    "bitrate",
                    "loudness_lufs",
                    "true_peak_dbtp",
                    "opus",
                    "intro_music",
                    "outro_music",
                )
            },
            "files": [
                _hash_file(p)
                for p in (
                    self.cover,
                    cfg.path("audio", "intro_music"),
                    cfg.path("audio", "outro_music"),
                )
            ],
            "identity": identity,
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()

    def make(self, script: Script, engine: tuple[str, str], mp3: Path | None = None) -> Episode:
        """The finished episode for `script`, re-using the last one when nothing changed.

        `mp3` overrides where the MP3 goes (default: the output folder's episodes/).
        """
        from vorleser.build import file_sha256, stable_guid

        identity, narrator = engine
        slug = script.article.slug
        keys = [sentence_key(identity, s.spoken) for s in script.sentences]
        key = self._key(script, identity, keys)
        mp3 = mp3 or self.out_dir / layout.episode_file(slug, "mp3")
        manifest_path = (
            self.cache.root
            / "episodes"
            / f"{hashlib.sha256(str(mp3.resolve()).encode()).hexdigest()[:16]}.json"
        )
        guid = stable_guid(self.state_dir, self.config.podcast.base_url, slug)
        manifest = _read_manifest(manifest_path)
        if (
            manifest
            and manifest.get("key") == key
            and mp3.is_file()
            and mp3.stat().st_size == manifest["size"]
            and file_sha256(mp3) == manifest["sha256"]
        ):
            return _episode(script, mp3, manifest, narrator, guid)

        audio, rate = self._sentence_audio(script, keys)
        track, chapters, cues = assemble(script, audio, rate)
        samples = track.samples
        samples, offset = self._music(samples, rate)
        chapters, cues = shift(chapters, cues, offset, len(samples) / rate)
        samples = self._loudness(samples, rate)
        self._encode(script, samples, rate, mp3, chapters)
        from mutagen.mp3 import MP3

        manifest = {
            "key": key,
            "size": mp3.stat().st_size,
            "sha256": file_sha256(mp3),
            "duration": float(MP3(mp3).info.length),
            "chapters": [[c.start, c.end, c.title] for c in chapters],
            "cues": [[c.start, c.end, c.text] for c in cues],
        }
        atomic.write_text(manifest_path, json.dumps(manifest, ensure_ascii=False) + "\n")
        return _episode(script, mp3, manifest, narrator, guid)

    def _sentence_audio(self, script: Script, keys: list[str]) -> tuple[dict[int, Samples], int]:
        audio: dict[int, Samples] = {}
        rate = 0
        for i, key in enumerate(keys):
            entry = self.cache.get(key)
            if entry is None:
                raise AudioError(
                    script.article.source,
                    f"sentence {i + 1} is missing from the cache; build again",
                )
            audio[i], rate = entry
        try:
            from vorleser.audio.loudness import level_sentences
        except ImportError:
            return audio, rate
        levelled = level_sentences([audio[i] for i in range(len(keys))], rate)
        return dict(enumerate(levelled)), rate

    def _music(self, samples: Samples, rate: int) -> tuple[Samples, float]:
        intro = self.config.path("audio", "intro_music")
        outro = self.config.path("audio", "outro_music")
        if intro is None and outro is None:
            return samples, 0.0
        from vorleser.audio.music import mix_music

        mixed, offset = mix_music(samples, rate, intro, outro)
        return mixed, float(offset)

    def _loudness(self, samples: Samples, rate: int) -> Samples:
        from vorleser.audio.loudness import normalize_loudness

        return normalize_loudness(
            samples.astype(np.float32),
            rate,
            target_lufs=self.config.get("audio", "loudness_lufs"),
            peak_dbtp=self.config.get("audio", "true_peak_dbtp"),
        )

    def _encode(
        self,
        script: Script,
        samples: Samples,
        rate: int,
        mp3: Path,
        chapters: tuple[ChapterMark, ...],
    ) -> None:
        """Encode, tag and move into place, so a half-tagged MP3 is never visible."""
        from vorleser.audio.encode import encode_mp3
        from vorleser.audio.tags import TagInfo, write_tags

        a = script.article
        tmp = atomic.temp_path_for(mp3)
        try:
            encode_mp3(samples, rate, tmp, bitrate_kbps=self.config.get("audio", "bitrate"))
            write_tags(
                tmp,
                TagInfo(
                    title=a.title,
                    artist=a.author or self.config.podcast.author,
                    album=self.config.podcast.title,
                    date=a.date.date().isoformat() if a.date else None,
                    cover=self.cover,
                    chapters=chapters,
                    language=a.language,
                    comment=phrase("disclosure", a.language),
                ),
            )
            os.replace(tmp, mp3)
        finally:
            tmp.unlink(missing_ok=True)
        if self.config.get("audio", "opus"):
            from vorleser.audio.encode import encode_opus

            encode_opus(samples, rate, mp3.with_suffix(".opus"))


def _hash_file(path: Path | None) -> str | None:
    if path is None or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _episode(
    script: Script, mp3: Path, manifest: dict[str, object], narrator: str, guid: str
) -> Episode:
    chapters = tuple(ChapterMark(float(s), float(e), str(t)) for s, e, t in manifest["chapters"])  # type: ignore[attr-defined]
    cues = tuple(Cue(float(s), float(e), str(t)) for s, e, t in manifest["cues"])  # type: ignore[attr-defined]
    return Episode(
        article=script.article,
        audio_path=mp3,
        duration=float(manifest["duration"]),  # type: ignore[arg-type]
        size=int(manifest["size"]),  # type: ignore[call-overload]
        chapters=chapters,
        cues=cues,
        audio_hash=str(manifest["sha256"]),
        narrator=narrator,
        guid=guid,
    )
