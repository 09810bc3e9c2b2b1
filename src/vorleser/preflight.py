"""Project-level checks that run before a build writes anything (docs/publishing.md).

A problem that concerns the whole project (an output folder that cannot be written, a typo
in the project's lexicon.tsv, a cover or music file that cannot be read) would fail every
article; reported per article, it would leave an empty feed behind. So these are checked
first and fail the build once, before a single output file is touched.
"""

from __future__ import annotations

from pathlib import Path

from vorleser import atomic
from vorleser.config import Config
from vorleser.errors import WriteError
from vorleser.publish import layout


def check_project(config: Config, out_dir: Path) -> None:
    """Check everything project-wide that articles cannot fail on their own.

    The cover is checked where it is converted, before the first episode is made.
    """
    check_output(out_dir)
    _check_tables(config)
    _check_music(config)


def check_output(out_dir: Path) -> None:
    """The output folder exists (or can be made) and takes new files; WriteError otherwise."""
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(str(out_dir), "is a file, not a folder; give another output folder")
    for folder in (layout.episode_file("x", "mp3"), f"{layout.STATIC_DIR}/x"):
        inner = out_dir / Path(folder).parent
        if inner.exists() and not inner.is_dir():
            raise WriteError(str(inner), "is a file, not a folder; move it or choose another")
    probe = atomic.temp_path_for(out_dir / "write-check")
    probe.unlink(missing_ok=True)


def _check_tables(config: Config) -> None:
    """Load the project's tables (lexicon.tsv and overrides) for every configured language."""
    from vorleser.normalize import Normalizer

    urls = config.settings.speech.urls
    for language in dict.fromkeys([config.podcast.language, *config.voices]):
        Normalizer(language, config.project_dir, urls=urls)


def _check_music(config: Config) -> None:
    """Decode intro and outro music once, so a broken file fails the build, not each article."""
    from vorleser.audio.music import read_audio

    audio = config.settings.audio
    for value in (audio.intro_music, audio.outro_music):
        path = config.path(value)
        if path is not None:
            read_audio(path, 8000)
