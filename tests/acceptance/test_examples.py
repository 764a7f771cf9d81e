"""Every example in every ``--help`` and every command in the README runs, as written, on the
bundled example (copies of tests/fixtures' config.yaml and providers.yaml, the same bytes as the
root's when they were bundled, and examples/ in a temporary folder).

Each runs in ``bash`` (pipes, redirections and quotes as a user types them) with ``modelctl`` on
PATH. Plans are made offline (``MODELCTL_CATALOG_DIR=examples/catalogs``), ``catalog fetch``
talks to the local fault server on 127.0.0.1, and any other request would go to a dead proxy:
nothing here reaches the network.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from modelctl.cli import app

from faultserver import FaultServer
from helpers import EXAMPLE_PROVIDERS, REPO, SEED_CONFIG

README = (REPO / "README.md").read_text(encoding="utf-8")
PLACEHOLDER_PLAN = "plans/latest.plan.json"
TEMPLATE = re.compile(r"…|\[|\bprovider:id\b|\b[A-Z]{3,}\b")


def _epilogs() -> Iterator[tuple[str, str]]:
    def walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[str, str]]:
        yield " ".join(path) or "(root)", command.epilog or ""
        for name, sub in sorted((getattr(command, "commands", None) or {}).items()):
            yield from walk(sub, (*path, name))

    yield from walk(typer.main.get_command(app), ())


def _clean(line: str) -> str:
    line = re.sub(r"\s{2,}#.*$", "", line.strip())  # a trailing '# comment'
    return line.split("&& ", 1)[1] if "&& modelctl" in line else line


def help_examples() -> list[tuple[str, str]]:
    found = []
    for where, epilog in _epilogs():
        for line in epilog.splitlines():
            if line.strip().startswith("modelctl "):
                found.append((f"{where} --help", _clean(line)))
    return found


def readme_commands() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            if line.startswith("modelctl ") or "&& modelctl " in line:
                found.append(("README block", _clean(line)))
    for span in re.findall(r"`(modelctl [^`]+)`", README):
        if len(span.split()) >= 3:  # a bare `modelctl apply` in prose names the command only
            found.append(("README text", span))
    out = []
    for where, command in found:
        command = re.sub(r"\bPLAN\b", PLACEHOLDER_PLAN, command).replace(
            "plans/<time>.plan.json", PLACEHOLDER_PLAN
        )
        if not TEMPLATE.search(command):
            out.append((where, command))
    return out


EXAMPLES = sorted(set(help_examples() + readme_commands()))


def test_the_examples_are_found() -> None:
    helps = help_examples()
    assert {where.split(" --help")[0] for where, _ in helps} >= {
        "(root)",
        "plan",
        "show",
        "apply",
        "validate",
        "providers",
        "init",
        "catalog",
        "catalog fetch",
    }
    assert len(helps) >= 20
    assert len(readme_commands()) >= 5


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def _tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")  # the bundled example, not the live root one
    shutil.copyfile(EXAMPLE_PROVIDERS, tmp_path / "providers.yaml")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    bin_dir = tmp_path / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "modelctl"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "from modelctl.cli import run; run()" "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "GITHUB_ACTIONS"}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        MODELCTL_CATALOG_DIR="examples/catalogs",
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="127.0.0.1",
        NO_COLOR="1",
    )
    return env


def _run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(("where", "command"), EXAMPLES, ids=[f"{w}: {c}" for w, c in EXAMPLES])
def test_example_runs(
    where: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: FaultServer
) -> None:
    env = _tree(tmp_path, monkeypatch)
    env.update(server.env())
    if "plans/" in command and not command.startswith("modelctl plan"):
        made = _run("modelctl plan -q", tmp_path, env)  # the plan the example shows or applies
        assert made.returncode == 0, made.stderr
        latest = tmp_path / "plans" / "latest.plan.json"
        shutil.copyfile(latest, tmp_path / "plans" / "20261125T101500Z.plan.json")
    before = (tmp_path / "config.yaml").read_bytes()
    res = _run(command, tmp_path, env)
    allowed = {0, 2} if "--detailed-exitcode" in command else {0}
    assert res.returncode in allowed, f"{where}: {command}\n{res.stdout[-2000:]}\n{res.stderr}"
    assert "Error" not in res.stderr, res.stderr
    if not command.startswith("modelctl apply"):
        assert (tmp_path / "config.yaml").read_bytes() == before
