"""`vorleser studio`: a local web application to see, hear and fix what the voice will say.

app.create_app() builds the Starlette application (pages, sentence audio, previews, lexicon
saves, the build button) over a StudioProject (project.py), which makes scripts, flags and
audio through the build's own pipeline; security.py holds the Host-header and CSRF guards;
server.py runs it with uvicorn.
"""

from __future__ import annotations

from vorleser.studio.app import create_app

__all__ = ["create_app"]
