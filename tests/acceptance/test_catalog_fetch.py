"""`modelctl catalog fetch` saves the exact bodies; a plan from them equals the live plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from modelctl.catalog import snapshot_name

from faultserver import ENDPOINTS, FaultServer, load_payload
from helpers import SEED_CONFIG, run_cli


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault_server: FaultServer) -> Path:
    monkeypatch.chdir(tmp_path)  # no ./providers.yaml: the built-in one, all seven enabled
    for name, value in fault_server.env().items():
        monkeypatch.setenv(name, value)
    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")
    return tmp_path


def test_fetch_writes_exact_bodies_and_plans_match(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    res = run_cli(capsys, "catalog", "fetch", "-o", "snapshots", "-q")
    assert res.code == 0, res.err
    for provider, endpoint in ENDPOINTS:
        saved = project / "snapshots" / snapshot_name(provider, endpoint)
        assert saved.read_bytes() == load_payload(provider, endpoint)
    live = run_cli(capsys, "plan", "-o", "live.json", "--allow-mass-removal", "-q")
    offline = run_cli(
        capsys, "plan", "--catalog-dir", "snapshots", "-o", "offline.json", "--allow-mass-removal", "-q"
    )
    assert live.code == offline.code == 0, live.err + offline.err
    a, b = (json.loads((project / n).read_text()) for n in ("live.json", "offline.json"))
    assert a["patch"] and a["changes"] == b["changes"] and a["patch"] == b["patch"]
    assert {p["source"] for p in a["providers"].values()} == {"live"}
    assert {p["source"] for p in b["providers"].values()} == {"snapshot"}
    for name, status in a["providers"].items():  # same bodies, same hashes
        assert [e["sha256"] for e in status["endpoints"]] == [
            e["sha256"] for e in b["providers"][name]["endpoints"]
        ]


def test_fetch_with_a_failed_provider_exits_1_and_skips_it(
    capsys: pytest.CaptureFixture[str], project: Path, fault_server: FaultServer
) -> None:
    fault_server.set_fault("poe", "models", "500")
    res = run_cli(capsys, "catalog", "fetch", "-o", "snapshots", "-q", "--timeout", "5")
    assert res.code == 1
    assert "Error: poe:" in res.err and "HTTP 500" in res.err
    written = {p.name for p in (project / "snapshots").iterdir()}
    assert "poe.json" not in written and "openrouter.json" in written
