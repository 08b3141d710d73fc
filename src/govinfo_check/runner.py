"""The batch runner and the commands built on it.

``run_batch`` checks many files in worker processes (pebble's pool: a per-task timeout kills only
the stuck worker, a crashed worker fails only its task) and yields ``FileResult``s in input order.
Every failure of one file comes back as a finding on that file; the batch goes on.

``check_command`` / ``extract_command`` / ``rules_command`` / ``explain_command`` are what the
CLI calls with plain option objects; they return the exit code.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from collections.abc import Callable, Iterator, Sequence

from . import checker, config
from .models import SEVERITY_ORDER, FileResult
from .options import (DEFAULT_TIMEOUT, EXTRACT_FORMATS, LANGS, CheckArgs, CheckOptions, ExplainArgs,
                      ExtractArgs, RulesArgs, UsageError)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
PROGRESS_MIN_FILES = 4  # below this a progress bar only flickers
MAX_CHUNK = 16
PIPE_WIDTH = 160
KILL_GRACE = 5.0


# ---------------------------------------------------------------------------
# what a worker needs, and what it does
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchSpec:
    """Picklable set-up for the workers: each loads the rules itself once (rule sets need not pickle)."""

    rule_files: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity_overrides: tuple[tuple[str, str], ...] = ()
    timeout: float | None = None
    kill_grace: float = KILL_GRACE  # a chunk may overrun its files' timeouts by this before its worker dies


_worker_spec: BatchSpec | None = None
_worker_rules: Any = None
_worker_error: str | None = None


def _init_worker(spec: BatchSpec) -> None:
    global _worker_spec
    # Ctrl-C goes to the whole process group; the parent alone decides what stops
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_spec = spec


def _rules_in_worker(spec: BatchSpec) -> Any:
    """Loaded on first use, once per worker (a task that does not evaluate never pays for it). A
    failure is remembered and reported on every file rather than killing the pool."""
    global _worker_rules, _worker_error
    if _worker_rules is None and _worker_error is None:
        try:
            _worker_rules = load_rules(spec.rule_files)
        except Exception as exc:  # noqa: BLE001
            _worker_error = f"{type(exc).__name__}: {exc}"
    return _worker_rules


class _FileTimeout(BaseException):
    """Raised by the alarm; a BaseException so that the per-file ``except Exception`` lets it through."""


@contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    """A soft per-file timeout via SIGALRM (POSIX, main thread only). The pool's hard kill is the
    backstop for code that never returns to the interpreter."""
    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise _FileTimeout()

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even if the alarm fires right here, the old handler comes back
            signal.signal(signal.SIGALRM, old)


def check_one(path: str, rules: Any, spec: BatchSpec) -> FileResult:
    """One file; the document tree is dropped (results cross process boundaries, and no reporter
    needs it)."""
    result = checker.check_file(path, rules, select=spec.select, ignore=spec.ignore,
                                severity_overrides=dict(spec.severity_overrides))
    if result.report is not None:
        result.report.detach()
    return result


def guarded(fn: Callable[[], FileResult], path: str, timeout: float | None) -> FileResult:
    """Run ``fn`` for one file under the soft timeout; a timeout or any exception becomes the
    file's F-008 / F-009 result."""
    start = time.perf_counter()
    try:
        with _alarm(timeout):
            return fn()
    except _FileTimeout:
        return checker.timeout_result(path, timeout or 0, time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - one file's failure is a value
        return checker.internal_error_result(path, exc, time.perf_counter() - start)


def check_chunk(paths: list[str]) -> list[FileResult]:
    """The default worker task: check each path with the worker's rules."""
    spec = _worker_spec or BatchSpec()
    rules = _rules_in_worker(spec)
    if _worker_error is not None:
        return [checker.internal_error_result(p, _worker_error) for p in paths]
    return [guarded(lambda p=p: check_one(p, rules, spec), p, spec.timeout) for p in paths]


def parse_chunk(paths: list[str]) -> list[FileResult]:
    """The ``extract`` task: parse only; the dataset carries the read problems, not rule findings."""
    spec = _worker_spec or BatchSpec()
    return [guarded(lambda p=p: parse_one(p), p, spec.timeout) for p in paths]


def parse_one(path: str) -> FileResult:
    from . import pipeline

    report = pipeline.parse_file(path)
    report.detach()
    return FileResult(path=str(path), report=report, findings=list(report.problems))


Task = Callable[[list[str]], list[FileResult]]


# ---------------------------------------------------------------------------
# the batch
# ---------------------------------------------------------------------------


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunk_size(n_files: int, jobs: int) -> int:
    """Several small tasks per worker keep all busy to the end; chunks save the per-task round trip."""
    return max(1, min(MAX_CHUNK, n_files // (jobs * 4)))


def run_batch(paths: Sequence[Path | str], spec: BatchSpec, *, jobs: int | None = None, rules: Any = None,
              on_done: Callable[[int], None] | None = None, task: Task | None = None) -> Iterator[FileResult]:
    """Check ``paths``; yield one ``FileResult`` per path, in input order, as soon as it (and every one
    before it) is done. Unsupported file types come back as F-010 results without a worker.

    ``jobs`` = 1 (or a single file to check) runs in this process with ``rules`` (loaded from
    ``spec.rule_files`` when not given); more run in a pool of worker processes, each loading the
    rules once. ``on_done(n)`` is called as n more files finish, in any order. ``task`` replaces the
    per-chunk work (a picklable module-level function); the default parses and evaluates.
    """
    paths = [str(p) for p in paths]
    todo = [i for i, p in enumerate(paths) if checker.is_supported(Path(p))]
    jobs = min(jobs or default_jobs(), max(1, len(todo)))
    if jobs == 1:
        stream = _local_stream(paths, todo, spec, rules, task)
    else:
        stream = _pool_stream(paths, todo, spec, jobs, on_done, task or check_chunk)
    yield from _in_order(paths, todo, stream, on_done if jobs == 1 else None)


def _local_stream(paths: list[str], todo: list[int], spec: BatchSpec, rules: Any,
                  task: Task | None) -> Iterator[tuple[int, FileResult]]:
    if task is None and rules is None and todo:
        rules = load_rules(spec.rule_files)
    for i in todo:
        p = paths[i]
        fn = (lambda p=p: task([p])[0]) if task is not None else (lambda p=p: check_one(p, rules, spec))
        yield i, guarded(fn, p, spec.timeout)


def _in_order(paths: list[str], todo: list[int], stream: Iterator[tuple[int, FileResult]],
              on_done: Callable[[int], None] | None) -> Iterator[FileResult]:
    """Merge the checked files' results with the unsupported ones, in input order."""
    checked = set(todo)
    nxt = 0

    def unsupported_until(stop: int) -> Iterator[FileResult]:
        nonlocal nxt
        while nxt < stop:
            if nxt not in checked:
                if on_done:
                    on_done(1)
                yield checker.unsupported_result(Path(paths[nxt]))
            nxt += 1

    for i, result in stream:
        yield from unsupported_until(i)
        if on_done:
            on_done(1)
        yield result
        nxt = i + 1
    yield from unsupported_until(len(paths))


def _pool_stream(paths: list[str], todo: list[int], spec: BatchSpec, jobs: int,
                 on_done: Callable[[int], None] | None, task: Task) -> Iterator[tuple[int, FileResult]]:
    from pebble import ProcessPool

    size = chunk_size(len(todo), jobs)
    chunks = [todo[k:k + size] for k in range(0, len(todo), size)]
    pool = ProcessPool(max_workers=jobs, initializer=_init_worker, initargs=(spec,))
    finished = False
    try:
        with _sigint_ignored():  # the first schedule forks the workers: they start out ignoring Ctrl-C
            futures = [(chunk, _schedule(pool, task, [paths[i] for i in chunk], spec, on_done))
                       for chunk in chunks]
        for chunk, fut in futures:
            try:
                results = fut.result()
                if len(results) != len(chunk):
                    raise RuntimeError(f"task returned {len(results)} results for {len(chunk)} files")
            except Exception:  # noqa: BLE001 - timeout, dead worker, bad result: isolate the culprit
                results = [_alone(pool, task, paths[i], spec) for i in chunk]
            yield from zip(chunk, results, strict=True)
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # Ctrl-C or the consumer stopped early: cancel pending work, kill the workers
            pool.stop()
        pool.join()


def _schedule(pool: Any, task: Task, chunk_paths: list[str], spec: BatchSpec,
              on_done: Callable[[int], None] | None) -> Any:
    fut = pool.schedule(task, args=(chunk_paths,), timeout=_chunk_timeout(spec, len(chunk_paths)))
    if on_done:
        n = len(chunk_paths)
        fut.add_done_callback(lambda _future: on_done(n))
    return fut


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C for a moment (main thread only), so that processes forked meanwhile inherit
    SIG_IGN instead of dying with a traceback before their initializer runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def _chunk_timeout(spec: BatchSpec, n: int) -> float | None:
    return None if spec.timeout is None else spec.timeout * n + spec.kill_grace


def _alone(pool: Any, task: Task, path: str, spec: BatchSpec) -> FileResult:
    """Re-run one file of a failed chunk as its own task, so that only the file at fault fails."""
    from pebble import ProcessExpired

    start = time.perf_counter()
    fut = pool.schedule(task, args=([path],), timeout=_chunk_timeout(spec, 1))
    try:
        return fut.result()[0]
    except FutureTimeout:
        return checker.timeout_result(path, spec.timeout or 0, time.perf_counter() - start)
    except ProcessExpired as exc:
        detail = f"worker process died (exit code {exc.exitcode})"
        return checker.internal_error_result(path, detail, time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001
        return checker.internal_error_result(path, exc, time.perf_counter() - start)


def add_cross_year(results: list[FileResult], rules: Any, spec: BatchSpec) -> None:
    """Cross-year rules need every report; they run here, in the parent, after the batch."""
    from . import engine
    from .checks import crossyear

    reports = [r.report for r in results if r.report is not None]
    if len(reports) < 2:
        return
    try:
        previous = crossyear.match_previous(reports)
    except Exception as exc:  # noqa: BLE001
        for r in results:
            if r.report is not None:
                r.findings.append(checker.internal_error_result(r.path, f"cross-year: {exc}").findings[0])
        return
    for r in results:
        prev = previous.get(r.report.path) if r.report is not None else None
        if prev is None:
            continue
        try:
            extra = engine.evaluate(r.report, rules, previous=prev, select=spec.select, ignore=spec.ignore,
                                    severity_overrides=dict(spec.severity_overrides), scope="cross_year")
        except Exception as exc:  # noqa: BLE001
            extra = checker.internal_error_result(r.path, f"cross-year: {type(exc).__name__}: {exc}").findings
        r.findings = checker.sort_findings(r.findings + list(extra))


# ---------------------------------------------------------------------------
# rules and codes
# ---------------------------------------------------------------------------


def load_rules(extra_files: Sequence[str | Path] = ()) -> Any:
    from . import engine

    return engine.load_rules([Path(p) for p in extra_files])


def _load_rules_or_usage(extra_files: Sequence[Path]) -> Any:
    from . import engine

    try:
        return load_rules(extra_files)
    except engine.RuleFileError as exc:
        raise UsageError("rule_file", detail=str(exc).replace("\n", " ")) from None


def known_codes(rules: Any) -> tuple[set[str], set[str]]:
    """Every code (rule files and catalogue) and every rule name."""
    from . import engine

    infos = engine.rule_infos(rules)
    return {i.code for i in infos}, {i.name for i in infos if i.name}


def _selector(raw: str, codes: set[str], names: set[str], where: str) -> str:
    """A selector as the engine matches it: a rule name as written, else a code or code prefix in
    upper case (``t3`` = ``T3``), or ``ALL``."""
    if raw in names:
        return raw
    up = raw.upper()
    if up == "ALL" or any(c.startswith(up) for c in codes):
        return up
    raise UsageError("unknown_code", code=raw, where=where)


def normalize_selectors(opts: CheckOptions, rules: Any) -> None:
    """Check --select/--ignore and the config's severity keys against the known codes (exit 2 on an
    unknown one, rather than silently selecting nothing) and put them in the engine's form."""
    codes, names = known_codes(rules)
    cfg = str(opts.config_path) if opts.config_path else "config"
    sel_where = "--select" if opts.select_from_cli else f"{cfg} select"
    ign_where = "--ignore" if opts.ignore_from_cli else f"{cfg} ignore"
    opts.select = tuple(_selector(c, codes, names, sel_where) for c in opts.select)
    opts.ignore = tuple(_selector(c, codes, names, ign_where) for c in opts.ignore)
    opts.severity_overrides = {_selector(k, codes, set(), f"{cfg} severity"): v
                               for k, v in opts.severity_overrides.items()}


# ---------------------------------------------------------------------------
# the check command
# ---------------------------------------------------------------------------


def exit_code(results: Sequence[FileResult], fail_on: str) -> int:
    if results and all(r.status == "error" for r in results):
        return EXIT_USAGE
    threshold = SEVERITY_ORDER[fail_on]
    failing = any(SEVERITY_ORDER.get(f.severity, 0) >= threshold for r in results for f in r.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def _stderr_console(stream: TextIO | None = None) -> Any:
    from rich.console import Console

    return Console(file=stream or sys.stderr, highlight=False, soft_wrap=True)


def _stdout_console(stream: TextIO | None = None) -> Any:
    """Colour and wrapping on a terminal; when piped, plain lines that are not broken mid-sentence."""
    from rich.console import Console

    console = Console(file=stream, highlight=False)
    if not console.is_terminal:
        console.soft_wrap = True
        if "COLUMNS" not in os.environ:
            console.width = PIPE_WIDTH  # a summary table is easier to read wide than wrapped at 80
    return console


def _usage_line(exc: UsageError, lang: str, err: Any) -> int:
    from .reporters.text import ui

    err.print(f"govinfo-check: {ui(exc.key, lang, **exc.args_)}", markup=False)
    return EXIT_USAGE


def check_command(args: CheckArgs, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``govinfo-check check``: resolve options, check, report; returns the exit code."""
    err = _stderr_console(stderr)
    lang = args.lang if args.lang in LANGS else "zh"
    try:
        opts = config.resolve(args, config.config_for(args.config))
        lang = opts.lang
        reporter = _reporter(opts)
        _prepare_output(opts.output)
        collected = checker.collect_paths(opts.paths, opts.glob)
        if not collected.files:
            raise UsageError("nothing_to_check")
        if opts.annotate and len(collected.files) != 1:
            raise UsageError("annotate_needs_one", n=len(collected.files))
        rules = _load_rules_or_usage(opts.rules)
        normalize_selectors(opts, rules)
        spec = BatchSpec(tuple(str(p) for p in opts.rules), opts.select, opts.ignore,
                         tuple(opts.severity_overrides.items()), opts.timeout)
        results = _run_with_progress(collected.files, spec, opts, rules, err)
        add_cross_year(results, rules, spec)
        console = _stdout_console(stdout)
        _emit(results, reporter, opts, console, err)
        _annotate(results, opts, err)
        if not opts.quiet and collected.skipped:
            from .reporters.text import skipped_note

            err.print(skipped_note(collected.skipped, lang), markup=False)
        code = exit_code(results, opts.fail_on)
        if code == EXIT_USAGE:
            raise UsageError("nothing_readable", n=len(results))
        return code
    except UsageError as exc:
        return _usage_line(exc, lang, err)
    except KeyboardInterrupt:
        from .reporters.text import ui

        err.print(f"govinfo-check: {ui('interrupted', lang)}", markup=False)
        return EXIT_INTERRUPTED


def _reporter(opts: CheckOptions) -> Any:
    from . import reporters

    options = {"fail_on": opts.fail_on} if opts.format == "text" else {}
    try:
        reporter = reporters.get(opts.format, **options)
    except KeyError:
        raise UsageError("unknown_format", value=opts.format, allowed="|".join(reporters.names())) from None
    if reporter.binary and opts.output is None:
        raise UsageError("needs_output", format=opts.format)
    return reporter


def _prepare_output(output: Path | None) -> None:
    """Fail before the run, not after it, when the report could not be written."""
    if output is None:
        return
    if output.is_dir():
        raise UsageError("output_unwritable", path=output, detail="is a directory / 是一个目录")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError("output_unwritable", path=output, detail=exc.strerror or exc) from None
    if not os.access(output.parent, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise UsageError("output_unwritable", path=output, detail="permission denied / 没有写权限")


def _run_with_progress(files: list[Path], spec: BatchSpec, opts: CheckOptions, rules: Any,
                       err: Any) -> list[FileResult]:
    show = not opts.quiet and err.is_terminal and len(files) >= PROGRESS_MIN_FILES
    if not show:
        return list(run_batch(files, spec, jobs=opts.jobs, rules=rules))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .reporters.text import ui

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task(ui("progress", opts.lang), total=len(files))
        return list(run_batch(files, spec, jobs=opts.jobs, rules=rules,
                              on_done=lambda n: progress.advance(task, n)))


def _emit(results: list[FileResult], reporter: Any, opts: CheckOptions, console: Any, err: Any) -> None:
    from .reporters.text import TextReporter, print_results, ui

    if opts.output is None:
        if isinstance(reporter, TextReporter):
            print_results(console, results, lang=opts.lang, fail_on=opts.fail_on)
        else:
            console.file.write(reporter.render(results, lang=opts.lang))  # text formats only: see _reporter
        return
    from .atomic import write_atomic

    try:
        write_atomic(opts.output, reporter.render(results, lang=opts.lang))
    except OSError as exc:
        raise UsageError("output_unwritable", path=opts.output, detail=exc.strerror or exc) from None
    if not opts.quiet:
        err.print(ui("written", opts.lang, path=opts.output), markup=False)


def _annotate(results: list[FileResult], opts: CheckOptions, err: Any) -> None:
    if opts.annotate is None and opts.annotate_dir is None:
        return
    from .reporters.text import ui

    try:
        from . import annotate
    except ImportError as exc:
        raise UsageError("annotate_unavailable", detail=exc) from None
    if opts.annotate is not None:
        try:
            summary = annotate.annotate_file(Path(results[0].path), opts.annotate, results[0], lang=opts.lang)
            err.print(ui("annotated", opts.lang, path=summary.dst), markup=False)
        except annotate.AnnotateError as exc:
            err.print(ui("annotate_skipped", opts.lang, path=results[0].path, reason=exc.message(opts.lang)),
                      markup=False)
    if opts.annotate_dir is not None:
        for s in annotate.annotate_dir(results, opts.annotate_dir, lang=opts.lang):
            if s.dst:
                err.print(ui("annotated", opts.lang, path=s.dst), markup=False)
            else:
                err.print(ui("annotate_skipped", opts.lang, path=s.src, reason=s.skipped), markup=False)


# ---------------------------------------------------------------------------
# extract, rules, explain
# ---------------------------------------------------------------------------


def extract_command(args: ExtractArgs, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``govinfo-check extract``: the figures of every file as one dataset (json | csv | xlsx)."""
    err = _stderr_console(stderr)
    lang = args.lang if args.lang in LANGS else "zh"
    try:
        lang = args.lang or config.config_for(args.config).lang or "zh"
        if args.format not in EXTRACT_FORMATS:
            raise UsageError("unknown_format", value=args.format, allowed="|".join(EXTRACT_FORMATS))
        if args.format == "xlsx" and args.output is None:
            raise UsageError("needs_output", format=args.format)
        _prepare_output(args.output)
        collected = checker.collect_paths(args.paths, args.glob)
        if not collected.files:
            raise UsageError("nothing_to_check")
        results = list(run_batch(collected.files, BatchSpec(timeout=DEFAULT_TIMEOUT), task=parse_chunk))
        from .export import render_extract

        data = render_extract(results, args.format, lang=lang)
        if args.output is not None:
            from .atomic import write_atomic

            try:
                write_atomic(args.output, data)
            except OSError as exc:
                raise UsageError("output_unwritable", path=args.output, detail=exc.strerror or exc) from None
        else:
            (stdout or sys.stdout).write(data)
        if all(r.status == "error" for r in results):
            raise UsageError("nothing_readable", n=len(results))
        return EXIT_OK
    except UsageError as exc:
        return _usage_line(exc, lang, err)
    except KeyboardInterrupt:
        from .reporters.text import ui

        err.print(f"govinfo-check: {ui('interrupted', lang)}", markup=False)
        return EXIT_INTERRUPTED


def rules_command(args: RulesArgs, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``govinfo-check rules``: every code, from the catalogue and the rule files."""
    from .reporters.text import rules_table

    err = _stderr_console(stderr)
    lang = args.lang if args.lang in LANGS else "zh"
    try:
        cfg = config.config_for(args.config)
        lang = args.lang or cfg.lang or "zh"
        rules = _load_rules_or_usage(args.rules if args.rules else cfg.rules)
        console = _stdout_console(stdout)
        console.print(rules_table(_all_infos(rules), lang))
        return EXIT_OK
    except UsageError as exc:
        return _usage_line(exc, lang, err)


def _all_infos(rules: Any) -> list[dict[str, str]]:
    from . import engine

    return [{k: str(getattr(i, k) or "") for k in ("code", "name", "severity", "category", "source")}
            for i in engine.rule_infos(rules)]


def explain_command(args: ExplainArgs, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``govinfo-check explain CODE``: what a code checks, and a passing and a failing example."""
    from . import engine

    err = _stderr_console(stderr)
    lang = args.lang if args.lang in LANGS else "zh"
    try:
        cfg = config.config_for(args.config)
        lang = args.lang or cfg.lang or "zh"
        rules = _load_rules_or_usage(args.rules if args.rules else cfg.rules)
        try:
            text = engine.explain(args.code.strip().upper(), rules, lang)
        except KeyError:
            raise UsageError("unknown_explain", code=args.code) from None
        (stdout or sys.stdout).write(text.rstrip("\n") + "\n")
        return EXIT_OK
    except UsageError as exc:
        return _usage_line(exc, lang, err)
