"""The command-line contract of plan / show / apply: exit codes, files, output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from modelctl.plan import checksum, plan_schema

from helpers import (
    NVIDIA_MAY,
    OPENROUTER_ALL,
    OPENROUTER_EMB,
    SEED_CONFIG,
    openrouter_nvidia_snapshots,
    run_cli,
    snapshot_dir,
)

PROVIDERS = ("-p", "openrouter", "-p", "nvidia")


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    config = tmp_path / "config.yaml"
    config.write_bytes(SEED_CONFIG.read_bytes())
    openrouter_nvidia_snapshots(tmp_path)
    return config


def test_plan_writes_a_valid_plan_file(
    capsys: pytest.CaptureFixture[str], seed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "p.json"
    res = run_cli(
        capsys,
        "plan",
        "-c",
        seed,
        "--catalog-dir",
        tmp_path / "catalogs",
        *PROVIDERS,
        "-o",
        out,
        "--allow-mass-removal",
    )
    assert res.code == 0, res.err
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, plan_schema())
    assert doc["format_version"] == "1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", doc["created_at"])
    assert doc["config"] == {
        "path": str(seed),
        "sha256": __import__("hashlib").sha256(seed.read_bytes()).hexdigest(),
        "result_sha256": doc["config"]["result_sha256"],
    }
    assert doc["complete"] is True and doc["applyable"] is True
    assert doc["checksum"] == checksum({k: v for k, v in doc.items() if k != "checksum"})
    openrouter = doc["providers"]["openrouter"]
    assert openrouter["status"] == "ok" and openrouter["models"] == 549
    assert [e["name"] for e in openrouter["endpoints"]] == ["models", "embeddings"]
    assert (
        openrouter["endpoints"][0]["sha256"]
        == __import__("hashlib").sha256(OPENROUTER_ALL.read_bytes()).hexdigest()
    )
    summary = doc["summary"]
    last = res.out.rstrip().splitlines()[-1]
    assert last == (
        f"Plan: {summary['add']} to add, {summary['update']} to change, {summary['remove']} to remove."
    )
    for change in doc["changes"]:
        assert change["reason"] and change["provider"] in ("openrouter", "nvidia")


def test_detailed_exitcode(capsys: pytest.CaptureFixture[str], seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    args = (
        "plan",
        "-c",
        seed,
        "--catalog-dir",
        tmp_path / "catalogs",
        *PROVIDERS,
        "--allow-mass-removal",
        "--detailed-exitcode",
    )
    assert run_cli(capsys, *args, "-o", out).code == 2
    assert run_cli(capsys, "apply", out).code == 0
    res = run_cli(capsys, *args, "-o", tmp_path / "p2.json")
    assert res.code == 0
    assert "No changes." in res.out


def test_default_plan_path(
    capsys: pytest.CaptureFixture[str], seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    res = run_cli(capsys, "plan", "--catalog-dir", "catalogs", *PROVIDERS, "--allow-mass-removal", "-q")
    assert res.code == 0, res.err
    written = [p for p in (tmp_path / "plans").glob("*.plan.json") if p.name != "latest.plan.json"]
    assert len(written) == 1
    assert (tmp_path / "plans" / "latest.plan.json").read_bytes() == written[0].read_bytes()
    assert re.fullmatch(r"\d{8}T\d{6}Z\.plan\.json", written[0].name)
    assert f"modelctl apply {Path('plans') / written[0].name}" in res.err
    assert run_cli(capsys, "apply", written[0]).code == 0  # config path recorded in the plan


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "--bogus"),
        ("plan", "--format", "xml"),
        ("plan", "--timeout", "zero"),
        ("apply",),
        ("show", "a", "b"),
        ("nonsense",),
    ],
)
def test_usage_errors_exit_1_never_2(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    res = run_cli(capsys, *args)
    assert res.code == 1
    assert res.err.startswith("Error: ")


def test_missing_snapshot_is_a_failed_provider(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_bytes(SEED_CONFIG.read_bytes())
    catalogs = snapshot_dir(
        tmp_path, {"openrouter.json": OPENROUTER_ALL, "openrouter.embeddings.json": OPENROUTER_EMB}
    )
    out = tmp_path / "p.json"
    res = run_cli(
        capsys, "plan", "-c", config, "--catalog-dir", catalogs, *PROVIDERS, "-o", out, "--allow-mass-removal"
    )
    assert res.code == 1
    assert "nvidia" in res.err and "--allow-partial" in res.err
    assert not out.exists()  # no plan is written when a provider failed
    res = run_cli(
        capsys,
        "plan",
        "-c",
        config,
        "--catalog-dir",
        catalogs,
        *PROVIDERS,
        "-o",
        out,
        "--allow-mass-removal",
        "--allow-partial",
        "--detailed-exitcode",
    )
    assert res.code == 2
    doc = json.loads(out.read_text())
    assert doc["providers"]["nvidia"]["status"] == "failed"
    assert "nvidia.json" in doc["providers"]["nvidia"]["error"]
    assert not any(c["provider"] == "nvidia" for c in doc["changes"])
    assert doc["complete"] is False and doc["applyable"] is True


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_show_formats(capsys: pytest.CaptureFixture[str], seed: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "p.json"
    assert (
        run_cli(
            capsys,
            "plan",
            "-c",
            seed,
            "--catalog-dir",
            tmp_path / "catalogs",
            *PROVIDERS,
            "-o",
            out,
            "--allow-mass-removal",
            "-q",
        ).code
        == 0
    )
    res = run_cli(capsys, "show", out, "--format", fmt)
    assert res.code == 0
    if fmt == "json":
        assert json.loads(res.out) == json.loads(out.read_text())
    elif fmt == "markdown":
        assert res.out.startswith("<!-- modelctl-plan -->")
        assert "| `claude-3-5-haiku` | `openrouter/anthropic/claude-3.5-haiku` |" in res.out
    else:
        assert "- claude-3-5-haiku  openrouter/anthropic/claude-3.5-haiku" in res.out
        assert res.out.rstrip().splitlines()[-1].startswith("Plan: ")


def test_nvidia_plan_alone(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_bytes(SEED_CONFIG.read_bytes())
    catalogs = snapshot_dir(tmp_path, {"nvidia.json": NVIDIA_MAY})
    res = run_cli(
        capsys,
        "plan",
        "-c",
        config,
        "--catalog-dir",
        catalogs,
        "-p",
        "nvidia",
        "-o",
        tmp_path / "p.json",
        "--format",
        "json",
    )
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert {c["provider"] for c in doc["changes"]} <= {"nvidia"}
