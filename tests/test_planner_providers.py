"""Issue 4: the planner on every provider's real payload, one table row per kind of change.

For each of the seven providers: remove (id gone from the catalog), update (a stale price),
no-op (a price within the relative 1e-9 tolerance), free (catalog price 0 -> 1e-9), unknown
(the catalog has no price: the entry is left alone), and limits (an existing ``model_info``
limit follows the catalog). Every case checks the plan's changes, the patch invariant
(``jsonpatch`` on the parsed config == what ``apply`` writes) and that an in-sync anchor entry
of the same provider keeps its bytes.

Then one add per provider, compared with the entry the seed scripts produced from the same
catalog item (the items are in ``tests/fixtures/seed-items/``, the seed's outputs in
``SEED_OUTPUTS`` below); the deliberate differences are spelled out in each row and in
docs/seed-differences.md.

Where a real payload has no item of a kind (Novita, Nano-GPT and Vercel list no free model;
Novita and Nano-GPT no unknown price) the row uses a *derived* body: one real item with only its
price fields changed to the provider's documented free/unknown form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from modelctl.plan import Plan
from modelctl.planner import ModelRef, PlanRequest
from modelctl.records import Catalog

from provider_catalogs import (
    ALL_PROVIDERS,
    REGISTRY,
    Bodies,
    assert_only_touched_entries_changed,
    bodies_with_items,
    catalog_of,
    config_text,
    entry,
    plan_text,
    real_catalog,
    real_item,
    real_items,
    seed_items,
)


def managed(
    provider: str, model_id: str, name: str, model_info: Mapping[str, Any] | None = None, **costs: float
) -> dict[str, Any]:
    """A config entry of ``provider`` in the shape modelctl writes (prefix, api_base, api_key)."""
    spec = REGISTRY.specs[provider]
    return entry(
        spec.prefix + model_id,
        name,
        api_base=spec.new_entry.get("api_base"),
        api_key=spec.new_entry.get("api_key"),
        model_info=model_info,
        **costs,
    )


# -- derived bodies (one real item, only its prices changed) -----------------------------------


def _with_item(provider: str, model_id: str, change: Callable[[dict[str, Any]], None]) -> Bodies:
    items = real_items(provider)
    derived = real_item(provider, model_id)
    change(derived)
    return bodies_with_items(provider, [derived if i["id"] == model_id else i for i in items])


def _novita_prices(value: int) -> Callable[[dict[str, Any]], None]:
    def change(item: dict[str, Any]) -> None:
        item["input_token_price_per_m"] = value
        item["output_token_price_per_m"] = value
        if value == 0:  # legacy 0/0 alone reads as unknown: free is said by the pricing object
            free = {"price_per_m": 0, "price_per_m_decimal": "0"}
            item["pricing"] = {"prompt": dict(free), "completion": dict(free)}

    return change


def _nano_free(item: dict[str, Any]) -> None:
    item["pricing"]["prompt"] = 0
    item["pricing"]["completion"] = 0


def _nano_unpriced(item: dict[str, Any]) -> None:
    del item["pricing"]


def _vercel_free(item: dict[str, Any]) -> None:
    item["pricing"] = {"input": "0", "output": "0"}


DERIVED: dict[str, Callable[[], Bodies]] = {
    "novita-free": lambda: _with_item("novita", "meta-llama/llama-3-8b-instruct", _novita_prices(0)),
    "novita-unknown": lambda: _with_item("novita", "lzlv_70b", _novita_prices(-1)),
    "nano_gpt-free": lambda: _with_item("nano_gpt", "zai-org/glm-5", _nano_free),
    "nano_gpt-unknown": lambda: _with_item("nano_gpt", "zai-org/glm-5", _nano_unpriced),
    "vercel-free": lambda: _with_item("vercel", "alibaba/qwen-3-14b", _vercel_free),
}


# -- anchors: one in-sync entry per provider, which no case may touch --------------------------

ANCHORS: dict[str, dict[str, Any]] = {
    "openrouter": managed(
        "openrouter",
        "amazon/nova-pro-v1",
        "anchor",
        input_cost_per_token=8e-07,
        output_cost_per_token=3.2e-06,
    ),
    "requesty": managed(
        "requesty",
        "nvidia/nemotron-3-nano-30b-a3b",
        "anchor",
        input_cost_per_token=1e-09,
        output_cost_per_token=1e-09,
        cache_read_input_token_cost=1e-09,
    ),
    "novita": managed(
        "novita",
        "meta-llama/llama-3.1-70b-instruct",
        "anchor",
        input_cost_per_token=5.5e-07,
        output_cost_per_token=7.6e-07,
    ),
    "nano_gpt": managed(
        "nano_gpt",
        "anthropic/claude-opus-4.6",
        "anchor",
        input_cost_per_token=1.5e-05,
        output_cost_per_token=7.5e-05,
    ),
    "vercel": managed(
        "vercel",
        "openai/text-embedding-3-small",
        "anchor",  # no output price
        {"mode": "embedding"},
        input_cost_per_token=2e-08,
    ),
    "poe": managed(
        "poe",
        "claude-opus-4.8",
        "anchor",
        input_cost_per_token=4.2929e-06,
        output_cost_per_token=2.14646e-05,
        cache_read_input_token_cost=4.293e-07,
        cache_creation_input_token_cost=5.3662e-06,
    ),
    "nvidia": managed(
        "nvidia", "z-ai/glm5", "anchor", input_cost_per_token=1e-09, output_cost_per_token=1e-09
    ),
}

IN, OUT = "input_cost_per_token", "output_cost_per_token"
CACHE_READ, CACHE_WRITE = "cache_read_input_token_cost", "cache_creation_input_token_cost"
MAX_IN, MAX_OUT = "max_input_tokens", "max_output_tokens"


@dataclass(frozen=True)
class Case:
    provider: str
    kind: str  # remove | update | no-op | free | unknown | limits
    entry: dict[str, Any]
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # update: name -> (old, new)
    bodies: str | None = None  # a DERIVED key, or None for the real payload

    @property
    def action(self) -> str | None:
        if self.kind == "limits" and not self.fields:
            return None  # Nvidia publishes no limits: model_info is left alone
        return {"remove": "remove", "update": "update", "free": "update", "limits": "update"}.get(self.kind)

    @property
    def model_id(self) -> str:
        model: str = self.entry["litellm_params"]["model"]
        return model[len(REGISTRY.specs[self.provider].prefix) :]


CASES: list[Case] = [
    # OpenRouter: decimal strings in USD/token, "-1" for variable-priced routers
    Case(
        "openrouter",
        "remove",
        managed(
            "openrouter",
            "mistralai/devstral-2512:free",
            "or-devstral-2512",
            input_cost_per_token=1e-09,
            output_cost_per_token=1e-09,
        ),
    ),
    Case(
        "openrouter",
        "update",
        managed(
            "openrouter",
            "anthropic/claude-opus-5",
            "claude-opus-5",
            input_cost_per_token=4e-06,
            output_cost_per_token=2.5e-05,
            cache_read_input_token_cost=5e-07,
            cache_creation_input_token_cost=6.25e-06,
        ),
        {IN: (4e-06, 5e-06)},
    ),
    Case(
        "openrouter",
        "no-op",
        managed(
            "openrouter",
            "anthropic/claude-opus-5",
            "claude-opus-5",
            input_cost_per_token=5.000000004e-06,
            output_cost_per_token=2.5e-05,
            cache_read_input_token_cost=5e-07,
            cache_creation_input_token_cost=6.25e-06,
        ),
    ),
    Case(
        "openrouter",
        "free",
        managed(
            "openrouter",
            "dots-studio/dots-3-note-preview:free",
            "dots-3",
            input_cost_per_token=1e-07,
            output_cost_per_token=2e-07,
        ),
        {IN: (1e-07, 1e-09), OUT: (2e-07, 1e-09)},
    ),
    Case(
        "openrouter",
        "unknown",
        managed(
            "openrouter", "openrouter/auto", "auto", input_cost_per_token=3e-06, output_cost_per_token=1.5e-05
        ),
    ),
    Case(
        "openrouter",
        "limits",
        managed(
            "openrouter",
            "amazon/nova-pro-v1",
            "nova",
            {MAX_IN: 300000, MAX_OUT: 4096},
            input_cost_per_token=8e-07,
            output_cost_per_token=3.2e-06,
        ),
        {MAX_OUT: (4096, 5120)},
    ),
    # Requesty: JSON numbers in USD/token; the tracker's free models are 0
    Case(
        "requesty",
        "remove",
        managed(
            "requesty",
            "anthropic/claude-sonnet-4-5",
            "claude-sonnet-4.5",
            input_cost_per_token=3e-06,
            output_cost_per_token=1.5e-05,
        ),
    ),
    Case(
        "requesty",
        "update",
        managed(
            "requesty",
            "alibaba/qwen3.7-max",
            "qwen3.7-max",
            input_cost_per_token=2.5e-06,
            output_cost_per_token=1e-05,
            cache_read_input_token_cost=2.5e-07,
            cache_creation_input_token_cost=3.125e-06,
        ),
        {OUT: (1e-05, 7.5e-06)},
    ),
    Case(
        "requesty",
        "no-op",
        managed(
            "requesty",
            "alibaba/qwen3.7-max",
            "qwen3.7-max",
            input_cost_per_token=2.5000000001e-06,
            output_cost_per_token=7.5e-06,
            cache_read_input_token_cost=2.5e-07,
            cache_creation_input_token_cost=3.125e-06,
        ),
    ),
    Case(
        "requesty",
        "free",
        managed(
            "requesty",
            "google/gemma-4-31b-it",
            "gemma-4-31b-it",
            input_cost_per_token=1e-07,
            output_cost_per_token=4e-07,
            cache_read_input_token_cost=1e-09,
        ),
        {IN: (1e-07, 1e-09), OUT: (4e-07, 1e-09)},
    ),
    Case(
        "requesty",
        "unknown",
        managed(
            "requesty",
            "google/gemma-4-31b-it",
            "gemma-4-31b-it",
            input_cost_per_token=1e-09,
            output_cost_per_token=1e-09,
            cache_read_input_token_cost=1e-09,
            cache_creation_input_token_cost=5e-08,
        ),
    ),  # no caching_price
    Case(
        "requesty",
        "limits",
        managed(
            "requesty",
            "alibaba/qwen3.7-max",
            "qwen3.7-max",
            {MAX_IN: 1000000, MAX_OUT: 65536},
            input_cost_per_token=2.5e-06,
            output_cost_per_token=7.5e-06,
            cache_read_input_token_cost=2.5e-07,
            cache_creation_input_token_cost=3.125e-06,
        ),
        {MAX_IN: (1000000, 1048576)},
    ),
    # Novita: integers in 0.0001 USD per 1M tokens (630 -> 6.3e-08); -1 is "no price"
    Case(
        "novita",
        "remove",
        managed(
            "novita",
            "inclusionai/ling-3.0-tiny",
            "nv-ling-3.0-tiny",
            input_cost_per_token=1e-09,
            output_cost_per_token=1e-09,
        ),
    ),
    Case(
        "novita",
        "update",
        managed(
            "novita",
            "meta-llama/llama-3-8b-instruct",
            "nv-llama-3-8b-instruct",
            input_cost_per_token=5e-08,
            output_cost_per_token=6.3e-08,
        ),
        {IN: (5e-08, 6.3e-08)},
    ),
    Case(
        "novita",
        "no-op",
        managed(
            "novita",
            "meta-llama/llama-3.1-405b-instruct",
            "nv-llama-3.1-405b-instruct",
            input_cost_per_token=3.000000002e-06,
            output_cost_per_token=5e-06,
        ),
    ),
    Case(
        "novita",
        "free",
        managed(
            "novita",
            "meta-llama/llama-3-8b-instruct",
            "nv-llama-3-8b-instruct",
            input_cost_per_token=6.3e-08,
            output_cost_per_token=6.3e-08,
        ),
        {IN: (6.3e-08, 1e-09), OUT: (6.3e-08, 1e-09)},
        "novita-free",
    ),
    Case(
        "novita",
        "unknown",
        managed(
            "novita", "lzlv_70b", "nv-lzlv_70b", input_cost_per_token=5.8e-07, output_cost_per_token=7.8e-07
        ),
        bodies="novita-unknown",
    ),
    Case(
        "novita",
        "limits",
        managed(
            "novita",
            "meta-llama/llama-3-8b-instruct",
            "nv-llama-3-8b-instruct",
            {MAX_IN: 4096},
            input_cost_per_token=6.3e-08,
            output_cost_per_token=6.3e-08,
        ),
        {MAX_IN: (4096, 8192)},
    ),
    # Nano-GPT: USD per 1M tokens; the seed wrote float artefacts like 2.5500000000000003e-06
    Case(
        "nano_gpt",
        "remove",
        managed(
            "nano_gpt",
            "x-ai/grok-code-fast-1",
            "x-ai-grok-code-fast-1",
            input_cost_per_token=2e-07,
            output_cost_per_token=1.5e-06,
        ),
    ),
    Case(
        "nano_gpt",
        "update",
        managed(
            "nano_gpt",
            "anthropic/claude-opus-4.6",
            "claude-opus-4.6",
            input_cost_per_token=5e-06,
            output_cost_per_token=7.5e-05,
        ),
        {IN: (5e-06, 1.5e-05)},
    ),
    Case(
        "nano_gpt",
        "no-op",
        managed(
            "nano_gpt",
            "zai-org/glm-5",
            "zai-glm-5",
            input_cost_per_token=3e-07,
            output_cost_per_token=2.5500000000000003e-06,
        ),
    ),
    Case(
        "nano_gpt",
        "free",
        managed(
            "nano_gpt",
            "zai-org/glm-5",
            "zai-glm-5",
            input_cost_per_token=3e-07,
            output_cost_per_token=2.55e-06,
        ),
        {IN: (3e-07, 1e-09), OUT: (2.55e-06, 1e-09)},
        "nano_gpt-free",
    ),
    Case(
        "nano_gpt",
        "unknown",
        managed(
            "nano_gpt",
            "zai-org/glm-5",
            "zai-glm-5",
            input_cost_per_token=3e-07,
            output_cost_per_token=2.55e-06,
        ),
        bodies="nano_gpt-unknown",
    ),
    Case(
        "nano_gpt",
        "limits",
        managed(
            "nano_gpt",
            "zai-org/glm-5",
            "zai-glm-5",
            {MAX_IN: 200000, MAX_OUT: 131072},
            input_cost_per_token=3e-07,
            output_cost_per_token=2.55e-06,
        ),
        {MAX_OUT: (131072, 128000)},
    ),
    # Vercel: decimal strings in USD/token; ``pricing: {}`` is unknown
    Case(
        "vercel",
        "remove",
        managed(
            "vercel",
            "alibaba/qwen3.7-max",
            "qwen3.7-max",
            input_cost_per_token=1.25e-06,
            output_cost_per_token=3.75e-06,
        ),
    ),
    Case(
        "vercel",
        "update",
        managed(
            "vercel",
            "anthropic/claude-opus-4.6",
            "claude-opus-4.6",
            input_cost_per_token=5e-06,
            output_cost_per_token=1.5e-05,
            cache_read_input_token_cost=5e-07,
            cache_creation_input_token_cost=6.25e-06,
        ),
        {OUT: (1.5e-05, 2.5e-05)},
    ),
    Case(
        "vercel",
        "no-op",
        managed(
            "vercel",
            "alibaba/qwen-3-14b",
            "qwen-3-14b",
            input_cost_per_token=6.0000000001e-08,
            output_cost_per_token=2.4e-07,
        ),
    ),
    Case(
        "vercel",
        "free",
        managed(
            "vercel",
            "alibaba/qwen-3-14b",
            "qwen-3-14b",
            input_cost_per_token=6e-08,
            output_cost_per_token=2.4e-07,
        ),
        {IN: (6e-08, 1e-09), OUT: (2.4e-07, 1e-09)},
        "vercel-free",
    ),
    Case(
        "vercel",
        "unknown",
        managed(
            "vercel",
            "meituan/longcat-flash-chat",  # the seed's entry
            "vc-meituan-longcat-flash-chat",
            input_cost_per_token=1e-09,
            output_cost_per_token=1e-09,
        ),
    ),
    Case(
        "vercel",
        "limits",
        managed(
            "vercel",
            "alibaba/qwen-3-14b",
            "qwen-3-14b",
            {MAX_IN: 32768, MAX_OUT: 16384},
            input_cost_per_token=6e-08,
            output_cost_per_token=2.4e-07,
        ),
        {MAX_IN: (32768, 40960)},
    ),
    # Poe: decimal strings or null; ``pricing: null`` is unknown; request "0.00" is a free bot
    Case(
        "poe",
        "remove",
        managed(
            "poe",
            "claude-haiku-3.5",
            "claude-3-5-haiku",
            input_cost_per_token=6.8e-07,
            output_cost_per_token=3.4e-06,
        ),
    ),
    Case(
        "poe",
        "update",
        managed(
            "poe",
            "grok-4.6",
            "grok-4.6",
            input_cost_per_token=2e-06,
            output_cost_per_token=6.0606e-06,
            cache_read_input_token_cost=5.051e-07,
        ),
        {IN: (2e-06, 2.0202e-06)},
    ),
    Case(
        "poe",
        "no-op",
        managed(
            "poe",
            "grok-4.6",
            "grok-4.6",
            input_cost_per_token=2.0202000001e-06,
            output_cost_per_token=6.0606e-06,
            cache_read_input_token_cost=5.051e-07,
        ),
    ),
    Case(
        "poe",
        "free",
        managed("poe", "gemma-4-31b", "gemma-4-31b", input_cost_per_token=1e-07, output_cost_per_token=2e-07),
        {IN: (1e-07, 1e-09), OUT: (2e-07, 1e-09)},
    ),
    Case(
        "poe",
        "unknown",
        managed("poe", "assistant", "assistant", input_cost_per_token=1e-06, output_cost_per_token=2e-06),
    ),
    Case(
        "poe",
        "limits",
        managed(
            "poe",
            "gemma-4-31b",
            "gemma-4-31b",
            {MAX_IN: 262144, MAX_OUT: 4096},
            input_cost_per_token=1e-09,
            output_cost_per_token=1e-09,
        ),
        {MAX_OUT: (4096, 8192)},
    ),
    # Nvidia: no prices at all; every listed model costs 1e-9 (providers.yaml default_cost)
    Case(
        "nvidia",
        "remove",
        managed(
            "nvidia",
            "deepseek-ai/deepseek-v3.1",
            "deepseek-v3.1",
            input_cost_per_token=1e-09,
            output_cost_per_token=1e-09,
        ),
    ),
    Case(
        "nvidia",
        "update",
        managed("nvidia", "z-ai/glm5", "zai-glm-5", input_cost_per_token=2e-07, output_cost_per_token=1e-09),
        {IN: (2e-07, 1e-09)},
    ),
    Case(
        "nvidia",
        "no-op",
        managed(
            "nvidia",
            "z-ai/glm5",
            "zai-glm-5",
            input_cost_per_token=1.0000000001e-09,
            output_cost_per_token=1e-09,
        ),
    ),
    Case(
        "nvidia",
        "free",
        managed("nvidia", "z-ai/glm5", "zai-glm-5", input_cost_per_token=0.0, output_cost_per_token=0.0),
        {IN: (0.0, 1e-09), OUT: (0.0, 1e-09)},
    ),
    Case(
        "nvidia",
        "unknown",
        managed(
            "nvidia",
            "z-ai/glm5",
            "zai-glm-5",
            input_cost_per_token=1e-09,
            output_cost_per_token=1e-09,
            cache_read_input_token_cost=5e-08,
        ),
    ),
    Case(
        "nvidia",
        "limits",
        managed(
            "nvidia",
            "z-ai/glm5",
            "zai-glm-5",
            {MAX_IN: 202752},
            input_cost_per_token=1e-09,
            output_cost_per_token=1e-09,
        ),
    ),
]


def _catalog(case: Case) -> Catalog:
    if case.bodies is None:
        return real_catalog(case.provider)
    catalog = catalog_of(case.provider, DERIVED[case.bodies]())
    assert catalog.ok, catalog.error
    return catalog


def _fields(plan: Plan) -> list[tuple[str, str, str | None, str, dict[str, tuple[Any, Any]]]]:
    return [
        (
            c.action,
            c.provider,
            c.model_name,
            c.model,
            {k: (v["before"], v["after"]) for k, v in c.fields.items()},
        )
        for c in plan.changes
    ]


def test_every_provider_has_every_kind() -> None:
    kinds = {(c.provider, c.kind) for c in CASES}
    assert kinds == {
        (p, k) for p in ALL_PROVIDERS for k in ("remove", "update", "no-op", "free", "unknown", "limits")
    }


def _at(entry: dict[str, Any], path: str) -> Any:
    for part in path.split("/"):
        entry = entry[part]
    return entry


@pytest.mark.parametrize("case", CASES, ids=[f"{c.provider}-{c.kind}" for c in CASES])
def test_planner_case(case: Case, tmp_path: Path) -> None:
    catalog = _catalog(case)
    assert catalog.records is not None
    assert (case.model_id in catalog.records) == (case.kind != "remove")
    params = case.entry["litellm_params"]
    text = config_text([case.entry, ANCHORS[case.provider]])
    plan, raw, applied = plan_text(tmp_path, text, [case.provider], {case.provider: catalog})
    if case.action is None:
        assert plan.changes == [] and plan.patch == []
        assert applied == raw
        return
    assert _fields(plan) == [
        (
            case.action,
            case.provider,
            case.entry["model_name"],
            params["model"],
            {k: v for k, v in case.fields.items()},
        )
    ]
    change = plan.changes[0]
    assert change.api_base == params.get("api_base")
    if case.kind == "remove":
        assert f"no longer in the {case.provider} catalog" in change.reason
        # the removal guard pins model, and model_name / api_base when present: never the whole entry
        pinned = ["litellm_params/model"] + ["model_name"] * ("model_name" in case.entry)
        pinned += ["litellm_params/api_base"] * ("api_base" in params)
        assert plan.patch == [
            *({"op": "test", "path": f"/model_list/0/{p}", "value": _at(case.entry, p)} for p in pinned),
            {"op": "remove", "path": "/model_list/0"},
        ]
    else:
        assert plan.patch[0] == {
            "op": "test",
            "path": "/model_list/0/litellm_params/model",
            "value": params["model"],
        }
    assert_only_touched_entries_changed(raw.decode(), applied.decode(), plan)
    after = yaml.safe_load(applied)["model_list"]
    assert after[-1] == ANCHORS[case.provider]
    if case.kind != "remove":
        written = {**after[0]["litellm_params"], **after[0].get("model_info", {})}
        assert {k: written[k] for k in case.fields} == {k: v[1] for k, v in case.fields.items()}


@pytest.mark.parametrize("provider", ALL_PROVIDERS)
def test_unknown_and_free_are_told_apart(provider: str) -> None:
    """The free case's catalog price is 0 (free) and the unknown case's is None (unknown)."""
    by_kind = {c.kind: c for c in CASES if c.provider == provider}
    free, unknown = _catalog(by_kind["free"]), _catalog(by_kind["unknown"])
    assert free.records is not None and unknown.records is not None
    free_price = free.records[by_kind["free"].model_id].price(IN)
    unknown_record = unknown.records[by_kind["unknown"].model_id]
    if provider == "nvidia":  # nothing is unknown on NIM but the cache prices
        assert free_price == unknown_record.price(IN) == REGISTRY.specs["nvidia"].default_cost
        assert unknown_record.price(CACHE_READ) is None
    elif provider in ("requesty", "nano_gpt"):
        assert free_price == 0
        unknown_field = CACHE_WRITE if provider == "requesty" else IN
        assert unknown_record.price(unknown_field) is None
    else:
        assert free_price == 0
        assert unknown_record.price(IN) is None and unknown_record.price(OUT) is None


# -- one add per provider, against the seed's example output -----------------------------------

SEED_05F28D5 = "05f28d5"
SEED_HEAD = "HEAD-8f7f1f4"

# The seed's ``### output`` blocks, verbatim (the seed repository's tests/input-and-outputs.md at
# each version, see docs/seed-differences.md; the matching ``### input`` items are in
# tests/fixtures/seed-items/, see its README).
SEED_OUTPUTS: dict[tuple[str, str], str] = {
    ("openrouter", SEED_05F28D5): """\
- model_name: zai-glm-5
  litellm_params:
    model: openrouter/z-ai/glm-5
    order: 5
    input_cost_per_token: 8.0e-07
    output_cost_per_token: 2.56e-06
""",
    ("nano_gpt", SEED_05F28D5): """\
- model_name: zai-glm-5
  litellm_params:
    model: nano-gpt/zai-org/glm-5
    order: 5
    api_key: os.environ/NANOGPT_API_KEY
    input_cost_per_token: 3.0e-07
    output_cost_per_token: 2.55e-06
""",
    ("vercel", SEED_05F28D5): """\
- model_name: zai-glm-5
  litellm_params:
    model: vercel_ai_gateway/zai/glm-5
    order: 5
    input_cost_per_token: 1.0e-06
    output_cost_per_token: 3.2e-06
""",
    ("poe", SEED_05F28D5): """\
- model_name: zai-glm-5
  litellm_params:
    model: poe/glm-5
    order: 3
    api_key: os.environ/POE_API_KEY
    input_cost_per_token: 1.0e-06
    output_cost_per_token: 3.2e-06
""",
    ("nvidia", SEED_05F28D5): """\
- model_name: zai-glm-5
  litellm_params:
    model: nvidia_nim/z-ai/glm5
    order: 5
    input_cost_per_token: 1.0e-09
    output_cost_per_token: 1.0e-09
""",
    ("openrouter", SEED_HEAD): """\
- model_name: qwen3.7-max
  litellm_params:
    model: openrouter/qwen/qwen3.7-max
    order: 5
    input_cost_per_token: 1.25e-06
    output_cost_per_token: 3.75e-06
    cache_creation_input_token_cost: 1.5625e-06
    cache_read_input_token_cost: 2.5e-07
  model_info:
    max_input_tokens: 1000000
    max_output_tokens: 65536
""",
    ("vercel", SEED_HEAD): """\
- model_name: qwen3.7-max
  litellm_params:
    model: vercel_ai_gateway/alibaba/qwen3.7-max
    order: 5
    input_cost_per_token: 1.25e-06
    output_cost_per_token: 3.75e-06
    cache_creation_input_token_cost: 1.5625e-06
    cache_read_input_token_cost: 2.5e-07
  model_info:
    max_input_tokens: 991000
    max_output_tokens: 64000
""",
    ("poe", SEED_HEAD): """\
- model_name: qwen3.7-max
  litellm_params:
    model: poe/qwen3.7-max
    order: 4
    api_key: os.environ/POE_API_KEY
    input_cost_per_token: 2.5253e-06
    output_cost_per_token: 7.5758e-06
""",
    ("nvidia", SEED_HEAD): """\
- model_name: zai-glm-5
  litellm_params:
    model: nvidia_nim/z-ai/glm5
    order: 3
    input_cost_per_token: 1.0e-09
    output_cost_per_token: 1.0e-09
""",
    ("requesty", SEED_HEAD): """\
- litellm_params:
    model: openai/alibaba/qwen3.7-max
    api_base: https://router.requesty.ai/v1
    api_key: os.environ/REQUESTY_API_KEY
    input_cost_per_token: 2.5e-06
    output_cost_per_token: 7.5e-06
    cache_creation_input_token_cost: 3.125e-06
    cache_read_input_token_cost: 2.5e-07
    order: 5
  model_info:
    max_input_tokens: 1048576
    max_output_tokens: 65536
  model_name: qwen3.7-max
""",
}


@dataclass(frozen=True)
class SeedAdd:
    provider: str
    version: str
    model_id: str
    seed_catalog: bool  # True: the verbatim seed item (tests/fixtures/seed-items), else real
    shape: dict[str, Any] = field(default_factory=dict)  # the 708a58f entry shape instead
    extra_params: dict[str, Any] = field(default_factory=dict)  # written by modelctl, not seed
    extra_info: dict[str, Any] = field(default_factory=dict)


NANO_SHAPE = {"model": "openai/zai-org/glm-5", "api_base": "os.environ/NANOGPT_API_BASE"}

SEED_ADDS: list[SeedAdd] = [
    # 05f28d5 wrote no cache costs and no model_info; modelctl writes both (as HEAD does)
    SeedAdd(
        "openrouter",
        SEED_05F28D5,
        "z-ai/glm-5",
        True,
        extra_params={CACHE_READ: 1.6e-07},
        extra_info={MAX_IN: 202752},
    ),
    SeedAdd(
        "nano_gpt",
        SEED_05F28D5,
        "zai-org/glm-5",
        False,
        shape=NANO_SHAPE,
        extra_info={MAX_IN: 200000, MAX_OUT: 128000},
    ),
    SeedAdd(
        "vercel",
        SEED_05F28D5,
        "zai/glm-5",
        False,
        extra_params={CACHE_READ: 2e-07},
        extra_info={MAX_IN: 202800, MAX_OUT: 131072},
    ),
    SeedAdd(
        "poe",
        SEED_05F28D5,
        "glm-5",
        True,
        shape={"model": "openai/glm-5", "api_base": "https://api.poe.com/v1"},
        extra_params={CACHE_READ: 2e-07},
    ),
    SeedAdd("nvidia", SEED_05F28D5, "z-ai/glm5", False),
    # HEAD's entries carry cache costs and limits: only order and the native prefixes differ
    SeedAdd("openrouter", SEED_HEAD, "qwen/qwen3.7-max", True),
    SeedAdd("vercel", SEED_HEAD, "alibaba/qwen3.7-max", True),
    SeedAdd(
        "poe",
        SEED_HEAD,
        "qwen3.7-max",
        True,
        shape={"model": "openai/qwen3.7-max", "api_base": "https://api.poe.com/v1"},
    ),
    SeedAdd("nvidia", SEED_HEAD, "z-ai/glm5", False),
    SeedAdd("requesty", SEED_HEAD, "alibaba/qwen3.7-max", False),
]


def _seed_catalog(add: SeedAdd) -> Catalog:
    if not add.seed_catalog:
        return real_catalog(add.provider)
    catalog = catalog_of(add.provider, bodies_with_items(add.provider, seed_items(add.provider)))
    assert catalog.ok, catalog.error
    return catalog


def _expected_entry(add: SeedAdd) -> dict[str, Any]:
    seed = yaml.safe_load(SEED_OUTPUTS[add.provider, add.version])[0]
    params = dict(seed["litellm_params"])
    assert isinstance(params.pop("order"), int)  # modelctl never writes 'order'
    params.update(add.shape)
    params.update(add.extra_params)
    info = {**seed.get("model_info", {}), **add.extra_info}
    expected: dict[str, Any] = {"model_name": seed["model_name"], "litellm_params": params}
    if info:
        expected["model_info"] = info
    return expected


def test_every_provider_with_a_seed_example_is_covered() -> None:
    assert {a.provider for a in SEED_ADDS} == set(ALL_PROVIDERS) - {"novita"}  # no seed example
    assert {(a.provider, a.version) for a in SEED_ADDS} == set(SEED_OUTPUTS)


@pytest.mark.parametrize("add", SEED_ADDS, ids=[f"{a.provider}-{a.version}" for a in SEED_ADDS])
def test_add_matches_the_seed_example(add: SeedAdd, tmp_path: Path) -> None:
    expected = _expected_entry(add)
    existing = entry(
        "anthropic/claude-opus-4-5-20251101", "claude-opus-4.5", api_key="os.environ/ANTHROPIC_API_KEY"
    )
    request = PlanRequest(add=(ModelRef(add.provider, add.model_id),), model_name=expected["model_name"])
    plan, raw, applied = plan_text(
        tmp_path, config_text([existing]), [add.provider], {add.provider: _seed_catalog(add)}, request
    )
    assert [(c.action, c.provider, c.model_name, c.model) for c in plan.changes] == [
        ("add", add.provider, expected["model_name"], expected["litellm_params"]["model"])
    ]
    assert plan.notes == []
    after = yaml.safe_load(applied)["model_list"]
    assert after[0] == existing
    assert after[1] == expected
    assert_only_touched_entries_changed(raw.decode(), applied.decode(), plan)


def test_novita_add_follows_the_seed_specification(tmp_path: Path) -> None:
    """No seed example exists for Novita; §4: ``novita/<id>`` plus the costs (630 -> 6.3e-08)."""
    request = PlanRequest(add=(ModelRef("novita", "meta-llama/llama-3-8b-instruct"),))
    plan, _raw, applied = plan_text(
        tmp_path, config_text([ANCHORS["novita"]]), ["novita"], {"novita": real_catalog("novita")}, request
    )
    assert plan.summary["add"] == 1
    assert yaml.safe_load(applied)["model_list"][-1] == {
        "model_name": "nv-llama-3-8b-instruct",
        "litellm_params": {"model": "novita/meta-llama/llama-3-8b-instruct", IN: 6.3e-08, OUT: 6.3e-08},
        "model_info": {MAX_IN: 8192},
    }


def test_seed_items_are_the_ids_the_examples_name() -> None:
    assert [i["id"] for i in seed_items("openrouter")] == ["z-ai/glm-5", "qwen/qwen3.7-max"]
    assert [i["id"] for i in seed_items("vercel")] == ["alibaba/qwen3.7-max"]
    assert [i["id"] for i in seed_items("poe")] == ["glm-5", "qwen3.7-max"]
    # the later real captures re-price the same ids: that is why the seed items are kept
    assert real_item("openrouter", "z-ai/glm-5")["pricing"] != seed_items("openrouter")[0]["pricing"]
    assert real_item("poe", "glm-5")["pricing"] != seed_items("poe")[0]["pricing"]
