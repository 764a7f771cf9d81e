"""End to end through the workflows' own shell steps: the real modelctl (offline, from the bundled
catalog snapshots), real git repositories pushing to a bare "origin", and a fake `gh` that serves
the GitHub API answers and the plan artifact.

PR plan -> comment -> merge (merge, squash, rebase) -> locate -> apply -> push -> result comment,
plus the stale and manual-dispatch (issue 17) flows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from liveconfig import copying_the_repository

from modelctl.apply import render_applied
from modelctl.plan import read_plan

from helpers import EXAMPLE_PROVIDERS, SEED_CONFIG
from workflow_runner import REPO, ROOT, Runner, StepResult, git

CATALOGS = str(ROOT / "examples" / "catalogs")
MARKER = "<!-- modelctl-plan -->"
# An OpenRouter id that the bundled snapshot lists and the seed config does not have.
NEW_OPENROUTER_ID = "openai/gpt-4o-mini"


class Flow:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.runner = Runner(tmp, real_modelctl=True)
        self.origin = self.runner.git_repo(
            {"config.yaml": SEED_CONFIG.read_bytes(), "providers.yaml": EXAMPLE_PROVIDERS.read_bytes()}
        )
        self.artifacts: dict[str, dict[str, str]] = {}

    def git(self, repo: Path, *args: str) -> str:
        return git(self.tmp, repo, *args)

    def step(self, workflow: str, job: str, step: str, cwd: Path, **env: str) -> StepResult:
        self.runner.cwd = cwd
        try:
            return self.runner.run(workflow, job, step, MODELCTL_CATALOG_DIR=CATALOGS, **env)
        finally:
            self.runner.cwd = None

    def open_pr(self, branch: str, edit: bytes) -> tuple[Path, str]:
        """A PR branch that appends `edit` to config.yaml; returns its checkout and head sha."""
        work = self.runner.clone(self.origin, f"pr-{branch}")
        self.git(work, "switch", "-q", "-c", branch)
        with (work / "config.yaml").open("ab") as handle:
            handle.write(edit)
        self.git(work, "commit", "-qam", f"{branch}: edit the config")
        self.git(work, "push", "-q", "origin", branch)
        return work, self.git(work, "rev-parse", "HEAD").strip()

    def pr_plan(self, work: Path, head_sha: str, run_id: int) -> StepResult:
        """plan.yml on the PR: plan, render, 'upload' the artifact, comment."""
        plan = self.step("plan.yml", "plan", "plan", work)
        assert plan.returncode == 0, plan.stdout + plan.stderr
        render = self.step(
            "plan.yml", "plan", "Render the plan", work, EVENT_NAME="pull_request", RUN_ID=str(run_id)
        )
        assert render.returncode == 0, render.stderr
        self.artifacts[str(run_id)] = {
            p.name: p.read_text(encoding="utf-8") for p in (work / "plans").iterdir()
        }
        self.runner.rules = [{"match": ["--paginate", f"repos/{REPO}/issues/7/comments"], "json": []}]
        comment = self.step(
            "plan.yml",
            "comment",
            "comment",
            work,
            PLAN_RESULT="success",
            PR_NUMBER="7",
            HEAD_SHA=head_sha,
            BASE_SHA="0" * 40,
            GH_REPO=REPO,
            RUN_URL=f"https://github.com/{REPO}/actions/runs/{run_id}",
        )
        assert comment.returncode == 0, comment.stderr
        (post,) = [c for c in comment.gh("api", "--method", "POST") if c["argv"][3].endswith("/comments")]
        (body,) = post["files"].values()
        assert body.startswith(MARKER) and self.artifacts[str(run_id)]["modelctl.plan.md"].strip() in body
        return plan

    def merge(self, branch: str, mode: str) -> str:
        """Merge the PR the way GitHub's button does; returns the commit pushed to main."""
        work = self.runner.clone(self.origin, f"merge-{branch}-{mode}")
        self.git(work, "fetch", "-q", "origin", branch)
        if mode == "merge":
            self.git(work, "merge", "-q", "--no-ff", "-m", "Merge pull request #7", "FETCH_HEAD")
        elif mode == "squash":
            self.git(work, "merge", "-q", "--squash", "FETCH_HEAD")
            self.git(work, "commit", "-qm", "edit the config (#7)")
        else:  # rebase: the PR's commits re-created on top of main
            self.git(work, "cherry-pick", "FETCH_HEAD")
        self.git(work, "push", "-q", "origin", "main")
        return self.git(work, "rev-parse", "HEAD").strip()

    def locate(self, merge_sha: str, head_sha: str, run_id: int, files: list[str]) -> StepResult:
        self.runner.rules = [
            {
                "match": [f"repos/{REPO}/commits/{merge_sha}/pulls"],
                "json": [
                    {
                        "number": 7,
                        "merged_at": "2026-12-01T00:00:00Z",
                        "merge_commit_sha": merge_sha,
                        "head": {"sha": head_sha, "ref": "feature", "repo": {"full_name": REPO}},
                    }
                ],
            },
            {"match": [f"repos/{REPO}/pulls/7/files"], "json": [{"filename": f} for f in files]},
            {
                "match": [f"head_sha={head_sha}"],
                "json": {
                    "workflow_runs": [
                        {
                            "id": run_id,
                            "run_number": 3,
                            "status": "completed",
                            "conclusion": "success",
                            "head_repository": {"full_name": REPO},
                        }
                    ]
                },
            },
        ]
        return self.step(
            "apply.yml",
            "locate",
            "find",
            self.tmp,
            EVENT_NAME="push",
            DEFAULT_BRANCH="main",
            GH_REPO=REPO,
            GITHUB_SHA=merge_sha,
        )

    def apply(self, outputs: dict[str, str], merge_sha: str) -> tuple[Path, dict[str, StepResult]]:
        """apply.yml's apply job on a fresh checkout of main's tip."""
        work = self.runner.clone(self.origin, f"apply-{outputs['run-id']}")
        self.runner.rules = [
            {"match": ["run", "download", outputs["run-id"]], "download": self.artifacts[outputs["run-id"]]}
        ]
        env = {"GITHUB_SHA": merge_sha, "SOURCE": outputs["source"]}
        results = {
            "download": self.step(
                "apply.yml",
                "apply",
                "Download the reviewed plan",
                work,
                PLAN_RUN_ID=outputs["run-id"],
                PLAN_ARTIFACT=outputs["artifact"],
                GH_REPO=REPO,
                **env,
            )
        }
        assert results["download"].returncode == 0, results["download"].stdout
        results["apply"] = self.step("apply.yml", "apply", "apply", work, **env)
        if results["apply"].outputs.get("result") == "applied":
            results["push"] = self.step("apply.yml", "apply", "push", work, RUN_URL="https://x/runs/9", **env)
        return work, results

    def report(self, locate: StepResult, apply: dict[str, StepResult]) -> str:
        push = apply.get("push")
        result = self.step(
            "apply.yml",
            "report",
            "report",
            self.tmp,
            GH_REPO=REPO,
            PR_NUMBER=locate.outputs["pr-number"],
            SOURCE=locate.outputs.get("source", ""),
            REFUSED=locate.outputs.get("refused", ""),
            APPLY_JOB="success" if apply["apply"].returncode == 0 else "failure",
            RESULT=apply["apply"].outputs.get("result", ""),
            PUSHED=push.outputs.get("pushed", "") if push else "",
            DEFAULT_BRANCH="main",
            RUN_URL="https://x/runs/9",
        )
        assert result.returncode == 0, result.stderr
        (post,) = result.gh("api", "--method", "POST")
        (body,) = post["files"].values()
        return str(body)


@pytest.fixture
def flow(tmp_path: Path) -> Flow:
    return Flow(tmp_path)


@pytest.mark.parametrize("mode", ["merge", "squash", "rebase"])
def test_pr_plan_comment_merge_apply_push(flow: Flow, mode: str) -> None:
    work, head = flow.open_pr("feature", b"# reviewed in PR 7\n")
    plan = flow.pr_plan(work, head, run_id=101)
    assert plan.outputs["changes"] == "true"
    merge_sha = flow.merge("feature", mode)

    locate = flow.locate(merge_sha, head, 101, ["config.yaml"])
    assert locate.returncode == 0, locate.stdout + locate.stderr
    assert locate.outputs["run-id"] == "101" and locate.outputs["artifact"] == f"modelctl-plan-{head}"

    merged_config = flow.git(flow.origin, "show", f"{merge_sha}:config.yaml").encode()
    apply_dir, results = flow.apply(locate.outputs, merge_sha)
    assert results["apply"].returncode == 0, results["apply"].stdout + results["apply"].stderr
    assert "## The reviewed plan (PR #7, plan run 101)" in results["apply"].summary
    push = results["push"]
    assert push.returncode == 0, push.stdout + push.stderr

    # main now holds exactly the reviewed plan applied to the merged config.
    reviewed = read_plan(apply_dir / "plans" / "modelctl.plan.json")
    expected = render_applied(reviewed, merged_config, Path("config.yaml"))
    tip = flow.git(flow.origin, "rev-parse", "main").strip()
    assert push.outputs == {"pushed": tip}
    assert flow.git(flow.origin, "show", "main:config.yaml").encode() == expected
    assert b"# reviewed in PR 7" in expected
    assert flow.git(flow.origin, "log", "-1", "--format=%s", "main").strip() == (
        "modelctl: apply the reviewed plan (PR #7, plan run 101)"
    )
    assert flow.git(flow.origin, "rev-parse", "main~1").strip() == merge_sha

    body = flow.report(locate, results)
    assert f"**modelctl applied** the plan of PR #7, plan run 101 to `main` as {tip}" in body


def test_stale_plan_is_refused_and_reported(flow: Flow) -> None:
    work, head = flow.open_pr("feature", b"# reviewed in PR 7\n")
    flow.pr_plan(work, head, run_id=101)
    # Another change to the config lands on main before the PR is merged.
    other = flow.runner.clone(flow.origin, "other")
    config = other / "config.yaml"
    config.write_bytes(b"# someone else's change\n" + config.read_bytes())  # no conflict with the PR
    flow.git(other, "commit", "-qam", "other change")
    flow.git(other, "push", "-q", "origin", "main")
    merge_sha = flow.merge("feature", "merge")
    before = flow.git(flow.origin, "rev-parse", "main").strip()

    locate = flow.locate(merge_sha, head, 101, ["config.yaml"])
    assert locate.returncode == 0, locate.stdout
    _, results = flow.apply(locate.outputs, merge_sha)
    assert results["apply"].returncode == 3
    assert results["apply"].outputs == {"result": "stale"}
    assert "push" not in results
    assert flow.git(flow.origin, "rev-parse", "main").strip() == before  # nothing pushed
    body = flow.report(locate, results)
    assert "**stale**" in body and "re-plan" in body


def test_no_change_plan_applies_nothing_after_another_merge(flow: Flow) -> None:
    # The PR plans a config that is already in sync: first bring main in sync with the snapshots.
    sync = flow.runner.clone(flow.origin, "sync")
    assert flow.step("plan.yml", "plan", "plan", sync).returncode == 0
    assert flow.step("plan.yml", "propose", "apply", sync).returncode == 0
    flow.git(sync, "commit", "-qam", "in sync")
    flow.git(sync, "push", "-q", "origin", "main")
    work, head = flow.open_pr("feature", b"# only a comment\n")
    plan = flow.pr_plan(work, head, run_id=202)
    assert plan.outputs["changes"] == "false"
    other = flow.runner.clone(flow.origin, "other")
    (other / "README").write_text("x")
    config = other / "config.yaml"
    config.write_bytes(b"# another merge\n" + config.read_bytes())
    flow.git(other, "add", "README")
    flow.git(other, "commit", "-qam", "other change")
    flow.git(other, "push", "-q", "origin", "main")
    merge_sha = flow.merge("feature", "squash")
    before = flow.git(flow.origin, "rev-parse", "main").strip()
    locate = flow.locate(merge_sha, head, 202, ["config.yaml"])
    _, results = flow.apply(locate.outputs, merge_sha)
    assert results["apply"].returncode == 0, results["apply"].stdout
    assert results["apply"].outputs == {"result": "nochange"}
    assert flow.git(flow.origin, "rev-parse", "main").strip() == before
    assert "had no changes: nothing to apply" in flow.report(locate, results)


def test_pr_editing_the_workflows_is_refused_and_reported(flow: Flow) -> None:
    work, head = flow.open_pr("feature", b"# edit\n")
    flow.pr_plan(work, head, run_id=101)
    merge_sha = flow.merge("feature", "merge")
    locate = flow.locate(merge_sha, head, 101, ["config.yaml", ".github/workflows/plan.yml"])
    assert locate.returncode == 1
    assert "run-id" not in locate.outputs  # the apply job does not run
    body = flow.step(
        "apply.yml",
        "report",
        "report",
        flow.tmp,
        GH_REPO=REPO,
        PR_NUMBER="7",
        REFUSED=locate.outputs["refused"],
        APPLY_JOB="skipped",
        DEFAULT_BRANCH="main",
        RUN_URL="u",
    ).gh("api", "--method", "POST")[0]["files"]
    (text,) = body.values()
    assert "refused" in text and ".github/workflows/plan.yml" in text


def test_fork_pr_gets_no_comment_and_no_apply(flow: Flow) -> None:
    from workflow_runner import load

    comment_if = load("plan.yml")["jobs"]["comment"]["if"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment_if
    merge_sha = flow.git(flow.origin, "rev-parse", "main").strip()
    flow.runner.rules = [
        {
            "match": [f"repos/{REPO}/commits/{merge_sha}/pulls"],
            "json": [
                {
                    "number": 9,
                    "merged_at": "2026-12-01T00:00:00Z",
                    "merge_commit_sha": merge_sha,
                    "head": {"sha": "f" * 40, "ref": "main", "repo": {"full_name": "evil/models"}},
                }
            ],
        }
    ]
    result = flow.step(
        "apply.yml",
        "locate",
        "find",
        flow.tmp,
        EVENT_NAME="push",
        DEFAULT_BRANCH="main",
        GH_REPO=REPO,
        GITHUB_SHA=merge_sha,
    )
    assert result.returncode == 1 and "Fork pull request" in result.stdout
    assert result.outputs["pr-number"] == "9" and "fork" in result.outputs["refused"]


# issue 17: add or remove models from the Actions tab ---------------------------------


def dispatch(flow: Flow, run_id: str, **inputs: str) -> tuple[Path, StepResult]:
    work = flow.runner.clone(flow.origin, f"dispatch-{run_id}")
    env = {"REF_NAME": "main", "DEFAULT_BRANCH": "main", "GITHUB_RUN_ID": run_id, **inputs}
    return work, flow.step("plan.yml", "plan", "plan", work, **env)


def test_manual_add_model_opens_a_pr_holding_exactly_the_applied_plan(flow: Flow) -> None:
    work, plan = dispatch(
        flow,
        "777",
        ADD_MODEL=f"openrouter:{NEW_OPENROUTER_ID}",
        MODEL_NAME="team-mini",
        PROVIDERS="openrouter",
    )
    assert plan.returncode == 0, plan.stdout + plan.stderr
    assert plan.outputs == {"manual": "true", "changes": "true"}
    render = flow.step(
        "plan.yml", "plan", "Render the plan", work, EVENT_NAME="workflow_dispatch", RUN_ID="777"
    )
    assert render.returncode == 0
    main_config = (work / "config.yaml").read_bytes()
    reviewed = read_plan(work / "plans" / "modelctl.plan.json")
    assert [(c.action, c.model_name) for c in reviewed.changes if c.action == "add"] == [("add", "team-mini")]

    apply = flow.step("plan.yml", "propose", "apply", work)
    assert apply.returncode == 0, apply.stdout + apply.stderr
    flow.runner.rules = [
        {"match": ["pr", "list"], "json": []},
        {"match": ["pr", "create"], "stdout": f"https://github.com/{REPO}/pull/31\n"},
    ]
    pr = flow.step(
        "plan.yml",
        "propose",
        "pr",
        work,
        GH_REPO=REPO,
        BASE_BRANCH="main",
        MANUAL="true",
        RUN_ID="777",
        RUN_URL=f"https://github.com/{REPO}/actions/runs/777",
    )
    assert pr.returncode == 0, pr.stdout + pr.stderr
    assert pr.outputs == {"branch": "modelctl/manual-777", "number": "31"}
    branch_config = flow.git(flow.origin, "show", "modelctl/manual-777:config.yaml").encode()
    assert branch_config == render_applied(reviewed, main_config, Path("config.yaml"))
    assert b"team-mini" in branch_config
    # Only config.yaml differs from main; the PR body and its comment are the plan's Markdown.
    changed = flow.git(flow.origin, "diff", "--name-only", "main", "modelctl/manual-777").split()
    assert changed == ["config.yaml"]
    markdown = (work / "plans" / "modelctl.plan.md").read_text()
    (create,) = pr.gh("pr", "create")
    assert create["files"]["--body-file"].startswith(markdown)
    assert create["argv"][create["argv"].index("--title") + 1].startswith("modelctl: 1 to add")
    (comment,) = pr.gh("pr", "comment")
    assert comment["argv"][2] == "31" and comment["files"]["--body-file"] == markdown


@pytest.mark.parametrize(
    ("inputs", "error"),
    [
        ({"ADD_MODEL": "nosuchprovider:some/model"}, "nosuchprovider"),
        ({"ADD_MODEL": "openrouter:a openrouter:b", "MODEL_NAME": "x"}, "--model-name"),
    ],
    ids=["unknown-provider", "model-name-with-several-ids"],
)
def test_manual_dispatch_with_bad_input_fails_with_the_error_and_opens_nothing(
    flow: Flow, inputs: dict[str, str], error: str
) -> None:
    work, plan = dispatch(flow, "778", **inputs)
    assert plan.returncode == 1
    assert "changes" not in plan.outputs  # the propose job (needs changes == 'true') does not run
    assert error in plan.summary and "modelctl plan failed" in plan.summary
    assert plan.gh() == []
    assert "modelctl/manual" not in flow.git(flow.origin, "branch", "--list", "--all")
    assert not (work / "plans" / "modelctl.plan.json").exists()


def test_manual_edits_plan_the_default_branch_only(flow: Flow) -> None:
    work = flow.runner.clone(flow.origin, "elsewhere")
    result = flow.step(
        "plan.yml", "plan", "plan", work, SORT="true", REF_NAME="feature", DEFAULT_BRANCH="main"
    )
    assert result.returncode == 1 and "Wrong branch" in result.stdout
    assert result.of("modelctl") == []


def test_dispatch_inputs_reach_the_shell_only_through_env() -> None:
    from workflow_runner import load

    step = next(s for s in load("plan.yml")["jobs"]["plan"]["steps"] if s.get("id") == "plan")
    for name, var in (
        ("add-model", "ADD_MODEL"),
        ("model-name", "MODEL_NAME"),
        ("remove-model", "REMOVE_MODEL"),
    ):
        assert step["env"][var] == f"${{{{ inputs.{name} }}}}"
        assert "inputs." not in step["run"]


# This repository as its own first user ------------------------------------------------


def test_suite_passes_after_the_root_config_is_applied(tmp_path: Path) -> None:
    """The workflows may rewrite the root config.yaml/providers.yaml any time: apply the bundled-example
    plan to them in a copy of the repository and run the fast subset of the suite there."""
    copy = tmp_path / "repo"
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    with copying_the_repository():  # the live root config is copied too (conftest.py refuses reads)
        for name in filter(None, files):
            source = ROOT / name.decode()
            if source.is_file():
                (copy / name.decode()).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, copy / name.decode())
    modelctl = [sys.executable, "-c", "from modelctl.cli import run; run()"]
    before = (copy / "config.yaml").read_bytes()
    plan = subprocess.run(
        [*modelctl, "plan", "--catalog-dir", "examples/catalogs", "-o", "plans/root.json", "-q"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert plan.returncode == 0, plan.stderr
    applied = subprocess.run(
        [*modelctl, "apply", "plans/root.json", "-q"], cwd=copy, capture_output=True, text=True, check=False
    )
    assert applied.returncode == 0, applied.stderr
    assert (copy / "config.yaml").read_bytes() != before  # the root config really changed
    # the tests that run commands as a user would (in-process reads are refused everywhere by
    # conftest.py's audit hook; a subprocess reading the root config would show up here)
    subset = [
        "tests/acceptance/test_plan_cli.py",
        "tests/acceptance/test_json_contract.py",
        "tests/acceptance/test_readme.py",
    ]
    # The copy's own conftest sets up its environment (e.g. PYTHONPATH) afresh.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("PYTEST_")}
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", "-x", *subset],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-2000:]
    assert " passed" in suite.stdout


def test_re_run_with_an_existing_artifact_updates_the_comment_and_is_applied(flow: Flow) -> None:
    """ "Re-run all jobs": the same run uploads again (overwrite: true), edits the one comment, and
    apply takes that run (its run number is unchanged, its newest attempt succeeded)."""
    from workflow_runner import load

    upload = next(
        s for s in load("plan.yml")["jobs"]["plan"]["steps"] if "upload-artifact" in s.get("uses", "")
    )
    assert upload["with"]["overwrite"] is True
    work, head = flow.open_pr("feature", b"# reviewed in PR 7\n")
    flow.pr_plan(work, head, run_id=101)
    first = dict(flow.artifacts["101"])
    # Attempt 2 of the same run: the comment exists now and is edited in place.
    plan = flow.step("plan.yml", "plan", "plan", work)
    assert plan.returncode == 0
    assert flow.step("plan.yml", "plan", "Render the plan", work, EVENT_NAME="pull_request").returncode == 0
    flow.artifacts["101"] = {p.name: p.read_text(encoding="utf-8") for p in (work / "plans").iterdir()}
    # the same files again, re-made (created_at has one-second resolution: the bytes may or may not
    # differ, so only the set of files and their being a fresh, valid render is asserted)
    assert set(flow.artifacts["101"]) == set(first)
    assert flow.artifacts["101"]["modelctl.plan.md"].startswith(first["modelctl.plan.md"][:40])
    flow.runner.rules = [
        {
            "match": ["--paginate", f"repos/{REPO}/issues/7/comments"],
            "json": [{"id": 55, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\n## old"}],
        }
    ]
    comment = flow.step(
        "plan.yml",
        "comment",
        "comment",
        work,
        PLAN_RESULT="success",
        PR_NUMBER="7",
        HEAD_SHA=head,
        GH_REPO=REPO,
    )
    assert comment.returncode == 0
    (patch,) = comment.gh("api", "--method", "PATCH")
    assert patch["argv"][3] == f"repos/{REPO}/issues/comments/55"
    assert not [c for c in comment.gh("api", "--method", "POST") if c["argv"][3].endswith("/comments")]
    merge_sha = flow.merge("feature", "squash")
    locate = flow.locate(merge_sha, head, 101, ["config.yaml"])
    assert locate.outputs["run-id"] == "101"
    _, results = flow.apply(locate.outputs, merge_sha)
    assert results["apply"].outputs == {"result": "applied"} and results["push"].returncode == 0
