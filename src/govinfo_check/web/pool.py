"""The server's worker pool: every uploaded file is checked (and annotated) in a worker process, with
the same per-file timeout and fault isolation as ``check`` (runner.py), awaited without blocking
the event loop. A file that hangs or kills its worker fails alone, as an F-008 / F-009 result.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
import time
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import checker, runner
from ..models import FileResult

# imported once in the fork server, so that a worker restarted after a kill is ready at once
_PRELOAD = ["govinfo_check.runner", "govinfo_check.pipeline", "govinfo_check.engine", "govinfo_check.annotate"]


def _context() -> Any:
    """Workers are not forked from the server itself: it runs threads (anyio's, pebble's), and a fork
    taken while another thread holds a lock can leave the child stuck. A fork server is a
    single-threaded parent; where there is none (Windows), spawn."""
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass
class Annotated:
    """What the annotate task answers: the check's result, and the copy's error when there is none."""

    result: FileResult
    error: dict[str, str] | None = None  # {"zh": …, "en": …}


def annotate_task(lang: str, src: str, dst: str) -> Annotated:
    """In a worker: check ``src`` as ``check`` does, then write the annotated copy to ``dst``."""
    from .. import annotate

    result = runner.check_chunk([src])[0]
    if result.status == "error":  # not read (or timed out): a copy would only say so; the answer says why
        return Annotated(result)
    try:
        annotate.annotate_file(Path(src), Path(dst), result, lang=lang)
    except annotate.AnnotateError as exc:
        return Annotated(result, {"zh": exc.message("zh"), "en": exc.message("en")})
    return Annotated(result)


class Stopping(Exception):
    """The server is stopping: the check under way was abandoned, its request answers 503."""


class CheckPool:
    """A long-lived pool of ``jobs`` workers. Requests wait in its queue; they never block the loop.

    ``task`` is the per-file work (``runner.check_chunk``; tests put a slow one in its place)."""

    def __init__(self, spec: runner.BatchSpec, jobs: int | None = None, *, task: Any = None) -> None:
        self.spec = spec
        self.jobs = jobs or runner.default_jobs()
        self.task = task or runner.check_chunk
        self._pool = runner.start_pool(spec, self.jobs, context=_context())
        self._running: set[Any] = set()
        self._stopping = False

    @property
    def _deadline(self) -> float | None:
        return None if self.spec.timeout is None else self.spec.timeout + self.spec.kill_grace

    async def _run(self, fn: Any, args: tuple[Any, ...], path: str) -> tuple[Any, FileResult | None]:
        """(the task's answer, None), or (None, the file's F-008/F-009 result) when its worker was
        killed at the hard timeout or died."""
        from pebble import ProcessExpired

        if self._stopping:
            raise Stopping()
        start = time.perf_counter()
        # in a thread: the first schedule starts the workers, which waits for the fork server's imports
        future = await asyncio.to_thread(self._pool.schedule, fn, args=args, timeout=self._deadline)
        self._running.add(future)
        try:
            return await asyncio.wrap_future(future), None
        except FutureTimeout:
            return None, checker.timeout_result(path, self.spec.timeout or 0, time.perf_counter() - start)
        except ProcessExpired as exc:
            detail = f"worker process died (exit code {exc.exitcode})"
            return None, checker.internal_error_result(path, detail, time.perf_counter() - start)
        except asyncio.CancelledError:  # the client went away, or abandon(): the work stops too
            future.cancel()
            if self._stopping:
                raise Stopping() from None
            raise
        except Exception as exc:  # noqa: BLE001 - one file's failure is a value
            return None, checker.internal_error_result(path, exc, time.perf_counter() - start)
        finally:
            self._running.discard(future)

    def abandon(self) -> None:
        """On Ctrl-C (call it in the event loop's thread): the checks under way end now and their
        requests answer at once, rather than the shutdown waiting out a file's whole timeout."""
        self._stopping = True
        for future in list(self._running):
            future.cancel()

    async def check(self, paths: list[str]) -> list[FileResult]:
        """One result per path, in order; unsupported types answer F-010 without a worker, as in
        ``run_batch``. The files of one request run side by side."""
        async def one(path: str) -> FileResult:
            if not checker.is_supported(Path(path)):
                return checker.unsupported_result(Path(path))
            answer, failed = await self._run(self.task, ([path],), path)
            return failed if failed is not None else answer[0]

        return list(await asyncio.gather(*(one(p) for p in paths)))

    async def annotate(self, src: str, dst: str, lang: str) -> Annotated:
        if not checker.is_supported(Path(src)):
            return Annotated(checker.unsupported_result(Path(src)))
        answer, failed = await self._run(annotate_task, (lang, src, dst), src)
        return answer if failed is None else Annotated(failed)

    async def warm(self) -> None:
        """Load the rules in the workers before the first upload (a cold worker adds about a second)."""
        await asyncio.gather(*(self._run(runner.check_chunk, ([],), "") for _ in range(self.jobs)),
                             return_exceptions=True)  # Ctrl-C while warming: nothing to report

    def stop(self) -> None:
        self._pool.stop()
        self._pool.join()
