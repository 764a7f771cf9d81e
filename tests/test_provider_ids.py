"""Issue 11 item 2: ids as the provider means them, on the real catalogs.

OpenRouter: routing variants (``:nitro``, ``:floor``, ``:exacto``, ``:online``; OpenRouter's
"Model Variants" docs) are not catalog ids; an entry using one is kept while its base id is
listed, repriced from the base for the variants that only reorder providers, left alone (with a
note) for ``:online``. Catalog variants (``:free``, ``:batch``, ``:thinking``) stay exact.
Poe: handles are case-insensitive; the config's spelling is kept and the plan notes the catalog's.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from modelctl.providers.openrouter import ROUTING_VARIANTS, split_routing_variants
from modelctl.records import INPUT_COST, OUTPUT_COST

from provider_catalogs import config_text, entry, plan_text, real_catalog

BASE = "openai/gpt-oss-120b"  # listed in the 2026-08-18 OpenRouter catalog; no variant of it is


@pytest.mark.parametrize(
    ("model_id", "reprice"),
    [
        (f"{BASE}:nitro", True),
        (f"{BASE}:floor", True),
        (f"{BASE}:exacto", True),
        (f"{BASE}:online", False),
        (f"{BASE}:nitro:online", False),
        (f"{BASE}:exacto:nitro", True),
    ],
)
def test_openrouter_routing_variant_of_a_listed_base(model_id: str, reprice: bool) -> None:
    catalog = real_catalog("openrouter")
    assert catalog.records is not None and model_id not in catalog.records
    match = catalog.lookup(model_id)
    assert match is not None
    assert match.catalog_id == BASE and match.record is catalog.records[BASE]
    assert match.reprice is reprice
    assert match.note is not None and BASE in match.note
    if not reprice:
        assert "prices left alone" in match.note and ":online" in match.note


@pytest.mark.parametrize(
    "model_id",
    [
        "qwen/qwen-plus-2025-07-28:thinking",  # catalog variants: their own entries and prices
        "anthropic/claude-opus-4.6:batch",
        "nvidia/nemotron-nano-12b-v2-vl:free",
    ],
)
def test_openrouter_catalog_variants_are_exact(model_id: str) -> None:
    catalog = real_catalog("openrouter")
    assert catalog.records is not None
    match = catalog.lookup(model_id)
    assert match is not None and match.catalog_id == model_id and match.note is None
    assert match.record is catalog.records[model_id]


@pytest.mark.parametrize(
    "model_id",
    [
        f"{BASE}:free",  # a catalog variant the catalog does not list: gone, not the base
        f"{BASE}:thinking",
        "anthropic/claude-3.5-haiku:nitro",  # a routing variant of a retired base
        ":nitro",
    ],
)
def test_openrouter_unlisted_ids_are_not_found(model_id: str) -> None:
    assert real_catalog("openrouter").lookup(model_id) is None


def test_split_routing_variants() -> None:
    assert split_routing_variants("a/b:nitro:online") == ("a/b", [":nitro", ":online"])
    assert split_routing_variants("a/b:free") == ("a/b:free", [])
    assert split_routing_variants(":nitro") == (":nitro", [])
    assert set(ROUTING_VARIANTS) == {":nitro", ":floor", ":exacto", ":online"}


def test_plan_keeps_and_prices_openrouter_variants(tmp_path: Path) -> None:
    catalog = real_catalog("openrouter")
    assert catalog.records is not None
    base = catalog.records[BASE]
    text = config_text(
        [
            entry(f"openrouter/{BASE}:nitro", "fast", input_cost_per_token=1e-6, output_cost_per_token=1e-6),
            entry(f"openrouter/{BASE}:online", "web", input_cost_per_token=1e-6, output_cost_per_token=1e-6),
            entry(f"openrouter/{BASE}:free", "gone", input_cost_per_token=1e-9, output_cost_per_token=1e-9),
        ]
    )
    plan, _raw, _applied = plan_text(tmp_path, text, ["openrouter"], {"openrouter": catalog})
    actions = {c.model: c.action for c in plan.changes}
    assert actions == {f"openrouter/{BASE}:nitro": "update", f"openrouter/{BASE}:free": "remove"}
    nitro = next(c for c in plan.changes if c.action == "update")
    assert Decimal(str(nitro.fields[INPUT_COST]["after"])) == base.price(INPUT_COST)
    assert Decimal(str(nitro.fields[OUTPUT_COST]["after"])) == base.price(OUTPUT_COST)
    assert nitro.model == f"openrouter/{BASE}:nitro"  # the id is never rewritten
    assert len(plan.notes) == 2
    assert "model_list[0]" in plan.notes[0] and "priced like its base" in plan.notes[0]
    assert "model_list[1]" in plan.notes[1] and "prices left alone" in plan.notes[1]


POE_CASES = [
    ("Claude-Sonnet-4.5", "claude-sonnet-4.5"),  # the display case older Poe catalogs used
    ("CLAUDE-SONNET-4.5", "claude-sonnet-4.5"),
    ("Claude-Sonnet-4.6", "claude-sonnet-4.6"),
]


@pytest.mark.parametrize(("config_id", "catalog_id"), POE_CASES)
def test_poe_ids_match_case_insensitively(config_id: str, catalog_id: str) -> None:
    catalog = real_catalog("poe")
    assert catalog.records is not None and config_id not in catalog.records
    match = catalog.lookup(config_id)
    assert match is not None and match.catalog_id == catalog_id and match.reprice
    assert match.record is catalog.records[catalog_id]
    assert match.note is not None and f"'{catalog_id}'" in match.note


def test_poe_case_is_kept_and_noted_in_the_plan(tmp_path: Path) -> None:
    catalog = real_catalog("poe")
    assert catalog.records is not None
    record = catalog.records["claude-sonnet-4.5"]
    text = config_text(
        [
            entry(
                "openai/Claude-Sonnet-4.5",
                "claude-sonnet-4.5",
                api_base="https://api.poe.com/v1",
                api_key="os.environ/POE_API_KEY",
                input_cost_per_token=1e-6,
                output_cost_per_token=1e-6,
            ),
            entry("poe/Claude-Haiku-3.5", "gone", input_cost_per_token=1e-6),
        ]
    )
    plan, _raw, applied = plan_text(tmp_path, text, ["poe"], {"poe": catalog})
    assert [(c.action, c.model) for c in plan.changes] == [
        ("update", "openai/Claude-Sonnet-4.5"),
        ("remove", "poe/Claude-Haiku-3.5"),
    ]
    assert Decimal(str(plan.changes[0].fields[INPUT_COST]["after"])) == record.price(INPUT_COST)
    assert b"model: openai/Claude-Sonnet-4.5\n" in applied  # the user's spelling stays
    assert plan.notes == [
        "poe: model_list[0]: 'Claude-Sonnet-4.5' is listed as 'claude-sonnet-4.5' (Poe ids are "
        "case-insensitive); the config's spelling is kept"
    ]


def test_other_providers_stay_case_sensitive() -> None:
    catalog = real_catalog("openrouter")
    assert catalog.lookup("OpenAI/GPT-OSS-120B") is None
