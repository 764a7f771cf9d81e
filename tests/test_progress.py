"""Per-provider fetch status: redrawn in place on a terminal, plain lines otherwise."""

from __future__ import annotations

import io

from modelctl.catalog import ProgressEvent
from modelctl.render.progress import FetchProgress


def _feed(progress: FetchProgress) -> None:
    for name in ("openrouter", "nvidia"):
        progress(ProgressEvent(name, "start"))
    progress(ProgressEvent("nvidia", "ok", models=135, elapsed=0.41))
    progress(ProgressEvent("openrouter", "failed", elapsed=1.5, error="HTTP 503"))


def test_live_status_redraws_every_provider_line() -> None:
    stream = io.StringIO()
    _feed(FetchProgress(stream=stream, live=True))
    out = stream.getvalue()
    assert out.startswith("\x1b[2K  … openrouter: fetching\n\x1b[2K  … nvidia: fetching\n")
    assert out.count("\x1b[2F") == 2  # cursor back up over both lines for each update
    assert out.endswith("\x1b[2K  ✗ openrouter: failed (1.50s)\n\x1b[2K  ✓ nvidia: 135 models (0.41s)\n")


def test_plain_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    _feed(FetchProgress(stream=stream, live=False))
    assert stream.getvalue() == ("  ✓ nvidia: 135 models (0.41s)\n  ✗ openrouter: failed (1.50s)\n")


def test_quiet_prints_nothing() -> None:
    stream = io.StringIO()
    _feed(FetchProgress(stream=stream, live=True, quiet=True))
    assert stream.getvalue() == ""
