"""A WordPress site's posts, through its REST API (/wp/v2/posts) -> ImportedArticles.

One request per page of posts, with `_embed` so that authors, categories and the featured image
(with its caption, our image credit) come in the same answer; pages are followed through the
X-WP-TotalPages header with a pause between requests, and robots.txt is asked first, because
an import is a crawl. Sites without pretty permalinks have no /wp-json/ path, so
`?rest_route=` is tried next; a site where neither answers JSON gets one clear message.
"""

from __future__ import annotations

import base64
import datetime as dt
import html as htmllib
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlencode

from vorleser.errors import ArticleError, FetchError, VorleserError
from vorleser.ingest.export import Harvest, ImportedArticle, harvest_of
from vorleser.ingest.fetch import Response, RobotsCache, fetch
from vorleser.ingest.htmlmd import fragment_to_markdown
from vorleser.wpublish.block import strip_excerpt, strip_rendered

#: How to reach /wp/v2/posts: pretty permalinks first, then the query form that always works.
ROUTES = ("{site}/wp-json/wp/v2/posts?{query}", "{site}/?rest_route=/wp/v2/posts&{query}")
#: Post statuses asked for when authenticated (drafts and private posts need a login).
AUTH_STATUSES = "publish,future,draft,pending,private"
#: Error codes of WordPress (and its application passwords) that mean "log in" or "bad login".
_AUTH_CODES = frozenset(
    {
        "rest_forbidden",
        "rest_not_logged_in",
        "rest_cannot_view",
        "rest_forbidden_status",
        "incorrect_password",
        "invalid_username",
        "invalid_email",
        "application_passwords_disabled",
    }
)


@dataclass(frozen=True)
class WordPressImport:
    """What to import from which site, and how politely."""

    site: str
    """The site's address, e.g. https://blog.example.org (no /wp-json)."""
    since: dt.datetime | None = None
    """Only posts published after this time."""
    user: str | None = None
    """User name for an application password (drafts and private posts)."""
    app_password: str | None = None
    """The application password (Users -> Profile -> Application Passwords)."""
    delay: float = 1.0
    """Seconds to wait between requests (raised to the site's robots.txt Crawl-delay)."""
    per_page: int = 20
    """Posts per request (WordPress allows at most 100)."""
    deadline: float = 1800.0
    """Seconds the whole import may take; what was fetched until then is kept."""
    max_pages: int = 500
    """Pages fetched at most, whatever X-WP-TotalPages claims."""


def read_wordpress(
    spec: WordPressImport, *, sleep: Callable[[float], None] = time.sleep
) -> Harvest:
    """All matching posts of the site; FetchError when the API cannot be reached at all."""
    site = spec.site.rstrip("/")
    robots = RobotsCache()
    headers = _auth(spec)
    delay = max(spec.delay, robots.delay(site + "/") or 0.0)
    query: dict[str, str] = {
        "per_page": str(spec.per_page),
        "_embed": "1",
        "orderby": "date",
        "order": "asc",
    }
    if spec.since is not None:
        query["after"] = spec.since.isoformat()
    if headers:
        query["status"] = AUTH_STATUSES
    ends = time.monotonic() + spec.deadline
    route, posts, pages = _first_page(site, query, headers, robots, delay, sleep)
    failures: list[VorleserError] = []
    page, fresh = 1, bool(posts)
    known = {_key(p) for p in posts}
    # X-WP-TotalPages is a claim, not a promise: stop at max_pages, at the deadline, at a page
    # with no new post; a later page that fails keeps every post fetched before it.
    while page < min(pages, spec.max_pages) and fresh:
        page += 1
        if time.monotonic() + delay > ends:
            failures.append(
                FetchError(site, f"stopped after page {page - 1}: the import's deadline passed")
            )
            break
        sleep(delay)
        url = route.format(site=site, query=urlencode({**query, "page": str(page)}))
        try:
            robots.check(url)
            left = max(1.0, ends - time.monotonic())
            batch = _posts(
                fetch(url, headers=headers, raise_for_status=False, deadline=min(60.0, left))
            )
        except FetchError as exc:
            failures.append(
                FetchError(exc.where, f"page {page}: {exc.problem}; posts before it were kept")
            )
            break
        keys = {_key(p) for p in batch}
        fresh = bool(keys - known)
        known |= keys
        posts.extend(batch)
    harvest = harvest_of(_article(post, site) for post in _unique(posts))
    return Harvest(harvest.articles, (*harvest.failures, *failures))


def _key(post: Mapping[str, Any]) -> str:
    return str(post.get("id") or post.get("link") or id(post))


def _unique(posts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Posts without repeats (a site that answers every page with the same posts)."""
    seen: set[str] = set()
    out = []
    for post in posts:
        key = _key(post)
        if key not in seen:
            seen.add(key)
            out.append(post)
    return out


def _first_page(
    site: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    robots: RobotsCache,
    delay: float,
    sleep: Callable[[float], None],
) -> tuple[str, list[dict[str, Any]], int]:
    """Find the route that answers, returning it, page 1's posts and the page count."""
    tried: list[str] = []
    for n, route in enumerate(ROUTES):
        if n:
            sleep(delay)
        url = route.format(site=site, query=urlencode(query))
        robots.check(url)
        response = fetch(url, headers=headers, raise_for_status=False)
        body = _json(response)
        if isinstance(body, list):
            pages = response.headers.get("x-wp-totalpages", "1")
            return route, _posts(response), int(pages) if pages.isdigit() else 1
        code = body.get("code") if isinstance(body, dict) else None
        if code in _AUTH_CODES:
            raise FetchError(site, _auth_problem(response, body))
        if code == "rest_invalid_param" and headers and "status" in str(body):
            raise FetchError(site, _auth_problem(response, body))  # a bad login is treated as none
        if code == "rest_invalid_param":
            raise FetchError(site, f"the REST API refused the query: {_message(body)}")
        tried.append(
            f"{url.split('?')[0] if n == 0 else url.split('&')[0]}: {_what(response, body)}"
        )
    raise FetchError(
        site,
        "the WordPress REST API is not available ("
        + "; ".join(tried)
        + "). It may be disabled by a "
        "security plugin, or this is not a WordPress site; the site's owner can enable it",
    )


def _posts(response: Response) -> list[dict[str, Any]]:
    body = _json(response)
    if response.status >= 400 or not isinstance(body, list):
        raise FetchError(response.url, f"expected a list of posts, got {_what(response, body)}")
    return [p for p in body if isinstance(p, dict)]


def _article(post: Mapping[str, Any], site: str) -> ImportedArticle | VorleserError:
    title = _text(_rendered(post.get("title")))
    where = f"{site} post {post.get('id', '?')}" + (f" ({title})" if title else "")
    link = str(post.get("link") or "")
    try:
        rendered = _rendered(post.get("content"))
        content = strip_rendered(rendered)  # not vorleser's own audio block
        body = fragment_to_markdown(content, base_url=link or site)
        if not body.strip():
            raise ArticleError(where, "has no content")
        if not title:
            raise ArticleError(where, "has no title")
        embedded = post.get("_embedded") or {}
        media = _first(embedded.get("wp:featuredmedia"))
        meta: dict[str, Any] = {
            "title": title,
            "author": _first(embedded.get("author")).get("name"),
            "date": _date(post.get("date_gmt"), post.get("date"), where),
            "image": media.get("source_url"),
            "image_credit": _text(_rendered(media.get("caption"))) or None,
            "summary": _excerpt(strip_excerpt(_rendered(post.get("excerpt")), rendered)),
            "categories": _categories(embedded.get("wp:term")),
        }
    except VorleserError as exc:
        return exc
    guid = _rendered(post.get("guid")) or link or f"{site}/?p={post.get('id')}"
    return ImportedArticle(
        key=htmllib.unescape(guid),
        source=link or where,
        meta=meta,
        body=body,
        slug_hint=unquote(str(post.get("slug") or "")),
        origin={"site": site, "post": str(post["id"])} if post.get("id") else {},
    )


def _categories(terms: Any) -> list[str]:
    """Names of the post's categories (tags are left out), in WordPress's order.

    WordPress files a post without a category under its placeholder "Uncategorized"; that is
    no topic, so it is dropped.
    """
    names = []
    for group in terms if isinstance(terms, list) else []:
        for term in group if isinstance(group, list) else []:
            if not isinstance(term, Mapping) or term.get("taxonomy") != "category":
                continue
            if term.get("slug") != "uncategorized" and _text(str(term.get("name") or "")):
                names.append(_text(str(term["name"])))
    return list(dict.fromkeys(names))


def _auth(spec: WordPressImport) -> dict[str, str]:
    if not spec.user and not spec.app_password:
        return {}
    if not spec.user or not spec.app_password:
        raise FetchError(spec.site, "give both --user and --app-password, or neither")
    token = base64.b64encode(f"{spec.user}:{spec.app_password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def _auth_problem(response: Response, body: Any) -> str:
    return (
        f"not allowed (HTTP {response.status}: {_message(body)}): check --user and --app-password; "
        "application passwords work over HTTPS (or on a site in the 'local' environment)"
    )


def _json(response: Response) -> Any:
    try:
        return json.loads(response.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None


def _what(response: Response, body: Any) -> str:
    """A short account of an answer that is not a post list."""
    if isinstance(body, dict) and body.get("code"):
        return f"HTTP {response.status} {body['code']}"
    kind = response.content_type or "no content type"
    return f"HTTP {response.status} {kind}" + (" instead of JSON" if "json" not in kind else "")


def _message(body: Any) -> str:
    if isinstance(body, dict):
        return _text(str(body.get("message") or body.get("code") or "no message"))
    return "no message"


def _rendered(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("rendered") or "")
    return str(value or "")


def _first(value: Any) -> Mapping[str, Any]:
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        return value[0]
    return {}


def _date(gmt: Any, local: Any, where: str) -> dt.datetime | None:
    """date_gmt is UTC without an offset; drafts have none, so their local date is used."""
    value = gmt or local
    if not value:
        return None
    try:
        date = dt.datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ArticleError(where, f"date {value!r} is not ISO 8601") from exc
    return date if date.tzinfo else date.replace(tzinfo=dt.UTC)


def _excerpt(rendered: str) -> str | None:
    text = _text(rendered)
    text = re.sub(r"\s*(\[…\]|\[&hellip;\]|\[\.\.\.\]|Weiterlesen.*|Continue reading.*)$", "", text)
    return text.strip() or None


def _text(fragment: str) -> str:
    """Plain text of an HTML fragment, entities decoded, white space collapsed."""
    text = re.sub(r"<[^>]+>", " ", fragment)
    return re.sub(r"\s+", " ", htmllib.unescape(text)).strip()
