"""Apply changes no byte outside the entries the plan touches; stale or tampered plans refused."""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path

import pytest

from helpers import openrouter_nvidia_snapshots, run_cli

ODD_CONFIG = """\
# Production proxy config. Comments here must survive every apply.
general_settings: {store_prompts_in_spend_logs: true}   # flow style stays
litellm_settings:
    drop_params: yes        # YAML 1.1 boolean, odd indentation

model_list:
  # --- OpenRouter -------------------------------------------------------
  - model_name: or-qwen3-coder   # the coder
    litellm_params:
      model: openrouter/qwen/qwen3-coder
      input_cost_per_token: 2.2e-07     # old price, comment kept
      output_cost_per_token: '9.5e-07'
  - model_name: retired
    litellm_params: {model: openrouter/nope/retired, input_cost_per_token: 1e-06}

  # an unmanaged entry with odd number formats
  - litellm_params:
        model: azure_ai/Phi-4-mini-instruct
        input_cost_per_token: 7.5e-08
        output_cost_per_token: 3e-7
        api_key: "os.environ/AZURE_API_KEY"
    model_name: az-phi
  - model_name: gpt-oss-20b
    litellm_params:
      model: openrouter/openai/gpt-oss-20b
      input_cost_per_token: 3.0e-08
      output_cost_per_token: 1.3e-07
      cache_read_input_token_cost: 3.0e-08
  - model_name: "quoted name"
    litellm_params:
      model: nvidia_nim/openai/gpt-oss-120b
      input_cost_per_token: 1.0e-09
      output_cost_per_token: 1.0e-09
  - model_name: flowy
    litellm_params: {model: openrouter/z-ai/glm-4.6v, input_cost_per_token: 1.0e-9,
      output_cost_per_token: 1.0e-9}
router_settings:   # trailing section
  routing_strategy: cost-based-routing
"""


def _plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str = ODD_CONFIG, *extra: str
) -> tuple[Path, Path]:
    config = tmp_path / "config.yaml"
    config.write_text(text)
    out = tmp_path / "plan.json"
    res = run_cli(
        capsys,
        "plan",
        "-c",
        config,
        "--catalog-dir",
        openrouter_nvidia_snapshots(tmp_path),
        "-p",
        "openrouter",
        "-p",
        "nvidia",
        "-o",
        out,
        "--allow-mass-removal",
        *extra,
    )
    assert res.code == 0, res.err
    return config, out


def test_only_touched_entries_change(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config, out = _plan(capsys, tmp_path)
    before = config.read_text()
    res = run_cli(capsys, "apply", out)
    assert res.code == 0, res.err
    assert res.out.rstrip().endswith("Apply complete: 0 added, 2 changed, 1 removed.")
    after = config.read_text()
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    changed_old_lines: set[int] = set()
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        if tag != "equal":
            changed_old_lines.update(range(i1, max(i2, i1 + 1)))
    touched = {
        i
        for i, line in enumerate(old)
        if any(s in line for s in ("2.2e-07", "'9.5e-07'", "nope/retired", "glm-4.6v", "model_name: flowy"))
    }
    # the qwen3-coder price lines, the retired entry, the flow entry: nothing else
    assert changed_old_lines <= touched | {i + 1 for i in touched}
    assert "# old price, comment kept" in after
    for line in (
        "# Production proxy config. Comments here must survive every apply.\n",
        "general_settings: {store_prompts_in_spend_logs: true}   # flow style stays\n",
        "    drop_params: yes        # YAML 1.1 boolean, odd indentation\n",
        "  # an unmanaged entry with odd number formats\n",
        "        output_cost_per_token: 3e-7\n",
        '        api_key: "os.environ/AZURE_API_KEY"\n',
        '  - model_name: "quoted name"\n',
        "router_settings:   # trailing section\n",
    ):
        assert line in after
    assert "      input_cost_per_token: 3.0e-07     # old price, comment kept\n" in after
    assert "      output_cost_per_token: 1.0e-06\n" in after
    assert "retired" not in after


def test_untouched_config_bytes_identical_when_no_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config, out = _plan(capsys, tmp_path)
    assert run_cli(capsys, "apply", out).code == 0
    applied = config.read_bytes()
    res = run_cli(
        capsys,
        "plan",
        "-c",
        config,
        "--catalog-dir",
        tmp_path / "catalogs",
        "-p",
        "openrouter",
        "-p",
        "nvidia",
        "-o",
        tmp_path / "again.json",
        "--detailed-exitcode",
    )
    assert res.code == 0, res.out + res.err
    assert res.out.rstrip().splitlines()[-1] == "No changes. config.yaml matches the provider catalogs."
    assert run_cli(capsys, "apply", tmp_path / "again.json").code == 0
    assert config.read_bytes() == applied


def test_stale_plan_refused_even_for_a_comment_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config, out = _plan(capsys, tmp_path)
    edited = config.read_bytes().replace(b"Comments here", b"Comments HERE")
    config.write_bytes(edited)
    res = run_cli(capsys, "apply", out)
    assert res.code == 3
    assert "stale" in res.err and "re-run 'modelctl plan'" in res.err
    assert config.read_bytes() == edited


def _patch_region(text: str) -> tuple[int, int]:
    start = text.index('"patch": [')
    return start, text.index('"checksum"', start)


@pytest.mark.parametrize("seed", range(12))
def test_tampered_plan_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path, seed: int) -> None:
    config, out = _plan(capsys, tmp_path)
    original = config.read_bytes()
    text = out.read_text()
    start, end = _patch_region(text)
    position = start + 10 + (seed * 7919) % (end - start - 10)
    char = text[position]
    replacement = "7" if char != "7" else "8"
    out.write_text(text[:position] + replacement + text[position + 1 :])
    res = run_cli(capsys, "apply", out)
    assert res.code == 3, (char, res.err)
    assert res.err.startswith("Error: ") and "Traceback" not in res.err
    assert config.read_bytes() == original


def test_tampered_value_with_recomputed_checksum_hits_test_guard(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Even a re-checksummed plan cannot change an entry whose pinned value differs."""
    from modelctl.plan import checksum

    config, out = _plan(capsys, tmp_path)
    doc = json.loads(out.read_text())
    for op in doc["patch"]:
        if op["op"] == "test" and op["path"].endswith("/litellm_params/model"):
            op["value"] = "openrouter/some/other-model"
            break
    body = {k: v for k, v in doc.items() if k != "checksum"}
    doc["checksum"] = checksum(body)
    out.write_text(json.dumps(doc))
    original = hashlib.sha256(config.read_bytes()).hexdigest()
    res = run_cli(capsys, "apply", out)
    assert res.code == 3 and "test" in res.err
    assert hashlib.sha256(config.read_bytes()).hexdigest() == original


def test_file_mode_kept(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config, out = _plan(capsys, tmp_path)
    config.chmod(0o640)
    assert run_cli(capsys, "apply", out).code == 0
    assert config.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
