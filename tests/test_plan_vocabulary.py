"""The plan vocabulary (modelctl/plan/, modelctl/moves.py) and the planner's errors with fields:
frozen Plan/Change, one reading of how a price moved, places carried as error fields."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from modelctl.config import parse_config
from modelctl.errors import PlanBuildError, PlanRejectedError, ProvidersFileError
from modelctl.moves import field_move, update_reason
from modelctl.plan import Change, Plan, ProviderStatus, Review, parse_plan
from modelctl.planner import PlanRequest, build_plan
from modelctl.providers.registry import load_registry
from modelctl.records import Catalog, ModelRecord
from modelctl.track import parse_track


def _change() -> Change:
    return Change("update", "openrouter", "m", "openrouter/x/m", "why", {"max_input_tokens": {}})


def test_plan_and_change_are_frozen() -> None:
    change = _change()
    plan = Plan("config.yaml", "0" * 64, "2026-01-01T00:00:00Z", {}, [change], [])
    with pytest.raises(dataclasses.FrozenInstanceError):
        change.remaining = 0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.applyable = True  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.review.diff = ""  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ProviderStatus("ok", "live", [], 1, 1).error = "x"  # type: ignore[misc]
    again = dataclasses.replace(plan, review=dataclasses.replace(Review(), diff="d"))
    assert again.review.diff == "d" and plan.review.diff is None and again.changes[0] is change


@pytest.mark.parametrize(
    ("before", "after", "reason", "flag"),
    [
        (1e-06, 3e-06, "input_cost_per_token $1.00 / 1M -> $3.00 / 1M (+200.0%)", "⚠️ **+200.0%**"),
        (1e-06, 1.1e-06, "input_cost_per_token $1.00 / 1M -> $1.10 / 1M (+10.0%)", "+10.0%"),
        (1e-09, 2e-06, "input_cost_per_token free -> $2.00 / 1M (free -> paid)", "⚠️ free → paid"),
        (2e-06, 1e-09, "input_cost_per_token $2.00 / 1M -> free (paid -> free)", "⚠️ paid → free"),
        (None, 2e-06, "input_cost_per_token set to $2.00 / 1M (the acme catalog gives it)", "newly set"),
    ],
)
def test_reason_and_renderers_read_one_move(before: object, after: object, reason: str, flag: str) -> None:
    fields = {"input_cost_per_token": {"before": before, "after": after}}
    assert update_reason(fields, "acme") == f"acme catalog differs: {reason}"
    assert field_move("input_cost_per_token", fields["input_cost_per_token"]).describe() == flag


def test_limit_moves_stay_numbers() -> None:
    fields = {"max_input_tokens": {"before": 1000, "after": 1500}}
    assert update_reason(fields, "acme") == "acme catalog differs: max_input_tokens 1000 -> 1500 (+50.0%)"
    move = field_move("max_input_tokens", fields["max_input_tokens"])
    assert move.pct == Decimal(50) and not move.flagged


def test_plan_file_errors_carry_the_file_and_place() -> None:
    with pytest.raises(PlanRejectedError) as bad_json:
        parse_plan("{", "x.plan.json")
    assert bad_json.value.path == "x.plan.json"
    assert str(bad_json.value).startswith("x.plan.json: line 1, column 2: not valid JSON (")
    with pytest.raises(PlanRejectedError) as bad_version:
        parse_plan('{"format_version": "9"}', "x.plan.json")
    assert bad_version.value.path == "x.plan.json"
    assert bad_version.value.message.startswith("plan format_version '9' is not supported")
    with pytest.raises(PlanRejectedError) as bad_shape:
        parse_plan('{"format_version": "1"}', "x.plan.json")
    assert bad_shape.value.path == "x.plan.json" and bad_shape.value.key == "(top level)"
    assert str(bad_shape.value).startswith(f"x.plan.json: (top level): {bad_shape.value.message}")


def test_track_rule_errors_carry_the_place_as_key() -> None:
    with pytest.raises(ProvidersFileError) as exc:
        parse_track([{"limit": 0}], "acme", "providers.acme", path="providers.yaml")
    assert (exc.value.path, exc.value.key) == ("providers.yaml", "providers.acme.track[0].limit")
    assert (
        str(exc.value) == "providers.yaml: providers.acme.track[0].limit: expected a whole number >= 1, got 0"
    )


def test_shared_alias_refusal_carries_path_and_line(tmp_path: Path) -> None:
    text = (
        "model_list:\n"
        "  - model_name: a\n"
        "    litellm_params: {model: openrouter/x/a}\n"
        "    model_info: &mi {max_input_tokens: 1000}\n"
        "  - model_name: b\n"
        "    litellm_params: {model: openrouter/x/b}\n"
        "    model_info: *mi\n"
    )
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    config = parse_config(path, text.encode())
    registry = load_registry(None)
    records = {
        "x/a": ModelRecord("x/a", limits={"max_input_tokens": 2000}),
        "x/b": ModelRecord("x/b", limits={"max_input_tokens": 3000}),
    }
    catalogs = {"openrouter": Catalog("openrouter", "snapshot", records=records)}
    spec = registry.specs["openrouter"]
    with pytest.raises(PlanBuildError) as exc:
        build_plan(config, registry, [spec], catalogs, PlanRequest(sort=False))
    assert (exc.value.path, exc.value.line) == (str(path), 7)
    assert exc.value.message.startswith("the entry's model_info is an alias of line 4 (&mi), shared with 1")
    assert str(exc.value).startswith(f"{path}:7: the entry's model_info")
