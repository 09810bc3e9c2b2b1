"""The check report as a terminal table and as an HTML page with a player per flagged sentence."""

from __future__ import annotations

import shutil
from pathlib import Path

from vorleser import atomic
from vorleser.check.report import CheckReport, Place


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def terminal(report: CheckReport, limit: int = 40) -> str:
    """A readable table: unknown words by frequency, foreign names, leftovers, lexicon."""
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    out: list[str] = []
    words = report.words
    out.append(f"Words the engine will guess at ({len(words)}, most frequent first)")
    if words:
        out.append(f"  {'count':>5}  {'word':<24} {'lang':<4}  forms / articles")
        for w in words[:limit]:
            forms = ", ".join(f for f in w.forms if f != w.word)
            where = ", ".join(w.articles[:3]) + (
                f", +{len(w.articles) - 3}" if len(w.articles) > 3 else ""
            )
            extra = (f"{forms}; " if forms else "") + where
            if w.in_lexicon:
                extra = "base form in lexicon, add these forms: " + extra
            out.append(_cut(f"  {w.count:>5}  {w.word:<24} {w.language or '':<4}  {extra}", width))
        if len(words) > limit:
            out.append(f"  … and {len(words) - limit} more (--json lists all)")
    if report.foreign:
        names = ", ".join(f"{w.word} ({w.language})" for w in report.foreign[:limit])
        out.append("")
        out.append(_cut(f"Foreign-name candidates: {names}", width * 3))
    out.append("")
    out.append(f"Normalization leftovers and long sentences ({len(report.leftovers)})")
    for item in report.leftovers[:limit]:
        place = f"{item.place.slug} #{item.place.index + 1}"
        out.append(_cut(f"  {item.kind:<8} {item.token:<16} {place:<28} {item.hint}", width))
    if len(report.leftovers) > limit:
        out.append(f"  … and {len(report.leftovers) - limit} more (--json lists all)")
    out.append("")
    out.append(f"Lexicon ({len(report.lexicon)})")
    for issue in report.lexicon:
        out.append(
            _cut(f"  {issue.kind:<9} {issue.word:<20} {issue.where}: {issue.problem}", width)
        )
    for source, problem in report.failures:
        out.append(f"Error: {source}: {problem}")
    out.append("")
    out.append(summary(report))
    return "\n".join(out)


def summary(report: CheckReport) -> str:
    """The closing line."""
    return (
        f"checked {report.articles} articles ({report.sentences} sentences): "
        f"{len(report.words)} unknown words ({len(report.foreign)} foreign-name candidates), "
        f"{len(report.leftovers)} leftovers, {len(report.lexicon)} lexicon problems"
        + (f", {len(report.failures)} failed" if report.failures else "")
    )


def html(report: CheckReport, dest: Path, audio: dict[tuple[str, int], str]) -> None:
    """Write the report page; `audio` maps (slug, sentence index) to a WAV path relative to it."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("vorleser.check", "templates"),
        autoescape=select_autoescape(["html"]),
    )

    def player(place: Place) -> str:
        return audio.get((place.slug, place.index), "")

    page = env.get_template("report.html").render(
        report=report, summary=summary(report), player=player
    )
    atomic.write_text(dest, page)
