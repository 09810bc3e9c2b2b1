"""A small WordPress REST client for writing: JSON requests, media uploads, one-line errors.

Reading (the importer) goes through ingest.fetch; writing needs POST and DELETE with an
application password, which urllib does directly. Routes use the `?rest_route=` form, which
every WordPress answers, with or without pretty permalinks. Every HTTP error becomes one
PublishError that says what is missing: a wrong login, a permission the user lacks (with the
role that has it), an upload refused for its size.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from vorleser.errors import PublishError
from vorleser.ingest.fetch import USER_AGENT

_MAX_ANSWER = 20_000_000
#: WordPress error codes -> what the user lacks, and who has it.
_PERMISSION = {
    "rest_cannot_edit": "may not edit this post (needs edit_others_posts/edit_published_posts: "
    "the Editor or Administrator role)",
    "rest_cannot_create": "may not upload files (needs upload_files: the Author role or above)",
    "rest_cannot_delete": "may not delete media (needs delete_posts for uploads: the Author role "
    "or above, Editor for other users' files)",
    "rest_cannot_update": "may not change this post's audio field (needs edit_post on it)",
    "rest_forbidden": "is not allowed to do this",
    "rest_forbidden_context": "may not edit this post (needs edit_others_posts and "
    "edit_published_posts: the Editor or Administrator role)",
    "rest_cannot_view": "may not read this post in edit context (needs edit_post on it)",
}
_CAPABILITY = {
    "upload_files": "may not upload files (needs upload_files: the Author role or above)",
    "edit_published_posts": "may not edit published posts (needs edit_published_posts: the "
    "Author role or above, Editor for other users' posts)",
}
_LOGIN = frozenset(
    {"incorrect_password", "invalid_username", "invalid_email", "rest_not_logged_in"}
)


class WordPressClient:
    """Authenticated requests to one site's REST API."""

    def __init__(self, site: str, user: str, app_password: str, *, timeout: float = 120) -> None:
        if urlsplit(site).scheme not in ("http", "https"):
            raise PublishError(site, "the WordPress address must start with http:// or https://")
        if not user or not app_password:
            raise PublishError(
                site,
                "publishing needs a user and an application password (--user and "
                "--app-password or VORLESER_WP_APP_PASSWORD; Users -> Profile -> Application "
                "Passwords in WordPress)",
            )
        self.site = site.rstrip("/")
        self.user = user
        self.timeout = timeout
        token = base64.b64encode(f"{user}:{app_password}".encode()).decode("ascii")
        self._auth = f"Basic {token}"

    def url(self, route: str, query: Mapping[str, str] | None = None) -> str:
        """The address of `route` ("/wp/v2/posts/5") in the ?rest_route= form."""
        extra = "&" + urlencode(query) if query else ""
        return f"{self.site}/?rest_route={quote(route)}{extra}"

    def check_login(self, *capabilities: str) -> None:
        """Fail once, before any work, when the login is wrong or lacks a capability."""
        me = self.get("/wp/v2/users/me", {"context": "edit"})
        have = me.get("capabilities", {}) if isinstance(me, dict) else {}
        for capability in capabilities:
            if not have.get(capability):
                what = _CAPABILITY.get(capability, f"needs {capability}")
                raise PublishError(self.site, f"user {self.user!r} {what}")

    def get(self, route: str, query: Mapping[str, str] | None = None) -> Any:
        """GET a route, the answer as parsed JSON."""
        return self._call("GET", route, query)[1]

    def exists(self, route: str) -> bool:
        """Whether GET `route` answers (a 404 is False; other errors raise)."""
        status, _ = self._call("GET", route, {"context": "edit"}, allow=(404, 410))
        return status < 400

    def post_json(self, route: str, data: Mapping[str, Any]) -> Any:
        """POST a JSON object to a route (create or update)."""
        body = json.dumps(data).encode("utf-8")
        return self._call("POST", route, None, body, {"Content-Type": "application/json"})[1]

    def upload(self, filename: str, data: bytes, mime: str, fields: Mapping[str, str]) -> Any:
        """Upload a file into the media library; `fields` (title, ...) are set afterwards."""
        headers = {
            "Content-Type": mime,
            "Content-Disposition": f'attachment; filename="{filename}"',
        }
        media = self._call("POST", "/wp/v2/media", None, data, headers, size=len(data))[1]
        if fields and isinstance(media, dict) and "id" in media:
            media = self.post_json(f"/wp/v2/media/{media['id']}", fields)
        return media

    def delete(self, route: str) -> None:
        """Delete for good (no trash: attachments cannot be trashed by default); 404 is fine."""
        self._call("DELETE", route, {"force": "true"}, allow=(404, 410))

    def _call(
        self,
        method: str,
        route: str,
        query: Mapping[str, str] | None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        allow: tuple[int, ...] = (),
        size: int = 0,
    ) -> tuple[int, Any]:
        url = self.url(route, query)
        request = urllib.request.Request(
            url,
            data=body,
            method=method,
            headers={
                "User-Agent": USER_AGENT,
                "Authorization": self._auth,
                "Accept": "application/json",
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as raw:
                status, data = raw.status, raw.read(_MAX_ANSWER)
        except urllib.error.HTTPError as err:
            status, data = err.code, err.read(_MAX_ANSWER)
        except TimeoutError as exc:
            raise PublishError(url, f"timed out after {self.timeout:g} s") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if size and isinstance(reason, BrokenPipeError | ConnectionResetError):
                # A server that refuses a body by its size often answers and hangs up at once.
                problem = self._too_large(size, "the server hung up during the upload")
                raise PublishError(self._where(route), problem) from exc
            raise PublishError(self.site, f"cannot connect: {reason}") from exc
        try:
            answer = json.loads(data.decode("utf-8-sig")) if data.strip() else None
        except (UnicodeDecodeError, ValueError):
            answer = None
        if status >= 400 and status not in allow:
            raise PublishError(self._where(route), self._problem(status, answer, method, size))
        if status < 400 and answer is None and method != "DELETE":
            raise PublishError(
                self._where(route), f"HTTP {status} without JSON: is this a WordPress site?"
            )
        return status, answer

    def _where(self, route: str) -> str:
        return f"{self.site} {route}"

    def _too_large(self, size: int, how: str) -> str:
        return (
            f"the upload of {size / 1_000_000:.1f} MB is too large for the site ({how}): raise "
            "the web server's body limit (nginx client_max_body_size, Apache "
            "LimitRequestBody) and PHP's upload_max_filesize, or lower [audio] bitrate"
        )

    def _problem(self, status: int, answer: Any, method: str, size: int) -> str:
        code = str(answer.get("code", "")) if isinstance(answer, dict) else ""
        message = str(answer.get("message", "")) if isinstance(answer, dict) else ""
        if status == 413 or code in ("rest_upload_file_too_big", "rest_upload_limited_space"):
            return self._too_large(size, f"HTTP {status}{' ' + code if code else ''}")
        if code == "rest_upload_no_data" and size:
            return (
                f"the upload of {size / 1_000_000:.1f} MB arrived empty: PHP's post_max_size is "
                "probably smaller than the file; raise it and upload_max_filesize"
            )
        if status == 401 or code in _LOGIN:
            code = code if code in _LOGIN else ""
            return (
                f"login refused for user {self.user!r} (HTTP {status}"
                f"{' ' + code if code else ''}): check the user and the application password; "
                "application passwords need HTTPS (or a site in the 'local' environment)"
            )
        if code in _PERMISSION or status == 403:
            what = _PERMISSION.get(code, "is not allowed to do this")
            return f"user {self.user!r} {what} (HTTP {status}{' ' + code if code else ''})"
        detail = f"{code}: {message}" if code else (message or "no explanation")
        return f"HTTP {status} on {method}: {detail}"
