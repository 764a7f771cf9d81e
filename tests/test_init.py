"""``modelctl init``: starter files written once, existing files never touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from modelctl.cli import main
from modelctl.init import SECRETS, TEMPLATES, init_project, template_bytes

REPO = Path(__file__).resolve().parent.parent
CATALOGS = REPO / "examples" / "catalogs"
EXPECTED = [Path(rel) for _, rel in TEMPLATES]
WORKFLOWS = ["ci.yml", "plan.yml", "apply.yml"]


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_writes_every_starter_file_into_an_empty_folder(tmp_path: Path) -> None:
    result = init_project(tmp_path)
    assert result.written == EXPECTED
    assert result.skipped == []
    assert sorted(_tree(tmp_path)) == sorted(str(p) for p in EXPECTED)
    for source, rel in TEMPLATES:
        assert (tmp_path / rel).read_bytes() == template_bytes(source)
    assert yaml.safe_load((tmp_path / "config.yaml").read_text())["model_list"]
    assert yaml.safe_load((tmp_path / "providers.yaml").read_text())["providers"]
    # editors check providers.yaml against the schema copied next to it
    first = (tmp_path / "providers.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=.modelctl/providers-v1.schema.json"
    assert json.loads((tmp_path / ".modelctl" / "providers-v1.schema.json").read_text())["$defs"]["provider"]


def test_creates_a_missing_target_folder(tmp_path: Path) -> None:
    result = init_project(tmp_path / "new" / "proxy")
    assert result.written == EXPECTED
    assert (tmp_path / "new" / "proxy" / ".github" / "workflows" / "plan.yml").is_file()


def test_second_run_skips_everything_and_changes_nothing(tmp_path: Path) -> None:
    init_project(tmp_path)
    before = _tree(tmp_path)
    result = init_project(tmp_path)
    assert result.written == []
    assert result.skipped == EXPECTED
    assert _tree(tmp_path) == before


def test_existing_files_are_left_untouched(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("model_list: []  # mine\n")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "plan.yml").write_text("name: my own plan\n")
    (tmp_path / "providers.yaml").symlink_to(tmp_path / "elsewhere.yaml")  # dangling
    before = _tree(tmp_path)
    result = init_project(tmp_path)
    assert result.skipped == [Path("providers.yaml"), Path("config.yaml"), Path(".github/workflows/plan.yml")]
    assert result.written == [
        Path(".modelctl/providers-v1.schema.json"),
        Path(".github/workflows/ci.yml"),
        Path(".github/workflows/apply.yml"),
    ]
    after = _tree(tmp_path)
    for rel, content in before.items():
        assert after[rel] == content
    assert (tmp_path / "providers.yaml").is_symlink()
    assert not (tmp_path / "elsewhere.yaml").exists()


@pytest.mark.parametrize("name", [w for w in WORKFLOWS if w != "ci.yml"])
def test_packaged_workflows_match_the_repository(name: str) -> None:
    """modelctl/data/workflows are copies of .github/workflows: re-copy after editing those."""
    repo_copy = REPO / ".github" / "workflows" / name
    assert template_bytes(f"workflows/{name}") == repo_copy.read_bytes(), (
        f"modelctl/data/workflows/{name} differs from .github/workflows/{name}; copy it over"
    )


def test_packaged_providers_file_is_the_builtin_one() -> None:
    assert template_bytes("providers.yaml") == (REPO / "modelctl" / "data" / "providers.yaml").read_bytes()


def test_cli_init_reports_files_and_next_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for rel in EXPECTED:
        assert f"Wrote {rel}" in out
    for secret, _provider in SECRETS:
        assert secret in out
    assert "gh workflow run plan.yml" in out
    assert main(["init", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Wrote" not in out
    for rel in EXPECTED:
        assert f"Skipped {rel}" in out


def test_cli_init_defaults_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    assert (tmp_path / "config.yaml").is_file()


def test_cli_init_refuses_a_file_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["init", str(target)]) == 1
    assert "not a folder" in capsys.readouterr().err
    assert target.read_text() == "x"


def test_starter_project_plans_and_applies_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example config is something modelctl can manage: plan and apply it offline."""
    init_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(
        [
            "plan",
            "--catalog-dir",
            str(CATALOGS),
            "-p",
            "openrouter",
            "-p",
            "poe",
            "-p",
            "nvidia",
            "-o",
            "p.json",
            "-q",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert main(["apply", "p.json", "-q"]) == 0
    text = (tmp_path / "config.yaml").read_text()
    assert "# Not owned by any provider in providers.yaml" in text  # comments survive apply
    data = yaml.safe_load(text)
    assert len(data["model_list"]) == 6


def test_packaged_ci_validates_the_config_repository() -> None:
    """modelctl's own ci.yml tests modelctl; a config repository's ci.yml validates its config."""
    text = template_bytes("workflows/ci.yml").decode()
    assert "modelctl validate -c config.yaml" in text
    assert "pytest" not in text and "permissions: {}" in text


def test_packaged_ci_passes_the_workflow_lints() -> None:
    import shutil
    import subprocess
    import sys

    path = str(REPO / "modelctl" / "data" / "workflows" / "ci.yml")
    schema = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", path],
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    lint = subprocess.run([zizmor, "--offline", path], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
