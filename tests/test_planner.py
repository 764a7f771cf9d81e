"""Issue 3 planner rules on the real OpenRouter / Nvidia payloads and the real seed config."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from modelctl.catalog import Body, build_catalog
from modelctl.config import parse_config
from modelctl.plan import Plan
from modelctl.planner import PlanRequest, build_plan
from modelctl.providers.registry import load_plugins, load_registry
from modelctl.records import Catalog

from helpers import (
    NVIDIA_MAY,
    OPENROUTER_ALL,
    OPENROUTER_EMB,
    SEED_CONFIG,
    assert_patch_invariant,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
REGISTRY = load_registry(None)
PLUGINS = load_plugins()


def _catalog(name: str, bodies: dict[str, bytes]) -> Catalog:
    return build_catalog(
        REGISTRY.specs[name],
        PLUGINS[name],
        [Body(e, f"{name}.{e}", b) for e, b in bodies.items()],
        "snapshot",
    )


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Catalog]:
    return {
        "openrouter": _catalog(
            "openrouter", {"models": OPENROUTER_ALL.read_bytes(), "embeddings": OPENROUTER_EMB.read_bytes()}
        ),
        "nvidia": _catalog("nvidia", {"models": NVIDIA_MAY.read_bytes()}),
    }


def _plan(
    text: str,
    catalogs: dict[str, Catalog],
    tmp_path: Path,
    providers: tuple[str, ...] = ("openrouter", "nvidia"),
    request: PlanRequest | None = None,
) -> tuple[Plan, bytes]:
    raw = text.encode()
    path = tmp_path / "config.yaml"
    path.write_bytes(raw)
    doc = parse_config(path, raw)
    selected = [REGISTRY.specs[p] for p in providers]
    plan = build_plan(
        doc, REGISTRY, selected, catalogs, request or PlanRequest(allow_mass_removal=True), now=NOW
    )
    assert_patch_invariant(plan, raw, path)
    return plan, raw


def _entry(model: str, name: str = "m", **costs: object) -> str:
    lines = [f"- model_name: {name}", "  litellm_params:", f"    model: {model}"]
    lines += [f"    {k}: {v}" for k, v in costs.items()]
    return "\n".join(lines) + "\n"


def _config(*entries: str) -> str:
    return "model_list:\n" + "".join(entries)


def _by_model(plan: Plan) -> dict[str, dict[str, object]]:
    return {c.model: {"action": c.action, "fields": c.fields} for c in plan.changes}


# name, config entries, expected {model: action or None}, expected field values
CASES = [
    (
        "removal of an id the catalog no longer lists",
        [
            _entry(
                "openrouter/anthropic/claude-3.5-haiku",
                input_cost_per_token="8.0e-07",
                output_cost_per_token="4.0e-06",
            )
        ],
        {"openrouter/anthropic/claude-3.5-haiku": "remove"},
        {},
    ),
    (
        "price update",
        [
            _entry(
                "openrouter/qwen/qwen3-coder",
                input_cost_per_token="2.2e-07",
                output_cost_per_token="9.5e-07",
                cache_read_input_token_cost="1.0e-07",
            )
        ],
        {"openrouter/qwen/qwen3-coder": "update"},
        {"input_cost_per_token": (2.2e-07, 3e-07), "output_cost_per_token": (9.5e-07, 1e-06)},
    ),
    (
        "no-op within the relative 1e-9 tolerance",
        [
            _entry(
                "openrouter/qwen/qwen3-coder",
                input_cost_per_token="3.0000000001e-07",
                output_cost_per_token="1.0e-06",
                cache_read_input_token_cost="1.0e-07",
            )
        ],
        {},
        {},
    ),
    (
        "just outside the tolerance is a change",
        [
            _entry(
                "openrouter/qwen/qwen3-coder",
                input_cost_per_token="3.00001e-07",
                output_cost_per_token="1.0e-06",
                cache_read_input_token_cost="1.0e-07",
            )
        ],
        {"openrouter/qwen/qwen3-coder": "update"},
        {"input_cost_per_token": (3.00001e-07, 3e-07)},
    ),
    (
        "free model stays at 1e-9",
        [
            _entry(
                "openrouter/openrouter/free", input_cost_per_token="1.0e-09", output_cost_per_token="1.0e-09"
            )
        ],
        {},
        {},
    ),
    (
        "free model written as 0 becomes 1e-9",
        [_entry("openrouter/openrouter/free", input_cost_per_token="0.0", output_cost_per_token="0")],
        {"openrouter/openrouter/free": "update"},
        {"input_cost_per_token": (0.0, 1e-09), "output_cost_per_token": (0, 1e-09)},
    ),
    (
        "unknown price (-1 router) is left alone and not removed",
        [
            _entry(
                "openrouter/openrouter/auto", input_cost_per_token="5.0e-06", output_cost_per_token="1.5e-05"
            )
        ],
        {},
        {},
    ),
    (
        "string-valued cost equal to the catalog is a no-op",
        [
            _entry(
                "openrouter/openai/gpt-oss-20b",
                input_cost_per_token="'3e-8'",
                output_cost_per_token="1.3e-7",
                cache_read_input_token_cost="3.0e-08",
            )
        ],
        {},
        {},
    ),
    (
        "string-valued cost that differs is updated from the string",
        [
            _entry(
                "openrouter/openai/gpt-oss-20b",
                input_cost_per_token="3e-7",
                output_cost_per_token="1.3e-07",
                cache_read_input_token_cost="3.0e-08",
            )
        ],
        {"openrouter/openai/gpt-oss-20b": "update"},
        {"input_cost_per_token": ("3e-7", 3e-08)},
    ),
    (
        "cache costs added from the catalog",
        [
            _entry(
                "openrouter/anthropic/claude-opus-4.5",
                input_cost_per_token="5.0e-06",
                output_cost_per_token="2.5e-05",
            )
        ],
        {"openrouter/anthropic/claude-opus-4.5": "update"},
        {"cache_read_input_token_cost": (None, 5e-07), "cache_creation_input_token_cost": (None, 6.25e-06)},
    ),
    (
        "existing cache cost repriced",
        [
            _entry(
                "openrouter/anthropic/claude-opus-4.5",
                input_cost_per_token="5.0e-06",
                output_cost_per_token="2.5e-05",
                cache_read_input_token_cost="1.0e-06",
                cache_creation_input_token_cost="6.25e-06",
            )
        ],
        {"openrouter/anthropic/claude-opus-4.5": "update"},
        {"cache_read_input_token_cost": (1e-06, 5e-07)},
    ),
    (
        "embedding model from the embeddings list is kept",
        [
            _entry(
                "openrouter/openai/text-embedding-3-small",
                input_cost_per_token="2.0e-08",
                output_cost_per_token="1.0e-09",
            )
        ],
        {},
        {},
    ),
    (
        "nvidia: listed id costs 1e-9, other prices reset",
        [
            _entry(
                "nvidia_nim/openai/gpt-oss-120b",
                input_cost_per_token="1.0e-06",
                output_cost_per_token="1.0e-09",
            )
        ],
        {"nvidia_nim/openai/gpt-oss-120b": "update"},
        {"input_cost_per_token": (1e-06, 1e-09)},
    ),
    (
        "nvidia: repeated catalog ids are fine; absent id removed",
        [
            _entry(
                "nvidia_nim/deepseek-ai/deepseek-v4-flash",
                input_cost_per_token="1.0e-09",
                output_cost_per_token="1.0e-09",
            ),
            _entry(
                "nvidia_nim/meta/llama-2-70b-retired",
                input_cost_per_token="1.0e-09",
                output_cost_per_token="1.0e-09",
            ),
        ],
        {"nvidia_nim/meta/llama-2-70b-retired": "remove"},
        {},
    ),
    (
        "entries of other providers are never touched",
        [
            _entry("openai/gpt-4o", input_cost_per_token="9.9"),
            _entry("openrouterx/qwen/qwen3-coder", input_cost_per_token="9.9"),
            _entry("azure_ai/openrouter/qwen/qwen3-coder", input_cost_per_token="9.9"),
        ],
        {},
        {},
    ),
]


@pytest.mark.parametrize(("entries", "actions", "fields"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_planner_rules(
    entries: list[str],
    actions: dict[str, str],
    fields: dict[str, tuple[object, object]],
    catalogs: dict[str, Catalog],
    tmp_path: Path,
) -> None:
    plan, _raw = _plan(_config(*entries), catalogs, tmp_path)
    got = _by_model(plan)
    assert {m: c["action"] for m, c in got.items()} == actions
    changed_fields = {k: (v["before"], v["after"]) for c in got.values() for k, v in c["fields"].items()}  # type: ignore[attr-defined]
    for name, (before, after) in fields.items():
        assert changed_fields[name] == (before, after), name


def test_no_float_noise_is_written(catalogs: dict[str, Catalog], tmp_path: Path) -> None:
    plan, raw = _plan(
        _config(_entry("openrouter/qwen/qwen3-coder", input_cost_per_token="1", output_cost_per_token="1")),
        catalogs,
        tmp_path,
    )
    applied = assert_patch_invariant(plan, raw, tmp_path / "config.yaml").decode()
    assert "input_cost_per_token: 3.0e-07" in applied
    assert "output_cost_per_token: 1.0e-06" in applied
    assert "0000000" not in applied


def test_missing_embeddings_endpoint_fails_the_provider(tmp_path: Path) -> None:
    broken = {"openrouter": _catalog("openrouter", {"models": OPENROUTER_ALL.read_bytes()})}
    assert not broken["openrouter"].ok
    plan, _ = _plan(
        _config(_entry("openrouter/anthropic/claude-3.5-haiku")), broken, tmp_path, providers=("openrouter",)
    )
    assert plan.changes == [] and plan.patch == []
    assert plan.providers["openrouter"].status == "failed"
    assert "embeddings" in (plan.providers["openrouter"].error or "")


def test_unselected_provider_untouched(catalogs: dict[str, Catalog], tmp_path: Path) -> None:
    plan, _ = _plan(
        _config(_entry("nvidia_nim/retired/model"), _entry("openrouter/retired/model")),
        catalogs,
        tmp_path,
        providers=("openrouter",),
    )
    assert [c.model for c in plan.changes] == ["openrouter/retired/model"]


def test_real_seed_config(catalogs: dict[str, Catalog], tmp_path: Path) -> None:
    """On the real 127-entry config: every change is justified by the catalog."""
    plan, _raw = _plan(SEED_CONFIG.read_text(), catalogs, tmp_path)
    records = {n: c.records for n, c in catalogs.items()}
    assert plan.summary["remove"] > 0 and plan.summary["update"] > 0
    for change in plan.changes:
        assert change.provider in ("openrouter", "nvidia")
        prefix = "openrouter/" if change.provider == "openrouter" else "nvidia_nim/"
        model_id = change.model[len(prefix) :]
        catalog = records[change.provider]
        assert catalog is not None
        if change.action == "remove":
            assert model_id not in catalog
            assert catalogs[change.provider].lookup(model_id) is None  # nor a routing variant
        else:
            match = catalogs[change.provider].lookup(model_id)
            assert match is not None and match.reprice
            record = match.record
            for name, values in change.fields.items():
                price = record.price(name)
                expected = Decimal("1e-9") if price == 0 else price
                assert Decimal(str(values["after"])) == expected
    doc = json.loads(plan.dumps())
    assert doc["summary"] == {
        "add": 0,
        "update": plan.summary["update"],
        "remove": plan.summary["remove"],
        "move": 0,
    }
    # every mutation is preceded by a test op pinning the entry
    for i, op in enumerate(plan.patch):
        if op["op"] in ("replace", "add", "remove"):
            entry = "/".join(op["path"].split("/")[:3])
            pinned = [p["path"] for p in plan.patch[:i] if p["op"] == "test"]
            assert any(p == entry or p.startswith(entry + "/") for p in pinned)
