"""The local page's web application (Starlette): the page, and the API it and other tools call.

- ``GET /``              the page (``?lang=en`` for English)
- ``POST /api/check``    multipart, parts named ``file`` → the ``check --format json`` document
- ``POST /api/report``   the page's own call: that document plus the ``--format html`` report
- ``POST /api/annotate`` one part ``file`` → the annotated .docx, or a JSON error
- ``GET /api/rules``     the rule catalogue

Uploads are copied into a private folder under names the server makes up (an uploaded file's name
is only ever shown, never used as a path) and deleted once the answer is ready. The files are
checked in the worker pool (pool.py); nothing is kept between requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import secrets
import shutil
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import checker, runner
from ..models import FileResult
from ..options import DEFAULT_TIMEOUT, LANGS
from .pool import CheckPool, Stopping
from .ui import PAGE, error_text

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # per request, all files together
MAX_FILES = 100  # per request
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")


@dataclass
class Settings:
    """What the app needs from the command line and the config file."""

    lang: str = "zh"
    spec: runner.BatchSpec = field(default_factory=lambda: runner.BatchSpec(timeout=DEFAULT_TIMEOUT))
    jobs: int | None = None  # worker processes (None: all cores)
    max_bytes: int = MAX_UPLOAD_BYTES
    max_files: int = MAX_FILES
    # Host headers answered: a page on 127.0.0.1 must not be reachable through another name (DNS
    # rebinding lets a web site's script talk to it under the site's own name otherwise)
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    check_task: Any = None  # the workers' per-file task (None: runner.check_chunk); tests slow it down


class ApiError(Exception):
    def __init__(self, status: int, key: str, /, *, extra: dict[str, Any] | None = None, **args: Any) -> None:
        super().__init__(key)
        self.status, self.key, self.args_, self.extra = status, key, args, extra or {}

    def response(self, lang: str) -> JSONResponse:
        body = {"code": self.key, "message": error_text(self.key, lang, **self.args_), **self.extra}
        return JSONResponse({"error": body}, status_code=self.status)


# ---------------------------------------------------------------------------
# the upload limit, enforced while the body arrives
# ---------------------------------------------------------------------------


class _TooLarge(Exception):
    pass


class BodyLimit:
    """413 for a body over ``max_bytes``: at once when Content-Length says so, else as soon as the
    bytes received pass the limit (a chunked upload has no length), before the rest is read."""

    def __init__(self, app: ASGIApp, max_bytes: int, lang: str) -> None:
        self.app, self.max_bytes, self.lang = app, max_bytes, lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang = _query_lang(scope, self.lang)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                await ApiError(400, "bad_length", value=declared.decode("latin-1")[:40]).response(lang)(
                    scope, receive, send)
                return
            if length > self.max_bytes:
                await self._too_large(lang)(scope, receive, send)
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge()
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            if started:
                raise
            await self._too_large(lang)(scope, receive, send)

    def _too_large(self, lang: str) -> Response:
        mb = self.max_bytes / (1024 * 1024)
        return ApiError(413, "too_large", mb=f"{mb:g}").response(lang)


def _query_lang(scope: Scope, default: str) -> str:
    from urllib.parse import parse_qs

    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang")
    return values[0] if values and values[0] in LANGS else default


# ---------------------------------------------------------------------------
# uploads
# ---------------------------------------------------------------------------


@dataclass
class Upload:
    name: str  # as shown: the uploaded name, cleaned; never a path
    path: Path  # where the server put it: the private folder, a made-up name, the type's suffix


def display_name(raw: str | None, index: int) -> str:
    """The last part of the uploaded name, without control characters, at most 120 characters."""
    base = re.split(r"[\\/]", raw or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:120] or f"upload-{index + 1}"


def _safe_suffix(name: str) -> str:
    """The name's suffix if it looks like one (the type decides which reader checks the file)."""
    suffix = PurePath(name).suffix.lower()
    return suffix if _SUFFIX.fullmatch(suffix) else ""


def _unique(names: list[str]) -> list[str]:
    """Two uploads with one name stay apart in the report (and in the cross-year pairing)."""
    used: set[str] = set()
    out = []
    for n in names:
        name, k = n, 1
        while name in used:  # as a browser saves a second download: before the suffix, which says the type
            k += 1
            pure = PurePath(n)
            name = f"{pure.stem} ({k}){pure.suffix}"
        used.add(name)
        out.append(name)
    return out


async def read_uploads(request: Request, folder: Path, max_files: int) -> list[Upload]:
    try:
        form = await request.form(max_files=max_files, max_fields=20)
    except HTTPException as exc:
        raise ApiError(400, "bad_form", detail=exc.detail) from None
    try:
        parts = form.getlist("file")
        if not parts:
            fields = ", ".join(sorted(set(form.keys()))) or "—"
            raise ApiError(400, "no_file", fields=fields)
        if not all(isinstance(p, UploadFile) for p in parts):
            raise ApiError(400, "not_a_file")
        names = _unique([display_name(p.filename, i) for i, p in enumerate(parts)])
        uploads = []
        for i, (part, name) in enumerate(zip(parts, names)):
            path = folder / f"{i + 1}{_safe_suffix(name)}"
            size = await _save(part, path)
            if size == 0:
                raise ApiError(400, "empty_upload", name=name)
            uploads.append(Upload(name, path))
        return uploads
    finally:
        await form.close()


async def _save(part: UploadFile, path: Path) -> int:
    from starlette.concurrency import run_in_threadpool

    await part.seek(0)

    def copy() -> int:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(part.file, out, 1024 * 1024)
            return out.tell()

    return await run_in_threadpool(copy)


@contextlib.contextmanager
def private_folder(root: Path) -> Any:
    """A folder of this request's own (mode 0700), removed with everything in it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="req-", dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def present(results: list[FileResult], uploads: list[Upload]) -> None:
    """The reports name the files as uploaded, not where the server put them (a reader's error text
    may quote the path, too)."""
    for result, up in zip(results, uploads):
        tmp, name = str(up.path), up.name
        result.path = name
        if result.report is not None:
            result.report.path = name
        for f in result.findings:
            f.messages = {k: v.replace(tmp, name) for k, v in f.messages.items()}
            f.args = {k: (v.replace(tmp, name) if isinstance(v, str) else v) for k, v in f.args.items()}


# ---------------------------------------------------------------------------
# endpoints
# ---------------------------------------------------------------------------


def _lang(request: Request) -> str:
    raw = request.query_params.get("lang")
    if raw is None:
        return request.app.state.settings.lang
    if raw not in LANGS:
        raise ApiError(400, "bad_lang", value=raw[:20])
    return raw


async def _checked(request: Request, folder: Path) -> tuple[list[FileResult], str]:
    """Read the uploads, check them in the pool, pair the years among them (as ``check`` does for
    the files of one run) and name them as uploaded."""
    state = request.app.state
    lang = _lang(request)
    uploads = await read_uploads(request, folder, state.settings.max_files)
    results = await state.pool.check([str(u.path) for u in uploads])
    present(results, uploads)
    runner.add_cross_year(results, state.rules, state.settings.spec)
    return results, lang


async def api_check(request: Request) -> Response:
    from .. import reporters

    with private_folder(request.app.state.root) as folder:
        results, lang = await _checked(request, folder)
    return Response(reporters.get("json").render(results, lang=lang), media_type="application/json")


async def api_report(request: Request) -> Response:
    from .. import reporters

    with private_folder(request.app.state.root) as folder:
        results, lang = await _checked(request, folder)
    document = json.loads(reporters.get("json").render(results, lang=lang))
    html = reporters.get("html").render(results, lang=lang)
    return JSONResponse({"report": document, "html": html})


async def api_annotate(request: Request) -> Response:
    state = request.app.state
    lang = _lang(request)
    with private_folder(state.root) as folder:
        uploads = await read_uploads(request, folder, state.settings.max_files)
        if len(uploads) != 1:
            raise ApiError(400, "one_file", n=len(uploads))
        up = uploads[0]
        dst = folder / "annotated.docx"
        answer = await state.pool.annotate(str(up.path), str(dst), lang)
        present([answer.result], uploads)
        if not dst.is_file():
            reasons = [f.message(lang) for f in answer.result.findings if f.category == "read"]
            reason = (answer.error or {}).get(lang) or "; ".join(reasons) or "—"
            raise ApiError(422, "not_annotatable", name=up.name, reason=reason.replace(str(up.path), up.name),
                           extra={"findings": [f.to_dict(lang) for f in answer.result.findings]})
        data = dst.read_bytes()
    suffix = "-批注.docx" if lang == "zh" else "-annotated.docx"
    filename = PurePath(up.name).stem + suffix
    return Response(data, media_type=DOCX_TYPE, headers={
        "Content-Disposition": f"attachment; filename=\"annotated.docx\"; filename*=UTF-8''{quote(filename)}",
        "X-Findings": str(len(answer.result.findings)),
    })


async def api_rules(request: Request) -> Response:
    from .. import engine

    infos = engine.rule_infos(request.app.state.rules)
    return JSONResponse({"rules": [
        {"code": i.code, "name": i.name, "severity": i.severity, "category": i.category, "source": i.source,
         "description": i.description} for i in infos]})


@lru_cache(maxsize=1)
def _templates() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("govinfo_check.web", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined)


async def page(request: Request) -> Response:
    raw = request.query_params.get("lang")
    lang = raw if raw in LANGS else request.app.state.settings.lang
    settings: Settings = request.app.state.settings
    nonce = secrets.token_urlsafe(16)
    config = {"lang": lang, "maxBytes": settings.max_bytes, "ui": PAGE[lang]}
    html = _templates().get_template("page.html.j2").render(
        ui=PAGE[lang], config=config, nonce=nonce, accept=",".join(checker.SUPPORTED_SUFFIXES),
        types="、".join(checker.SUPPORTED_SUFFIXES) if lang == "zh" else ", ".join(checker.SUPPORTED_SUFFIXES),
        mb=f"{settings.max_bytes / (1024 * 1024):g}")
    # no request may leave for the network: every asset is inline, and the browser is told so
    csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; connect-src 'self'; "
           "img-src data: blob:; frame-src 'self'; base-uri 'none'; form-action 'none'")
    return HTMLResponse(html, headers={"Content-Security-Policy": csp, "Referrer-Policy": "no-referrer"})


# ---------------------------------------------------------------------------
# the application
# ---------------------------------------------------------------------------


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    lang = _query_lang(request.scope, request.app.state.settings.lang)
    return exc.response(lang)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    lang = _query_lang(request.scope, request.app.state.settings.lang)
    if exc.status_code == 404:
        return ApiError(404, "not_found", path=request.url.path[:200]).response(lang)
    return JSONResponse({"error": {"code": f"http_{exc.status_code}", "message": str(exc.detail)}},
                        status_code=exc.status_code)


async def _stopping(request: Request, exc: Exception) -> Response:
    lang = _query_lang(request.scope, request.app.state.settings.lang)
    return ApiError(503, "stopping").response(lang)


def abandon_checks(app: Starlette) -> None:
    """Ctrl-C: end the checks under way (safe to call from a signal handler or another thread)."""
    loop, pool = getattr(app.state, "loop", None), getattr(app.state, "pool", None)
    if loop is not None and pool is not None and not loop.is_closed():
        loop.call_soon_threadsafe(pool.abandon)


async def _internal_error(request: Request, exc: Exception) -> Response:
    lang = _query_lang(request.scope, request.app.state.settings.lang)
    return ApiError(500, "internal", detail=f"{type(exc).__name__}: {exc}"[:300]).response(lang)


def create_app(settings: Settings | None = None) -> Starlette:
    """The app; its lifespan starts the worker pool and the private upload folder, and removes both."""
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.rules = runner.load_rules(settings.spec.rule_files)
        app.state.root = Path(tempfile.mkdtemp(prefix="govinfo-check-serve-"))
        app.state.loop = asyncio.get_running_loop()
        app.state.pool = CheckPool(settings.spec, settings.jobs, task=settings.check_task)
        # the page opens while the workers load (seconds on a busy machine); an early upload just waits
        app.state.warming = asyncio.create_task(app.state.pool.warm())
        try:
            yield
        finally:
            app.state.warming.cancel()
            app.state.pool.stop()
            shutil.rmtree(app.state.root, ignore_errors=True)

    hosts = list(settings.allowed_hosts) if settings.allowed_hosts else ["*"]
    app = Starlette(
        routes=[
            Route("/", page, methods=["GET"]),
            Route("/api/check", api_check, methods=["POST"]),
            Route("/api/report", api_report, methods=["POST"]),
            Route("/api/annotate", api_annotate, methods=["POST"]),
            Route("/api/rules", api_rules, methods=["GET"]),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts),
                    Middleware(BodyLimit, max_bytes=settings.max_bytes, lang=settings.lang)],
        exception_handlers={ApiError: _api_error, Stopping: _stopping, HTTPException: _http_error,
                            Exception: _internal_error},
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app
