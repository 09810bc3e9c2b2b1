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
