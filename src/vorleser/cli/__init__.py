"""The `vorleser` command: the only place that prints to the terminal or exits.

Subcommands live in one module each under vorleser.cli and are imported lazily, so
`vorleser normalize` does not pay for loading numpy or the audio stack.
Exit codes: 0 ok, 1 error, 2 usage. Errors are one line `Error: <where>: <problem>`;
a traceback appears only with --debug.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn, cast

import click

from vorleser.errors import VorleserError
from vorleser.registry import import_target

# click 8.5 renamed its short-help helper (the public name became a deprecated alias); both
# render exactly what click's own command list shows, which tests/test_cli_startup.py checks.
_short_help: Callable[[str, int], str] = getattr(
    click.utils, "_make_default_short_help", None
) or getattr(click.utils, "make_default_short_help")  # noqa: B009 (typed as object in 8.5)

#: command name -> ("module:attribute" of its click command, its short help in `--help`).
#: The short help is repeated here so that `vorleser --help` imports no command module (and so
#: no numpy or audio stack); tests/test_cli_startup.py checks it equals the command's own.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": (
        "vorleser.cli.build:build",
        "Build audio editions, feed and pages for the project in PROJECT_DIR.",
    ),
    "speak": (
        "vorleser.cli.speak:speak",
        "Read ARTICLE (Markdown, HTML file or URL) aloud into an MP3.",
    ),
    "normalize": (
        "vorleser.cli.normalize:normalize",
        "Print the spoken form of each line read from stdin (exactly one line per line).",
    ),
    "serve": (
        "vorleser.cli.serve:serve",
        "Serve the built site OUT (default: site) on http://HOST:PORT/ until Ctrl+C.",
    ),
    "voices": (
        "vorleser.cli.voices:voices",
        "List installed voices (name, language, quality, path); subcommands add more.",
    ),
    "import": (
        "vorleser.cli.imports:import_group",
        "Import articles into PROJECT_DIR/articles/ as Markdown with front matter.",
    ),
    "init": (
        "vorleser.cli.init:init",
        "Create a project in DIRECTORY: vorleser.toml, articles/ and lexicon.tsv.",
    ),
    "publish": (
        "vorleser.cli.publish:publish_group",
        "Publish built episodes back to where the articles came from.",
    ),
    "sync": (
        "vorleser.cli.sync:sync",
        "Import, build, deploy and publish the project in PROJECT_DIR, unattended.",
    ),
    "check": (
        "vorleser.cli.check:check",
        "Report what the voice will guess at in PROJECT_DIR or one ARTICLE file.",
    ),
    "studio": (
        "vorleser.cli.studio:studio",
        "See, hear and fix what will be said: a local web app for the project in PROJECT_DIR.",
    ),
    "remove": (
        "vorleser.cli.remove:remove",
        "Withdraw the article SLUG of the project in PROJECT_DIR (default: the current folder).",
    ),
}


class _LazyGroup(click.Group):
    """A group whose subcommands are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        target = entry[0]
        try:
            cmd = cast(click.Command, import_target(target))
        except ModuleNotFoundError as exc:
            if exc.name == target.partition(":")[0]:  # not installed in this build: hide it
                return None
            raise
        return cmd

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's command list, from the table instead of importing every command."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(n, _short_help(COMMANDS[n][1], limit)) for n in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="vorleser")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """vorleser: articles in, audio editions, podcast feed and player pages out."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def fail(error: VorleserError) -> NoReturn:
    """Turn a library error into click's one-line `Error: ...` and exit code 1."""
    raise click.ClickException(str(error)) from error


def main(argv: list[str] | None = None) -> Any:
    """Console entry point: run the CLI, mapping every error to one line on stderr.

    Library errors carry their own `where: problem`; anything else is a bug, reported as one
    line that says so, with the traceback only under --debug.
    """
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        return cli.main(args=argv, prog_name="vorleser", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except VorleserError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except OSError as exc:  # a full or read-only disk, a folder where a file should be
        if debug:
            raise
        where = exc.filename or "output"
        click.echo(f"Error: {where}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"Error: internal error {type(exc).__name__}: {exc} "
            "(run with --debug for the traceback, and please report it)",
            err=True,
        )
        sys.exit(1)
