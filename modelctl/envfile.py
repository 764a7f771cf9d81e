"""``.env`` loading at start-up: python-dotenv is imported only when there is a file to load.

The search is python-dotenv's ``find_dotenv(usecwd=True)``: ``.env`` in the current folder or
the nearest parent that has one (a regular file or a FIFO). Variables already set win
(``override=False``). A run without any ``.env`` costs a few ``stat`` calls, no import.
"""

from __future__ import annotations

import os
import stat

FILENAME = ".env"


def find_env_file(start: str | None = None) -> str | None:
    """The nearest ``.env`` from ``start`` (default: the current folder) up to the root."""
    current = os.path.abspath(start if start is not None else os.getcwd())
    while True:
        candidate = os.path.join(current, FILENAME)
        try:
            mode = os.stat(candidate).st_mode
        except OSError:
            mode = 0
        if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
            return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def load_env_file(start: str | None = None) -> str | None:
    """Load the nearest ``.env`` into ``os.environ`` without overriding; its path, or None."""
    path = find_env_file(start)
    if path is not None:
        from dotenv import load_dotenv

        load_dotenv(path, override=False)
    return path
