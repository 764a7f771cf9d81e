"""The ``modelctl`` console script: answers ``modelctl --version`` before importing anything.

Every other invocation goes to :func:`modelctl.cli.run` (typer, the commands). The version is
the one answer a shell, a CI step or a packaging check asks for most, and it needs no CLI
framework: importing typer alone costs more than the rest of such a run.
"""

from __future__ import annotations

import sys

from modelctl import __version__


def run(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:  # this fast path must not import the CLI (typer)
        from modelctl.render import write_version

        write_version(__version__)
        sys.exit(0)
    from modelctl.cli import main

    sys.exit(main(list(args)))
