"""The batch runner.

``run_batch`` checks many files in worker processes (pebble's pool: a per-task timeout kills only
the stuck worker, a crashed worker fails only its task) and yields ``FileResult``s in input order.
Every failure of one file comes back as a finding on that file; the batch goes on. Cross-year
rules run afterwards in the parent, where every report of the batch is at hand.
"""

from __future__ import annotations

import collections
import dataclasses
import os
from collections import Counter
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterator, Sequence

from . import checker
from .models import FileResult

MAX_CHUNK = 16
SCHEDULE_AHEAD = 4  # chunks per worker scheduled beyond the one being consumed
KILL_GRACE = 5.0
MiB = 1024 * 1024
# How much address space a worker may add to what it holds after start-up. A real report needs
# ~60 MB; the reader's part limits bound a hostile one to ~150 MB. The cap is there so that N
# workers on a hostile batch cannot take the machine down: at most 1 GiB each, less on a machine
# without the memory for that, never under 512 MiB.
WORKER_HEADROOM_MAX = 1024 * MiB
WORKER_HEADROOM_MIN = 512 * MiB


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
    keep_grids: bool = True  # False when no reporter will redraw the tables (see ParsedReport.drop_grids)
    # False when nothing in the parent reads figures (json, csv, sarif, text…): a result then carries
    # only the few the cross-year rules read (FileResult.cross_year), not ~200 (ParsedReport.drop_figures)
    keep_figures: bool = True
    kill_grace: float = KILL_GRACE  # a chunk may overrun its files' timeouts by this before its worker dies
    memory_headroom: int | None = None  # bytes of address space a worker may grow by; None = no limit


_worker_spec: BatchSpec | None = None
_worker_rules: Any = None
_worker_error: str | None = None


def _init_worker(spec: BatchSpec) -> None:
    global _worker_spec
    # Ctrl-C goes to the whole process group; the parent alone decides what stops
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_spec = spec
    settle_gc()
    if spec.memory_headroom:
        limit_memory(spec.memory_headroom)


# The cyclic collector's young-generation threshold during a batch (Python's default is 700).
GC_THRESHOLDS = (50_000, 20, 10)


def settle_gc() -> None:
    """For a batch: a report's objects are freed by reference counting (checking a file leaves ~3
    objects in cycles), so the collector's frequent passes over young objects find almost nothing,
    and its full passes walk every rule and vocabulary loaded at start-up again. Move what exists
    now out of its sight (``gc.freeze``; in a parent that forks, this also keeps the workers from
    touching, and so copying, the pages of what they inherit) and let it run less often. Memory
    stays bounded: it still runs, every GC_THRESHOLDS[0] allocations."""
    import gc

    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@contextmanager
def _settled_gc(files: int) -> Iterator[None]:
    """``settle_gc`` for the length of a batch of several files, then as before: what was frozen goes
    back to the collector (a program that runs batches one after another leaks nothing)."""
    import gc

    if files < 2:
        yield
        return
    before = gc.get_threshold()
    settle_gc()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


_memory_limit: int | None = None  # this process's address-space limit in bytes, once set


def _vm_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def limit_memory(headroom: int) -> int | None:
    """Cap this process's address space (RLIMIT_AS) at its present size + ``headroom``, so that an
    allocation past it raises MemoryError in this process instead of exhausting the machine.
    Returns the limit, or None where it cannot be set (no /proc, no RLIMIT_AS)."""
    global _memory_limit
    try:
        import resource
    except ImportError:  # Windows
        return None
    now = _vm_size()
    if now is None or not hasattr(resource, "RLIMIT_AS"):
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = now + headroom
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return None
    _memory_limit = limit
    return limit


def worker_headroom(jobs: int) -> int:
    """The per-worker headroom for ``jobs`` workers: physical memory shared by the workers and the
    parent, clamped to [WORKER_HEADROOM_MIN, WORKER_HEADROOM_MAX]."""
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return WORKER_HEADROOM_MAX
    return max(WORKER_HEADROOM_MIN, min(WORKER_HEADROOM_MAX, physical // (jobs + 1)))


_OUT_OF_MEMORY = ("MemoryError", "Memory allocation failed", "memory allocation failed")


def _out_of_memory(result: FileResult) -> FileResult:
    """A file that hit the memory limit gets F-011 instead of the F-009/F-001 that the parser's
    catch-all made of the MemoryError: the cause is the size of the work, not a bug or bad XML."""
    hit = next((f for f in result.findings if f.code in ("F-001", "F-007", "F-009")
                and any(m in str(f.args.get("detail", "")) for m in _OUT_OF_MEMORY)), None)
    if hit is None:
        return result
    return checker.memory_result(result.path, _memory_limit, result.elapsed)


def _rules_in_worker(spec: BatchSpec) -> Any:
    """Loaded on first use, once per worker (a task that does not evaluate never pays for it). A
    failure is remembered and reported on every file rather than killing the pool. A worker forked
    from a parent that had loaded the same rule files starts with the parent's (see _hand_down)."""
    global _worker_rules, _worker_error
    if _worker_rules is None and _worker_error is None:
        if _handed_down is not None and _handed_down[0] == spec.rule_files:
            _worker_rules = _handed_down[1]
            return _worker_rules
        try:
            _worker_rules = load_rules(spec.rule_files)
        except Exception as exc:  # noqa: BLE001
            _worker_error = f"{type(exc).__name__}: {exc}"
    return _worker_rules


# (rule files, rules) the parent loaded before starting a pool: a forked worker inherits them as they
# are, instead of parsing the same YAML again (~0.1–0.3 s in each worker of each run); a worker
# started another way (spawn, forkserver) finds None here and loads its own
_handed_down: tuple[tuple[str, ...], Any] | None = None


def _hand_down(spec: BatchSpec, rules: Any) -> None:
    global _handed_down
    _handed_down = (spec.rule_files, rules) if rules is not None else None


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
        if not spec.keep_grids:
            result.report.drop_grids()
        if result.report.agency and result.report.year is not None:
            result.cross_year = cross_year_view(result.report, rules)
        if not spec.keep_figures:
            result.report.drop_figures()
    return result


def guarded(fn: Callable[[], FileResult], path: str, timeout: float | None) -> FileResult:
    """Run ``fn`` for one file under the soft timeout; a timeout or any exception becomes the
    file's F-008 / F-009 result."""
    start = time.perf_counter()
    try:
        with _alarm(timeout):
            return _out_of_memory(fn())
    except _FileTimeout:
        return checker.timeout_result(path, timeout or 0, time.perf_counter() - start)
    except MemoryError:
        return checker.memory_result(path, _memory_limit, time.perf_counter() - start)
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
    report.drop_grids()  # a dataset of figures has no use for the cells they came from
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


def chunks_of(todo: list[int], jobs: int) -> list[list[int]]:
    """``todo`` cut into tasks that shrink towards the end (guided scheduling): each is sized for the
    files still left, so the last ones are single files and no worker sits idle while another
    finishes a full chunk."""
    out, k = [], 0
    while k < len(todo):
        size = chunk_size(len(todo) - k, jobs)
        out.append(todo[k:k + size])
        k += size
    return out


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
    with _settled_gc(len(todo)):
        if jobs == 1:
            stream = _local_stream(paths, todo, spec, rules, task)
        else:
            _hand_down(spec, rules)
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

    chunks = chunks_of(todo, jobs)
    if spec.memory_headroom is None:
        spec = dataclasses.replace(spec, memory_headroom=worker_headroom(jobs))
    pool = ProcessPool(max_workers=jobs, initializer=_init_worker, initargs=(spec,))
    # Only a few chunks are scheduled ahead of the one being consumed: a finished result waits in
    # memory only until the files before it are done, and is let go as soon as it is yielded, so
    # the parent's memory does not grow with the batch.
    window = collections.deque()  # (chunk, future), in input order
    pending = iter(chunks)
    ahead = max(2, jobs * SCHEDULE_AHEAD)
    finished = False

    def fill() -> None:
        while len(window) < ahead:
            chunk = next(pending, None)
            if chunk is None:
                return
            with _sigint_ignored():  # a schedule may fork a worker: it starts out ignoring Ctrl-C
                window.append((chunk, _schedule(pool, task, [paths[i] for i in chunk], spec, on_done)))

    try:
        fill()
        while window:
            chunk, fut = window.popleft()
            try:
                results = fut.result()
                if len(results) != len(chunk):
                    raise RuntimeError(f"task returned {len(results)} results for {len(chunk)} files")
            except Exception:  # noqa: BLE001 - timeout, dead worker, bad result: isolate the culprit
                results = [_alone(pool, task, paths[i], spec) for i in chunk]
            del fut
            fill()
            yield from zip(chunk, results, strict=True)
            del results
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
    from concurrent.futures import TimeoutError as FutureTimeout

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


@dataclass
class _Stub:
    """What pairing needs of a report (``crossyear.match_previous`` reads these three), and where
    the rest of it lies in the spool."""

    path: str
    agency: str
    year: int
    offset: int
    size: int


def cross_year_keys(rules: Any) -> frozenset[str] | None:
    """The figure keys the cross-year rules of ``rules`` read, or None where one of their kinds does
    not say (then every figure is kept). Remembered for the last rule set asked about."""
    global _keys_for
    if _keys_for is None or _keys_for[0] is not rules:
        from .registry import kinds

        known = kinds()
        keys: set[str] | None = set()
        for rule in getattr(rules, "rules", ()):
            if rule.scope != "cross_year":
                continue
            reads = known[rule.kind].reads if rule.kind in known else None
            if reads is None:
                keys = None
                break
            for inst in rule.instances:
                keys.update(reads(inst.spec))
        _keys_for = (rules, None if keys is None else frozenset(keys))
    return _keys_for[1]


_keys_for: tuple[Any, frozenset[str] | None] | None = None


def cross_year_view(report: Any, rules: Any) -> bytes:
    """What the cross-year rules need of ``report``, pickled: who, which year, which format, and the
    figures those rules read. Made where the report is checked (in the worker), so that the parent
    only writes it to its spool. With no rules given, or a cross-year kind that does not declare what
    it reads, every figure and the table positions are kept."""
    import pickle

    from .models import ParsedReport

    keys = cross_year_keys(rules) if rules is not None else None
    view = ParsedReport(path=report.path, reader=report.reader, format_version=report.format_version,
                        title=report.title, agency=report.agency, year=report.year,
                        period_text=report.period_text, period_years=list(report.period_years))
    for name in ("figures", "extras", "text_figures"):
        figures = getattr(report, name)
        setattr(view, name, dict(figures) if keys is None else {k: f for k, f in figures.items() if k in keys})
    if keys is None:
        view.tables = report.tables
    return pickle.dumps(view, protocol=pickle.HIGHEST_PROTOCOL)


class CrossYear:
    """Cross-year rules compare a report with last year's report of the same agency, wherever it is
    in the batch, so they can only run once the batch is done. Rather than holding every report
    until then, what those rules read of each report with an agency and a year (its cross-year view)
    is written to a temporary file as it passes; memory keeps only its path, agency and year. At the
    end the pairs are read back one at a time and evaluated."""

    def __init__(self, rules: Any = None) -> None:
        self._spool: Any = None
        self._stubs: list[_Stub] = []
        self._rules = rules  # for the reports that come without their cross-year view: what to keep

    def add(self, result: FileResult) -> None:
        rep = result.report
        data, result.cross_year = result.cross_year, None  # written once; the result may be kept on
        if rep is None or not rep.agency or rep.year is None:
            return
        import tempfile

        if self._spool is None:
            self._spool = tempfile.TemporaryFile()
        if data is None:
            data = cross_year_view(rep, self._rules)
        offset = self._spool.seek(0, os.SEEK_END)
        self._spool.write(data)
        self._stubs.append(_Stub(result.path, rep.agency, rep.year, offset, len(data)))

    def _load(self, stub: _Stub) -> Any:
        import pickle

        self._spool.seek(stub.offset)
        view = pickle.loads(self._spool.read(stub.size))
        view.path = stub.path  # the name the result has now (the local page shows uploads by their own names)
        return view

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None

    def findings(self, rules: Any, spec: BatchSpec, history: Any = None) -> list[FileResult]:
        """One result per file that has cross-year findings, holding only those, in input order.
        A failure becomes an F-009 finding on the files it concerns; nothing is raised.
        ``history`` (a ``history.consult.CheckHistory``) supplies last year's report where the batch
        holds none of the same agency: the batch's own report wins."""
        from . import engine
        from .checks import crossyear
        from .models import ParsedReport

        try:
            use_history = history is not None and history.active
            if len(self._stubs) < 2 and not (use_history and self._stubs):
                return []
            try:
                previous = crossyear.match_previous(self._stubs)  # type: ignore[arg-type]
                # a report whose last year the batch holds more than once is D-002's: not compared
                # with any, so not with the store's either
                in_batch = Counter((crossyear.normalize_agency(s.agency), s.year) for s in self._stubs)
                unpaired = [s for s in self._stubs if s.path not in previous
                            and not in_batch[(crossyear.normalize_agency(s.agency), s.year - 1)]]
                stored, notes = history.lookup(unpaired, spec) if use_history and unpaired else ({}, {})
            except Exception as exc:  # noqa: BLE001
                return [checker.internal_error_result(s.path, f"cross-year: {exc}") for s in self._stubs]
            late = []
            for stub in self._stubs:
                prev = previous.get(stub.path)
                extra: list[Any] = list(notes.get(stub.path, ()))
                report = None
                if prev is not None or stub.path in stored:
                    try:
                        report = self._load(stub)
                        last = self._load(prev) if prev is not None else stored[stub.path]
                        extra += engine.evaluate(report, rules, previous=last, select=spec.select,
                                                 ignore=spec.ignore,
                                                 severity_overrides=dict(spec.severity_overrides),
                                                 scope="cross_year")
                    except Exception as exc:  # noqa: BLE001
                        extra += checker.internal_error_result(
                            stub.path, f"cross-year: {type(exc).__name__}: {exc}").findings
                if extra:
                    ident = ParsedReport(path=stub.path, agency=stub.agency, year=stub.year,
                                         format_version=report.format_version if report is not None else "unknown")
                    late.append(FileResult(path=stub.path, report=ident, findings=list(extra)))
            return late
        finally:
            self.close()


def add_cross_year(results: list[FileResult], rules: Any, spec: BatchSpec, history: Any = None) -> None:
    """Cross-year rules on a batch held in a list (the command streams through ``CrossYear``)."""
    from .reporters import merge_late

    index = CrossYear(rules)
    for r in results:
        index.add(r)
    merge_late(results, index.findings(rules, spec, history))


def load_rules(extra_files: Sequence[str | Path] = ()) -> Any:
    from . import engine

    return engine.load_rules([Path(p) for p in extra_files])


# ---------------------------------------------------------------------------
# a pool that outlives one batch (the local page's server, web/)
# ---------------------------------------------------------------------------


def start_pool(spec: BatchSpec, jobs: int | None = None, *, context: Any = None) -> Any:
    """A pebble pool whose workers are set up as ``run_batch``'s are (Ctrl-C ignored, rules loaded once
    per worker from ``spec``). Schedule ``check_chunk`` or another task on it with a timeout of
    ``spec.timeout * n + spec.kill_grace``; the caller stops and joins it."""
    from pebble import ProcessPool

    extra = {"context": context} if context is not None else {}
    with _sigint_ignored():
        return ProcessPool(max_workers=jobs or default_jobs(), initializer=_init_worker, initargs=(spec,),
                           **extra)
