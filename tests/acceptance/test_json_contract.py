"""The machine contract of ``modelctl plan/show --format json``: the plan document, format 1.

Scripts and workflows read these keys. A change to the shape must be deliberate: it fails here
until the pinned key sets below, the shipped schema and docs/plan-format.md are all updated
(and a breaking change bumps ``format_version``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from modelctl.cli import main

from helpers import EXAMPLE_PROVIDERS, SEED_CONFIG

REPO = Path(__file__).resolve().parents[2]
CATALOGS = REPO / "examples" / "catalogs"

TOP_LEVEL_KEYS = [
    "format_version",
    "modelctl_version",
    "created_at",
    "config",
    "providers",
    "summary",
    "changes",
    "notes",
    "review",
    "patch",
    "complete",
    "applyable",
    "providers_file",
    "checksum",
]
OPTIONAL_TOP_LEVEL_KEYS = {"review", "complete", "applyable", "providers_file"}  # absent from older plans
REVIEW_KEYS = {"protected_gone", "unchecked", "diff"}
CONFIG_KEYS = {"path", "sha256", "result_sha256"}
PROVIDER_KEYS = {"status", "source", "endpoints", "models", "entries", "error"}
ENDPOINT_KEYS = {"name", "origin", "sha256", "bytes"}
SUMMARY_KEYS = {"add", "update", "remove", "move"}
CHANGE_REQUIRED_KEYS = {"action", "provider", "model_name", "model", "reason", "fields"}
CHANGE_OPTIONAL_KEYS = {"api_base", "index", "rule", "remaining", "successor", "references"}
FIELD_KEYS = {"before", "after"}


def _schema() -> dict[str, Any]:
    text = resources.files("modelctl").joinpath("schemas/plan-v1.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the example project, as the working directory."""
    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")
    (tmp_path / "config.yaml").chmod(0o644)
    shutil.copyfile(EXAMPLE_PROVIDERS, tmp_path / "providers.yaml")
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().out


@pytest.fixture
def plan_file(project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A plan with every action kind: catalog updates and removals, an addition, a move."""
    code, _ = _run(
        [
            "plan",
            "--providers",
            "providers.yaml",
            "--catalog-dir",
            str(CATALOGS),
            "-o",
            "plan.json",
            "--add-model",
            "openrouter:google/gemini-3.7-flash",
            "--sort",
            "-q",
        ],
        capsys,
    )
    assert code == 0
    return project / "plan.json"


def _show_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out = _run(["show", str(path), "--format", "json"], capsys)
    assert code == 0
    doc: dict[str, Any] = json.loads(out)
    return doc


def test_show_json_validates_against_the_shipped_schema(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _show_json(plan_file, capsys)
    jsonschema.Draft202012Validator.check_schema(_schema())
    jsonschema.Draft202012Validator(_schema()).validate(doc)
    assert doc["format_version"] == "1"
    assert {c["action"] for c in doc["changes"]} == {"add", "update", "remove", "move"}


def test_show_json_pins_the_shape(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _show_json(plan_file, capsys)
    # order too: the file is meant to be read top-down (optional keys in their place)
    assert list(doc) == TOP_LEVEL_KEYS  # this plan has every optional key
    assert list(doc).index("review") == list(doc).index("notes") + 1
    assert set(doc["review"]) <= REVIEW_KEYS and "diff" in doc["review"]
    assert set(doc["config"]) == CONFIG_KEYS
    assert set(doc["summary"]) == SUMMARY_KEYS
    assert doc["providers"]
    for status in doc["providers"].values():
        assert set(status) == PROVIDER_KEYS
        for endpoint in status["endpoints"]:
            assert set(endpoint) == ENDPOINT_KEYS
    for change in doc["changes"]:
        assert CHANGE_REQUIRED_KEYS <= set(change) <= CHANGE_REQUIRED_KEYS | CHANGE_OPTIONAL_KEYS
        for values in change["fields"].values():
            assert set(values) == FIELD_KEYS
    counts = {action: sum(c["action"] == action for c in doc["changes"]) for action in SUMMARY_KEYS}
    assert doc["summary"] == counts


def test_pinned_keys_match_the_schema() -> None:
    schema = _schema()
    assert schema["required"] == [k for k in TOP_LEVEL_KEYS if k not in OPTIONAL_TOP_LEVEL_KEYS]
    assert set(schema["properties"]) == set(TOP_LEVEL_KEYS)
    assert set(schema["properties"]["review"]["properties"]) == REVIEW_KEYS
    assert set(schema["properties"]["config"]["properties"]) == CONFIG_KEYS
    provider = schema["properties"]["providers"]["additionalProperties"]
    assert set(provider["properties"]) == set(provider["required"]) == PROVIDER_KEYS
    assert set(provider["properties"]["endpoints"]["items"]["properties"]) == ENDPOINT_KEYS
    assert set(schema["properties"]["summary"]["properties"]) == SUMMARY_KEYS
    change = schema["properties"]["changes"]["items"]
    assert set(change["required"]) == CHANGE_REQUIRED_KEYS
    assert set(change["properties"]) == CHANGE_REQUIRED_KEYS | CHANGE_OPTIONAL_KEYS
    assert schema["properties"]["format_version"] == {"const": "1"}


def test_checksums_are_as_documented(
    plan_file: Path, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    doc = _show_json(plan_file, capsys)
    body = {k: v for k, v in doc.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert doc["checksum"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    config_bytes = (project / doc["config"]["path"]).read_bytes()
    assert doc["config"]["sha256"] == hashlib.sha256(config_bytes).hexdigest()


def test_patch_guards_every_mutation(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _show_json(plan_file, capsys)
    ops = doc["patch"]
    assert ops and all(op["path"].startswith("/model_list") for op in ops)
    for i, op in enumerate(ops):
        if op["op"] in ("replace", "remove", "move"):
            assert i > 0 and ops[i - 1]["op"] == "test", op


def test_plan_format_json_prints_the_plan_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(
        [
            "plan",
            "--providers",
            "providers.yaml",
            "--catalog-dir",
            str(CATALOGS),
            "-o",
            "p.json",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0
    assert out == (project / "p.json").read_text(encoding="utf-8")
    assert _show_json(project / "p.json", capsys) == json.loads(out)


def test_failed_provider_in_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalogs = project / "catalogs"
    shutil.copytree(CATALOGS, catalogs)
    (catalogs / "nvidia.json").unlink()
    code, _ = _run(
        [
            "plan",
            "--providers",
            "providers.yaml",
            "--catalog-dir",
            str(catalogs),
            "-o",
            "p.json",
            "--allow-partial",
            "-q",
        ],
        capsys,
    )
    assert code == 0
    doc = _show_json(project / "p.json", capsys)
    jsonschema.Draft202012Validator(_schema()).validate(doc)
    nvidia = doc["providers"]["nvidia"]
    assert nvidia["status"] == "failed" and isinstance(nvidia["error"], str)
    assert nvidia["models"] is None
    assert all(c["provider"] != "nvidia" for c in doc["changes"])
