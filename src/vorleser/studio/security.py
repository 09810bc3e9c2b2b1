"""What keeps a local studio safe on a shared machine or in a browser with other tabs open.

- Host header: only the names the server was started for are served, so a DNS-rebinding page
  (evil.example resolving to 127.0.0.1) gets 400 instead of the project.
- CSRF: every state-changing request must carry the per-process token from the page in an
  X-CSRF-Token header and send JSON; a form on another site can do neither.
"""

from __future__ import annotations

import secrets

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEADER = "x-csrf-token"


def allowed_hosts(host: str) -> list[str]:
    """The Host header values to accept for a server bound to `host`."""
    names = {"127.0.0.1", "localhost", "[::1]", "::1"}
    if host not in ("0.0.0.0", "::", ""):
        names.add(host)
    return sorted(names)


def host_guard(app: ASGIApp, host: str) -> ASGIApp:
    """`app` behind the Host-header check."""
    return TrustedHostMiddleware(app, allowed_hosts=allowed_hosts(host), www_redirect=False)


class CsrfGuard:
    """Refuses (403) any non-GET request without the right token or without a JSON body."""

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token or secrets.token_urlsafe(32)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            given = headers.get(HEADER, "")
            json_body = headers.get("content-type", "").split(";")[0].strip() == "application/json"
            if not (given and secrets.compare_digest(given, self.token)) or not json_body:
                problem = "missing or wrong CSRF token: reload the page and try again"
                if given and not json_body:
                    problem = "requests must send JSON"
                await JSONResponse({"error": problem}, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)
