"""The README's commands work as written (run from a copy of the repository's example files)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE_PROVIDERS, REPO, SEED_CONFIG, run_cli

README = (REPO / "README.md").read_text()


def _code_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_readme_has_the_two_commands() -> None:
    blocks = _code_blocks()
    assert "pip install . && modelctl plan --catalog-dir examples/catalogs\n" in blocks
    assert "pip install -e '.[test]' && pytest\n" in blocks
    ci = (REPO / ".ci" / "run").read_text()
    assert "pip install -q -e '.[test]' && python -m pytest" in ci


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Copies of the root files: the workflows may rewrite the live root config at any time.
    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")
    shutil.copyfile(EXAMPLE_PROVIDERS, tmp_path / "providers.yaml")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_main_job_on_the_bundled_example(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    """`modelctl plan --catalog-dir examples/catalogs`, then show and apply the plan it wrote."""
    command = next(b for b in _code_blocks() if "modelctl plan" in b)
    argv = shlex.split(command.split("&&", 1)[1])
    assert argv[0] == "modelctl"
    res = run_cli(capsys, *argv[1:])
    assert res.code == 0, res.err
    last = res.out.rstrip().splitlines()[-1]
    assert re.fullmatch(r"Plan: \d+ to add, \d+ to change, \d+ to remove\.", last)
    for line in (
        "  ~ or-qwen3-coder  openrouter/qwen/qwen3-coder",
        "      input_cost_per_token: $0.22 / 1M -> $0.30 / 1M  (+36.4%)",
        "      suggested successor: anthropic/claude-haiku-4.5 (not applied)",
        "Removals (21; 4 model_names out of service):",
        "  - claude-3-5-haiku  openrouter/anthropic/claude-3.5-haiku",
        "  ~ claude-haiku-4-5  openai/anthropic/claude-haiku-4-5  [https://router.requesty.ai/v1]",
        "  - claude-3-5-haiku  openai/anthropic/claude-3-5-haiku  [https://router.requesty.ai/v1]",
        "Note: openrouter: model_list[52]: 'openai/gpt-oss-120b:exacto' is the routing variant :exacto",
    ):
        assert line in res.out  # the excerpt quoted in the README
    assert last in README
    plans = [p for p in (example / "plans").glob("*.plan.json") if p.name != "latest.plan.json"]
    assert len(plans) == 1
    assert run_cli(capsys, "show", plans[0], "--format", "markdown").code == 0
    before = (example / "config.yaml").read_text()
    res = run_cli(capsys, "apply", plans[0])
    assert res.code == 0, res.err
    assert (example / "config.yaml").read_text() != before
    assert run_cli(capsys, "validate").code == 0


def test_commands_table_matches_the_cli() -> None:
    import typer.main

    from modelctl.cli import app

    group = typer.main.get_command(app)
    documented = set(re.findall(r"^\| `modelctl (\w+)", README, flags=re.M))
    assert documented == set(group.commands)  # type: ignore[attr-defined]
