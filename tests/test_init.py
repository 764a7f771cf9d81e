"""``modelctl init``: starter files written once, existing files never touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from modelctl import __version__
from modelctl.cli import main
from modelctl.init import PLANS_GITIGNORE, SECRETS, TEMPLATES, init_project, schema_url, template_bytes

REPO = Path(__file__).resolve().parent.parent
CATALOGS = REPO / "examples" / "catalogs"
EXPECTED = [*(Path(rel) for _, rel in TEMPLATES), Path(PLANS_GITIGNORE[0])]
WORKFLOWS = ["ci.yml", "plan.yml", "apply.yml"]


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_writes_every_starter_file_into_an_empty_folder(tmp_path: Path) -> None:
    result = init_project(tmp_path)
    assert list(result.written) == EXPECTED
    assert list(result.skipped) == []
    assert sorted(_tree(tmp_path)) == sorted(str(p) for p in EXPECTED)
    for source, rel in TEMPLATES:
        if source in ("config.example.yaml",):
            assert (tmp_path / rel).read_bytes() == template_bytes(source)
    assert yaml.safe_load((tmp_path / "config.yaml").read_text())["model_list"]
    assert yaml.safe_load((tmp_path / "providers.yaml").read_text())["providers"]
    # editors check providers.yaml against the schema copied next to it
    first = (tmp_path / "providers.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=.modelctl/providers-v1.schema.json"
    assert json.loads((tmp_path / ".modelctl" / "providers-v1.schema.json").read_text())["$defs"]["provider"]


def test_creates_a_missing_target_folder(tmp_path: Path) -> None:
    result = init_project(tmp_path / "new" / "proxy")
    assert list(result.written) == EXPECTED
    assert (tmp_path / "new" / "proxy" / ".github" / "workflows" / "plan.yml").is_file()


def test_second_run_skips_everything_and_changes_nothing(tmp_path: Path) -> None:
    init_project(tmp_path)
    before = _tree(tmp_path)
    result = init_project(tmp_path)
    assert list(result.written) == []
    assert list(result.skipped) == EXPECTED
    assert _tree(tmp_path) == before


def test_existing_files_are_left_untouched(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("model_list: []  # mine\n")
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "plan.yml").write_text("name: my own plan\n")
    (tmp_path / "providers.yaml").symlink_to(tmp_path / "elsewhere.yaml")  # dangling
    before = _tree(tmp_path)
    result = init_project(tmp_path)
    assert list(result.skipped) == [
        Path("providers.yaml"),
        Path("config.yaml"),
        Path(".github/workflows/plan.yml"),
    ]
    assert list(result.written) == [
        Path(".modelctl/providers-v1.schema.json"),
        Path(".github/workflows/ci.yml"),
        Path(".github/workflows/apply.yml"),
        Path("plans/.gitignore"),
    ]
    after = _tree(tmp_path)
    for rel, content in before.items():
        assert after[rel] == content
    assert (tmp_path / "providers.yaml").is_symlink()
    assert not (tmp_path / "elsewhere.yaml").exists()


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


def test_starter_providers_enable_only_keyless_providers(tmp_path: Path) -> None:
    init_project(tmp_path)
    text = (tmp_path / "providers.yaml").read_text()
    # one modeline: the schema copy init writes beside it (the version this modelctl reads, offline)
    assert [line for line in text.splitlines() if "yaml-language-server" in line] == [
        "# yaml-language-server: $schema=.modelctl/providers-v1.schema.json"
    ]
    assert (tmp_path / ".modelctl" / "providers-v1.schema.json").is_file()
    assert schema_url().endswith(f"/v{__version__}/modelctl/schemas/providers-v1.schema.json")
    builtin = yaml.safe_load(template_bytes("providers.yaml"))["providers"]
    starter = yaml.safe_load(text)["providers"]
    assert set(starter) == set(builtin)  # every provider still declared
    for name, spec in starter.items():
        assert spec["enabled"] is (not spec.get("api_key_env")), name
        if spec.get("api_key_env"):
            line = next(x for x in text.splitlines() if "enabled: false" in x and spec["api_key_env"] in x)
            assert line.startswith("    enabled: false  # needs ")
    assert {k for k, v in starter.items() if v.get("api_key_env")} == {p for _, p in SECRETS}
    # Nothing but `enabled` changed.
    for spec in [*starter.values(), *builtin.values()]:
        spec.pop("enabled")
    assert starter == builtin


def test_plans_gitignore_keeps_plan_files_out_of_git(tmp_path: Path) -> None:
    import subprocess

    init_project(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "plans" / "modelctl.plan.json").write_text("{}")
    ignored = subprocess.run(
        ["git", "-C", str(tmp_path), "check-ignore", "plans/modelctl.plan.json", "plans/.gitignore"],
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == ["plans/modelctl.plan.json"]


def test_first_plan_succeeds_offline_without_any_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The starter project plans every enabled provider from snapshots with no key set."""
    init_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    for secret, _provider in SECRETS:
        monkeypatch.delenv(secret, raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["plan", "--catalog-dir", str(CATALOGS), "-o", "p.json", "-q"])
    assert code == 0, capsys.readouterr().err


@pytest.mark.parametrize(
    ("origin_head", "flag", "expected"),
    [(None, None, "main"), ("trunk", None, "trunk"), ("develop", "release", "release")],
    ids=["no-remote", "origin-head", "flag-wins"],
)
def test_default_branch_from_flag_or_origin_head(
    tmp_path: Path, origin_head: str | None, flag: str | None, expected: str
) -> None:
    import subprocess

    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    if origin_head:
        run = ["git", "-C", str(repo)]
        subprocess.run([*run, "remote", "add", "origin", "https://example.invalid/x.git"], check=True)
        subprocess.run(
            [*run, "symbolic-ref", "refs/remotes/origin/HEAD", f"refs/remotes/origin/{origin_head}"],
            check=True,
        )
    result = init_project(repo / "sub", branch=flag)
    assert result.branch == expected
    for name in ("ci.yml", "plan.yml", "apply.yml"):
        workflow = yaml.safe_load((repo / "sub" / ".github" / "workflows" / name).read_text())
        on = workflow[True]
        branches = (on.get("push") or on.get("pull_request"))["branches"]
        assert branches == [expected], name


def test_cli_init_branch_and_install_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = "git+https://github.com/acme/modelctl@" + "0123456789abcdef" * 2 + "01234567"
    assert main(["init", str(tmp_path), "--branch", "trunk", "--install-spec", spec]) == 0
    out = capsys.readouterr().out
    assert f"cd {tmp_path}" in out and "'trunk'" in out
    for name in ("ci.yml", "plan.yml", "apply.yml"):
        text = (tmp_path / ".github" / "workflows" / name).read_text()
        assert f'MODELCTL_INSTALL: "{spec}"' in text
        assert "[trunk]" in text


def test_cli_init_in_the_current_folder_says_no_cd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "cd " not in out
    assert f"modelctl installed as 'modelctl=={__version__}'" in out


@pytest.mark.parametrize(
    "spec",
    [
        "modelctl",
        "modelctl[extra]",
        "modelctl>=0.1",
        "git+https://github.com/a/modelctl@main",
        'x=="1',
        "a==1\nb",
    ],
)
def test_cli_init_refuses_an_unpinned_install_spec(
    tmp_path: Path, spec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path / "p"), "--install-spec", spec]) == 1
    assert "--install-spec" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_cli_init_refuses_a_bad_branch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "p"), "--branch", "main]\n  - x"]) == 1
    assert "--branch" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()
