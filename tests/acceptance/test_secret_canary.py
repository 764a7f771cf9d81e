"""Issue 11 item 3: a secret written into a config never reaches a plan, the output or a PR comment;
``validate`` warns about it without showing it. Issue 11 item 4: validate agrees with LiteLLM.

The canary is a literal ``api_key`` (and other secret-bearing keys) on entries the plan updates,
removes and leaves alone, in the shape real published configs have them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from modelctl.providers.registry import load_registry
from modelctl.validate import validate_config

from helpers import SEED_CONFIG, run_cli
from provider_catalogs import real_snapshot_dir

CANARY = "sk-or-v1-canary0123456789abcdef0123456789abcdef0123456789abcdef"
AWS_CANARY = "AKIACANARY0123456789"
MASTER_CANARY = "sk-master-canary-4242"

CONFIG = f"""\
general_settings:
  master_key: {MASTER_CANARY}
model_list:
- model_name: gpt-oss-120b
  litellm_params:
    model: openrouter/openai/gpt-oss-120b
    api_key: {CANARY}
    input_cost_per_token: 1.0e-06
    output_cost_per_token: 1.0e-06
- model_name: retired
  litellm_params:
    model: openrouter/anthropic/claude-3.5-haiku
    api_key: {CANARY}
    aws_access_key_id: {AWS_CANARY}
    input_cost_per_token: 8.0e-07
- model_name: fast
  litellm_params:
    model: openrouter/openai/gpt-oss-120b:nitro
    api_key: "{CANARY}"
    input_cost_per_token: 1.0e-06
- model_name: bedrock
  litellm_params:
    model: bedrock/anthropic.claude-3-haiku
    aws_access_key_id: {AWS_CANARY}
    aws_region_name: us-east-1
"""

SECRETS = (CANARY, AWS_CANARY, MASTER_CANARY)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    real_snapshot_dir(tmp_path / "catalogs", ["openrouter"])
    return tmp_path


def _plan(capsys: pytest.CaptureFixture[str], fmt: str, out: Path) -> tuple[str, str]:
    res = run_cli(capsys, "plan", "-p", "openrouter", "--catalog-dir", "catalogs", "--format", fmt, "-o", out)
    assert res.code == 0, res.err
    return res.out, res.err


def _assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"a secret reached {where}"


def test_no_secret_in_changes_notes_or_any_rendering(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    out, err = _plan(capsys, "text", project / "p.json")
    _assert_clean(out + err, "the text output")
    doc = json.loads((project / "p.json").read_text(encoding="utf-8"))
    assert {c["action"] for c in doc["changes"]} == {"update", "remove"}
    people = {k: v for k, v in doc.items() if k != "patch"}  # changes, notes, providers, summary
    _assert_clean(json.dumps(people), "the plan's changes/notes")
    md, md_err = _plan(capsys, "markdown", project / "p2.json")
    _assert_clean(md + md_err, "the Markdown")
    shown = run_cli(capsys, "show", project / "p.json", "--format", "markdown")
    assert shown.code == 0
    _assert_clean(shown.out + shown.err, "show --format markdown")
    shown = run_cli(capsys, "show", project / "p.json")
    _assert_clean(shown.out + shown.err, "show")


def test_no_secret_in_the_plan_file_or_json_output(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    out, err = _plan(capsys, "json", project / "p.json")
    _assert_clean(out + err, "the JSON output")
    _assert_clean((project / "p.json").read_text(encoding="utf-8"), "the plan file")


def test_validate_warns_on_literal_secrets_without_showing_them(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    res = run_cli(capsys, "validate")
    assert res.code == 0, res.out  # warnings only
    _assert_clean(res.out + res.err, "validate")
    secrets = [line for line in res.out.splitlines() if "literal secret" in line]
    assert [re.match(r"config\.yaml:(\d+): (\S+): warning:", line).groups() for line in secrets] == [  # type: ignore[union-attr]
        ("2", "general_settings.master_key"),
        ("7", "model_list[0].litellm_params.api_key"),
        ("13", "model_list[1].litellm_params.api_key"),
        ("14", "model_list[1].litellm_params.aws_access_key_id"),
        ("19", "model_list[2].litellm_params.api_key"),
        ("24", "model_list[3].litellm_params.aws_access_key_id"),
    ]
    assert "(api_key, value not shown)" in secrets[1]
    res = run_cli(capsys, "validate", "--format", "json")
    _assert_clean(res.out, "validate --format json")


MULTI_KEY = """\
model_list:
- model_name: claude
  litellm_params:
    model: openrouter/anthropic/claude-sonnet-4.5
    api_key: os.environ/OPENROUTER_API_KEY_1
- model_name: claude
  litellm_params:
    model: openrouter/anthropic/claude-sonnet-4.5
    api_key: os.environ/OPENROUTER_API_KEY_2
- model_name: gpt-4o
  litellm_params:
    model: azure/gpt-4o
    api_base: os.environ/AZURE_API_BASE_EU
    api_key: os.environ/AZURE_API_KEY_EU
    rpm: 600
- model_name: gpt-4o
  litellm_params:
    model: azure/gpt-4o
    api_base: os.environ/AZURE_API_BASE_EU
    api_key: os.environ/AZURE_API_KEY_EU
    rpm: 900
"""


def test_multi_key_load_balancing_is_valid(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """LiteLLM's documented load balancing: same model_name and model, another key or rpm."""
    path = tmp_path / "config.yaml"
    path.write_text(MULTI_KEY, encoding="utf-8")
    res = run_cli(capsys, "validate", "-c", path)
    assert res.code == 0, res.out
    assert ": warning:" not in res.out and "duplicate" not in res.out and "copy" not in res.out
    assert "0 error(s), 0 warning(s)" in res.out


def test_an_exact_copy_is_a_warning_with_its_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        MULTI_KEY + MULTI_KEY.split("\n", 1)[1].split("- model_name: gpt-4o")[0], encoding="utf-8"
    )
    res = run_cli(capsys, "validate", "-c", path)
    assert res.code == 0, res.out
    copies = [line for line in res.out.splitlines() if "exact copy" in line]
    tail = (
        "(same model_name and every litellm_params value); LiteLLM counts it twice when balancing load; "
        "remove one"
    )
    assert copies == [  # the two claude entries again, below the originals
        f"{path}:22: model_list[4]: warning: exact copy of model_list[0] {tail}",
        f"{path}:26: model_list[5]: warning: exact copy of model_list[1] {tail}",
    ]


@pytest.mark.parametrize(
    ("reference", "declared"),
    [
        ("os.environ/POE_APIKEY", "POE_API_KEY"),
        ("os.environ/REQUESTY_API_KEYS", "REQUESTY_API_KEY"),
        ("os.environ/NANOGPT_APIBASE", "NANOGPT_API_BASE"),
        ("os.environ/NOVITA_API_KYE", "NOVITA_API_KEY"),
    ],
)
def test_near_misses_of_declared_env_names_warn(tmp_path: Path, reference: str, declared: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        f"model_list:\n- model_name: m\n  litellm_params:\n    model: openai/x\n    api_key: {reference}\n",
        encoding="utf-8",
    )
    report = validate_config(path, load_registry(None))
    warnings = [(f.place, f.line, f.message) for f in report.warnings]
    assert warnings == [
        (
            "model_list[0].litellm_params.api_key",
            5,
            f"{reference!r}: {reference.split('/')[1]!r} is not {declared!r}, which providers.yaml "
            "declares; a typo?",
        )
    ]


@pytest.mark.parametrize(
    "name",
    [
        "POE_API_KEY",
        "OPENAI_API_KEY",
        "POE_API_KEY_2",
        "POE_API_KEY2",
        "NOVITA_API_KEY_EU",
        "AZURE_API_KEY_EastUS2",
    ],
)
def test_other_env_names_are_fine(tmp_path: Path, name: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "model_list:\n- model_name: m\n  litellm_params:\n    model: openai/x\n"
        f"    api_key: os.environ/{name}\n",
        encoding="utf-8",
    )
    assert validate_config(path, load_registry(None)).warnings == []


def test_the_bundled_config_validates_clean(capsys: pytest.CaptureFixture[str]) -> None:
    res = run_cli(capsys, "validate", "-c", SEED_CONFIG)
    assert res.code == 0
    assert (
        res.out.splitlines()[-1]
        == f"{SEED_CONFIG}: valid: 127 entries, 0 error(s), 1 warning(s), 29 note(s)."
    )
    assert "literal secret" not in res.out and "typo" not in res.out and "copy" not in res.out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nvapi-YOUR-KEY-HERE", "a literal secret is written in the config (api_key, value not shown)"),
        ('"env:NOVITA_API_KEY"', "'env:NOVITA_API_KEY' is not an env reference LiteLLM reads"),
        ('"{{ env.NOVITA_API_KEY }}"', None),  # Helm/Jinja templating, filled in before LiteLLM reads it
        ('"${NANO_GPT_API_KEY}"', None),  # envsubst, as Nano-GPT's LiteLLM page writes it
        ('""', None),
        ("os.environ/NOVITA_API_KEY", None),
    ],
)
def test_literal_secret_shapes_from_published_configs(
    tmp_path: Path, value: str, message: str | None
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "model_list:\n- model_name: m\n  litellm_params:\n    model: novita/deepseek/deepseek-r1\n"
        f"    api_key: {value}\n",
        encoding="utf-8",
    )
    warnings = [f.message for f in validate_config(path, load_registry(None)).warnings]
    if message is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and warnings[0].startswith(message)
        assert "YOUR-KEY" not in warnings[0]
