"""``python -m govinfo_check``: the same as the ``govinfo-check`` command."""

from govinfo_check.cli import main

main()
