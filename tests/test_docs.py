"""Docs are tested: every setting, command and data column is documented."""

from __future__ import annotations

import csv
from pathlib import Path

from vorleser.cli import COMMANDS
from vorleser.config import SETTINGS

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "config.md").read_text("utf-8")
    for s in SETTINGS:
        assert f"## [{s.section}]" in doc, s.section
        assert f"| `{s.key}` |" in doc, f"{s.section}.{s.key} is not in docs/config.md"
        assert s.help, f"{s.section}.{s.key} has no help text"
        if s.min is not None:
            bounds = f"{s.min:g} to {s.max:g}" if s.max is not None else f"{s.min:g} or more"
            line = f"- `{s.section}.{s.key}`: {bounds}"
            assert line in doc, f"docs/config.md lacks the range line {line!r}"
        elif s.max is not None:
            raise AssertionError(f"{s.section}.{s.key}: a range needs a minimum")
        if s.type in (int, float):
            assert s.min is not None, f"{s.section}.{s.key}: every number needs a range"


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in COMMANDS:
        assert f"`vorleser {name}" in readme, name


def test_readme_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = [b for b in quick.split("```sh\n")[1:]]
    commands = [b.split("```", 1)[0].strip() for b in blocks]
    assert commands == [
        "pip install . && vorleser build examples",
        "bash .ci/install && python3 -m pytest",
    ]
    assert "python3 -m pytest" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_built_in_phrase_tables_have_their_columns() -> None:
    src = ROOT / "src" / "vorleser"
    for table, columns in (
        (src / "script" / "phrases.tsv", ["key", "language", "text"]),
        (src / "ingest" / "furniture.tsv", ["kind", "phrase"]),
    ):
        rows = [
            r
            for r in csv.reader(
                (
                    ln
                    for ln in table.read_text("utf-8").splitlines()
                    if ln and not ln.startswith("#")
                ),
                delimiter="\t",
                quoting=csv.QUOTE_NONE,
            )
        ]
        assert rows[0] == columns
        assert all(len(r) == len(columns) for r in rows), table


def _cli_reference() -> str:
    """docs/cli.md as it should be: every command's --help, as a user sees it."""
    from importlib.metadata import version

    import click

    from vorleser.cli import cli

    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help`; regenerate with `VORLESER_REGENERATE=1 python3 -m pytest "
        "tests/test_docs.py`.",
        f"Rendered with click {version('click')}.",
        "",
    ]

    def add(path: list[str], command: click.Command, parent: click.Context | None) -> None:
        name = " ".join(path)
        ctx = click.Context(
            command, info_name=path[-1], parent=parent, terminal_width=100, max_content_width=100
        )
        parts.extend([f"## `{name}`", "", "```text", command.get_help(ctx).rstrip(), "```", ""])
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                child = command.get_command(ctx, sub)
                if child is not None:
                    add([*path, sub], child, ctx)

    add(["vorleser"], cli, None)
    return "\n".join(parts)


def test_cli_reference_is_current() -> None:
    """docs/cli.md equals --help; to the letter when rendered by the same click version.

    Another click version wraps and abbreviates help differently, so then every command and
    option must still appear, but the layout may differ.
    """
    import os
    import re

    path = ROOT / "docs" / "cli.md"
    expected = _cli_reference()
    if os.environ.get("VORLESER_REGENERATE"):
        path.write_text(expected, "utf-8")
    actual = path.read_text("utf-8")
    same_click = expected.splitlines()[3] == actual.splitlines()[3]
    if same_click:
        assert actual == expected, (
            "docs/cli.md is stale: VORLESER_REGENERATE=1 python3 -m pytest tests/test_docs.py"
        )
    else:
        for heading in re.findall(r"^## `.*`$", expected, re.M):
            assert heading in actual, heading
        for option in set(re.findall(r"--[a-z][a-z-]+", expected)):
            assert option in actual, option


def test_every_data_table_is_documented() -> None:
    """Each TSV under src/ has its columns documented in docs/formats.md or docs/normalize.md."""
    docs = (ROOT / "docs" / "formats.md").read_text("utf-8") + (
        ROOT / "docs" / "normalize.md"
    ).read_text("utf-8")
    for table in sorted((ROOT / "src" / "vorleser").rglob("*.tsv")):
        header = next(
            line for line in table.read_text("utf-8").splitlines() if line and line[0] != "#"
        )
        for column in header.split("\t"):
            assert f"`{column}`" in docs, f"{table.name}: column {column!r} is not documented"
        if "lang" not in table.parts:
            assert table.name in docs, f"{table.name} is not described in docs/formats.md"
