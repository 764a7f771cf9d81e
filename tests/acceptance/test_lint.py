"""The code standards, enforced by the suite itself (so CI, which runs only pytest, enforces them):
``ruff check``, ``ruff format --check`` and ``mypy --strict`` (configured in pyproject.toml, over
modelctl/ and tests/) must all be clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("command", [("ruff", "check", "."), ("ruff", "format", "--check", ".")])
def test_ruff_is_clean(command: tuple[str, ...]) -> None:
    proc = _run(*command)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_is_clean() -> None:
    # mypy's incremental cache, kept between runs (.mypy_cache/ is gitignored): a warm run checks
    # only what changed and reports the same errors as a cold one (~0.4 CPU seconds instead of ~9).
    # File-based, not SQLite: each cache file is written atomically, so two suites running at once
    # can share it (SQLite would make one wait on the other's lock).
    proc = _run("mypy", "--no-sqlite-cache", "--cache-dir", str(REPO / ".mypy_cache" / "suite"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout
