"""Errors of the editor, apply and the file helpers carry their place as fields (``path``,
``line``), and ``str(error)`` is still the one-line ``path:line: message (hint)`` users see."""

from __future__ import annotations

from pathlib import Path

import jsonpatch
import pytest

import modelctl.apply
from modelctl.apply import apply_plan, render_doc
from modelctl.config import parse_config
from modelctl.errors import ApplyError, ConfigError, PlanRejectedError
from modelctl.plan import PatchOp, Plan
from modelctl.yamledit import apply_patch_text
from modelctl.yamlio import NestingTooDeep, check_nesting

PATH = Path("config.yaml")
SHARED = (
    "model_list:\n"
    "  - model_name: a\n"
    "    litellm_params: &q\n"
    "      model: p/a\n"
    "  - model_name: b\n"
    "    litellm_params: *q\n"
)


def edit_error(text: str, patch: list[PatchOp]) -> ApplyError:
    doc = parse_config(PATH, text.encode("utf-8"))
    expected = jsonpatch.apply_patch(doc.data, patch)
    with pytest.raises(ApplyError) as caught:
        apply_patch_text(doc.text, None, patch, expected, where=str(PATH))
    return caught.value


def plan_for(text: str, patch: list[PatchOp]) -> tuple[Plan, Path]:
    doc = parse_config(PATH, text.encode("utf-8"))
    return Plan(str(PATH), doc.sha256, "2026-01-01T00:00:00Z", {}, [], patch), PATH


def test_a_dangling_alias_is_refused_with_path_and_line_fields() -> None:
    err = edit_error(SHARED, [{"op": "remove", "path": "/model_list/0"}])
    assert (err.path, err.line, err.column) == ("config.yaml", 6, None)
    assert err.message.startswith("the alias *q refers to &q at line 3, which this plan removes;")
    assert str(err).startswith("config.yaml:6: the alias *q refers to &q at line 3, which this plan removes;")
    assert str(err).endswith("(write the value out at line 6, or define the anchor outside model_list)")


def test_a_merged_key_change_is_refused_at_the_anchored_mapping() -> None:
    text = (
        "defaults: &d\n"
        "  rpm: 1\n"
        "model_list:\n"
        "  - model_name: a\n"
        "    litellm_params:\n"
        "      model: p/a\n"
        "      extra: &x {rpm: 2}\n"
        "  - model_name: b\n"
        "    litellm_params:\n"
        "      model: p/b\n"
        "      extra:\n"
        "        <<: *x\n"
    )
    err = edit_error(text, [{"op": "replace", "path": "/model_list/0/litellm_params/extra/rpm", "value": 3}])
    assert (err.path, err.line) == ("config.yaml", 7)
    assert err.message.startswith("rpm changes in the mapping anchored as &x, which line 12 merges")
    assert str(err).startswith("config.yaml:7: rpm changes in the mapping anchored as &x")


def test_an_op_outside_model_list_names_the_file_only() -> None:
    err = edit_error("model_list: []\nx: 1\n", [{"op": "replace", "path": "/x", "value": 2}])
    assert (err.path, err.line) == ("config.yaml", None)
    assert str(err) == "config.yaml: patch op replace /x: only model_list can be edited"


def test_a_model_list_alias_is_refused_at_its_key_line() -> None:
    text = "base: &l\n  - model_name: a\n    litellm_params: {model: p/a}\nmodel_list: *l\n"
    err = edit_error(text, [{"op": "remove", "path": "/model_list/0"}])
    assert (err.path, err.line) == ("config.yaml", 4)
    assert err.message.startswith("model_list is an alias of line 1;")


def test_a_stale_plan_is_rejected_with_the_path_field() -> None:
    plan, path = plan_for("model_list: []\n", [])
    doc = parse_config(path, b"model_list: []\n# edited\n")
    with pytest.raises(PlanRejectedError) as caught:
        render_doc(plan, doc)
    assert caught.value.path == "config.yaml"
    assert str(caught.value).startswith("config.yaml: the plan was made for other bytes than these")


def test_an_altered_plan_quotes_the_config_error_by_its_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    """The config error's place inside the file (key, line) is quoted; its path is not repeated."""
    text = "model_list:\n  - model_name: a\n    litellm_params: {model: p/a}\n"
    plan, path = plan_for(text, [{"op": "remove", "path": "/model_list/0/litellm_params/model"}])

    def shape_error(path: Path, data: object) -> None:
        raise ConfigError(
            "missing or not a string", path=str(path), key="model_list[0].litellm_params.model", hint="x"
        )

    monkeypatch.setattr(modelctl.apply, "validate_shape", shape_error)
    with pytest.raises(PlanRejectedError) as caught:
        render_doc(plan, parse_config(path, text.encode()))
    assert caught.value.path == "config.yaml"
    assert caught.value.message == (
        "the plan would leave a config modelctl cannot read "
        "(model_list[0].litellm_params.model: missing or not a string)"
    )


def test_a_missing_config_is_an_apply_error_with_its_path(tmp_path: Path) -> None:
    plan, _ = plan_for("model_list: []\n", [])
    missing = tmp_path / "gone.yaml"
    with pytest.raises(ApplyError) as caught:
        apply_plan(plan, missing)
    assert caught.value.path == str(missing)
    assert caught.value.message == "config file not found"
    assert str(caught.value).startswith(f"{missing}: config file not found (pass -c/--config PATH")


def test_nesting_too_deep_carries_line_and_column() -> None:
    with pytest.raises(NestingTooDeep) as caught:
        check_nesting("a:\n  b: " + "[" * 12 + "]" * 12 + "\n", limit=10)
    assert (caught.value.line, caught.value.column, caught.value.limit) == (2, 14, 10)
    assert str(caught.value) == "line 2, column 14: nested deeper than 10 levels"
