"""``modelctl validate``: offline checks of a config, as text (one line per finding) or JSON."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from modelctl.providers.registry import load_registry
from modelctl.render.validate import render_report
from modelctl.validate import KNOWN_PREFIXES, ValidateReport, validate_config

from helpers import SEED_CONFIG, run_cli

REGISTRY = load_registry(None)
REGISTRY_FILE = Path(__file__).resolve().parent.parent / "modelctl" / "data" / "providers.yaml"

BAD = """\
router_settings:
  routing_strategy: cost-based-routing
model_list:
- model_name: dup
  litellm_params: {model: openrouter/acme/a, input_cost_per_token: -1.0e-06}
- model_name: dup
  litellm_params: {model: openrouter/acme/a, output_cost_per_token: 2.5}
- model_name: typo
  litellm_params:
    model: openruoter/acme/b
    api_key: os.envrion/OPENROUTER_API_KEY
    input_cost_per_token: "abc"
    output_cost_per_token: true
- model_name: env
  litellm_params:
    model: openai/gpt-x
    api_base: os.environ.OPENAI_API_BASE
    api_key: os.environ/openai_api_key
    organization: "os.environ/OPENAI_ORG   "
    extra_headers: {x-key: os.environ/BAD-NAME}
    input_cost_per_token: .nan
    output_cost_per_token: [1]
- model_name: plain
  litellm_params:
    model: gpt-4o
    api_key: os.environ/
    input_cost_per_token: 0
    output_cost_per_token:
- litellm_params:
    model: nvidia_nim/meta/llama
    input_cost_per_token: 3e-7
  model_info: {input_cost_per_token: 1.0e-09}
- model_name: nothing-after
  litellm_params: {model: "anthropic/"}
"""

#: (level, place, text) of every finding in BAD, in file order
EXPECTED = [
    ("error", "model_list[0].litellm_params.input_cost_per_token", "cost -1e-06 is negative"),
    ("warning", "model_list[1].litellm_params.output_cost_per_token", "2.5 per token is absurd"),
    (
        "warning",
        "model_list[2].litellm_params.model",
        "unknown LiteLLM provider prefix 'openruoter' (did you mean 'openrouter'?)",
    ),
    ("error", "model_list[2].litellm_params.input_cost_per_token", "cost 'abc' is not a number"),
    ("error", "model_list[2].litellm_params.output_cost_per_token", "cost is a boolean, not a number"),
    (
        "error",
        "model_list[2].litellm_params.api_key",
        "'os.envrion/OPENROUTER_API_KEY' looks like a misspelled env reference",
    ),
    ("info", "model_list[2]", "'openruoter/acme/b' looks like openrouter but no match rule covers it"),
    ("error", "model_list[3].litellm_params.input_cost_per_token", "is not a finite number"),
    ("error", "model_list[3].litellm_params.output_cost_per_token", "cost is a list"),
    (
        "error",
        "model_list[3].litellm_params.api_base",
        "'os.environ.OPENAI_API_BASE' looks like a misspelled env reference",
    ),
    (
        "warning",
        "model_list[3].litellm_params.api_key",
        "lowercase variable name; environment variables are case-sensitive (did you mean 'OPENAI_API_KEY'?)",
    ),
    ("error", "model_list[3].litellm_params.organization", "trailing whitespace"),
    (
        "error",
        "model_list[3].litellm_params.extra_headers.x-key",
        "the value after 'os.environ/' is not a valid environment variable name",  # secret key: not shown
    ),
    ("info", "model_list[3]", "is not managed by any provider"),
    ("info", "model_list[4].litellm_params.model", "'gpt-4o' has no provider prefix"),
    (
        "warning",
        "model_list[4].litellm_params.input_cost_per_token",
        "cost 0 reads as unset in cost-based routing",
    ),
    ("warning", "model_list[4].litellm_params.output_cost_per_token", "cost is empty (null)"),
    ("error", "model_list[4].litellm_params.api_key", "no environment variable name"),
    ("info", "model_list[4]", "is not managed by any provider"),
    ("error", "model_list[5]", "no model_name"),
    (
        "warning",
        "model_list[5].litellm_params.input_cost_per_token",
        "cost written as a string ('3e-7'); write it as a YAML number (3.0e-07)",
    ),
    ("error", "model_list[6].litellm_params.model", "'anthropic/' names no model"),
    ("info", "model_list[6]", "is not managed by any provider"),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def findings(report: ValidateReport) -> list[tuple[str, str, str]]:
    return [(f.level, f.place, f.message) for f in report.findings]


def test_the_seed_config_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    report = validate_config(SEED_CONFIG, REGISTRY)
    assert report.errors == []
    assert [(f.place, f.message) for f in report.warnings] == [
        (
            "model_list[1].litellm_params.output_cost_per_token",
            "cost written as a string ('3e-7'); write it as a YAML number (3.0e-07)",
        )
    ]
    assert report.entries == 127
    unmanaged = [f for f in report.infos if "not managed by any provider" in f.message]
    assert len(unmanaged) == 29  # azure, anthropic, gemini, jina_ai, … entries modelctl leaves be
    res = run_cli(capsys, "validate", "-c", SEED_CONFIG, "--providers", REGISTRY_FILE)
    assert res.code == 0 and not res.err
    lines = res.out.splitlines()
    assert lines[0] == (
        f"{SEED_CONFIG}:28: model_list[1].litellm_params.output_cost_per_token: "
        "warning: cost written as a string ('3e-7'); write it as a YAML number "
        "(3.0e-07)"
    )
    assert lines[-1] == f"{SEED_CONFIG}: valid: 127 entries, 0 error(s), 1 warning(s), 29 note(s)."
    assert len(lines) == 1 + 29 + 1


def test_every_check(tmp_path: Path) -> None:
    report = validate_config(write(tmp_path, BAD), REGISTRY)
    got = findings(report)
    assert len(got) == len(EXPECTED), "\n".join(map(str, got))
    for (level, place, message), (want_level, want_place, text) in zip(got, EXPECTED, strict=True):
        assert (level, place) == (want_level, want_place), (level, place, message)
        assert text in message, (place, message)


def test_text_output_one_line_per_finding(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = write(tmp_path, BAD)
    before = hashlib.sha256(config.read_bytes()).hexdigest()
    res = run_cli(capsys, "validate", "-c", config, "--providers", REGISTRY_FILE)
    assert res.code == 1 and not res.err
    lines = res.out.splitlines()
    assert len(lines) == len(EXPECTED) + 1
    levels = [line.split(": ")[2] for line in lines[:-1]]
    assert levels == sorted(levels, key=("error", "warning", "info").index)  # errors first
    assert all(re.match(rf"{re.escape(str(config))}:\d+: model_list\[", line) for line in lines[:-1])
    errors = sum(1 for e in EXPECTED if e[0] == "error")
    warnings = sum(1 for e in EXPECTED if e[0] == "warning")
    assert lines[-1] == (
        f"{config}: invalid: 7 entries, {errors} error(s), {warnings} "
        f"warning(s), {len(EXPECTED) - errors - warnings} note(s)."
    )
    assert hashlib.sha256(config.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]


def test_json_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = write(tmp_path, BAD)
    res = run_cli(capsys, "validate", "-c", config, "--format", "json", "--providers", REGISTRY_FILE)
    assert res.code == 1
    doc = json.loads(res.out)
    assert doc["format_version"] == "1" and doc["kind"] == "validate"
    assert doc["config"] == str(config) and doc["entries"] == 7 and doc["valid"] is False
    assert doc["summary"] == {
        "errors": sum(1 for e in EXPECTED if e[0] == "error"),
        "warnings": sum(1 for e in EXPECTED if e[0] == "warning"),
        "info": sum(1 for e in EXPECTED if e[0] == "info"),
    }
    assert [(f["level"], f["place"]) for f in doc["findings"]] == [e[:2] for e in EXPECTED]
    assert all(set(f) == {"level", "place", "line", "index", "message"} for f in doc["findings"])
    assert doc["findings"][1]["index"] == 1
    assert [f["line"] for f in doc["findings"][:2]] == [5, 7]  # the cost key, in file lines


def test_json_output_of_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    res = run_cli(capsys, "validate", "-c", SEED_CONFIG, "--format", "json", "--providers", REGISTRY_FILE)
    assert res.code == 0
    doc = json.loads(res.out)
    assert doc["valid"] is True and doc["summary"] == {"errors": 0, "warnings": 1, "info": 29}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "got an empty file"),
        ("model_list: {}\n", "model_list: expected a list of entries, got dict"),
        ("model_list:\n- model_name: a\n\tlitellm_params: {}\n", "line 3, column 1"),
    ],
)
def test_unreadable_config_is_one_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    config = write(tmp_path, text)
    report = validate_config(config, REGISTRY)
    assert [(f.level, f.place) for f in report.findings] == [("error", "")]
    assert message in report.findings[0].message
    assert not report.findings[0].message.startswith(str(config))  # the path is said once
    text_out = render_report(report, json_output=False)
    assert text_out.startswith(f"{config}: error: ")
    res = run_cli(capsys, "validate", "-c", config)
    assert res.code == 1 and not res.err and "Traceback" not in res.out


def test_providers_yaml_prefixes_are_known(tmp_path: Path) -> None:
    """A prefix LiteLLM does not list is fine when providers.yaml declares it."""
    providers = tmp_path / "providers.yaml"
    text = REGISTRY_FILE.read_text(encoding="utf-8")
    providers.write_text(text.replace("- {prefix: novita/}", "- {prefix: acmecloud/}"), encoding="utf-8")
    config = write(tmp_path, "model_list:\n- model_name: a\n  litellm_params: {model: acmecloud/x}\n")
    assert "acmecloud" not in KNOWN_PREFIXES
    assert validate_config(config, load_registry(None)).warnings
    report = validate_config(config, load_registry(providers))
    assert report.warnings == [] and report.infos == []


def test_env_references_everywhere_in_an_entry(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        """\
model_list:
- model_name: a
  litellm_params:
    model: azure/x
    api_key: os.environ/AZURE_API_KEY_EastUS2
    api_base: OS.ENVIRON/AZURE_API_BASE
  model_info:
    notes: [os.enviorn/X]
""",
    )
    report = validate_config(config, REGISTRY)
    assert [(f.place, f.level) for f in report.errors] == [
        ("model_list[0].litellm_params.api_base", "error"),
        ("model_list[0].model_info.notes[0]", "error"),
    ]
    assert "write 'os.environ/AZURE_API_BASE'" in report.errors[0].message
    assert report.warnings == []  # a mixed-case name is valid


def test_validate_the_repo_example(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default paths: ./config.yaml with ./providers.yaml."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")
    res = run_cli(capsys, "validate")
    assert res.code == 0
    assert res.out.splitlines()[-1].startswith("config.yaml: valid: 127 entries, 0 error(s)")


def test_the_report_is_frozen() -> None:
    import dataclasses

    report = validate_config(SEED_CONFIG, load_registry(REGISTRY_FILE))
    assert isinstance(report, ValidateReport) and isinstance(report.findings, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.entries = 0  # type: ignore[misc]
