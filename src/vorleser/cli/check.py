"""`vorleser check`: the words and sentences to listen to before publishing."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

from vorleser.check.project import ProjectScripts
from vorleser.check.report import CheckReport
from vorleser.cli import fail
from vorleser.errors import ConfigError, VorleserError


@click.command()
@click.argument("target", default=".", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print the report as JSON (schema: docs/studio.md)."
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write an HTML report with a player per flagged sentence (audio beside it).",
)
@click.option("--strict", is_flag=True, help="Exit with status 1 when anything is flagged.")
@click.option(
    "--asr",
    "asr_model",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Hear the cached sentence audio back with this faster-whisper model folder "
    "(extra vorleser[qa]).",
)
@click.option(
    "--long",
    "long_chars",
    type=click.IntRange(min=20),
    default=300,
    show_default=True,
    help="Flag spoken sentences longer than this many characters.",
)
def check(
    target: Path,
    as_json: bool,
    html_file: Path | None,
    strict: bool,
    asr_model: Path | None,
    long_chars: int,
) -> None:
    """Report what the voice will guess at in PROJECT_DIR or one ARTICLE file.

    Lists words no German dictionary knows that are neither in the lexicon nor handled by
    normalization (ranked by frequency, grouped by base form, with foreign-name candidates),
    digits, symbols, URL pieces and unknown all-caps words left in the spoken text, very long
    sentences, and stale, duplicate or conflicting lexicon entries. Nothing is synthesized,
    except the flagged sentences for --html.
    """
    from vorleser.check import check_scripts
    from vorleser.check.project import find_project, load_scripts
    from vorleser.check.render import terminal

    try:
        project_dir, article = find_project(target)
        project = load_scripts(project_dir, article)
        report = check_scripts(project, whole_project=article is None, long_chars=long_chars)
        if asr_model is not None:
            from vorleser.check.asr import hear

            report = replace(report, asr=tuple(hear(project, asr_model)))
        if html_file is not None:
            _write_html(report, project, html_file)
    except ConfigError as exc:
        for key, problem in exc.problems:
            click.echo(f"Error: {exc.where}: {key}: {problem}", err=True)
        raise SystemExit(1) from exc
    except VorleserError as exc:
        fail(exc)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(terminal(report))
    if strict and report.flagged:
        raise SystemExit(1)


def _write_html(report: CheckReport, project: ProjectScripts, dest: Path) -> None:
    """The HTML report and a WAV per flagged sentence in DEST's sibling folder DEST_audio/."""
    from vorleser import atomic
    from vorleser.check.audio import sentence_cache, sentence_samples, wav_bytes
    from vorleser.check.render import html

    folder = dest.with_name(dest.stem + "_audio")
    flagged = {(p.slug, p.index): p for w in report.words for p in w.places[:3]}
    flagged.update({(x.place.slug, x.place.index): x.place for x in report.leftovers})
    flagged.update({(a.place.slug, a.place.index): a.place for a in report.asr if a.flagged})
    languages = {s.article.slug: s.article.language for s in project.scripts}
    cache = sentence_cache(project.config)
    audio: dict[tuple[str, int], str] = {}
    for (slug, index), place in sorted(flagged.items()):
        samples, rate, _ = sentence_samples(project.config, languages[slug], place.spoken, cache)
        name = f"{slug}-{index + 1}.wav"
        atomic.write_bytes(folder / name, wav_bytes(samples, rate))
        audio[(slug, index)] = f"{folder.name}/{name}"
    html(report, dest, audio)
