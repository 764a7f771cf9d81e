"""The ``modelctl`` console script: answers ``modelctl --version`` before importing anything.

Every other invocation goes to :func:`modelctl.cli.run` (typer, the commands). The version is
the one answer a shell, a CI step or a packaging check asks for most, and it needs no CLI
framework: importing typer alone costs more than the rest of such a run.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from modelctl import __version__


def run(argv: list[str] | None = None) -> None:
    """The console script (``argv`` None: the process's own arguments, and the process ends here
    without the interpreter's teardown); with ``argv``, an ordinary call that raises SystemExit."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:  # this fast path must not import the CLI (typer)
        from modelctl.render import write_version

        write_version(__version__)
        sys.exit(0)
    from modelctl.cli import main

    code = main(list(args))
    if argv is None:
        _leave(code)
    sys.exit(code)


def _leave(code: int) -> NoReturn:
    """End the process now. Tearing the interpreter down (freeing every module, the config's
    nodes and every catalog record one by one) is ~8 ms of a 0.2 s command (bench/run.py S3, S4)
    and does nothing a command needs: its files are written, fsynced and closed by then
    (``modelctl.fileio``), locks die with the process, and only the output is still buffered."""
    from modelctl.render import flush_output

    if not flush_output():  # a closed pipe (``modelctl show | head -1``): the normal exit
        sys.exit(code)
    os._exit(code)
