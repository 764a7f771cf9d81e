"""Terminal and CI touches: colour only on a TTY without NO_COLOR, GitHub annotations."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelctl.cli import _colour
from modelctl.plan import read_plan

from helpers import OPENROUTER_ALL, OPENROUTER_EMB, SEED_CONFIG, run_cli, snapshot_dir


class _Tty:
    def isatty(self) -> bool:
        return True


class _Pipe:
    def isatty(self) -> bool:
        return False


def test_colour_only_on_a_tty_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _colour(_Tty()) is True
    assert _colour(_Pipe()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _colour(_Tty()) is False


def test_github_annotations_for_failed_providers_and_removals(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.yaml"
    config.write_bytes(SEED_CONFIG.read_bytes())
    catalogs = snapshot_dir(
        tmp_path, {"openrouter.json": OPENROUTER_ALL, "openrouter.embeddings.json": OPENROUTER_EMB}
    )
    args = (
        "plan",
        "-c",
        config,
        "--catalog-dir",
        catalogs,
        "-p",
        "openrouter",
        "-p",
        "nvidia",
        "-o",
        tmp_path / "p.json",
        "--allow-mass-removal",
    )
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    plain = run_cli(capsys, *args)
    assert "::error" not in plain.out + plain.err
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    res = run_cli(capsys, *args)
    assert res.code == 1
    errors = [line for line in res.err.splitlines() if line.startswith("::error")]
    assert len(errors) == 1 and errors[0].startswith("::error title=modelctl: nvidia failed::")
    assert "nvidia.json" in errors[0]
    assert any(
        line.startswith("::warning title=modelctl removals::this plan removes ")
        for line in res.err.splitlines()
    )
    gone = [line for line in res.err.splitlines() if line.startswith("::warning title=modelctl out of")]
    assert not (tmp_path / "p.json").exists()  # a provider failed: no plan file
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert run_cli(capsys, *args, "--allow-partial").code == 0
    removed = read_plan(tmp_path / "p.json").changes
    names = list(dict.fromkeys(str(c.model_name) for c in removed if c.out_of_service))
    assert names and gone == [
        f"::warning title=modelctl out of service::{len(names)} model_name(s) lose their last entry: "
        + ", ".join(names)
    ]
    assert res.out.rstrip().splitlines()[-1].startswith("Plan: ")
