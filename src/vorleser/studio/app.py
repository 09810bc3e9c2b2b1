"""The studio's web application: pages, sentence audio, previews, lexicon saves, the build.

Routes name articles by slug and sentences by position only; the one file ever written is the
project's lexicon.tsv, and the only files read are the project's own (through the pipeline)
and the studio's packaged templates and static files. Errors come back as JSON
{"error": "..."} that the page shows; nothing is ever a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from vorleser.check.lexicon import Entry
from vorleser.errors import VorleserError
from vorleser.normalize.data import COLUMNS
from vorleser.studio.building import BuildRunner
from vorleser.studio.project import StudioProject
from vorleser.studio.security import CsrfGuard, host_guard

_MAX_BODY = 64 * 1024


def create_app(project_dir: Path, host: str = "127.0.0.1", token: str | None = None) -> ASGIApp:
    """The studio for the project in `project_dir`, for a server bound to `host`."""
    project = StudioProject(project_dir)

    def after_build() -> None:
        project.changed.clear()
        project.reload()

    runner = BuildRunner(project.root, after_build)
    env = Environment(
        loader=PackageLoader("vorleser.studio", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    csrf_holder: dict[str, str] = {}

    def page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = env.get_template(name).render(
            csrf=csrf_holder["token"],
            project=project,
            config=project.config,
            status=status,
            **values,
        )
        return HTMLResponse(html, status_code=status, headers=_HEADERS)

    async def index(request: Request) -> Response:
        try:
            await run_in_threadpool(project.refresh)
        except VorleserError as exc:
            return page("error.html", 500, message=str(exc))
        rows = await run_in_threadpool(project.articles)
        return page("index.html", articles=rows, report=project.report)

    async def article(request: Request) -> Response:
        slug = request.path_params["slug"]
        try:
            await run_in_threadpool(project.refresh)
        except VorleserError as exc:
            return page("error.html", 500, message=str(exc))
        try:
            script = project.script(slug)
            sentences = await run_in_threadpool(project.sentences, slug)
        except VorleserError as exc:
            raise HTTPException(404, str(exc)) from exc
        has_lang = "lang" in COLUMNS["lexicon.tsv"]
        return page("article.html", script=script, sentences=sentences, has_lang=has_lang)

    async def sentence_audio(request: Request) -> Response:
        slug, index = request.path_params["slug"], request.path_params["index"]
        try:
            data = await run_in_threadpool(project.sentence_wav, slug, index)
        except VorleserError as exc:
            return _error(exc, 404)
        return Response(data, media_type="audio/wav", headers={"Cache-Control": "no-store"})

    async def entry(request: Request) -> Response:
        word = request.query_params.get("word", "")
        e = project.lexicon_entry(word)
        return JSONResponse(
            {
                "word": e.word,
                "respelling": e.respelling,
                "ipa": e.ipa,
                "lang": e.lang,
                "note": e.note,
            }
        )

    async def preview(request: Request) -> Response:
        try:
            data = await _json(request)
            e = _entry(data)
            slug, index = str(data.get("slug", "")), int(data.get("index", -1))
            spoken, wav = await run_in_threadpool(project.preview, slug, index, e)
        except VorleserError as exc:
            return _error(exc)
        except (TypeError, ValueError):
            return JSONResponse({"error": "bad request: slug and index expected"}, 400)
        return Response(
            wav,
            media_type="audio/wav",
            headers={"X-Spoken": _header_text(spoken), "Cache-Control": "no-store"},
        )

    async def save(request: Request) -> Response:
        try:
            e = _entry(await _json(request))
            changed = await run_in_threadpool(project.save, e)
        except VorleserError as exc:
            return _error(exc)
        articles = sorted({p.slug for p in changed})
        return JSONResponse(
            {
                "message": f"saved {e.word}: {len(changed)} sentences in "
                f"{len(articles)} articles changed",
                "changed": [
                    {"slug": p.slug, "index": p.index, "spoken": p.spoken} for p in changed
                ],
                "articles": articles,
            }
        )

    async def build_start(request: Request) -> Response:
        if not runner.begin():
            return JSONResponse({"error": "a build is already running"}, 409)
        return JSONResponse({"started": True})

    async def build_status(request: Request) -> Response:
        s = runner.status
        return JSONResponse(
            {
                "running": s.running,
                "label": s.label,
                "done": s.done,
                "total": s.total,
                "summary": s.summary,
                "errors": list(s.errors),
                "synthesized": s.synthesized,
            }
        )

    async def not_found(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", "not found")
        code = getattr(exc, "status_code", 404)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": detail}, code)
        return page("error.html", code, message=detail)

    static = Path(__file__).parent / "static"
    app = Starlette(
        routes=[
            Route("/", index),
            Route("/article/{slug}", article),
            Route("/audio/{slug}/{index:int}.wav", sentence_audio),
            Route("/api/lexicon", entry, methods=["GET"]),
            Route("/api/lexicon", save, methods=["POST"]),
            Route("/api/preview", preview, methods=["POST"]),
            Route("/api/build", build_status, methods=["GET"]),
            Route("/api/build", build_start, methods=["POST"]),
            Mount("/static", StaticFiles(directory=static), name="static"),
        ],
        exception_handlers={HTTPException: not_found},
    )
    app.state.project = project
    app.state.runner = runner
    guard = CsrfGuard(app, token)
    csrf_holder["token"] = guard.token
    return host_guard(guard, host)


_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; media-src 'self' blob:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def _json(request: Request) -> dict[str, Any]:
    from vorleser.studio.project import StudioError

    body = await request.body()
    if len(body) > _MAX_BODY:
        raise StudioError("request", "too large")
    import json

    try:
        data = json.loads(body)
    except ValueError:
        raise StudioError("request", "not valid JSON") from None
    if not isinstance(data, dict):
        raise StudioError("request", "expected a JSON object")
    return data


def _entry(data: dict[str, Any]) -> Entry:
    def text(key: str) -> str:
        value = data.get(key, "")
        return value if isinstance(value, str) else ""

    return Entry(
        word=text("word").strip(),
        respelling=text("respelling").strip(),
        ipa=text("ipa").strip(),
        lang=text("lang").strip(),
        note=text("note").strip(),
    )


def _error(exc: VorleserError, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": str(exc)}, status)


def _header_text(text: str) -> str:
    """Spoken text in a header (percent-encoded: headers are Latin-1)."""
    from urllib.parse import quote

    return quote(text, safe=" ,.;:!?-'")
