"""Lints and behaviour tests for the GitHub Actions workflows: .github/workflows (this repository,
modelctl's own first user), the templates `modelctl init` writes (rendered for a default branch
'trunk') and the composite action.yml.

Three layers:
1. External linters, offline: check-jsonschema (the GitHub workflow and action schemas), zizmor
   (default and auditor personas) and shellcheck on every `run:` script (actionlint's shell rule;
   no package ships actionlint's binary for this platform offline, so its other rules that matter
   here are checked structurally below: expression contexts, step/job output references, needs).
2. Structural rules: triggers, least privilege, pinned and verified actions, secrets only in jobs
   inside an environment, concurrency groups, overwrite on uploads.
3. Behaviour: the shell of the `run:` steps is executed with bash against fake `modelctl` and
   `gh` commands and real git repositories (tests/workflow_runner.py; end-to-end flows are in
   tests/acceptance/test_workflow_flows.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from modelctl import __version__
from modelctl.init import OWN_REPOSITORY_PROTECTED_PATHS, init_project, render_workflow, template_bytes

from helpers import EXAMPLE_PROVIDERS, SEED_CONFIG
from workflow_runner import REPO, SHA, WORKFLOWS, Runner, find_step, load

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("ci.yml", "plan.yml", "apply.yml", "release.yml")
# Every workflow file gets the generic lints, including ones added later.
ALL = sorted({*NAMES, *(p.name for p in WORKFLOWS.glob("*.y*ml"))})
TEMPLATES = ("ci.yml", "plan.yml", "apply.yml")
# (folder kind, file name): the repository's workflows and the rendered templates.
EVERY = [("repo", n) for n in ALL] + [("template", n) for n in TEMPLATES]
MARKER = "<!-- modelctl-plan -->"
PROVIDER_KEYS = ("REQUESTY_API_KEY", "NANOGPT_API_KEY", "POE_API_KEY", "NOVITA_API_KEY")
HEAD_SHA = "b" * 40
# Each action at its newest node24 (or docker) release, the SHA checked against the action's own
# repository: `git rev-parse <tag>^{commit}` in a mirror of it, and `runs.using` read at that tag.
VERIFIED_ACTIONS = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),  # node24
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),  # node24
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),  # node24
    "actions/download-artifact": ("3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1"),  # node24
    "pypa/gh-action-pypi-publish": ("81e9d935c883d0b210363ab89cf05f3894778450", "v1.8.14"),  # docker
}


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workflows `modelctl init --branch trunk` writes."""
    target = tmp_path_factory.mktemp("init")
    init_project(target, branch="trunk")
    return target / ".github" / "workflows"


def folder_of(kind: str, rendered: Path) -> Path:
    return WORKFLOWS if kind == "repo" else rendered


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "triggers must be a mapping"
    return on


def tool(name: str, module: str | None = None) -> list[str]:
    """The console script installed next to this interpreter (the test extra), else PATH."""
    import shutil

    for candidate in (Path(sys.executable).with_name(name), shutil.which(name)):
        if candidate and Path(candidate).exists():
            return [str(candidate)]
    if module:
        return [sys.executable, "-m", module]
    pytest.fail(f"{name} is not installed: pip install -e '.[test]'")


def walk(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))


def all_steps(workflow: dict[Any, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def all_run_text(workflow: dict[Any, Any]) -> str:
    return "\n".join(step.get("run", "") for _, step in all_steps(workflow))


def zizmor(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN")}
    cmd = [*tool("zizmor"), "--offline", "--no-progress", "--color", "never", *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT, env=env)


# --------------------------------------------------------------------------- 1. linters


def test_the_workflows_exist() -> None:
    assert set(NAMES) <= {p.name for p in WORKFLOWS.glob("*.y*ml")}


@pytest.mark.parametrize(("kind", "name"), EVERY)
def test_workflow_matches_the_github_workflow_schema(kind: str, name: str, rendered: Path) -> None:
    cmd = [
        *tool("check-jsonschema", "check_jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        str(folder_of(kind, rendered) / name),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_action_matches_the_github_action_schema() -> None:
    cmd = [*tool("check-jsonschema", "check_jsonschema"), "--builtin-schema", "vendor.github-actions"]
    proc = subprocess.run([*cmd, str(ROOT / "action.yml")], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("persona", ["regular", "auditor"])
def test_zizmor_has_no_findings(persona: str, rendered: Path) -> None:
    for target in (str(WORKFLOWS), str(ROOT / "action.yml"), str(rendered)):
        proc = zizmor(f"--persona={persona}", target)
        assert proc.returncode == 0, target + proc.stdout + proc.stderr


@pytest.mark.parametrize(("kind", "name"), EVERY)
def test_zizmor_ignores_carry_a_reason(kind: str, name: str, rendered: Path) -> None:
    for line in (folder_of(kind, rendered) / name).read_text(encoding="utf-8").splitlines():
        match = re.search(r"zizmor: ignore\[[^\]]+\](.*)", line)
        if match:
            assert len(match.group(1).strip(" -:#")) >= 10, f"ignore without a reason: {line}"


def run_scripts() -> Iterator[tuple[str, str, str]]:
    for name in ALL:
        for job_id, step in all_steps(load(name)):
            if "run" in step:
                yield name, f"{job_id}/{step.get('id') or step.get('name')}", step["run"]
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    for step in action["runs"]["steps"]:
        if "run" in step:
            yield "action.yml", step.get("id") or step["name"], step["run"]


def test_run_scripts_pass_shellcheck(tmp_path: Path) -> None:
    """actionlint's shellcheck rule: every `run:` script as GitHub runs it (bash -e -o pipefail)."""
    shellcheck = tool("shellcheck")
    findings = []
    for index, (name, where, script) in enumerate(run_scripts()):
        path = tmp_path / f"{index}.sh"
        path.write_text("#!/bin/bash\nset -eo pipefail\n" + script, encoding="utf-8")
        proc = subprocess.run([*shellcheck, "-S", "style", str(path)], capture_output=True, text=True)
        if proc.returncode:
            findings.append(f"{name} {where}:\n{proc.stdout}")
    assert not findings, "\n".join(findings)


EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)


@pytest.mark.parametrize("name", ALL)
def test_expression_references_exist(name: str) -> None:
    """actionlint's expression rules that bite here: steps.X / needs.X outputs and inputs exist."""
    workflow = load(name)
    dispatch = triggers(workflow).get("workflow_dispatch") or {}
    inputs = set(dispatch.get("inputs") or {})
    text_by_job = {job_id: yaml.safe_dump(job) for job_id, job in workflow["jobs"].items()}
    for job_id, job in workflow["jobs"].items():
        needs = job.get("needs", [])
        needs = [needs] if isinstance(needs, str) else needs
        for need in needs:
            assert need in workflow["jobs"], f"{job_id}: needs unknown job {need}"
        ids = {step.get("id") for step in job.get("steps", [])}
        conditions = " ".join(str(job.get("if", "")) for _ in [0])
        for expression in [*EXPR.findall(text_by_job[job_id]), conditions]:
            for step_id in re.findall(r"steps\.([\w-]+)\.outputs", expression):
                assert step_id in ids, f"{job_id}: steps.{step_id} is not a step id"
            for need, output in re.findall(r"needs\.([\w-]+)\.outputs\.([\w-]+)", expression):
                assert need in needs, f"{job_id}: needs.{need} without needs: {need}"
                assert output in workflow["jobs"][need].get("outputs", {}), f"{need} has no output {output}"
            for used in re.findall(r"inputs\.([\w-]+)", expression):
                assert used in inputs, f"{job_id}: unknown input {used}"


# --------------------------------------------------------------------------- 2. structure


@pytest.mark.parametrize(("kind", "name"), EVERY)
def test_least_privilege_permissions(kind: str, name: str, rendered: Path) -> None:
    workflow = load(name, folder_of(kind, rendered))
    top = workflow.get("permissions")
    assert top is not None, "declare top-level permissions"
    assert top not in ("write-all", "read-all"), top
    assert top == {} or all(v in ("read", "none") for v in top.values()), top
    for job_id, job in workflow["jobs"].items():
        perms = job.get("permissions", {})
        assert isinstance(perms, dict), f"{job_id}: permissions must be a mapping, not {perms}"


@pytest.mark.parametrize(("kind", "name"), EVERY)
def test_secrets_only_in_step_env_of_jobs_inside_an_environment(kind: str, name: str, rendered: Path) -> None:
    workflow = load(name, folder_of(kind, rendered))
    for path, value in walk(workflow):
        if isinstance(value, str) and re.search(r"\bsecrets\b", value):
            assert len(path) == 6 and path[0] == "jobs" and path[2] == "steps", path
            assert path[4] == "env", f"secret outside a step's env: {path}"
            assert "toJSON" not in value, path
            assert workflow["jobs"][path[1]].get("environment"), (
                f"job {path[1]} uses secrets outside an environment"
            )


@pytest.mark.parametrize(("kind", "name"), EVERY)
def test_concurrency_group_is_prefixed_with_the_workflow_name(kind: str, name: str, rendered: Path) -> None:
    workflow = load(name, folder_of(kind, rendered))
    assert workflow["concurrency"]["group"].startswith("${{ github.workflow }}-")


@pytest.mark.parametrize(("kind", "name"), EVERY)
def test_uploads_overwrite_on_re_run(kind: str, name: str, rendered: Path) -> None:
    for _, step in all_steps(load(name, folder_of(kind, rendered))):
        if step.get("uses", "").startswith("actions/upload-artifact@"):
            assert step["with"]["overwrite"] is True


@pytest.mark.parametrize(("kind", "name"), EVERY)
def test_no_expression_expansion_inside_run(kind: str, name: str, rendered: Path) -> None:
    for job_id, step in all_steps(load(name, folder_of(kind, rendered))):
        assert "${{" not in step.get("run", ""), f"{job_id}/{step.get('name')}: use env vars"


def test_action_passes_inputs_only_through_env() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"command", "config", "providers", "args"}
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]
    install = next(s for s in action["runs"]["steps"] if "pip install" in s.get("run", ""))
    # Installed from the action's own checkout: exactly the ref the user pinned.
    assert install["env"] == {"ACTION_PATH": "${{ github.action_path }}"}
    assert '"$ACTION_PATH"' in install["run"]


def uses_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if re.match(r"\s*(- )?uses:", line)]


@pytest.mark.parametrize(("kind", "name"), [*EVERY, ("root", "action.yml")])
def test_actions_pinned_by_verified_sha_with_version_comment(kind: str, name: str, rendered: Path) -> None:
    path = ROOT / name if kind == "root" else folder_of(kind, rendered) / name
    uses = uses_lines(path)
    assert uses
    for line in uses:
        match = re.search(r"uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+(?:\.\d+)*)$", line)
        assert match, line
        action, sha, version = match.groups()
        assert VERIFIED_ACTIONS[action] == (sha, version), line


@pytest.mark.parametrize(("kind", "name"), EVERY)
def test_checkout_keeps_no_credentials(kind: str, name: str, rendered: Path) -> None:
    for job_id, step in all_steps(load(name, folder_of(kind, rendered))):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, job_id


@pytest.mark.parametrize(("kind", "name"), EVERY)
def test_conditions_are_bare_one_line_expressions(kind: str, name: str, rendered: Path) -> None:
    # A multi-line or `${{ }}`-wrapped `if:` can silently become an always-true string.
    workflow = load(name, folder_of(kind, rendered))
    conditions = [job.get("if") for job in workflow["jobs"].values()]
    conditions += [step.get("if") for _, step in all_steps(workflow)]
    for condition in filter(None, conditions):
        assert "\n" not in condition and "${{" not in condition, condition


@pytest.mark.parametrize(("kind", "name"), EVERY)
def test_every_job_has_a_timeout(kind: str, name: str, rendered: Path) -> None:
    for job_id, job in load(name, folder_of(kind, rendered))["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), job_id


# Templates ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plan.yml", "apply.yml"])
def test_repository_workflows_are_the_rendered_templates(name: str) -> None:
    """.github/workflows/{plan,apply}.yml are the templates for branch main, installing the checkout
    and also refusing PRs that change modelctl's own source."""
    expected = render_workflow(
        template_bytes(f"workflows/{name}").decode(),
        branch="main",
        install_spec=".",
        protected_paths=OWN_REPOSITORY_PROTECTED_PATHS,
    )
    assert (WORKFLOWS / name).read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_use_the_given_branch_and_a_pinned_install(name: str, rendered: Path) -> None:
    text = (rendered / name).read_text(encoding="utf-8")
    assert "__" not in re.sub(r"__\w+__\(", "", text.replace("__init__", "")), "placeholder left"
    workflow = load(name, rendered)
    on = triggers(workflow)
    for event in ("push", "pull_request"):
        if on.get(event) and "branches" in on[event]:
            assert on[event]["branches"] == ["trunk"], (event, on[event])
    installs = [s for _, s in all_steps(workflow) if "pip install" in s.get("run", "")]
    assert installs
    for step in installs:
        assert step["run"] == 'python -m pip install "$MODELCTL_INSTALL"'
        assert step["env"]["MODELCTL_INSTALL"] == f"modelctl=={__version__}"
    assert "pip install modelctl" not in text


def test_ci_lints_type_checks_and_tests() -> None:
    workflow = load("ci.yml")
    on = triggers(workflow)
    assert "push" in on and "pull_request" in on
    steps = [step for _, step in all_steps(workflow)]
    python = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert python and python[0]["with"]["python-version"] == "3.11"
    runs = [s["run"].strip() for s in steps if "run" in s]
    assert runs == ["python -m pip install -e '.[test]'", "ruff check .", "mypy", "pytest"]


def test_release_publishes_with_trusted_publishing() -> None:
    workflow = load("release.yml")
    assert triggers(workflow)["push"] == {"tags": ["v*"]}
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert not any(
        "password" in json.dumps(s) or "token" in json.dumps(s.get("with", {})) for s in publish["steps"]
    )
    assert any(s.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for s in publish["steps"])
    build = all_run_text({"jobs": {"build": workflow["jobs"]["build"]}})
    assert "python -m build" in build and "twine check --strict" in build


def test_plan_triggers() -> None:
    on = triggers(load("plan.yml"))
    assert set(on["pull_request"]["paths"]) >= {"config.yaml", "providers.yaml"}
    (cron,) = on["schedule"]
    assert len(cron["cron"].split()) == 5
    assert set(on["workflow_dispatch"]["inputs"]) >= {"add-model", "model-name", "remove-model", "sort"}


def test_plan_runs_plan_show_upload_summary_and_marker() -> None:
    workflow = load("plan.yml")
    text = all_run_text(workflow)
    assert "modelctl plan" in text and "--detailed-exitcode" in text
    assert "modelctl show" in text and "--format markdown" in text
    assert "GITHUB_STEP_SUMMARY" in text
    assert MARKER in text
    uploads = [s for _, s in all_steps(workflow) if "upload-artifact@" in s.get("uses", "")]
    assert len(uploads) == 1
    assert uploads[0]["with"]["name"].startswith("modelctl-plan-")
    assert "modelctl.plan.json" in uploads[0]["with"]["path"]
    assert uploads[0]["with"]["retention-days"] == 90


def test_plan_keeps_provider_keys_away_from_write_tokens() -> None:
    workflow = load("plan.yml")
    plan_env = find_step(workflow, "plan", "plan")["env"]
    for key in PROVIDER_KEYS:  # every optional key reaches modelctl (a seed bug)
        assert plan_env[key] == f"${{{{ secrets.{key} }}}}"
    jobs = workflow["jobs"]
    assert jobs["plan"]["permissions"] == {"contents": "read"}
    assert jobs["plan"]["environment"] == "modelctl-plan"
    assert jobs["comment"]["permissions"] == {"pull-requests": "write"}
    for job_id in ("comment", "propose"):
        assert not any(k in json.dumps(jobs[job_id]) for k in PROVIDER_KEYS), job_id


def test_apply_structure() -> None:
    workflow = load("apply.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "plan-run-id" in on["workflow_dispatch"]["inputs"]
    text = all_run_text(workflow)
    assert "modelctl apply" in text
    assert "git push" in text
    apply = workflow["jobs"]["apply"]
    assert apply["environment"] == "modelctl-apply"
    assert apply["permissions"] == {"actions": "read", "contents": "write"}
    assert set(workflow["jobs"]["locate"]["permissions"].values()) == {"read"}
    for job_id in ("report", "outdate"):
        assert workflow["jobs"][job_id]["permissions"] == {"pull-requests": "write"}


# --------------------------------------------------------------------------- 3. behaviour


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    return Runner(tmp_path)


def git_out(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


# plan.yml / plan ------------------------------------------------------------------


@pytest.mark.parametrize(("rc", "changes"), [(0, "false"), (2, "true")])
def test_plan_step_detailed_exitcode_success(runner: Runner, rc: int, changes: str) -> None:
    result = runner.run("plan.yml", "plan", "plan", FAKE_PLAN_RC=str(rc))
    assert result.returncode == 0, result.stderr
    assert result.outputs == {"manual": "false", "changes": changes}
    (call,) = result.calls
    assert call["argv"][:2] == ["plan", "-c"]
    assert "--detailed-exitcode" in call["argv"]
    assert (runner.work / "plans" / "modelctl.plan.json").exists()


@pytest.mark.parametrize("rc", [1, 3, 70])
def test_plan_step_error_fails_the_job(runner: Runner, rc: int) -> None:
    result = runner.run("plan.yml", "plan", "plan", FAKE_PLAN_RC=str(rc), FAKE_PLAN_ERROR="no such thing")
    assert result.returncode == 1
    assert "changes" not in result.outputs
    assert "modelctl plan failed" in result.summary
    assert f"exited with code {rc}: no such thing" in result.summary  # the one-line error
    assert "::error" in result.stdout


def test_plan_step_splits_the_providers_input(runner: Runner) -> None:
    result = runner.run(
        "plan.yml", "plan", "plan", PROVIDERS="  openrouter   nano_gpt ", ALLOW_PARTIAL="true"
    )
    assert result.returncode == 0, result.stderr
    argv = result.calls[0]["argv"]
    assert argv[argv.index("--detailed-exitcode") + 3 :] == [
        "--provider",
        "openrouter",
        "--provider",
        "nano_gpt",
        "--allow-partial",
    ]


def test_plan_step_rejects_a_bad_provider_name(runner: Runner) -> None:
    result = runner.run("plan.yml", "plan", "plan", PROVIDERS="poe $(id)")
    assert result.returncode == 1
    assert result.calls == []


@pytest.mark.parametrize(("event", "hint"), [("pull_request", "merged"), ("schedule", "4242")])
def test_render_step_writes_markdown_and_summary(runner: Runner, event: str, hint: str) -> None:
    markdown = f"{MARKER}\n## modelctl plan: 1 to add\n"
    result = runner.run(
        "plan.yml",
        "plan",
        "Render the plan",
        FAKE_MARKDOWN=markdown,
        EVENT_NAME=event,
        RUN_ID="4242",
    )
    assert result.returncode == 0, result.stderr
    assert result.calls[0]["argv"] == ["show", "plans/modelctl.plan.json", "--format", "markdown"]
    assert (runner.work / "plans" / "modelctl.plan.md").read_text() == markdown
    assert result.summary.startswith(markdown)
    assert hint in result.summary


# plan.yml / comment ---------------------------------------------------------------

COMMENT_ENV = {
    "PR_NUMBER": "7",
    "HEAD_SHA": HEAD_SHA,
    "GH_REPO": REPO,
    "RUN_URL": "https://github.com/acme/models/actions/runs/1",
}


def comments_rule(*bodies: tuple[int, str, str]) -> dict[str, Any]:
    return {
        "match": ["--paginate", f"repos/{REPO}/issues/7/comments"],
        "json": [{"id": i, "user": {"login": login}, "body": body} for i, login, body in bodies],
    }


def test_comment_created_when_none_exists(runner: Runner) -> None:
    (runner.work / "plans" / "modelctl.plan.md").write_text(f"{MARKER}\n## Plan\n")
    runner.rules = [comments_rule((1, "alice", f"quoting {MARKER}"))]
    result = runner.run("plan.yml", "comment", "comment", PLAN_RESULT="success", **COMMENT_ENV)
    assert result.returncode == 0, result.stderr
    (post,) = result.gh("api", "--method", "POST")
    assert post["argv"][3] == f"repos/{REPO}/issues/7/comments"
    (body,) = post["files"].values()
    assert body.startswith(f"{MARKER}\n## Plan\n")
    assert body.count(MARKER) == 1
    assert not result.gh("api", "--method", "PATCH")


def test_comment_updated_by_marker(runner: Runner) -> None:
    (runner.work / "plans" / "modelctl.plan.md").write_text("## Plan without marker\n")
    runner.rules = [
        comments_rule(
            (1, "alice", f"{MARKER} a human copied the marker"),
            (2, "github-actions[bot]", "some other bot comment"),
            (3, "github-actions[bot]", f"{MARKER}\n## Old plan"),
            (4, "github-actions[bot]", f"{MARKER}\n## Older duplicate"),
        )
    ]
    result = runner.run("plan.yml", "comment", "comment", PLAN_RESULT="success", **COMMENT_ENV)
    assert result.returncode == 0, result.stderr
    (patch,) = result.gh("api", "--method", "PATCH")
    assert patch["argv"][3] == f"repos/{REPO}/issues/comments/3"
    (body,) = patch["files"].values()
    assert body.startswith(f"{MARKER}\n## Plan without marker\n")  # marker added
    assert not result.gh("api", "--method", "POST")


def test_comment_truncates_a_huge_plan(runner: Runner) -> None:
    line = "| openrouter/some-model | é price change |\n"
    (runner.work / "plans" / "modelctl.plan.md").write_text(MARKER + "\n" + line * 5000)
    runner.rules = [comments_rule()]
    result = runner.run("plan.yml", "comment", "comment", PLAN_RESULT="success", **COMMENT_ENV)
    assert result.returncode == 0, result.stderr
    (body,) = result.gh("api", "--method", "POST")[0]["files"].values()
    assert len(body) < 65536
    assert "Plan truncated" in body


def test_comment_reports_a_failed_plan(runner: Runner) -> None:
    (runner.work / "plans" / "modelctl.plan.md").write_text(f"{MARKER}\n## stale\n")
    runner.rules = [comments_rule((9, "github-actions[bot]", f"{MARKER}\n## Old plan"))]
    result = runner.run("plan.yml", "comment", "comment", PLAN_RESULT="failure", **COMMENT_ENV)
    assert result.returncode == 0, result.stderr
    (body,) = result.gh("api", "--method", "PATCH")[0]["files"].values()
    assert body.startswith(MARKER + "\n")
    assert "plan failed" in body and "stale" not in body


# plan.yml / sync ------------------------------------------------------------------

SYNC_ENV = {
    "MANUAL": "false",
    "RUN_ID": "4242",
    "GH_REPO": REPO,
    "BASE_BRANCH": "main",
    "RUN_URL": "https://github.com/acme/models/actions/runs/2",
}


@pytest.mark.parametrize(("existing", "verb"), [([], "create"), ([{"number": 12}], "edit")])
def test_sync_pushes_the_branch_and_opens_or_updates_the_pr(
    runner: Runner, existing: list[dict[str, int]], verb: str
) -> None:
    origin = runner.git_repo()
    (runner.work / "plans" / "modelctl.plan.md").write_text(f"{MARKER}\n## 1 to add\n")
    with (runner.work / "config.yaml").open("a") as config:
        config.write("# applied\n")
    runner.rules = [{"match": ["pr", "list"], "json": existing}]
    result = runner.run("plan.yml", "propose", "pr", **SYNC_ENV)
    assert result.returncode == 0, result.stderr
    assert result.gh("auth", "setup-git")
    branch = "modelctl/weekly-sync"
    author, subject = git_out(origin, "log", "-1", "--format=%an|%s", branch).strip().split("|")
    assert author == "github-actions[bot]"
    assert subject == "modelctl: weekly sync of config.yaml with provider catalogs"
    assert "# applied" in git_out(origin, "show", f"{branch}:config.yaml")
    assert git_out(origin, "rev-parse", "main") != git_out(origin, "rev-parse", branch)
    (call,) = result.gh("pr", verb)
    if verb == "edit":
        assert call["argv"][2] == "12"
    else:
        assert call["argv"][call["argv"].index("--head") + 1] == "modelctl/weekly-sync"
    assert call["files"]["--body-file"].startswith(f"{MARKER}\n## 1 to add\n")


def test_sync_without_a_config_change_pushes_nothing(runner: Runner) -> None:
    origin = runner.git_repo()
    result = runner.run("plan.yml", "propose", "pr", **SYNC_ENV)
    assert result.returncode == 0, result.stderr
    assert result.calls == []
    assert "modelctl/weekly-sync" not in git_out(origin, "branch", "--list")


# apply.yml / apply ----------------------------------------------------------------


def write_plan(runner: Runner, changes: int = 1, removals: int = 0) -> None:
    plan = {"summary": {"add": changes, "update": 0, "remove": removals, "move": 0}}
    plan["changes"] = [{"action": "add"}] * changes  # type: ignore[assignment]
    (runner.work / "plans" / "modelctl.plan.json").write_text(json.dumps(plan), encoding="utf-8")


@pytest.mark.parametrize(("workflow", "job"), [("apply.yml", "apply"), ("plan.yml", "propose")])
def test_apply_stale_plan_fails_loudly(runner: Runner, workflow: str, job: str) -> None:
    write_plan(runner)
    result = runner.run(workflow, job, "apply", FAKE_APPLY_RC="3", SOURCE="PR #7, plan run 5")
    assert result.returncode == 3
    assert "::error title=" in result.stdout and "stale" in result.stdout.lower()
    assert "re-plan" in result.stdout.lower()
    (call,) = result.calls
    assert call["argv"] == ["apply", "plans/modelctl.plan.json", "-c", "config.yaml"]


@pytest.mark.parametrize(("rc", "expected"), [(0, 0), (1, 1)])
def test_apply_exit_codes(runner: Runner, rc: int, expected: int) -> None:
    write_plan(runner)
    result = runner.run("apply.yml", "apply", "apply", FAKE_APPLY_RC=str(rc), SOURCE="x")
    assert result.returncode == expected


def test_apply_commit_and_push(runner: Runner) -> None:
    origin = runner.git_repo()
    with (runner.work / "config.yaml").open("a") as config:
        config.write("# applied\n")
    result = runner.run("apply.yml", "apply", "Commit and push", SOURCE="PR #7, plan run 5", RUN_URL="u")
    assert result.returncode == 0, result.stderr
    subject = git_out(origin, "log", "-1", "--format=%s", "main").strip()
    assert subject == "modelctl: apply the reviewed plan (PR #7, plan run 5)"
    assert "# applied" in git_out(origin, "show", "main:config.yaml")


def test_apply_without_changes_commits_nothing(runner: Runner) -> None:
    origin = runner.git_repo()
    before = git_out(origin, "rev-parse", "main")
    result = runner.run("apply.yml", "apply", "Commit and push", SOURCE="x", RUN_URL="u")
    assert result.returncode == 0, result.stderr
    assert git_out(origin, "rev-parse", "main") == before


def test_apply_downloads_the_named_artifact(runner: Runner) -> None:
    runner.rules = [
        {
            "match": ["run", "download", "55"],
            "download": {"modelctl.plan.json": "{}", "modelctl.plan.md": MARKER},
        }
    ]
    result = runner.run(
        "apply.yml",
        "apply",
        "Download the reviewed plan",
        PLAN_RUN_ID="55",
        PLAN_ARTIFACT=f"modelctl-plan-{HEAD_SHA}",
    )
    assert result.returncode == 0, result.stderr
    (call,) = result.gh("run", "download")
    assert call["argv"] == [
        "run",
        "download",
        "55",
        "--name",
        f"modelctl-plan-{HEAD_SHA}",
        "--dir",
        "plans",
    ]


def test_apply_missing_artifact_fails(runner: Runner) -> None:
    runner.rules = [{"match": ["run", "download"], "rc": 1}]
    result = runner.run(
        "apply.yml",
        "apply",
        "Download the reviewed plan",
        PLAN_RUN_ID="55",
        PLAN_ARTIFACT="modelctl-plan-x",
    )
    assert result.returncode == 1
    assert "Plan artifact missing" in result.stdout


# apply.yml / locate ---------------------------------------------------------------

WORKFLOW_RULE = {"match": [f"repos/{REPO}/actions/workflows/plan.yml"], "json": {"id": 77}}


def pulls_rule(*prs: dict[str, Any]) -> dict[str, Any]:
    return {"match": [f"repos/{REPO}/commits/{SHA}/pulls"], "json": list(prs)}


def pr(
    number: int, ref: str = "feature", repo: str | None = REPO, merged: bool = True, merge_sha: str = SHA
) -> dict[str, Any]:
    return {
        "number": number,
        "merged_at": "2025-01-01T00:00:00Z" if merged else None,
        "merge_commit_sha": merge_sha,
        "head": {"sha": HEAD_SHA, "ref": ref, "repo": {"full_name": repo} if repo else None},
    }


def runs_rule(*runs: tuple[int, int, str] | tuple[int, int, str, str, str | None]) -> dict[str, Any]:
    items = []
    for run in runs:
        run_id, number, repo, status, conclusion = (*run, "completed", "success")[:5]
        items.append(
            {
                "id": run_id,
                "run_number": number,
                "status": status,
                "conclusion": conclusion,
                "head_repository": {"full_name": repo},
            }
        )
    return {
        "match": [f"repos/{REPO}/actions/workflows/plan.yml/runs", f"head_sha={HEAD_SHA}"],
        "json": {"workflow_runs": items},
    }


def files_rule(*names: str, number: int = 7) -> dict[str, Any]:
    return {"match": [f"repos/{REPO}/pulls/{number}/files"], "json": [{"filename": n} for n in names]}


LOCATE_PUSH = {"EVENT_NAME": "push", "DEFAULT_BRANCH": "main", "GH_REPO": REPO}


def test_locate_finds_the_newest_plan_of_the_merged_pr(runner: Runner) -> None:
    runner.rules = [
        pulls_rule(pr(6, merged=False), pr(5, merge_sha="c" * 40), pr(7)),
        files_rule("config.yaml", "providers.yaml"),
        runs_rule((500, 3, REPO), (501, 4, REPO), (502, 9, "evil/fork")),
        WORKFLOW_RULE,
    ]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 0, result.stderr
    assert result.outputs == {
        "pr-number": "7",
        "run-id": "501",
        "artifact": f"modelctl-plan-{HEAD_SHA}",
        "source": "PR #7, plan run 501",
    }
    (runs_call,) = [c for c in result.gh("api") if "event=pull_request" in c["argv"]]
    assert "status=success" not in runs_call["argv"]  # an older success never wins
    assert result.of("sleep") == [{"cmd": "sleep", "argv": ["0"]}]  # found at the first lookup


@pytest.mark.parametrize(
    ("newest", "state"),
    [
        ((501, 4, REPO, "completed", "failure"), "completed/failure"),
        ((501, 4, REPO, "in_progress", None), "in_progress/-"),
    ],
    ids=["failed", "running"],
)
def test_locate_refuses_when_the_newest_plan_run_did_not_succeed(
    runner: Runner, newest: tuple[int, int, str, str, str | None], state: str
) -> None:
    runner.rules = [pulls_rule(pr(7)), files_rule("config.yaml"), runs_rule((500, 3, REPO), newest)]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 1
    assert "Newest plan did not succeed" in result.stdout and state in result.stdout
    assert "run-id" not in result.outputs
    assert result.outputs["pr-number"] == "7" and "501" in result.outputs["refused"]


def test_locate_retries_the_empty_lookup_race_until_the_pr_shows_up(runner: Runner) -> None:
    runner.rules = [
        {"match": [f"repos/{REPO}/commits/{SHA}/pulls"], "responses": [[], [], [pr(7)]]},
        files_rule("config.yaml"),
        runs_rule((501, 4, REPO)),
    ]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.outputs["run-id"] == "501"
    assert len(result.gh("api", f"repos/{REPO}/commits/{SHA}/pulls")) == 3
    assert [c["argv"] for c in result.of("sleep")] == [["0"], ["5"], ["10"]]  # backoff


@pytest.mark.parametrize(
    "prs",
    [[], [pr(7, merged=False)], [pr(7, merge_sha="c" * 40)]],
    ids=["direct-push", "unmerged", "other-merge-commit"],
)
def test_locate_fails_red_when_no_pr_was_merged_as_the_commit(
    runner: Runner, prs: list[dict[str, Any]]
) -> None:
    runner.rules = [pulls_rule(*prs)]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 1
    assert "::error title=No reviewed plan::" in result.stdout
    lookups = result.gh("api", f"repos/{REPO}/commits/{SHA}/pulls")
    assert len(lookups) == len(result.of("sleep")) == 6  # LOOKUP_DELAYS: every lookup made
    assert sum(int(c["argv"][0]) for c in result.of("sleep")) >= 120  # minutes, not seconds, in all
    assert "run-id" not in result.outputs


def test_locate_skips_modelctl_own_apply_commit(runner: Runner) -> None:
    result = runner.run(
        "apply.yml", "locate", "find", HEAD_MESSAGE="modelctl: apply the reviewed plan (PR #7)", **LOCATE_PUSH
    )
    assert result.returncode == 0 and result.outputs == {} and result.calls == []


@pytest.mark.parametrize("ref", ["modelctl/weekly-sync", "modelctl/manual-123"])
def test_locate_skips_prs_that_carry_their_applied_plan(runner: Runner, ref: str) -> None:
    runner.rules = [pulls_rule(pr(8, ref=ref))]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 0, result.stderr
    assert result.outputs == {"pr-number": "8"}
    assert "nothing to apply" in result.summary


@pytest.mark.parametrize(
    "path",
    [".github/workflows/plan.yml", ".github/actions/x/action.yml", "modelctl/planner.py", "pyproject.toml"],
)
def test_locate_refuses_a_pr_that_changed_the_workflows_or_modelctl(runner: Runner, path: str) -> None:
    runner.rules = [pulls_rule(pr(7)), files_rule("config.yaml", path), runs_rule((501, 4, REPO))]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 1
    assert "::error title=Plan made by PR-controlled code::" in result.stdout and path in result.stdout
    assert "Re-plan on main" in result.outputs["refused"]
    assert "run-id" not in result.outputs


def test_template_locate_protects_the_workflows_only(runner: Runner, rendered: Path) -> None:
    runner.folder = rendered
    runner.rules = [
        pulls_rule(pr(7)),
        files_rule("config.yaml", "modelctl/notes.md"),
        runs_rule((501, 4, REPO)),
    ]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 0, result.stdout
    runner.rules[1] = files_rule(".github/workflows/apply.yml")
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 1 and ".github/workflows/apply.yml" in result.stdout


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([pulls_rule(pr(7, repo="evil/fork"))], "Fork pull request"),
        ([pulls_rule(pr(7, repo=None))], "Fork pull request"),
        ([pulls_rule(pr(7)), files_rule("config.yaml"), runs_rule()], "No plan for the merged commit"),
        (
            [pulls_rule(pr(7)), files_rule("config.yaml"), runs_rule((502, 9, "evil/fork"))],
            "No plan for the merged commit",
        ),
    ],
    ids=["fork", "deleted-fork", "no-run", "only-fork-runs"],
)
def test_locate_fails_without_a_trusted_plan(
    runner: Runner, rules: list[dict[str, Any]], message: str
) -> None:
    runner.rules = [*rules, WORKFLOW_RULE]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 1
    assert message in result.stdout
    assert "run-id" not in result.outputs


def run_rule(run_id: str, **overrides: Any) -> dict[str, Any]:
    run = {
        "workflow_id": 77,
        "conclusion": "success",
        "event": "schedule",
        "head_branch": "main",
        "head_sha": HEAD_SHA,
        "head_repository": {"full_name": REPO},
    }
    run.update(overrides)
    return {"match": [f"repos/{REPO}/actions/runs/{run_id}"], "json": run}


def test_locate_dispatch_accepts_a_default_branch_plan(runner: Runner) -> None:
    runner.rules = [run_rule("901"), WORKFLOW_RULE]
    result = runner.run(
        "apply.yml",
        "locate",
        "find",
        EVENT_NAME="workflow_dispatch",
        DEFAULT_BRANCH="main",
        GH_REPO=REPO,
        PLAN_RUN_ID="901",
    )
    assert result.returncode == 0, result.stderr
    assert result.outputs == {
        "run-id": "901",
        "artifact": f"modelctl-plan-{HEAD_SHA}",
        "source": "plan run 901",
    }


@pytest.mark.parametrize(
    ("run_id", "overrides"),
    [
        ("12; rm -rf /", {}),
        ("901", {"workflow_id": 78}),
        ("901", {"conclusion": None}),
        ("901", {"conclusion": "failure"}),
        ("901", {"event": "pull_request"}),
        ("901", {"head_branch": "feature"}),
        ("901", {"head_repository": None}),
    ],
    ids=["not-digits", "other-workflow", "running", "failed", "pr-plan", "branch", "fork"],
)
def test_locate_dispatch_refuses_other_runs(runner: Runner, run_id: str, overrides: dict[str, Any]) -> None:
    runner.rules = [run_rule("901", **overrides), WORKFLOW_RULE]
    result = runner.run(
        "apply.yml",
        "locate",
        "find",
        EVENT_NAME="workflow_dispatch",
        DEFAULT_BRANCH="main",
        GH_REPO=REPO,
        PLAN_RUN_ID=run_id,
    )
    assert result.returncode == 1
    assert "run-id" not in result.outputs
    assert "::error" in result.stdout


# plan.yml with the real modelctl, offline against snapshots --------------------------


def test_plan_and_render_steps_with_the_real_modelctl(runner: Runner) -> None:
    """The plan job's own shell steps, run with the real CLI against examples/catalogs."""
    real = runner.bin / "modelctl"
    real.write_text(f"#!{sys.executable}\nfrom modelctl.cli import run\nrun()\n", encoding="utf-8")
    (runner.work / "config.yaml").write_bytes(SEED_CONFIG.read_bytes())
    (runner.work / "providers.yaml").write_bytes(EXAMPLE_PROVIDERS.read_bytes())
    snapshots = str(ROOT / "examples" / "catalogs")
    result = runner.run("plan.yml", "plan", "plan", MODELCTL_CATALOG_DIR=snapshots)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.outputs["changes"] == "true"
    plan_file = runner.work / "plans" / "modelctl.plan.json"
    from modelctl.plan import read_plan

    plan = read_plan(plan_file)  # schema, version and checksum verified
    assert plan.summary["update"] > 0 and plan.summary["remove"] > 0
    assert {p.source for p in plan.providers.values()} == {"snapshot"}
    result = runner.run(
        "plan.yml",
        "plan",
        "Render the plan",
        EVENT_NAME="pull_request",
        RUN_ID="4242",
        MODELCTL_CATALOG_DIR=snapshots,
    )
    assert result.returncode == 0, result.stderr
    markdown = (runner.work / "plans" / "modelctl.plan.md").read_text()
    assert markdown.startswith(MARKER)
    summary_line = (
        f"Plan: {plan.summary['add']} to add, {plan.summary['update']} to change, "
        f"{plan.summary['remove']} to remove."
    )
    assert summary_line in markdown and summary_line in result.summary
    assert "openrouter/anthropic/claude-3.5-haiku" in markdown


# apply.yml / apply, report, outdate ------------------------------------------------


def test_apply_no_change_plan_is_not_an_error_even_when_stale(runner: Runner) -> None:
    write_plan(runner, changes=0)
    result = runner.run("apply.yml", "apply", "apply", FAKE_APPLY_RC="3", SOURCE="PR #7, plan run 5")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.outputs == {"result": "nochange"}
    assert result.of("modelctl") == []  # nothing to apply: the config's hash does not matter
    assert "no changes: nothing to apply" in result.summary


def test_apply_writes_the_reviewed_plan_to_the_summary(runner: Runner) -> None:
    write_plan(runner)
    (runner.work / "plans" / "modelctl.plan.md").write_text(f"{MARKER}\n## 1 to add\n")
    result = runner.run("apply.yml", "apply", "apply", SOURCE="PR #7, plan run 5")
    assert result.returncode == 0, result.stderr
    assert result.outputs == {"result": "applied"}
    assert "## 1 to add" in result.summary and "Applied the plan of PR #7" in result.summary


REPORT_ENV = {"GH_REPO": REPO, "PR_NUMBER": "7", "DEFAULT_BRANCH": "main", "RUN_URL": "https://x/runs/9"}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"APPLY_JOB": "success", "RESULT": "applied", "PUSHED": SHA},
            f"applied** the plan of PR #7, plan run 5 to `main` as {SHA}",
        ),
        ({"APPLY_JOB": "success", "RESULT": "nochange"}, "had no changes: nothing to apply"),
        ({"APPLY_JOB": "failure", "RESULT": "stale"}, "**stale**"),
        ({"APPLY_JOB": "failure", "RESULT": "failed"}, "apply failed"),
        ({"APPLY_JOB": "skipped", "REFUSED": "PR #7 changed .github/workflows/plan.yml"}, "refused"),
    ],
    ids=["applied", "nochange", "stale", "failed", "refused"],
)
def test_report_comments_the_result_on_the_merged_pr(
    runner: Runner, env: dict[str, str], expected: str
) -> None:
    result = runner.run("apply.yml", "report", "report", SOURCE="PR #7, plan run 5", **REPORT_ENV, **env)
    assert result.returncode == 0, result.stderr
    (post,) = result.gh("api", "--method", "POST")
    assert post["argv"][3] == f"repos/{REPO}/issues/7/comments"
    (body,) = post["files"].values()
    assert body.startswith("<!-- modelctl-apply -->\n") and expected in body
    if env.get("RESULT") == "stale":
        assert "re-plan with Actions > 'modelctl plan' > Run workflow on `main`" in body


def test_report_says_nothing_when_no_apply_was_needed(runner: Runner) -> None:
    result = runner.run("apply.yml", "report", "report", APPLY_JOB="skipped", **REPORT_ENV)
    assert result.returncode == 0 and result.calls == []


def test_outdate_marks_open_prs_plan_comments_once(runner: Runner) -> None:
    old = f"{MARKER}\n## Plan: 1 to add\n"
    runner.rules = [
        {"match": ["pr", "list", "--base", "main"], "stdout": "11\n12\n13\n"},
        {
            "match": [f"repos/{REPO}/issues/11/comments"],
            "json": [{"id": 1, "user": {"login": "github-actions[bot]"}, "body": old}],
        },
        {
            "match": [f"repos/{REPO}/issues/12/comments"],
            "json": [{"id": 2, "user": {"login": "alice"}, "body": old}],
        },
        {
            "match": [f"repos/{REPO}/issues/13/comments"],
            "json": [{"id": 3, "user": {"login": "github-actions[bot]"}, "body": old}],
        },
        {"match": [f"repos/{REPO}/issues/comments/1"], "json": {"body": old}},
        {
            "match": [f"repos/{REPO}/issues/comments/3"],
            "json": {"body": old.replace("\n", "\n<!-- modelctl-outdated -->\n", 1)},
        },
    ]
    result = runner.run("apply.yml", "outdate", "outdate", GH_REPO=REPO, DEFAULT_BRANCH="main", NEW_SHA=SHA)
    assert result.returncode == 0, result.stdout + result.stderr
    (patch,) = result.gh("api", "--method", "PATCH")  # #12: no plan comment; #13: already marked
    assert patch["argv"][3] == f"repos/{REPO}/issues/comments/1"
    (body,) = patch["files"].values()
    assert body.startswith(MARKER + "\n> [!WARNING] <!-- modelctl-outdated -->\n")
    assert f"now {SHA}" in body and body.endswith("## Plan: 1 to add\n")
    assert "Marked 1 open pull request" in result.summary


@pytest.mark.parametrize(("removals", "verb"), [(2, "POST"), (0, "DELETE")])
def test_comment_labels_plans_with_removals(runner: Runner, removals: int, verb: str) -> None:
    write_plan(runner, removals=removals)
    (runner.work / "plans" / "modelctl.plan.md").write_text(f"{MARKER}\n## Plan\n")
    runner.rules = [comments_rule()]
    result = runner.run("plan.yml", "comment", "comment", PLAN_RESULT="success", **COMMENT_ENV)
    assert result.returncode == 0, result.stderr
    labels = [c for c in result.gh("api", "--method", verb) if "/labels" in c["argv"][3]]
    assert len(labels) == 1
    if verb == "POST":
        assert labels[0]["argv"][3:] == [
            f"repos/{REPO}/issues/7/labels",
            "-f",
            "labels[]=modelctl:removal",
            "--silent",
        ]
    else:
        assert labels[0]["argv"][3] == f"repos/{REPO}/issues/7/labels/modelctl:removal"
