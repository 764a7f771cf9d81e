"""The bad-input corpus (tests/corpus/, made by make_corpus.py) through the CLI.

Configs go through ``modelctl plan --catalog-dir <a tiny valid snapshot>`` and ``modelctl
validate``; plans through ``modelctl show`` and ``modelctl apply`` against the small config they
were made for. Every run must give the expected exit code (1, or 3 for a plan that is stale,
altered or of an unknown format version), exactly one ``Error:`` line on stderr naming the file
and saying what to do, no traceback, and must leave every file as it was and write none.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import CliResult, run_cli

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CONFIGS = CORPUS / "configs"
PLANS = CORPUS / "plans"

#: config file -> (exit code of 'plan', exit code of 'validate', text the error must contain)
CONFIG_CASES: dict[str, tuple[int, int, str]] = {
    "unclosed-flow.yaml": (1, 1, "line 3, column 1: did not find expected ',' or '}'"),
    "bad-indentation.yaml": (1, 1, "line 3, column 18: mapping values are not allowed"),
    "tab-indented.yaml": (1, 1, "line 2, column 2: found character that cannot start any token"),
    "unterminated-quote.yaml": (1, 1, "found unexpected end of stream"),
    "empty.yaml": (1, 1, "got an empty file"),
    "only-comments.yaml": (1, 1, "got an empty file"),
    "top-level-list.yaml": (1, 1, "expected a mapping with a 'model_list' key, got list"),
    "top-level-scalar.yaml": (1, 1, "expected a mapping with a 'model_list' key, got str"),
    "no-model-list.yaml": (1, 1, "no 'model_list' key at the top level"),
    "model-list-mapping.yaml": (1, 1, "model_list: expected a list of entries, got dict"),
    "model-list-null.yaml": (1, 1, "model_list: expected a list of entries, got nothing"),
    "model-list-string.yaml": (1, 1, "model_list: expected a list of entries, got str"),
    "entry-scalar.yaml": (1, 1, "model_list[0]: expected a mapping, got str"),
    "entry-list.yaml": (1, 1, "model_list[0]: expected a mapping, got list"),
    "entry-null.yaml": (1, 1, "model_list[0]: expected a mapping, got nothing"),
    "missing-litellm-params.yaml": (1, 1, "model_list[0].litellm_params: missing or not a mapping"),
    "litellm-params-list.yaml": (1, 1, "model_list[0].litellm_params: missing or not a mapping"),
    "model-missing.yaml": (1, 1, "model_list[0].litellm_params.model: missing or not a string"),
    "model-not-string.yaml": (1, 1, "model_list[0].litellm_params.model: missing or not a string"),
    "model-empty.yaml": (1, 1, "model_list[0].litellm_params.model: missing or not a string"),
    "model-name-mapping.yaml": (1, 1, "model_list[0].model_name: expected a string, got dict"),
    "model-info-list.yaml": (1, 1, "model_list[0].model_info: expected a mapping, got list"),
    "model-info-string.yaml": (1, 1, "model_list[0].model_info: expected a mapping, got str"),
    "modelctl-block-list.yaml": (1, 1, "modelctl: expected a mapping"),
    "non-utf8-latin1.yaml": (1, 1, "byte 29: not valid UTF-8"),
    "utf16.yaml": (1, 1, "byte 0: not valid UTF-8"),
    "nul-byte.yaml": (1, 1, "control characters are not allowed"),
    "python-tag.yaml": (1, 1, "could not determine a constructor for the tag"),
    "undefined-alias.yaml": (1, 1, "found undefined alias"),
    "two-documents.yaml": (1, 1, "but found another document"),
    "huge-flow-nesting.yaml": (1, 1, "nested deeper than 1000 levels"),
    "huge-block-nesting.yaml": (1, 1, "nested deeper than 1000 levels"),
    "billion-laughs.yaml": (1, 1, "YAML aliases expand to over 100,000 extra values"),
    "recursive-alias.yaml": (1, 1, "an alias refers to a collection that contains it"),
    # well-formed configs whose touched entry cannot go into a JSON plan
    "date-in-removed-entry.yaml": (1, 0, "holds a value JSON cannot represent"),
    "nan-cost-in-updated-entry.yaml": (1, 1, "holds a value JSON cannot represent"),
}

#: plan file -> (exit code of 'show', exit code of 'apply', text the apply error must contain)
PLAN_CASES: dict[str, tuple[int, int, str]] = {
    "truncated.plan.json": (1, 3, "not valid JSON (Unterminated string"),
    "empty.plan.json": (1, 3, "line 1, column 1: not valid JSON"),
    "not-json.plan.json": (1, 3, "not valid JSON"),
    "trailing-comma.plan.json": (1, 3, "not valid JSON"),
    "json-list.plan.json": (1, 3, "not a modelctl plan (expected a JSON object)"),
    "json-string.plan.json": (1, 3, "not a modelctl plan (expected a JSON object)"),
    "non-utf8.plan.json": (1, 3, "not a text file"),
    "deep-nesting.plan.json": (1, 3, "nested too deeply"),
    "format-version-2.plan.json": (1, 3, "plan format_version '2' is not supported"),
    "format-version-missing.plan.json": (1, 3, "plan format_version None is not supported"),
    "format-version-number.plan.json": (1, 3, "plan format_version 1 is not supported"),
    "checksum-altered.plan.json": (1, 3, "checksum mismatch"),
    "patch-value-altered.plan.json": (1, 3, "checksum mismatch"),
    "reason-altered.plan.json": (1, 3, "checksum mismatch"),
    "checksum-missing.plan.json": (1, 3, "missing required key 'checksum'"),
    "path-outside-model-list.plan.json": (1, 3, "does not match '^/model_list(/|$)'"),
    "move-from-outside.plan.json": (1, 3, "does not match '^/model_list/'"),
    "unknown-op.plan.json": (1, 3, "got 'frobnicate'"),
    "add-without-value.plan.json": (1, 3, "missing required key 'value'"),
    "extra-top-level-key.plan.json": (1, 3, "unknown key 'run'"),
    "bad-created-at.plan.json": (1, 3, "created_at: 'yesterday' does not match"),
    "bad-config-sha.plan.json": (1, 3, "config.sha256: 'abc' does not match"),
    "nan-value.plan.json": (1, 3, "holds NaN or Infinity"),
    "infinite-value.plan.json": (1, 3, "holds NaN or Infinity"),
    # valid plan files (show renders them) that must not be applied to base-config.yaml
    "other-config.plan.json": (0, 3, "the config changed since the plan was made"),
    "test-op-fails.plan.json": (0, 3, "a 'test' guard of the plan failed"),
    "index-out-of-range.plan.json": (0, 3, "the plan's patch cannot be applied"),
    "bad-pointer.plan.json": (0, 3, "the plan's patch cannot be applied"),
    "adds-a-non-entry.plan.json": (0, 3, "model_list[0]: expected a mapping, got int"),
    "replaces-the-list.plan.json": (0, 3, "model_list: expected a list of entries, got dict"),
    "removes-a-model.plan.json": (0, 3, "model_list[0].litellm_params.model: missing"),
    "config-missing.plan.json": (0, 1, "missing.yaml: config file not found"),
}

#: words of a hint that tells the user what to do next
ACTIONS = (
    "fix",
    "add",
    "give",
    "set",
    "re-run",
    "pass",
    "save",
    "write",
    "use",
    "remove",
    "quote",
    "replace",
    "look",
    "flatten",
    "check",
)


def test_corpus_is_big_enough_and_fully_listed() -> None:
    assert sorted(p.name for p in CONFIGS.iterdir()) == sorted(CONFIG_CASES)
    assert sorted(p.name for p in PLANS.iterdir()) == sorted(PLAN_CASES)
    assert len(CONFIG_CASES) + len(PLAN_CASES) >= 40


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def assert_one_clear_error(res: CliResult, *names: str) -> str:
    assert "Traceback" not in res.err and "Traceback" not in res.out
    assert "internal error" not in res.err
    errors = [line for line in res.err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, res.err
    (line,) = errors
    assert any(name in line for name in names), (names, line)
    assert any(word in hint(line).lower() for word in ACTIONS), f"no 'what to do' in: {line}"
    return line


def hint(line: str) -> str:
    """The trailing parenthesised hint of an error line ('message (hint)'), or ''."""
    depth = 0
    for at in range(len(line) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(line[at], 0)
        if depth == 0:
            return line[at + 1 : -1] if line.endswith(")") and at < len(line) - 1 else ""
    return ""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no ./providers.yaml: the built-in providers
    shutil.copytree(CORPUS / "catalog", tmp_path / "catalog")
    return tmp_path


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_bad_config(capsys: pytest.CaptureFixture[str], folder: Path, name: str) -> None:
    plan_code, validate_code, text = CONFIG_CASES[name]
    shutil.copyfile(CONFIGS / name, folder / "config.yaml")
    before = tree(folder)
    res = run_cli(capsys, "plan", "-p", "nvidia", "--catalog-dir", "catalog")
    assert res.code == plan_code, res.err
    line = assert_one_clear_error(res, "config.yaml")
    assert text in line
    assert tree(folder) == before  # nothing written: no plans/ folder, config unchanged

    res = run_cli(capsys, "validate")
    assert res.code == validate_code, res.out
    assert "Traceback" not in res.err + res.out and not res.err
    if validate_code:
        assert "error:" in res.out and "invalid" in res.out.splitlines()[-1]
    assert tree(folder) == before


@pytest.fixture
def applied_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(CORPUS / "base-config.yaml", tmp_path / "config.yaml")
    return tmp_path


@pytest.mark.parametrize("name", sorted(PLAN_CASES))
def test_bad_plan(capsys: pytest.CaptureFixture[str], applied_to: Path, name: str) -> None:
    show_code, apply_code, text = PLAN_CASES[name]
    plan = applied_to / "plans" / name
    plan.parent.mkdir()
    shutil.copyfile(PLANS / name, plan)
    before = tree(applied_to)

    res = run_cli(capsys, "show", plan)
    assert res.code == show_code, res.err
    if show_code:
        assert text in assert_one_clear_error(res, str(plan))
    else:
        assert not res.err and res.out.rstrip().splitlines()[-1].startswith("Plan:")
    assert tree(applied_to) == before

    res = run_cli(capsys, "apply", plan)
    assert res.code == apply_code, res.err
    line = assert_one_clear_error(res, str(plan), "config.yaml", "missing.yaml")
    assert text in line
    assert tree(applied_to) == before  # the config is byte for byte the same; no temp file left


def test_the_valid_base_plan_applies(capsys: pytest.CaptureFixture[str], applied_to: Path) -> None:
    """The corpus plans are edits of a plan that does apply cleanly to base-config.yaml."""
    from modelctl.plan import parse_plan

    text = (PLANS / "other-config.plan.json").read_text(encoding="utf-8")
    plan = parse_plan(text, "other-config.plan.json")
    raw = (applied_to / "config.yaml").read_bytes()
    from modelctl.apply import render_applied
    from modelctl.config import sha256_bytes

    plan = replace(plan, config_sha256=sha256_bytes(raw))
    new = render_applied(plan, raw, applied_to / "config.yaml")
    assert b"nvidia_nim/acme/gone" not in new and b"1.0e-06" not in new


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("show", "nothing.plan.json"), "nothing.plan.json: plan file not found"),
        (("apply", "nothing.plan.json"), "nothing.plan.json: plan file not found"),
        (("show", "plans"), "plans: cannot read"),
        (("apply", "plans"), "plans: cannot read"),
        (("plan", "-c", "nothing.yaml"), "nothing.yaml: file not found"),
        (("plan", "-c", "plans"), "plans: is a directory"),
        (("validate", "-c", "nothing.yaml"), None),
    ],
)
def test_missing_and_wrong_kind_of_file(
    capsys: pytest.CaptureFixture[str], applied_to: Path, args: tuple[str, ...], text: str | None
) -> None:
    (applied_to / "plans").mkdir()
    before = tree(applied_to)
    res = run_cli(capsys, *args)
    assert res.code == 1
    if text is None:  # validate reports the problem as a finding, on stdout
        assert "nothing.yaml: error: file not found" in res.out and not res.err
    else:
        assert text in assert_one_clear_error(res, text.split(":")[0])
    assert tree(applied_to) == before
