"""A project's speech scripts, made exactly as the build makes them, for `check` and the studio.

The build's own reader, speech-script and normalizer steps are called (no second copy of any
rule), so what `check` flags and what the studio plays is what the build will synthesize.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vorleser.build import make_scripts, read_articles
from vorleser.config import Config, default_config, load_config
from vorleser.errors import VorleserError
from vorleser.ingest import read_article
from vorleser.model import Script
from vorleser.normalize import Normalizer
from vorleser.tts import describe_voice


@dataclass(frozen=True)
class ProjectScripts:
    """Every article's script, and the articles that failed to read or normalize."""

    config: Config
    """The project's settings (defaults for a lone article)."""
    scripts: tuple[Script, ...]
    """One per article that could be read, in the build's order."""
    failures: tuple[tuple[str, str], ...] = field(default=())
    """(source, problem) per article that failed."""


def find_project(target: Path) -> tuple[Path, Path | None]:
    """(project folder, the one article to look at or None) for a folder or an article file.

    An article inside a project uses that project's settings and lexicon; a lone article uses
    the defaults with the folder it is in.
    """
    if target.is_dir():
        return target, None
    for parent in target.resolve().parents:
        if (parent / "vorleser.toml").is_file():
            return parent, target
    return target.resolve().parent, target


def load_scripts(project_dir: Path, article: Path | None = None) -> ProjectScripts:
    """Read and script the project's articles (or the one `article`) as the build would."""
    failures: list[tuple[str, str]] = []
    if (project_dir / "vorleser.toml").is_file():
        config = load_config(project_dir)
    else:
        config = default_config(project_dir, "de")
    if article is None:
        articles = read_articles(config, failures)
    else:
        articles = [read_article(str(article), defaults={"language": config.podcast.language})]
    scripts = make_scripts(articles, config, failures)
    return ProjectScripts(config, tuple(scripts), tuple(failures))


def normalizer_for(
    config: Config,
    language: str,
    lexicon: dict[str, tuple[str, str | None]] | None = None,
    foreign: dict[str, tuple[str, str | None]] | None = None,
) -> Normalizer:
    """The normalizer the build uses for `language`, with optional extra lexicon entries
    (word -> respelling, IPA) and foreign words (word -> language, IPA)."""
    try:
        phonemes = describe_voice(config.voice_for(language)).accepts_ipa
    except VorleserError:
        phonemes = False  # as the build: the voice's problem is reported when it is needed
    return Normalizer(
        language,
        config.project_dir,
        urls=config.settings.speech.urls,
        phonemes=phonemes,
        lexicon=lexicon,
        foreign=foreign,
    )


__all__ = ["ProjectScripts", "find_project", "load_scripts", "normalizer_for"]
