"""No test reads the repository's own config.yaml or providers.yaml.

They are a live config that the repository's workflows change any week; tests use the copies
under tests/fixtures/. Imported by conftest.py, this refuses every open() of them in the test
processes (an audit hook); tests/acceptance/test_workflow_flows.py also runs part of the suite
in a copy whose root config was changed, for what subprocesses read.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIVE_CONFIG = frozenset(str(REPO / name) for name in ("config.yaml", "providers.yaml"))
_copying = threading.local()


def copying_the_repository() -> _CopyingRepository:
    """The one allowed reader of the live config: a test copying the whole repository."""
    return _CopyingRepository()


class _CopyingRepository:
    def __enter__(self) -> None:
        _copying.active = True

    def __exit__(self, *exc: object) -> None:
        _copying.active = False


def _refuse_the_live_config(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not args or getattr(_copying, "active", False):
        return
    name = args[0]
    if isinstance(name, os.PathLike):
        name = os.fspath(name)
    if not isinstance(name, str):
        return  # a file descriptor or bytes path: not how the tests name files
    path = name if os.path.isabs(name) else os.path.join(os.getcwd(), name)
    if os.path.normpath(path) in LIVE_CONFIG:
        raise PermissionError(f"a test read the live {path}: use the copies under tests/fixtures/")


sys.addaudithook(_refuse_the_live_config)
