"""Lints and behaviour tests for the GitHub Actions workflows in .github/workflows.

Three layers:
1. External linters, offline: check-jsonschema (the GitHub workflow schema) and zizmor.
2. Structural rules: triggers, least privilege, pinned actions, secrets only in step `env:`.
3. Behaviour: the shell of the important `run:` steps is executed with bash (the same flags
   GitHub uses for `shell: bash`) against fake `modelctl` and `gh` commands and real git
   repositories, so exit-code handling, the PR comment upsert and the pushes are exercised.
   The fake `gh` applies each step's `--jq` filter with `jq` (preinstalled on GitHub runners).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ("ci.yml", "plan.yml", "apply.yml")
# Every workflow file gets the generic lints, including ones added later.
ALL = sorted({*NAMES, *(p.name for p in WORKFLOWS.glob("*.y*ml"))})
MARKER = "<!-- modelctl-plan -->"
PROVIDER_KEYS = ("REQUESTY_API_KEY", "NANOGPT_API_KEY", "POE_API_KEY", "NOVITA_API_KEY")
REPO = "acme/models"
SHA = "a" * 40
HEAD_SHA = "b" * 40


# --------------------------------------------------------------------------- helpers


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "triggers must be a mapping"
    return on


def tool(name: str, module: str | None = None) -> list[str]:
    """The console script installed next to this interpreter (the test extra), else PATH."""
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


def find_step(workflow: dict[Any, Any], job_id: str, key: str) -> dict[str, Any]:
    for step in workflow["jobs"][job_id]["steps"]:
        if key in (step.get("id"), step.get("name")):
            return dict(step)
    raise AssertionError(f"no step {key!r} in job {job_id!r}")


def all_run_text(workflow: dict[Any, Any]) -> str:
    return "\n".join(step.get("run", "") for _, step in all_steps(workflow))


# --------------------------------------------------------------------------- 1. linters


def test_the_three_workflows_exist() -> None:
    assert set(NAMES) <= {p.name for p in WORKFLOWS.glob("*.y*ml")}


@pytest.mark.parametrize("name", ALL)
def test_workflow_matches_the_github_workflow_schema(name: str) -> None:
    cmd = [
        *tool("check-jsonschema", "check_jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        str(WORKFLOWS / name),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_offline_has_no_findings() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN")}
    cmd = [*tool("zizmor"), "--offline", "--no-progress", "--color", "never", str(WORKFLOWS)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ALL)
def test_zizmor_ignores_carry_a_reason(name: str) -> None:
    for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines():
        match = re.search(r"zizmor: ignore\[[^\]]+\](.*)", line)
        if match:
            assert len(match.group(1).strip(" -:#")) >= 10, f"ignore without a reason: {line}"


# --------------------------------------------------------------------------- 2. structure


@pytest.mark.parametrize("name", ALL)
def test_least_privilege_permissions(name: str) -> None:
    workflow = load(name)
    top = workflow.get("permissions")
    assert top is not None, "declare top-level permissions"
    assert top not in ("write-all", "read-all"), top
    assert top == {} or all(v in ("read", "none") for v in top.values()), top
    for job_id, job in workflow["jobs"].items():
        perms = job.get("permissions", {})
        assert isinstance(perms, dict), f"{job_id}: permissions must be a mapping, not {perms}"


@pytest.mark.parametrize("name", ALL)
def test_secrets_only_in_step_env(name: str) -> None:
    workflow = load(name)
    for path, value in walk(workflow):
        if isinstance(value, str) and re.search(r"\bsecrets\b", value):
            assert len(path) == 6 and path[0] == "jobs" and path[2] == "steps", path
            assert path[4] == "env", f"secret outside a step's env: {path}"
            assert "toJSON" not in value, path


@pytest.mark.parametrize("name", ALL)
def test_no_expression_expansion_inside_run(name: str) -> None:
    for job_id, step in all_steps(load(name)):
        assert "${{" not in step.get("run", ""), f"{job_id}/{step.get('name')}: use env vars"


@pytest.mark.parametrize("name", ALL)
def test_actions_pinned_by_full_sha_with_version_comment(name: str) -> None:
    lines = (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()
    uses = [line for line in lines if re.match(r"\s*(- )?uses:", line)]
    assert uses
    for line in uses:
        assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$", line), line


@pytest.mark.parametrize("name", ALL)
def test_checkout_keeps_no_credentials(name: str) -> None:
    for job_id, step in all_steps(load(name)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, job_id


@pytest.mark.parametrize("name", ALL)
def test_conditions_are_bare_one_line_expressions(name: str) -> None:
    # A multi-line or `${{ }}`-wrapped `if:` can silently become an always-true string.
    workflow = load(name)
    conditions = [job.get("if") for job in workflow["jobs"].values()]
    conditions += [step.get("if") for _, step in all_steps(workflow)]
    for condition in filter(None, conditions):
        assert "\n" not in condition and "${{" not in condition, condition


@pytest.mark.parametrize("name", ALL)
def test_every_job_has_a_timeout(name: str) -> None:
    for job_id, job in load(name)["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), job_id


def test_ci_lints_type_checks_and_tests() -> None:
    workflow = load("ci.yml")
    on = triggers(workflow)
    assert "push" in on and "pull_request" in on
    steps = [step for _, step in all_steps(workflow)]
    python = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    assert python and python[0]["with"]["python-version"] == "3.11"
    runs = [s["run"].strip() for s in steps if "run" in s]
    assert runs == ["python -m pip install -e '.[test]'", "ruff check .", "mypy", "pytest"]


def test_plan_triggers() -> None:
    on = triggers(load("plan.yml"))
    assert set(on["pull_request"]["paths"]) >= {"config.yaml", "providers.yaml"}
    (cron,) = on["schedule"]
    assert len(cron["cron"].split()) == 5
    assert "workflow_dispatch" in on


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


def test_plan_keeps_provider_keys_away_from_write_tokens() -> None:
    workflow = load("plan.yml")
    plan_env = find_step(workflow, "plan", "plan")["env"]
    for key in PROVIDER_KEYS:  # every optional key reaches modelctl (a seed bug)
        assert plan_env[key] == f"${{{{ secrets.{key} }}}}"
    jobs = workflow["jobs"]
    assert jobs["plan"]["permissions"] == {"contents": "read"}
    assert jobs["comment"]["permissions"] == {"pull-requests": "write"}
    for job_id in ("comment", "sync"):
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
    assert apply["environment"] == "production"
    assert apply["permissions"] == {"actions": "read", "contents": "write"}
    assert set(workflow["jobs"]["locate"]["permissions"].values()) == {"read"}


# --------------------------------------------------------------------------- 3. behaviour

FAKE_MODELCTL = """\
import json, os, sys
from pathlib import Path

args = sys.argv[1:]
with open(os.environ["FAKE_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"cmd": "modelctl", "argv": args}) + "\\n")

def opt(*names):
    for name in names:
        if name in args:
            return args[args.index(name) + 1]
    return None

if args[0] == "plan":
    rc = int(os.environ.get("FAKE_PLAN_RC", "0"))
    if rc in (0, 2):
        Path(opt("-o", "--out")).write_text('{"fake": "plan"}', encoding="utf-8")
    sys.exit(rc)
if args[0] == "show":
    sys.stdout.write(os.environ.get("FAKE_MARKDOWN", "<!-- modelctl-plan -->\\n## Plan\\n"))
    sys.exit(0)
if args[0] == "apply":
    rc = int(os.environ.get("FAKE_APPLY_RC", "0"))
    if rc == 0 and os.environ.get("FAKE_APPLY_EDIT"):
        with open(opt("-c", "--config") or "config.yaml", "a", encoding="utf-8") as f:
            f.write(os.environ["FAKE_APPLY_EDIT"] + "\\n")
    sys.exit(rc)
sys.exit(99)
"""

FAKE_GH = """\
import json, os, subprocess, sys
from pathlib import Path

args = sys.argv[1:]
files = {}
for i, arg in enumerate(args):
    if "=@" in arg:
        files[arg] = Path(arg.split("=@", 1)[1]).read_text(encoding="utf-8")
    if arg == "--body-file":
        files[arg] = Path(args[i + 1]).read_text(encoding="utf-8")
with open(os.environ["FAKE_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"cmd": "gh", "argv": args, "files": files}) + "\\n")

joined = " ".join(args)
rules = json.loads(Path(os.environ["FAKE_GH_RULES"]).read_text(encoding="utf-8"))
for rule in rules:
    if all(part in joined for part in rule["match"]):
        break
else:
    rule = {}
for name, content in rule.get("download", {}).items():
    target = Path(args[args.index("--dir") + 1]) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
if "json" in rule:
    body = json.dumps(rule["json"])
    if "--jq" in args:
        body = subprocess.run(
            ["jq", "-r", args[args.index("--jq") + 1]],
            input=body, capture_output=True, text=True, check=True,
        ).stdout
    sys.stdout.write(body)
sys.exit(rule.get("rc", 0))
"""


@dataclass
class StepResult:
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str
    calls: list[dict[str, Any]]

    def gh(self, *words: str) -> list[dict[str, Any]]:
        return [c for c in self.calls if c["cmd"] == "gh" and c["argv"][: len(words)] == [*words]]


class Runner:
    """Runs one workflow step's `run:` script the way the runner does (bash -eo pipefail)."""

    def __init__(self, tmp: Path) -> None:
        if shutil.which("jq") is None:
            pytest.fail("jq is required by the fake gh (it is preinstalled on GitHub runners)")
        self.tmp = tmp
        self.bin = tmp / "bin"
        self.bin.mkdir()
        for name, source in (("modelctl", FAKE_MODELCTL), ("gh", FAKE_GH)):
            path = self.bin / name
            path.write_text(f"#!{sys.executable}\n{source}", encoding="utf-8")
            path.chmod(0o755)
        self.work = tmp / "work"
        self.work.mkdir()
        (self.work / "plans").mkdir()
        self.rules: list[dict[str, Any]] = []

    def run(self, workflow_name: str, job_id: str, step_key: str, **env: str) -> StepResult:
        workflow = load(workflow_name)
        step = find_step(workflow, job_id, step_key)
        runner_temp = self.tmp / "runner-temp"
        runner_temp.mkdir(exist_ok=True)
        files = {n: self.tmp / n for n in ("output", "summary", "log", "rules.json")}
        for name in ("output", "summary", "log"):
            files[name].write_text("", encoding="utf-8")
        files["rules.json"].write_text(json.dumps(self.rules), encoding="utf-8")
        full_env = {
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(self.tmp),
            "LANG": "C.UTF-8",
            "GIT_CONFIG_GLOBAL": str(self.tmp / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_OUTPUT": str(files["output"]),
            "GITHUB_STEP_SUMMARY": str(files["summary"]),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_SHA": SHA,
            "GITHUB_REF": "refs/heads/main",
            "GITHUB_REF_NAME": "main",
            "FAKE_LOG": str(files["log"]),
            "FAKE_GH_RULES": str(files["rules.json"]),
        }
        # Workflow, job and step env: expressions get a value only if the test gives one.
        for scope in (
            workflow.get("env", {}),
            workflow["jobs"][job_id].get("env", {}),
            step.get("env", {}),
        ):
            for key, value in scope.items():
                full_env[key] = "" if "${{" in str(value) else str(value)
        full_env.update(env)
        script = self.tmp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.work,
            env=full_env,
            capture_output=True,
            text=True,
            check=False,
        )
        outputs = {}
        for line in files["output"].read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            outputs[key] = value
        calls = [json.loads(x) for x in files["log"].read_text(encoding="utf-8").splitlines()]
        return StepResult(
            proc.returncode,
            proc.stdout,
            proc.stderr,
            outputs,
            files["summary"].read_text(encoding="utf-8"),
            calls,
        )

    def git_repo(self) -> Path:
        """Turn the work dir into a clone of a bare `origin` with config.yaml on main."""
        origin = self.tmp / "origin.git"
        git = ["git", "-c", "init.defaultBranch=main"]
        env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": str(self.tmp / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        subprocess.run([*git, "init", "--bare", "-q", str(origin)], check=True, env=env)
        subprocess.run([*git, "init", "-q", "-b", "main", str(self.work)], check=True, env=env)
        (self.work / "config.yaml").write_text("model_list: []\n", encoding="utf-8")
        (self.work / ".gitignore").write_text("plans/\n", encoding="utf-8")
        for cmd in (
            ["remote", "add", "origin", str(origin)],
            ["add", "config.yaml", ".gitignore"],
            ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init"],
            ["push", "-q", "origin", "main"],
        ):
            subprocess.run(["git", *cmd], cwd=self.work, check=True, env=env)
        return origin


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
    assert result.outputs == {"changes": changes}
    (call,) = result.calls
    assert call["argv"][:2] == ["plan", "-c"]
    assert "--detailed-exitcode" in call["argv"]
    assert (runner.work / "plans" / "modelctl.plan.json").exists()


@pytest.mark.parametrize("rc", [1, 3, 70])
def test_plan_step_error_fails_the_job(runner: Runner, rc: int) -> None:
    result = runner.run("plan.yml", "plan", "plan", FAKE_PLAN_RC=str(rc))
    assert result.returncode == 1
    assert "changes" not in result.outputs
    assert "modelctl plan failed" in result.summary
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
    result = runner.run("plan.yml", "sync", "pr", **SYNC_ENV)
    assert result.returncode == 0, result.stderr
    assert result.gh("auth", "setup-git")
    branch = "modelctl/weekly-sync"
    author, subject = git_out(origin, "log", "-1", "--format=%an|%s", branch).strip().split("|")
    assert author == "github-actions[bot]"
    assert subject == "modelctl: sync config.yaml with provider catalogs"
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
    result = runner.run("plan.yml", "sync", "pr", **SYNC_ENV)
    assert result.returncode == 0, result.stderr
    assert result.calls == []
    assert "modelctl/weekly-sync" not in git_out(origin, "branch", "--list")


# apply.yml / apply ----------------------------------------------------------------


@pytest.mark.parametrize(("workflow", "job"), [("apply.yml", "apply"), ("plan.yml", "sync")])
def test_apply_stale_plan_fails_loudly(runner: Runner, workflow: str, job: str) -> None:
    result = runner.run(workflow, job, "apply", FAKE_APPLY_RC="3", SOURCE="PR #7, plan run 5")
    assert result.returncode == 3
    assert "::error title=" in result.stdout and "stale" in result.stdout.lower()
    assert "re-plan" in result.stdout.lower()
    (call,) = result.calls
    assert call["argv"] == ["apply", "plans/modelctl.plan.json", "-c", "config.yaml"]


@pytest.mark.parametrize(("rc", "expected"), [(0, 0), (1, 1)])
def test_apply_exit_codes(runner: Runner, rc: int, expected: int) -> None:
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


def pr(number: int, ref: str = "feature", repo: str = REPO, merged: bool = True) -> dict[str, Any]:
    return {
        "number": number,
        "merged_at": "2025-01-01T00:00:00Z" if merged else None,
        "head": {"sha": HEAD_SHA, "ref": ref, "repo": {"full_name": repo}},
    }


def runs_rule(*runs: tuple[int, int, str]) -> dict[str, Any]:
    return {
        "match": [f"repos/{REPO}/actions/workflows/plan.yml/runs", f"head_sha={HEAD_SHA}"],
        "json": {
            "workflow_runs": [
                {"id": i, "run_number": n, "head_repository": {"full_name": repo}} for i, n, repo in runs
            ]
        },
    }


LOCATE_PUSH = {"EVENT_NAME": "push", "DEFAULT_BRANCH": "main", "GH_REPO": REPO}


def test_locate_finds_the_latest_plan_of_the_merged_pr(runner: Runner) -> None:
    runner.rules = [
        pulls_rule(pr(6, merged=False), pr(7)),
        runs_rule((500, 3, REPO), (501, 4, REPO), (502, 9, "evil/fork")),
        WORKFLOW_RULE,
    ]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 0, result.stderr
    assert result.outputs == {
        "run-id": "501",
        "artifact": f"modelctl-plan-{HEAD_SHA}",
        "source": "PR #7, plan run 501",
    }
    (runs_call,) = [c for c in result.gh("api") if "event=pull_request" in c["argv"]]
    assert "status=success" in runs_call["argv"]


@pytest.mark.parametrize(
    "prs",
    [[], [pr(7, merged=False)], [pr(8, ref="modelctl/weekly-sync")]],
    ids=["direct-push", "unmerged", "weekly-sync"],
)
def test_locate_skips_when_there_is_nothing_reviewed_to_apply(
    runner: Runner, prs: list[dict[str, Any]]
) -> None:
    runner.rules = [pulls_rule(*prs), WORKFLOW_RULE]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 0, result.stderr
    assert result.outputs == {}
    assert "nothing to apply" in result.summary


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([pulls_rule(pr(7, repo="evil/fork"))], "Fork pull request"),
        ([pulls_rule(pr(7)), runs_rule()], "No plan for the merged commit"),
        ([pulls_rule(pr(7)), runs_rule((502, 9, "evil/fork"))], "No plan for the merged commit"),
    ],
    ids=["fork", "no-run", "only-fork-runs"],
)
def test_locate_fails_without_a_trusted_plan(
    runner: Runner, rules: list[dict[str, Any]], message: str
) -> None:
    runner.rules = [*rules, WORKFLOW_RULE]
    result = runner.run("apply.yml", "locate", "find", **LOCATE_PUSH)
    assert result.returncode == 1
    assert message in result.stdout
    assert result.outputs == {}


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
    assert result.outputs == {}
    assert "::error" in result.stdout


# plan.yml with the real modelctl, offline against snapshots --------------------------


def test_plan_and_render_steps_with_the_real_modelctl(runner: Runner) -> None:
    """The plan job's own shell steps, run with the real CLI against examples/catalogs."""
    real = runner.bin / "modelctl"
    real.write_text(f"#!{sys.executable}\nfrom modelctl.cli import run\nrun()\n", encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    for name in ("config.yaml", "providers.yaml"):
        (runner.work / name).write_bytes((root / name).read_bytes())
    snapshots = str(root / "examples" / "catalogs")
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
