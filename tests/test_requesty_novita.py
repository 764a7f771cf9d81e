"""Issue 11 item 7: the full Requesty catalog and Novita's current ``pricing`` object.

Requesty rows use the real 781-model body (``requesty/models-full-2026-10-09.json``, bundled as
``examples/catalogs/requesty.json``). No real Novita body with the Oct 2026 ``pricing`` object
exists in the fixtures: the Novita items below are built strictly from the field names the issue
documents (``pricing.prompt|completion|input_cache_read`` each ``{price_per_m,
price_per_m_decimal, origin_price_per_m, origin_price_per_m_decimal}``, ``tiered_billing_configs``
with ``min_tokens``/``max_tokens``/``pricing``, ``display_name`` with a trailing tab,
``model_type: "chat"`` with ``output_modalities``), on top of a real legacy item.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from modelctl.catalog import Body, build_catalog
from modelctl.planner import ModelRef, PlanRequest
from modelctl.records import CACHE_READ_COST, CACHE_WRITE_COST, INPUT_COST, OUTPUT_COST, ModelRecord

from helpers import PROVIDER_FIXTURES, REPO
from provider_catalogs import PLUGINS, REGISTRY, config_text, plan_text

REQUESTY_FULL = PROVIDER_FIXTURES / "requesty" / "models-full-2026-10-09.json"


@cache
def requesty_body() -> dict[str, Any]:
    body: dict[str, Any] = json.loads(REQUESTY_FULL.read_text(encoding="utf-8"))
    return body


def requesty_item(model_id: str) -> dict[str, Any]:
    return copy.deepcopy(next(i for i in requesty_body()["data"] if i["id"] == model_id))


def normalize(provider: str, items: list[dict[str, Any]]) -> dict[str, ModelRecord]:
    records = PLUGINS[provider].normalize({"models": {"data": items}}, REGISTRY.specs[provider])
    return {r.id: r for r in records}


@cache
def requesty_records() -> dict[str, ModelRecord]:
    return normalize("requesty", requesty_body()["data"])


def test_the_bundled_example_is_the_fixture() -> None:
    assert (REPO / "examples" / "catalogs" / "requesty.json").read_bytes() == REQUESTY_FULL.read_bytes()


def test_every_requesty_model_is_read() -> None:
    records = requesty_records()
    assert len(records) == len(requesty_body()["data"]) == 781


def test_tier_zero_is_the_flat_price() -> None:
    """The flat fields equal tier 0 on every real item; a tiered model keeps its base tier."""
    item = requesty_item("anthropic/claude-haiku-5-5")
    assert [t["prompt_tokens_threshold"] for t in item["pricing"]] == [0, 100000]
    record = requesty_records()["anthropic/claude-haiku-5-5"]
    assert record.prices == {
        INPUT_COST: Decimal("1e-07"),
        OUTPUT_COST: Decimal("5e-07"),
        CACHE_READ_COST: Decimal("1e-08"),
        CACHE_WRITE_COST: Decimal("1.3e-07"),
    }


def test_a_missing_flat_price_is_read_from_tier_zero() -> None:
    item = requesty_item("anthropic/claude-haiku-5-5")
    for key in ("input_price", "output_price", "cached_price", "caching_price"):
        del item[key]
    item["pricing"].reverse()  # tiers in any order: the lowest threshold is the base
    record = normalize("requesty", [item])["anthropic/claude-haiku-5-5"]
    assert record.prices == requesty_records()["anthropic/claude-haiku-5-5"].prices


@pytest.mark.parametrize(
    ("variant", "base"),
    [
        ("openai/gpt-6.1-sol:flex", "openai/gpt-6.1-sol"),
        ("openai/gpt-5:priority", "openai/gpt-5"),
        ("openai/o4-mini:high", "openai/o4-mini"),
        ("bedrock/claude-haiku-5-5@eu-central-1", "bedrock/claude-haiku-5-5"),
    ],
)
def test_service_tier_effort_and_region_ids_are_their_own(variant: str, base: str) -> None:
    records = requesty_records()
    assert variant in records and records[variant].id == variant
    item = requesty_item(variant)
    assert records[variant].price(INPUT_COST) == Decimal(repr(item["input_price"]))
    catalog = build_catalog(REGISTRY.specs["requesty"], PLUGINS["requesty"], [_body()], "snapshot")
    match = catalog.lookup(variant)
    assert match is not None and match.catalog_id == variant and match.note is None
    assert catalog.lookup(variant + ":nitro") is None  # no OpenRouter rules here


def _body() -> Body:
    return Body("models", str(REQUESTY_FULL), REQUESTY_FULL.read_bytes())


def test_a_missing_cached_price_is_no_cache_price() -> None:
    missing = [i["id"] for i in requesty_body()["data"] if "cached_price" not in i]
    assert len(missing) == 48
    records = requesty_records()
    assert all(records[m].price(CACHE_READ_COST) is None for m in missing)  # never 0


def test_max_output_tokens_zero_is_unknown() -> None:
    zero = [i["id"] for i in requesty_body()["data"] if i["max_output_tokens"] == 0]
    assert len(zero) == 129
    records = requesty_records()
    assert all("max_output_tokens" not in records[m].limits for m in zero)
    assert all(records[m].limits.get("max_input_tokens") for m in zero if requesty_item(m)["context_window"])


def test_free_output_with_a_paid_input_is_priced_per_field(tmp_path: Path) -> None:
    paid_in = [
        i["id"]
        for i in requesty_body()["data"]
        if i["output_price"] == 0 and i["input_price"] not in (0, None)
    ]
    assert sorted(paid_in) == sorted(
        [
            "sference/clef",
            "cloudflare/clef-flash",
            "cloudflare/clef",
            "perplexity/pplx-decider-v1-27b",
            "typesafe/jev-1.13.0",
        ]
    )
    record = requesty_records()["perplexity/pplx-decider-v1-27b"]
    assert record.price(INPUT_COST) == Decimal("4e-08") and record.price(OUTPUT_COST) == 0
    catalog = build_catalog(REGISTRY.specs["requesty"], PLUGINS["requesty"], [_body()], "snapshot")
    plan, _raw, applied = plan_text(
        tmp_path,
        config_text([]),
        ["requesty"],
        {"requesty": catalog},
        PlanRequest(add=(ModelRef("requesty", "perplexity/pplx-decider-v1-27b"),)),
    )
    fields = plan.changes[0].fields
    assert fields[INPUT_COST]["after"] == 4e-08  # the input stays paid
    assert fields[OUTPUT_COST]["after"] == 1e-09  # free output: LiteLLM's 1e-9, not 0
    assert CACHE_READ_COST not in fields  # no cached_price: nothing invented
    assert b"api_base: https://router.requesty.ai/v1" in applied


# -- Novita ------------------------------------------------------------------------------------

LEGACY = {
    "id": "deepseek/deepseek-r1",
    "object": "model",
    "created": 1738886400,
    "title": "deepseek/deepseek-r1",
    "input_token_price_per_m": 40000,
    "output_token_price_per_m": 160000,
    "context_size": 64000,
    "status": 1,
}


def price_object(per_m: int, decimal: str | None, origin: int | None = None) -> dict[str, Any]:
    """One ``pricing`` entry with the documented keys (``origin_*`` = the list price)."""
    obj: dict[str, Any] = {"price_per_m": per_m}
    if decimal is not None:
        obj["price_per_m_decimal"] = decimal
    if origin is not None:
        obj["origin_price_per_m"] = origin
        obj["origin_price_per_m_decimal"] = str(Decimal(origin) / 10000)
    return obj


def novita(**changes: Any) -> ModelRecord:
    item = {**LEGACY, **changes}
    return normalize("novita", [item])[item["id"]]


def test_novita_legacy_fields_still_read() -> None:
    record = novita()
    assert record.price(INPUT_COST) == Decimal("4e-6") and record.price(OUTPUT_COST) == Decimal("1.6e-5")
    assert record.price(CACHE_READ_COST) is None


def test_novita_pricing_object_with_cache_read_prefers_the_decimal_strings() -> None:
    record = novita(
        display_name="DeepSeek R1\t",
        pricing={
            "prompt": price_object(5500, "0.55", origin=7000),
            "completion": price_object(21900, "2.19", origin=25000),
            "input_cache_read": price_object(1400, "0.14"),
        },
    )
    assert record.prices[INPUT_COST] == Decimal("5.5e-7")  # not the legacy 4e-6, not the list price
    assert record.prices[OUTPUT_COST] == Decimal("2.19e-6")
    assert record.prices[CACHE_READ_COST] == Decimal("1.4e-7")


def test_novita_decimal_string_wins_over_a_rounded_integer() -> None:
    record = novita(pricing={"prompt": price_object(1, "0.00015"), "completion": price_object(6, None)})
    assert record.prices[INPUT_COST] == Decimal("1.5e-10")  # price_per_m 1 would say 1e-10
    assert record.prices[OUTPUT_COST] == Decimal("6e-10")  # integer fallback: 6 / 1e10


def test_novita_pricing_object_partial_falls_back_to_legacy() -> None:
    record = novita(pricing={"prompt": price_object(5500, "0.55")})
    assert record.prices[INPUT_COST] == Decimal("5.5e-7")
    assert record.prices[OUTPUT_COST] == Decimal("1.6e-5")  # legacy output_token_price_per_m


def test_novita_tiered_billing_uses_the_first_tier() -> None:
    record = novita(
        input_token_price_per_m=0,
        output_token_price_per_m=0,
        pricing={"prompt": price_object(0, "0"), "completion": price_object(0, "0")},
        tiered_billing_configs=[
            {
                "min_tokens": 131072,
                "max_tokens": 1000000,
                "pricing": {"prompt": price_object(12000, "1.2"), "completion": price_object(48000, "4.8")},
            },
            {
                "min_tokens": 1,
                "max_tokens": 131072,
                "pricing": {
                    "prompt": price_object(6000, "0.6"),
                    "completion": price_object(24000, "2.4"),
                    "input_cache_read": price_object(1200, "0.12"),
                },
            },
        ],
    )
    assert record.prices[INPUT_COST] == Decimal("6e-7")
    assert record.prices[OUTPUT_COST] == Decimal("2.4e-6")
    assert record.prices[CACHE_READ_COST] == Decimal("1.2e-7")


def test_novita_legacy_zero_without_pricing_is_unknown() -> None:
    record = novita(input_token_price_per_m=0, output_token_price_per_m=0)
    assert record.prices[INPUT_COST] is None and record.prices[OUTPUT_COST] is None


@pytest.mark.parametrize(
    ("changes", "mode"),
    [
        (
            {"model_type": "chat", "output_modalities": ["image"], "input_modalities": ["text"]},
            "image_generation",
        ),
        ({"model_type": "chat", "output_modalities": ["text"]}, None),
        ({"model_type": "embedding"}, "embedding"),
        ({"model_type": "chat", "output_modalities": ["embeddings"]}, "embedding"),
    ],
)
def test_novita_mode_comes_from_output_modalities(changes: dict[str, Any], mode: str | None) -> None:
    assert novita(**changes).mode == mode


def test_novita_lists_the_documented_url() -> None:
    assert REGISTRY.specs["novita"].endpoints["models"] == "https://api.novita.ai/openai/v1/models"
