"""modelctl/launch.py: the console script. ``--version`` answers without the CLI, and a command
ends without the interpreter's teardown: its output must still arrive whole, with its exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import REPO

PLAN = REPO / "tests" / "snapshots" / "example.plan.json"
CONSOLE_SCRIPT = "from modelctl.launch import run; run()"  # what the installed `modelctl` runs


def _script(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", CONSOLE_SCRIPT, *args], capture_output=True, check=False)


def test_version_answers_without_the_cli() -> None:
    from modelctl import __version__

    done = _script("--version")
    assert (done.returncode, done.stdout) == (0, f"modelctl {__version__}\n".encode())


def test_a_long_output_arrives_whole_through_a_pipe() -> None:
    done = _script("show", str(PLAN), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["checksum"] == json.loads(PLAN.read_text(encoding="utf-8"))["checksum"]
    text = _script("show", str(PLAN))
    assert text.returncode == 0 and text.stdout.rstrip().endswith(b".")  # the last line, not cut short


def test_exit_codes_survive_the_fast_exit(tmp_path: Path) -> None:
    assert _script("show", str(tmp_path / "missing.plan.json")).returncode == 1
    assert _script("frobnicate").returncode == 1


def test_a_reader_that_stops_early_is_not_an_error_trace(tmp_path: Path) -> None:
    """``modelctl show plan.json --format json | head -1``: the closed pipe ends the command quietly."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CONSOLE_SCRIPT, "show", str(PLAN), "--format", "json"],  # > a pipe buffer
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, as `head -1` does
    err = proc.stderr.read()
    proc.stderr.close()
    proc.wait(timeout=60)
    assert first.strip()
    assert b"Traceback" not in err
