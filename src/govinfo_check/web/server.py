"""``govinfo-check serve``: run the page on this computer (uvicorn), open it in the browser, stop
cleanly on Ctrl-C (checks under way are abandoned and answer 503; the pool and the upload folder go)."""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..options import LANGS, CheckArgs, UsageError
from .ui import console_text

EXIT_OK, EXIT_USAGE = 0, 2


@dataclass
class ServeArgs:
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = True
    config: Path | None = None
    lang: str | None = None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _settings(args: ServeArgs) -> Any:
    """The config file's rules, selection, severities, jobs and language apply as they do to check."""
    from .. import config
    from ..commands import _load_rules_or_usage, normalize_selectors
    from ..runner import BatchSpec
    from .app import LOOPBACK_HOSTS, Settings

    opts = config.resolve(CheckArgs(paths=[], lang=args.lang), config.config_for(args.config))
    normalize_selectors(opts, _load_rules_or_usage(opts.rules))
    spec = BatchSpec(tuple(str(p) for p in opts.rules), opts.select, opts.ignore,
                     tuple(opts.severity_overrides.items()), opts.timeout, keep_grids=True)
    hosts = LOOPBACK_HOSTS if is_loopback(args.host) else ()  # () = any Host header: the user chose to expose it
    return Settings(lang=opts.lang, spec=spec, jobs=opts.jobs, allowed_hosts=hosts)


def _bind(host: str, port: int) -> socket.socket:
    """Bind here, not in uvicorn, so that a busy port is one clear line (and --port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def make_server(app: Any) -> Any:
    """uvicorn for ``app``; on Ctrl-C the checks under way are abandoned (their requests answer 503)
    so that stopping takes a moment, not a file's whole timeout."""
    import uvicorn

    from .app import abandon_checks

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            super().handle_exit(sig, frame)
            abandon_checks(app)

    return Server(uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=5,
                                 lifespan="on"))


def serve_command(args: ServeArgs, *, stderr: TextIO | None = None) -> int:
    from .app import create_app

    err = stderr or sys.stderr
    lang = args.lang if args.lang in LANGS else "zh"
    try:
        settings = _settings(args)
        lang = settings.lang
    except UsageError as exc:
        from ..reporters.text import ui

        print(f"govinfo-check: {ui(exc.key, lang, **exc.args_)}", file=err)
        return EXIT_USAGE
    if not is_loopback(args.host):
        print(console_text("exposed", lang, host=args.host), file=err)
    try:
        sock = _bind(args.host, args.port)
    except (OSError, OverflowError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        print(console_text("port_busy", lang, host=args.host, port=args.port, detail=detail), file=err)
        return EXIT_USAGE
    port = sock.getsockname()[1]
    shown_host = f"[{args.host.strip('[]')}]" if ":" in args.host else args.host
    url = f"http://{shown_host}:{port}/" + ("?lang=en" if lang == "en" else "")
    server = make_server(create_app(settings))

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            print(console_text("listening", lang, url=url), file=err, flush=True)
            if args.open_browser:
                webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # a second Ctrl-C while shutting down
        pass
    finally:
        sock.close()
    print(console_text("stopped", lang), file=err, flush=True)
    return EXIT_OK if server.started else EXIT_USAGE
