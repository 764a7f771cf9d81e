"""Run one GitHub Actions step's `run:` script the way the runner does, offline.

The script runs under `bash --noprofile --norc -eo pipefail` (GitHub's `shell: bash`) with the
workflow's, job's and step's `env:` (expressions left empty unless the test gives a value), a fake
`gh` (answers from rules; applies `--jq` with the real `jq`, as on the runners), a fake `sleep`
(logged, returns at once: no wall-clock waits) and either a fake or the real `modelctl`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
REPO = "acme/models"
SHA = "a" * 40

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
    else:
        err = os.environ.get("FAKE_PLAN_ERROR", "boom")
        sys.stderr.write("  x openrouter: failed\\nError: " + err + "\\n")
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

REAL_MODELCTL = "from modelctl.cli import run\nrun()\n"

FAKE_SLEEP = """\
import json, os, sys
with open(os.environ["FAKE_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"cmd": "sleep", "argv": sys.argv[1:]}) + "\\n")
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
rules_path = Path(os.environ["FAKE_GH_RULES"])
rules = json.loads(rules_path.read_text(encoding="utf-8"))
for rule in rules:
    if all(part in joined for part in rule["match"]):
        break
else:
    rule = {}
if "responses" in rule:  # answered in turn, the last one repeated
    answer = rule["responses"][min(rule.get("served", 0), len(rule["responses"]) - 1)]
    rule["served"] = rule.get("served", 0) + 1
    rules_path.write_text(json.dumps(rules), encoding="utf-8")
    rule = {**rule, "json": answer}
for name, content in rule.get("download", {}).items():
    target = Path(args[args.index("--dir") + 1]) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
if "json" in rule:
    body = json.dumps(rule["json"])
    if "--jq" in args:
        body = subprocess.run(
            ["jq", "-r", args[args.index("--jq") + 1]],
            input=body, capture_output=True, text=True, check=True, env=os.environ,
        ).stdout
    sys.stdout.write(body)
if "stdout" in rule:
    sys.stdout.write(rule["stdout"])
sys.exit(rule.get("rc", 0))
"""


def load(name: str, folder: Path = WORKFLOWS) -> dict[Any, Any]:
    data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def find_step(workflow: dict[Any, Any], job_id: str, key: str) -> dict[str, Any]:
    for step in workflow["jobs"][job_id]["steps"]:
        if key in (step.get("id"), step.get("name")):
            return dict(step)
    raise AssertionError(f"no step {key!r} in job {job_id!r}")


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

    def of(self, cmd: str) -> list[dict[str, Any]]:
        return [c for c in self.calls if c["cmd"] == cmd]


def git_env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": str(tmp / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "dev",
        "GIT_AUTHOR_EMAIL": "dev@example.com",
        "GIT_COMMITTER_NAME": "dev",
        "GIT_COMMITTER_EMAIL": "dev@example.com",
    }


def git(tmp: Path, repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=False, env=git_env(tmp)
    )
    assert proc.returncode == 0, f"git {args}: {proc.stderr}"
    return proc.stdout


class Runner:
    """Runs one workflow step's `run:` script the way the runner does (bash -eo pipefail)."""

    def __init__(self, tmp: Path, real_modelctl: bool = False) -> None:
        if shutil.which("jq") is None:
            pytest.fail("jq is required by the fake gh (it is preinstalled on GitHub runners)")
        self.tmp = tmp
        self.bin = tmp / "bin"
        self.bin.mkdir()
        modelctl = REAL_MODELCTL if real_modelctl else FAKE_MODELCTL
        for name, source in (("modelctl", modelctl), ("gh", FAKE_GH), ("sleep", FAKE_SLEEP)):
            path = self.bin / name
            # The fakes need only the standard library (and never the network): -S skips `site`,
            # half the cost of each of the suite's hundreds of fake calls. The real modelctl needs it.
            flags = "" if source is REAL_MODELCTL else " -S"
            path.write_text(f"#!{sys.executable}{flags}\n{source}", encoding="utf-8")
            path.chmod(0o755)
        self.work = tmp / "work"
        self.work.mkdir()
        (self.work / "plans").mkdir()
        self.rules: list[dict[str, Any]] = []
        self.folder = WORKFLOWS
        self.cwd: Path | None = None

    def run(self, workflow_name: str, job_id: str, step_key: str, /, **env: str) -> StepResult:
        """Run the step in `self.cwd` (default: the work dir)."""
        workflow = load(workflow_name, self.folder)
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
            # Kept: the suite's network block for Python subprocesses rides on it.
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
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
            cwd=self.cwd or self.work,
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

    def git_repo(self, files: dict[str, bytes] | None = None) -> Path:
        """Turn the work dir into a clone of a bare `origin` with config.yaml on main."""
        origin = self.tmp / "origin.git"
        git(self.tmp, self.tmp, "-c", "init.defaultBranch=main", "init", "--bare", "-q", str(origin))
        git(self.tmp, self.tmp, "-c", "init.defaultBranch=main", "init", "-q", "-b", "main", str(self.work))
        contents = files or {"config.yaml": b"model_list: []\n"}
        for name, data in contents.items():
            (self.work / name).write_bytes(data)
        (self.work / ".gitignore").write_text("plans/\n", encoding="utf-8")
        git(self.tmp, self.work, "remote", "add", "origin", str(origin))
        git(self.tmp, self.work, "add", ".gitignore", *contents)
        git(self.tmp, self.work, "commit", "-qm", "init")
        git(self.tmp, self.work, "push", "-q", "origin", "main")
        return origin

    def clone(self, origin: Path, name: str, branch: str = "main") -> Path:
        target = self.tmp / name
        git(self.tmp, self.tmp, "clone", "-q", "--branch", branch, str(origin), str(target))
        (target / "plans").mkdir(exist_ok=True)
        return target
