"""Issue 16 through the CLI: the bundled example's track rule, --no-track / --track-only, the
--remove-model hint, and the "New models" section of the Markdown and text renderings."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from modelctl.providers.registry import load_registry

from helpers import EXAMPLE_PROVIDERS, REPO, SEED_CONFIG, run_cli

CATALOGS = REPO / "examples" / "catalogs"
COMMENTED_RULE = """\
    # track:
    #   - name: free-chat
    #     include: ["*:free"]
    #     exclude: ["*-preview*"]
    #     modes: [chat]
    #     min_context: 32000
"""


def uncommented(text: str) -> str:
    assert COMMENTED_RULE in text, "the example providers.yaml shows the commented track rule"
    return text.replace(COMMENTED_RULE, re.sub(r"(?m)^    # ", "    ", COMMENTED_RULE))


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")
    text = EXAMPLE_PROVIDERS.read_text("utf-8")
    (tmp_path / "providers.yaml").write_text(uncommented(text), encoding="utf-8")
    return tmp_path


def plan(capsys: pytest.CaptureFixture[str], *extra: str | Path) -> tuple[int, dict[str, Any], str, str]:
    out = Path("plan.json")
    if out.exists():
        out.unlink()
    result = run_cli(capsys, "plan", "--catalog-dir", CATALOGS, "-o", out, *extra)
    data = json.loads(out.read_text("utf-8")) if out.exists() else {}
    return result.code, data, result.out, result.err


def expected_free_chat() -> set[str]:
    """Computed from the bundled snapshot files and the config, without modelctl."""
    items = json.loads((CATALOGS / "openrouter.json").read_bytes())["data"]
    embeddings = {i["id"] for i in json.loads((CATALOGS / "openrouter.embeddings.json").read_bytes())["data"]}
    config = yaml.safe_load(SEED_CONFIG.read_bytes())["model_list"]
    have = {e["litellm_params"]["model"] for e in config}
    return {
        "openrouter/" + i["id"]
        for i in items
        if i["id"].endswith(":free")
        and "-preview" not in i["id"]
        and i["id"] not in embeddings
        and not i["architecture"]["modality"].endswith("->embeddings")
        and (i.get("context_length") or 0) >= 32000
        and "openrouter/" + i["id"] not in have
    }


def test_example_providers_yaml_shows_the_rule_commented() -> None:
    text = EXAMPLE_PROVIDERS.read_text("utf-8")
    assert COMMENTED_RULE in text
    assert load_registry(EXAMPLE_PROVIDERS).specs["openrouter"].track == ()


def test_bundled_example_with_the_rule_active_proposes_exactly_the_matching_models(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data, out, err = plan(capsys)
    assert code == 0, err
    tracked = {c["model"] for c in data["changes"] if c.get("rule") == "free-chat"}
    expected = expected_free_chat()
    assert tracked == expected and len(expected) == 13  # the count the README states
    assert {c["model"] for c in data["changes"] if c["action"] == "add"} == expected
    assert "New models from track rules (13):" in out
    assert "  openrouter: rule 'free-chat' (13)" in out
    # the same plan without the rule has no additions at all
    code, data, out, _ = plan(capsys, "--no-track")
    assert code == 0 and data["summary"]["add"] == 0 and "New models" not in out


def test_track_only_plans_only_the_additions_and_apply_then_plan_is_empty(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data, _, err = plan(capsys, "--track-only")
    assert code == 0, err
    assert {c["action"] for c in data["changes"]} == {"add"} and data["summary"]["add"] == 13
    applied = run_cli(capsys, "apply", "plan.json")
    assert applied.code == 0, applied.err
    code, data, out, _ = plan(capsys, "--track-only")
    assert code == 0 and data["patch"] == []
    assert "No changes." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--track-only", "--no-track"], "--track-only and --no-track contradict each other"),
        (["--track-only", "--add-model", "openrouter:z-ai/glm-5"], "--track-only plans track-rule additions"),
    ],
)
def test_track_only_conflicts_fail_before_anything_is_written(
    world: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, data, _, err = plan(capsys, *args)
    assert code == 1 and data == {}
    assert message in err


def test_remove_model_hints_at_the_ignore_list(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = "meta-llama/llama-3.3-70b-instruct:free"
    code, data, _, err = plan(capsys, "--remove-model", f"openrouter:{victim}", "--allow-mass-removal")
    assert code == 0, err
    assert [c["action"] for c in data["changes"] if c["model"] == "openrouter/" + victim] == ["remove"]
    assert f"add it to openrouter's ignore list in providers.yaml:  ignore: ['{victim}']" in err


def test_no_hint_without_track_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")
    out = tmp_path / "p.json"
    result = run_cli(
        capsys,
        "plan",
        "-c",
        tmp_path / "config.yaml",
        "--providers",
        EXAMPLE_PROVIDERS,
        "--catalog-dir",
        CATALOGS,
        "-o",
        out,
        "--remove-model",
        "openrouter:meta-llama/llama-3.3-70b-instruct:free",
    )
    assert result.code == 0, result.err
    assert "ignore" not in result.err


def test_markdown_new_models_section_grouped_by_rule_and_folded(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (world / "providers.yaml").read_text("utf-8")
    text = text.replace(
        "        min_context: 32000\n",
        "        min_context: 32000\n"
        '      - {name: gemma, include: ["google/gemma-4-*"], exclude: ["*:free"]}\n',
        1,
    )
    (world / "providers.yaml").write_text(text, encoding="utf-8")
    code, data, _, err = plan(capsys, "--track-only")
    assert code == 0, err
    gemma = [c for c in data["changes"] if c.get("rule") == "gemma"]
    assert 0 < len(gemma) <= 10
    shown = run_cli(capsys, "show", "plan.json", "--format", "markdown")
    assert shown.code == 0
    md = shown.out
    total = 13 + len(gemma)
    assert f"### 🆕 New models ({total})" in md
    assert "#### openrouter: rule `free-chat` (13 models)" in md
    assert f"#### openrouter: rule `gemma` ({len(gemma)} model" in md
    free_part = md.split("rule `free-chat`")[1].split("#### ")[0]
    gemma_part = md.split("rule `gemma`")[1].split("###")[0].split("<details><summary>YAML diff")[0]
    assert "<details><summary>Show 13 new models</summary>" in free_part  # over 10 rows: folded
    assert "<details>" not in gemma_part  # short: open
    assert "### 🟢 Additions" not in md  # every addition here came from a rule
    assert md.index("New models") < md.index("<sub>config")


def test_readme_declarations_load(tmp_path: Path) -> None:
    """The README's worked examples are valid providers.yaml declarations."""
    readme = (REPO / "README.md").read_text("utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, flags=re.S) if "track:" in b]
    complete = [b for b in blocks if "endpoints:" in b]
    assert len(complete) == 2
    for block in complete:
        path = tmp_path / "providers.yaml"
        path.write_text("format_version: 1\n" + block, encoding="utf-8")
        [spec] = load_registry(path).specs.values()
        assert spec.track
    partial = yaml.safe_load(next(b for b in blocks if "endpoints:" not in b))["providers"]["openrouter"]
    data = yaml.safe_load(EXAMPLE_PROVIDERS.read_text("utf-8"))
    data["providers"]["openrouter"].update(partial)
    path = tmp_path / "providers.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    spec = load_registry(path).specs["openrouter"]
    assert spec.track[0].limit == 20 and spec.track[0].label == "free-chat" and spec.ignore
