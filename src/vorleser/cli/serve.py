"""`vorleser serve`: preview a built site in the browser, with seeking that works."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from vorleser.cli import fail
from vorleser.errors import VorleserError


@click.command()
@click.argument(
    "out", required=False, default="site", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="TCP port; 0 picks a free one.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; keep the loopback default unless you mean to share the preview.",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not log each request.")
def serve(out: Path, port: int, host: str, quiet: bool) -> None:
    """Serve the built site OUT (default: site) on http://HOST:PORT/ until Ctrl+C.

    Audio is served with byte ranges and transcripts, chapters and the feed with their
    proper content types, as a podcast host would.
    """
    from vorleser.serve import make_server

    try:
        server = make_server(out, host, port)
    except VorleserError as err:
        fail(err)
        return
    if not quiet:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    click.echo(f"Serving {out} at http://{host}:{server.server_port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.server_close()
