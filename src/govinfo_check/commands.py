"""The commands behind the CLI: each takes a plain option object, does load → check → report,
and returns the exit code (0 clean, 1 findings at or above --fail-on, 2 usage error, 130 interrupted
by Ctrl-C, 143 terminated by SIGTERM — both stop the same way: workers killed, nothing half-written,
one line on stderr).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from . import checker, config
from .models import SEVERITY_ORDER, FileResult
from .options import (DEFAULT_TIMEOUT, EXTRACT_FORMATS, LANGS, CheckArgs, CheckOptions, ExplainArgs,
                      ExtractArgs, RulesArgs, UsageError)

from .reporters import Collected
from .runner import BatchSpec, load_rules, parse_chunk, run_batch
from .history import HistoryError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, as a shell reports a program stopped by a closed pipe
PROGRESS_MIN_FILES = 4  # below this a progress bar only flickers
PIPE_WIDTH = 160

# ---------------------------------------------------------------------------
# rules and codes
# ---------------------------------------------------------------------------


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
    from . import outputs
    from .reporters.text import ui

    text = outputs.message(exc.key, lang, **exc.args_) or ui(exc.key, lang, **exc.args_)
    err.print(f"govinfo-check: {text}", markup=False)
    return EXIT_USAGE


def _stoppable(command: Any) -> Any:
    """SIGTERM stops the command as Ctrl-C does (see ``Terminated``)."""
    import functools

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> int:
        with terminate_as_interrupt():
            return command(*args, **kwargs)

    return run


@_stoppable
def check_command(args: CheckArgs, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``govinfo-check check``: resolve options, check, report; returns the exit code."""
    err = _stderr_console(stderr)
    lang = args.lang if args.lang in LANGS else "zh"
    try:
        opts = config.resolve(args, config.config_for(args.config))
        lang = opts.lang
        if opts.show_settings:
            (stdout or sys.stdout).write(config.settings_text(opts, lang))
            return EXIT_OK
        reporter = _reporter(opts)
        collected = checker.collect_paths(opts.paths, opts.glob)
        if not collected.files:
            _broken_note(collected, lang, err, opts.quiet)
            raise UsageError("nothing_to_check")
        if opts.annotate and len(collected.files) != 1:
            raise UsageError("annotate_needs_one", n=len(collected.files))
        _check_outputs(collected, opts)
        rules = _load_rules_or_usage(opts.rules)
        normalize_selectors(opts, rules)
        spec = BatchSpec(tuple(str(p) for p in opts.rules), opts.select, opts.ignore,
                         tuple(opts.severity_overrides.items()), opts.timeout,
                         keep_grids=opts.format == "html" or bool(opts.annotate or opts.annotate_dir),
                         # the xlsx reporter's figures sheet and the history store (--record) read figures
                         keep_figures=opts.format == "xlsx" or bool(opts.record))
        from .history.consult import CheckHistory

        history = CheckHistory.start(opts.history, opts.record)  # a damaged store stops the run before it
        console = _stdout_console(stdout)
        outcome = _report(_run_with_progress(collected.files, spec, opts, rules, err), reporter, opts, rules, spec,
                          console, err, history, collected)
        annotated = _annotate(outcome.kept, opts, err)
        history.finish(lang, err, opts.quiet)
        if not opts.quiet and collected.skipped:
            from .reporters.text import skipped_note

            err.print(skipped_note(collected.skipped, lang), markup=False)
        _broken_note(collected, lang, err, opts.quiet)
        code = outcome.exit_code(opts.fail_on)
        if code == EXIT_USAGE:
            raise UsageError("nothing_readable", n=outcome.files)
        # the copy asked for was not written (the stderr line says why): not a success
        code = code if annotated else EXIT_USAGE
        return EXIT_OK if opts.exit_zero and code == EXIT_FINDINGS else code
    except UsageError as exc:
        return _usage_line(exc, lang, err)
    except HistoryError as exc:
        return _history_line(exc, lang, err)
    except OutputClosed:
        return _output_closed()
    except KeyboardInterrupt as exc:
        return _interrupted(lang, err, exc)


def display_root(paths: Sequence[Path]) -> Path | None:
    """The folder the paths in the output are shown relative to: the one folder named on the command
    line; otherwise none (then the current folder)."""
    return Path(paths[0]) if len(paths) == 1 and Path(paths[0]).is_dir() else None


def _history_line(exc: HistoryError, lang: str, err: Any) -> int:
    """The history store cannot be used (damaged, newer, locked): one line, exit 2."""
    err.print(f"govinfo-check: {exc.message(lang)}", markup=False)
    return EXIT_USAGE


def _broken_note(collected: Any, lang: str, err: Any, quiet: bool = False) -> None:
    """Links that lead nowhere are named, like skipped lock files, rather than dropped unseen."""
    if quiet or not collected.broken:
        return
    from . import outputs

    limit = 5
    names = ", ".join(str(p) for p in collected.broken[:limit]) + (" …" if len(collected.broken) > limit else "")
    err.print(f"govinfo-check: {outputs.message('broken_links', lang, n=len(collected.broken), names=names)}",
              markup=False)


def _interrupted(lang: str, err: Any, exc: BaseException | None = None) -> int:
    """Ctrl-C or SIGTERM: the pool is already stopped; one line, no traceback."""
    from . import outputs
    from .reporters.text import ui

    if isinstance(exc, Terminated):
        err.print(f"govinfo-check: {outputs.message('terminated', lang)}", markup=False)
        return EXIT_TERMINATED
    err.print(f"govinfo-check: {ui('interrupted', lang)}", markup=False)
    return EXIT_INTERRUPTED


class OutputClosed(Exception):
    """Whoever reads the output stopped reading it (``check … | head``)."""


@contextmanager
def _output_errors(output: Any) -> Iterator[None]:
    """Writing the output failed: a reader that stopped (``| head``) ends the run quietly
    (``OutputClosed``); any other error is exit 2 naming the file."""
    from .atomic import reason

    try:
        yield
    except BrokenPipeError:
        raise OutputClosed() from None
    except OSError as exc:
        raise UsageError("output_unwritable", path=output, detail=reason(exc)) from None


def _output_closed() -> int:
    """Stop quietly, as command-line tools do when the next one in a pipe has all it wants. Standard
    output is pointed at /dev/null so that the interpreter's last flush does not fail once more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout replaced by something without a descriptor: nothing left to flush there
    return EXIT_PIPE_CLOSED


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main thread is, so that it unwinds like Ctrl-C: the runner stops
    its pool, an output being written is discarded, the command says so and exits 143."""


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise Terminated()

    old = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _reporter(opts: CheckOptions) -> Any:
    from . import reporters

    options: dict[str, Any] = {"fail_on": opts.fail_on} if opts.format == "text" else {}
    if opts.format in ("text", "concise", "html"):
        options["root"] = display_root(opts.paths)
    if opts.format == "text":
        options["details"] = opts.details
    if opts.format == "csv" and _to_stdout(opts.output):
        options["bom"] = False  # the byte-order mark is for Excel opening a file, not for a pipe
    try:
        reporter = reporters.get(opts.format, **options)
    except KeyError:
        raise UsageError("unknown_format", value=opts.format, allowed="|".join(reporters.names())) from None
    if reporter.binary and opts.output is None:
        raise UsageError("needs_output", format=opts.format)
    return reporter


def _to_stdout(output: Path | None) -> bool:
    from .atomic import is_stdout

    return output is None or is_stdout(output)


def _check_outputs(collected: Any, opts: CheckOptions) -> None:
    """Before the run: never write over an input, never fail to write after an hour of checking."""
    from . import outputs

    root = opts.paths[0] if len(opts.paths) == 1 and Path(opts.paths[0]).is_dir() else None
    outputs.check_outputs(collected.supported, output=opts.output, annotate=opts.annotate,
                          annotate_dir=opts.annotate_dir, annotate_root=root)


def _slimmed(stream: Any, opts: CheckOptions, n_files: int) -> Any:
    """A batch's html page draws only the tables with findings: drop the other grids as each result
    arrives rather than holding every report's grids until the page is written."""
    if getattr(opts, "format", None) != "html" or n_files < 2:  # history add passes its own options
        return stream
    from .reporters.html import slim

    return (slim(r) for r in stream)


def _run_with_progress(files: list[Path], spec: BatchSpec, opts: Any, rules: Any,
                       err: Any, task: Any = None, label: str | None = None) -> Iterator[FileResult]:
    """The batch's results as they finish, in input order (a generator: nothing is held here).
    ``opts``: anything with ``quiet``, ``jobs`` and ``lang``; ``task``/``label`` for commands that
    only parse (``history add``)."""
    show = not opts.quiet and err.is_terminal and len(files) >= PROGRESS_MIN_FILES
    if not show:
        yield from _slimmed(run_batch(files, spec, jobs=opts.jobs, rules=rules, task=task), opts, len(files))
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .reporters.text import ui

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        bar = progress.add_task(label or ui("progress", opts.lang), total=len(files))
        yield from _slimmed(run_batch(files, spec, jobs=opts.jobs, rules=rules, task=task,
                                      on_done=lambda n: progress.advance(bar, n)), opts, len(files))


class Outcome:
    """What the exit code needs of a run, counted as results pass, and the results kept for the
    annotated copies (only when asked for: they hold the table grids)."""

    def __init__(self) -> None:
        self.files = 0
        self.unreadable = 0
        self.worst = -1  # highest severity rank among the findings
        self.kept: list[FileResult] = []

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.unreadable += result.status == "error"
        self.count(result.findings)

    def count(self, findings: Sequence[Any]) -> None:
        for f in findings:
            self.worst = max(self.worst, SEVERITY_ORDER.get(f.severity, 0))

    def exit_code(self, fail_on: str) -> int:
        if self.files and self.unreadable == self.files:
            return EXIT_USAGE
        return EXIT_FINDINGS if self.worst >= SEVERITY_ORDER[fail_on] else EXIT_OK


class _ConsoleSink(Collected):
    """The text view on the terminal: it lays out the whole batch, so it is given the whole batch."""

    def __init__(self, console: Any, opts: CheckOptions, reporter: Any) -> None:
        super().__init__()
        self.console, self.opts, self.reporter = console, opts, reporter

    def emit(self, results: list[FileResult]) -> None:
        self.reporter.print(self.console, results, lang=self.opts.lang)


class _StatisticsSink(Collected):
    """``--statistics``: counts per code, so only the findings are kept."""

    def __init__(self, out: Any, lang: str) -> None:
        super().__init__()
        self.out, self.lang = out, lang

    def add(self, result: FileResult) -> None:
        self.results.append(FileResult(path=result.path, report=None, findings=list(result.findings)))

    def emit(self, results: list[FileResult]) -> None:
        from .reporters.text import statistics_view

        self.out.write(statistics_view(results, self.lang))


def _report(stream: Iterator[FileResult], reporter: Any, opts: CheckOptions, rules: Any, spec: BatchSpec,
            console: Any, err: Any, history: Any = None, collected: Any = None) -> Outcome:
    """Hand each result to the reporter as it finishes, then the cross-year findings; the output
    file is written atomically (replaced only once complete)."""
    from contextlib import nullcontext

    from . import reporters
    from .atomic import open_output
    from .reporters.text import TextReporter, ui
    from .duplicates import DuplicateIndex
    from .runner import CrossYear

    outcome = Outcome()
    dups = DuplicateIndex()
    keep = bool(opts.annotate or opts.annotate_dir)
    cross = CrossYear(rules)
    to_console = _to_stdout(opts.output) and isinstance(reporter, TextReporter)
    try:
        with _output_errors(opts.output), (nullcontext(None) if to_console else
                                           open_output(opts.output, binary=reporter.binary, stdout=console.file)) as fh:
            if opts.statistics:
                sink: Any = _StatisticsSink(fh if fh is not None else console.file, opts.lang)
            elif to_console:
                sink = _ConsoleSink(console, opts, reporter)
            else:
                sink = reporters.open_stream(reporter, fh, lang=opts.lang)
            for result in stream:
                dups.add(result)
                outcome.add(result)
                cross.add(result)
                if history is not None:
                    history.add(result)
                sink.add(result)
                if keep:
                    outcome.kept.append(result)
            late = dups.merge(cross.findings(rules, spec, history),
                              dups.findings(opts.select, opts.ignore, dict(opts.severity_overrides)))
            if not opts.quiet and collected is not None and collected.notes:
                from .reporters.text import notes_note

                # before the report: the report's totals are the last line a reviewer sees
                err.print(notes_note(collected.notes, opts.lang), markup=False)
            for r in late:
                outcome.count(r.findings)
            sink.finish(late)
            if keep and getattr(sink, "results", None) is None:  # a collecting sink merged into these objects
                reporters.merge_late(outcome.kept, late)
    finally:
        cross.close()
    if opts.output is not None and not _to_stdout(opts.output) and not opts.quiet:
        err.print(ui("written", opts.lang, path=opts.output), markup=False)
    return outcome


def _annotate(results: list[FileResult], opts: CheckOptions, err: Any) -> bool:
    """Write the annotated copies; False when the single ``--annotate`` copy could not be made."""
    if opts.annotate is None and opts.annotate_dir is None:
        return True
    from . import annotate
    from .reporters.text import ui

    written = True
    if opts.annotate is not None:
        try:
            summary = annotate.annotate_file(Path(results[0].path), opts.annotate, results[0], lang=opts.lang)
            if not opts.quiet:
                err.print(ui("annotated", opts.lang, path=summary.dst), markup=False)
        except annotate.AnnotateError as exc:
            written = False
            err.print(ui("annotate_skipped", opts.lang, path=results[0].path, reason=exc.message(opts.lang)),
                      markup=False)
    if opts.annotate_dir is not None:
        # one folder named on the command line: the copies mirror the paths below it
        root = display_root(opts.paths) or annotate._root(results)  # the same layout, filtered or not
        # a copy of a report without findings has nothing in it a reader needs, unless asked for
        chosen = results if opts.annotate_all else [r for r in results if r.findings]
        for s in annotate.annotate_dir(chosen, opts.annotate_dir, root=root, lang=opts.lang):
            if s.dst:
                if not opts.quiet:
                    err.print(ui("annotated", opts.lang, path=s.dst), markup=False)
            elif not opts.quiet:
                err.print(ui("annotate_skipped", opts.lang, path=s.src, reason=s.skipped), markup=False)
    return written


# ---------------------------------------------------------------------------
# extract, rules, explain
# ---------------------------------------------------------------------------


@_stoppable
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
        collected = checker.collect_paths(args.paths, args.glob)
        _broken_note(collected, lang, err)
        if not collected.files:
            raise UsageError("nothing_to_check")
        from . import outputs

        outputs.check_outputs(collected.supported, output=args.output)
        from .atomic import open_output
        from .export import extract_writer

        writer = extract_writer(args.format, bom=not _to_stdout(args.output))
        outcome = Outcome()
        with _output_errors(args.output), open_output(args.output, binary=writer.binary, stdout=stdout) as fh:
            writer.start(fh, lang)
            for result in run_batch(collected.files, BatchSpec(timeout=DEFAULT_TIMEOUT), task=parse_chunk):
                outcome.add(result)
                writer.add(result)
            writer.finish()
        if outcome.unreadable == outcome.files:
            raise UsageError("nothing_readable", n=outcome.files)
        return EXIT_OK
    except UsageError as exc:
        return _usage_line(exc, lang, err)
    except OutputClosed:
        return _output_closed()
    except KeyboardInterrupt as exc:
        return _interrupted(lang, err, exc)


def _config_and_rules(args: RulesArgs | ExplainArgs) -> tuple[str, Any]:
    """The language and the rule set a listing command works with: flags first, then config."""
    cfg = config.config_for(args.config)
    lang = args.lang or cfg.lang or "zh"
    return lang, _load_rules_or_usage(args.rules if args.rules else cfg.rules)


def rules_command(args: RulesArgs, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``govinfo-check rules``: every code, from the catalogue and the rule files."""
    from .reporters.text import rules_table

    err = _stderr_console(stderr)
    lang = args.lang if args.lang in LANGS else "zh"
    try:
        lang, rules = _config_and_rules(args)
        _stdout_console(stdout).print(rules_table(_all_infos(rules, lang), lang))
        return EXIT_OK
    except UsageError as exc:
        return _usage_line(exc, lang, err)


def _all_infos(rules: Any, lang: str = "zh") -> list[dict[str, str]]:
    from . import engine
    from .summary import rule_text

    infos = [{k: str(getattr(i, k) or "") for k in ("code", "name", "severity", "category", "source")}
             for i in engine.rule_infos(rules)]
    for info in infos:
        info["source"] = rule_text(info["code"], "source", lang, info["source"])
    return infos


def explain_command(args: ExplainArgs, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``govinfo-check explain CODE``: what a code checks, and a passing and a failing example."""
    from . import engine

    err = _stderr_console(stderr)
    lang = args.lang if args.lang in LANGS else "zh"
    try:
        lang, rules = _config_and_rules(args)
        try:
            text = engine.explain(args.code.strip().upper(), rules, lang)
        except KeyError:
            raise UsageError("unknown_explain", code=args.code) from None
        (stdout or sys.stdout).write(text.rstrip("\n") + "\n")
        return EXIT_OK
    except UsageError as exc:
        return _usage_line(exc, lang, err)
