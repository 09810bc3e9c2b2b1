"""Start-up stays cheap: `--help` and `speak` import only what they use (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from vorleser.cli import COMMANDS, cli
from vorleser.registry import import_target


def _command(target: str) -> click.Command:
    command = import_target(target)
    assert isinstance(command, click.Command)
    return command


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    loaded: list[str] = json.loads(out.splitlines()[-1])
    return set(loaded)


def _heavy(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in prefixes or m.startswith(prefixes))


def test_help_imports_no_command_numpy_or_audio() -> None:
    modules = _modules_after(
        "from vorleser.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert "vorleser.cli" in modules
    commands = {target.partition(":")[0] for target, _ in COMMANDS.values()}
    assert not commands & modules
    assert not _heavy(modules, ("numpy", "vorleser.audio", "vorleser.tts", "importlib.metadata"))


def test_speak_imports_no_feed_or_publishing_code() -> None:
    modules = _modules_after("import vorleser.cli.speak, vorleser.speak")
    assert not _heavy(
        modules,
        ("numpy", "lxml", "PIL", "jinja2", "vorleser.publish.feed", "vorleser.publish.site"),
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_short_help_table_matches_each_command(name: str) -> None:
    target, short_help = COMMANDS[name]
    assert short_help == _command(target).get_short_help_str(limit=10**6)


def test_help_lists_commands_as_click_would() -> None:
    ctx = click.Context(cli, info_name="vorleser")
    eager = click.Group(
        "vorleser",
        commands={name: _command(target) for name, (target, _) in COMMANDS.items()},
    )
    for width in (60, 80, 120):
        lazy_text, eager_text = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
        cli.format_commands(ctx, lazy_text)
        eager.format_commands(click.Context(eager), eager_text)
        assert lazy_text.getvalue() == eager_text.getvalue()
