"""The ``govinfo-check`` command and ``python -m govinfo_check``.

``--version`` alone is answered here, before the command-line parser (typer, click) is imported:
~0.05 s instead of ~0.2 s. Everything else, ``--version`` among other arguments included, is the
parser's (cli.py), with what an earlier run compiled at hand (startcache). A check runs its
start-up with the garbage collector paused (resumed by ``commands.check_command`` before the first
report; see startcache).
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from . import __version__

        sys.stdout.write(f"govinfo-check {__version__}\n")
        sys.stdout.flush()
        raise SystemExit(0)
    from .startcache import kept, pause_collection

    check = sys.argv[1:2] == ["check"]
    if check:
        pause_collection()
    with kept("check" if check else "other"):
        from .cli import main as cli_main

        cli_main()


if __name__ == "__main__":
    main()
