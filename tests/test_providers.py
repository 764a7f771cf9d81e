"""Provider plugins on real captured catalogs: counts, exact prices, unknown vs free, modes, limits.

Expected numbers were measured on the payloads in tests/fixtures/providers/ (see the README
there) and are hard-coded on purpose.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from modelctl.providers import nano_gpt, novita, nvidia, openrouter, poe, requesty, vercel
from modelctl.providers.base import CatalogFormatError, Provider
from modelctl.providers.registry import load_registry
from modelctl.providers.spec import ProviderSpec
from modelctl.records import (
    CACHE_READ_COST,
    CACHE_WRITE_COST,
    INPUT_COST,
    MAX_INPUT_TOKENS,
    MAX_OUTPUT_TOKENS,
    OUTPUT_COST,
    PRICE_FIELDS,
    ModelRecord,
)

FIXTURES = Path(__file__).parent / "fixtures" / "providers"

PROVIDERS: dict[str, Provider] = {
    "openrouter": openrouter.PROVIDER,
    "requesty": requesty.PROVIDER,
    "novita": novita.PROVIDER,
    "nano_gpt": nano_gpt.PROVIDER,
    "vercel": vercel.PROVIDER,
    "poe": poe.PROVIDER,
    "nvidia": nvidia.PROVIDER,
}

# (provider, fixture files relative to FIXTURES by endpoint); single-object samples are
# wrapped in {"object": "list", "data": [...]} by load_body.
CATALOGS: dict[str, tuple[str, dict[str, str]]] = {
    "openrouter": (
        "openrouter",
        {
            "models": "openrouter/models-output_modalities-all-2026-08-18.json",
            "embeddings": "openrouter/embeddings-derived-2026-08-18.json",
        },
    ),
    "requesty-tracker": (
        "requesty",
        {"models": "requesty/zero-cost-llms-tracker-free-subset-2026-10-01.json"},
    ),
    "requesty-sample": ("requesty", {"models": "requesty/single-model-sample-2026-05.json"}),
    "novita": ("novita", {"models": "novita/lobechat-fixture-data-array-2024.json"}),
    "nano_gpt-sample": ("nano_gpt", {"models": "nanogpt/single-model-sample-2026-03.json"}),
    "nano_gpt-docs": ("nano_gpt", {"models": "nanogpt/doc-example-detailed-response.json"}),
    "vercel": ("vercel", {"models": "vercel/models-2026-03-05.json"}),
    "poe": ("poe", {"models": "poe/models-2026-08-20.json"}),
    "nvidia-2026-03": ("nvidia", {"models": "nvidia/models-2026-03-15.json"}),
    "nvidia-2026-05": ("nvidia", {"models": "nvidia/models-2026-05-03.json"}),
}


def load_body(relative: str) -> Any:
    body = json.loads((FIXTURES / relative).read_text(encoding="utf-8"))
    if isinstance(body, dict) and "data" not in body and "id" in body:
        body = {"object": "list", "data": [body]}  # one model object cut from a capture
    return body


@cache
def spec_for(name: str) -> ProviderSpec:
    return load_registry(None).specs[name]


@cache
def catalog(key: str) -> dict[str, ModelRecord]:
    provider, files = CATALOGS[key]
    bodies = {endpoint: load_body(path) for endpoint, path in files.items()}
    records = PROVIDERS[provider].normalize(bodies, spec_for(provider))
    by_id = {rec.id: rec for rec in records}
    assert len(by_id) == len(records), "normalize returned a repeated id"
    return by_id


def normalize_items(provider: str, items: list[dict[str, Any]]) -> dict[str, ModelRecord]:
    records = PROVIDERS[provider].normalize({"models": {"data": items}}, spec_for(provider))
    return {rec.id: rec for rec in records}


# --- plugins and registry ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_plugin_matches_its_declaration(name: str) -> None:
    plugin = PROVIDERS[name]
    assert isinstance(plugin, Provider)
    assert plugin.name == name
    assert spec_for(name).name == name


# --- counts and modes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "count", "embeddings"),
    [
        ("openrouter", 549, 34),
        ("requesty-tracker", 10, 0),
        ("requesty-sample", 1, 0),
        ("novita", 18, 0),
        ("nano_gpt-sample", 1, 0),
        ("nano_gpt-docs", 2, 0),
        ("vercel", 232, 23),
        ("poe", 341, 0),
        ("nvidia-2026-03", 186, 13),  # 188 entries, 2 ids repeated
        ("nvidia-2026-05", 135, 13),  # 141 entries, 6 ids repeated
    ],
)
def test_record_count_and_embeddings(key: str, count: int, embeddings: int) -> None:
    records = catalog(key)
    assert len(records) == count
    modes = [rec.mode for rec in records.values()]
    assert modes.count("embedding") == embeddings
    assert set(modes) <= {None, "embedding"}


# --- exact prices -----------------------------------------------------------------------------

PRICES: list[tuple[str, str, str, Decimal | None]] = [
    # OpenRouter: strings in USD/token, all four fields declared
    ("openrouter", "anthropic/claude-opus-5", INPUT_COST, Decimal("5E-6")),
    ("openrouter", "anthropic/claude-opus-5", OUTPUT_COST, Decimal("2.5E-5")),
    ("openrouter", "anthropic/claude-opus-5", CACHE_READ_COST, Decimal("5E-7")),
    ("openrouter", "anthropic/claude-opus-5", CACHE_WRITE_COST, Decimal("6.25E-6")),
    ("openrouter", "amazon/nova-pro-v1", INPUT_COST, Decimal("8E-7")),
    ("openrouter", "amazon/nova-pro-v1", OUTPUT_COST, Decimal("3.2E-6")),
    ("openrouter", "amazon/nova-pro-v1", CACHE_READ_COST, None),
    ("openrouter", "qwen/qwen3.8-27b", CACHE_READ_COST, Decimal("5E-8")),
    ("openrouter", "openrouter/auto", INPUT_COST, None),  # "-1" router sentinel
    ("openrouter", "openrouter/auto", OUTPUT_COST, None),
    ("openrouter", "openrouter/fusion", INPUT_COST, None),
    ("openrouter", "openrouter/free", INPUT_COST, Decimal(0)),
    ("openrouter", "dots-studio/dots-3-note-preview:free", OUTPUT_COST, Decimal(0)),
    ("openrouter", "voyageai/voyage-code-4", INPUT_COST, Decimal("1.2E-7")),
    ("openrouter", "voyageai/voyage-code-4", OUTPUT_COST, Decimal(0)),
    # Requesty: JSON numbers in USD/token; cached = read, caching = write
    ("requesty-sample", "alibaba/qwen3.7-max", INPUT_COST, Decimal("2.5E-6")),
    ("requesty-sample", "alibaba/qwen3.7-max", OUTPUT_COST, Decimal("7.5E-6")),
    ("requesty-sample", "alibaba/qwen3.7-max", CACHE_READ_COST, Decimal("2.5E-7")),
    ("requesty-sample", "alibaba/qwen3.7-max", CACHE_WRITE_COST, Decimal("3.125E-6")),
    ("requesty-tracker", "google/gemma-4-31b-it", INPUT_COST, Decimal(0)),
    ("requesty-tracker", "google/gemma-4-31b-it", OUTPUT_COST, Decimal(0)),
    ("requesty-tracker", "google/gemma-4-31b-it", CACHE_READ_COST, Decimal(0)),
    ("requesty-tracker", "google/gemma-4-31b-it", CACHE_WRITE_COST, None),
    # Novita: integers in 0.0001 USD per 1M tokens
    ("novita", "meta-llama/llama-3-8b-instruct", INPUT_COST, Decimal("6.3E-8")),
    ("novita", "meta-llama/llama-3-8b-instruct", OUTPUT_COST, Decimal("6.3E-8")),
    ("novita", "meta-llama/llama-3.1-405b-instruct", INPUT_COST, Decimal("3E-6")),
    ("novita", "meta-llama/llama-3.1-405b-instruct", OUTPUT_COST, Decimal("5E-6")),
    ("novita", "lzlv_70b", INPUT_COST, Decimal("5.8E-7")),
    ("novita", "lzlv_70b", OUTPUT_COST, Decimal("7.8E-7")),
    ("novita", "lzlv_70b", CACHE_READ_COST, None),
    # Nano-GPT: USD per 1M tokens; 2.5500000000000003 must lose its float noise
    ("nano_gpt-sample", "zai-org/glm-5", INPUT_COST, Decimal("3E-7")),
    ("nano_gpt-sample", "zai-org/glm-5", OUTPUT_COST, Decimal("0.00000255")),
    ("nano_gpt-docs", "{{example-text-model}}", INPUT_COST, Decimal("2.5E-6")),
    ("nano_gpt-docs", "{{example-text-model}}", OUTPUT_COST, Decimal("1E-5")),
    ("nano_gpt-docs", "anthropic/claude-opus-4.6", INPUT_COST, Decimal("1.5E-5")),
    ("nano_gpt-docs", "anthropic/claude-opus-4.6", OUTPUT_COST, Decimal("7.5E-5")),
    # Vercel: strings in USD/token; the flat field is the base tier; {} is unknown
    ("vercel", "alibaba/qwen-3-14b", INPUT_COST, Decimal("6E-8")),
    ("vercel", "alibaba/qwen-3-14b", OUTPUT_COST, Decimal("2.4E-7")),
    ("vercel", "anthropic/claude-opus-4.6", INPUT_COST, Decimal("5E-6")),
    ("vercel", "anthropic/claude-opus-4.6", OUTPUT_COST, Decimal("2.5E-5")),
    ("vercel", "anthropic/claude-opus-4.6", CACHE_READ_COST, Decimal("5E-7")),
    ("vercel", "anthropic/claude-opus-4.6", CACHE_WRITE_COST, Decimal("6.25E-6")),
    ("vercel", "alibaba/qwen3-max", INPUT_COST, Decimal("8.45E-7")),
    ("vercel", "openai/text-embedding-3-small", INPUT_COST, Decimal("2E-8")),
    ("vercel", "openai/text-embedding-3-small", OUTPUT_COST, None),
    # Poe: strings in USD/token, individually nullable; pricing null is unknown
    ("poe", "grok-4.6", INPUT_COST, Decimal("2.0202E-6")),
    ("poe", "grok-4.6", OUTPUT_COST, Decimal("6.0606E-6")),
    ("poe", "grok-4.6", CACHE_READ_COST, Decimal("5.051E-7")),
    ("poe", "grok-4.6", CACHE_WRITE_COST, None),
    ("poe", "claude-opus-4.8", CACHE_WRITE_COST, Decimal("5.3662E-6")),
    ("poe", "assistant", INPUT_COST, None),  # pricing: null
    ("poe", "mistral-medium-3", INPUT_COST, None),  # pricing object, all values null
    ("poe", "minimax-speech-2.8", INPUT_COST, None),  # priced per request only
    ("poe", "gemma-4-31b", INPUT_COST, Decimal(0)),  # request "0.00": a free bot
    ("poe", "gemma-4-31b", OUTPUT_COST, Decimal(0)),
    ("poe", "gemma-4-31b", CACHE_READ_COST, None),
    # Nvidia: no prices at all; providers.yaml's default_cost
    ("nvidia-2026-03", "openai/gpt-oss-120b", INPUT_COST, Decimal("1e-9")),
    ("nvidia-2026-05", "baai/bge-m3", OUTPUT_COST, Decimal("1e-9")),
]


@pytest.mark.parametrize(
    ("key", "model_id", "field_name", "expected"), PRICES, ids=[f"{k}:{m}:{f}" for k, m, f, _ in PRICES]
)
def test_price(key: str, model_id: str, field_name: str, expected: Decimal | None) -> None:
    value = catalog(key)[model_id].price(field_name)
    if expected is None:
        assert value is None
    else:
        assert isinstance(value, Decimal)
        assert value == expected


def test_nano_gpt_float_noise_is_rounded_to_the_exact_price() -> None:
    value = catalog("nano_gpt-sample")["zai-org/glm-5"].price(OUTPUT_COST)
    assert value == Decimal("0.00000255")
    assert value is not None and value.normalize().as_tuple().digits == (2, 5, 5)


@pytest.mark.parametrize(
    ("key", "field_name", "known"),
    [
        ("openrouter", INPUT_COST, 544),  # 549 minus the 5 "-1" routers
        ("vercel", INPUT_COST, 191),  # 4 `pricing: {}`, image/video models have no input
        ("vercel", OUTPUT_COST, 168),  # embeddings have only input
        ("poe", INPUT_COST, 142),  # 140 token-priced + 2 free bots (request "0.00")
        ("poe", CACHE_WRITE_COST, 7),
        ("nvidia-2026-03", INPUT_COST, 186),
    ],
)
def test_known_price_counts(key: str, field_name: str, known: int) -> None:
    values = [rec.price(field_name) for rec in catalog(key).values()]
    assert sum(v is not None for v in values) == known


def test_openrouter_negative_routers_are_unknown() -> None:
    records = catalog("openrouter")
    for model_id in (
        "openrouter/auto",
        "openrouter/auto-beta",
        "openrouter/fusion",
        "openrouter/pareto-code",
        "openrouter/bodybuilder",
    ):
        assert records[model_id].price(INPUT_COST) is None
        assert records[model_id].price(OUTPUT_COST) is None


def test_openrouter_free_models_are_zero_not_unknown() -> None:
    free = [rec for rec in catalog("openrouter").values() if rec.id.endswith(":free")]
    assert len(free) == 22
    assert all(rec.price(INPUT_COST) == 0 and rec.price(OUTPUT_COST) == 0 for rec in free)
    assert all(rec.price(INPUT_COST) is not None for rec in free)


def test_openrouter_requires_the_embeddings_body() -> None:
    body = load_body("openrouter/models-output_modalities-all-2026-08-18.json")
    with pytest.raises(CatalogFormatError, match="embeddings"):
        openrouter.PROVIDER.normalize({"models": body}, spec_for("openrouter"))


def test_openrouter_embeddings_endpoint_sets_mode() -> None:
    main = {
        "data": [
            {
                "id": "x/embed",
                "pricing": {"prompt": "0.0000001", "completion": "0"},
                "architecture": {"modality": "text->text"},
            }
        ]
    }
    emb = {
        "data": [
            {"id": "x/embed", "pricing": {"prompt": "0.0000002", "completion": "0"}},
            {"id": "x/only-emb", "pricing": {"prompt": "0.0000003", "completion": "0"}},
        ]
    }
    records = {
        r.id: r
        for r in openrouter.PROVIDER.normalize({"models": main, "embeddings": emb}, spec_for("openrouter"))
    }
    assert records["x/embed"].mode == "embedding"
    assert records["x/embed"].price(INPUT_COST) == Decimal("1E-7")  # the main list wins
    assert records["x/only-emb"].mode == "embedding"


def test_vercel_empty_pricing_is_unknown() -> None:
    records = catalog("vercel")
    for model_id in (
        "meituan/longcat-flash-chat",
        "mistral/devstral-2",
        "mistral/devstral-small-2",
        "zai/glm-4.6v-flash",
    ):
        assert all(records[model_id].price(f) is None for f in PRICE_FIELDS), model_id


def test_vercel_zero_prices_are_free() -> None:
    records = normalize_items(
        "vercel", [{"id": "x/model-free", "type": "language", "pricing": {"input": "0", "output": "0"}}]
    )
    assert records["x/model-free"].price(INPUT_COST) == Decimal(0)
    assert records["x/model-free"].price(OUTPUT_COST) == Decimal(0)


def test_poe_null_pricing_leaves_every_price_unknown() -> None:
    records = catalog("poe")
    assert sum(all(r.price(f) is None for f in PRICE_FIELDS) for r in records.values()) == 199
    assert all(records["assistant"].price(f) is None for f in PRICE_FIELDS)


def test_nvidia_every_price_is_the_default_cost() -> None:
    for key in ("nvidia-2026-03", "nvidia-2026-05"):
        for rec in catalog(key).values():
            assert rec.price(INPUT_COST) == Decimal("1e-9")
            assert rec.price(OUTPUT_COST) == Decimal("1e-9")
            assert rec.price(CACHE_READ_COST) is None
            assert rec.limits == {}


def test_nvidia_duplicate_ids_collapse() -> None:
    body = load_body("nvidia/models-2026-05-03.json")
    assert len(body["data"]) == 141
    records = nvidia.PROVIDER.normalize({"models": body}, spec_for("nvidia"))
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids)) == 135
    assert ids.count("deepseek-ai/deepseek-v4-flash") == 1


# --- limits -----------------------------------------------------------------------------------


def _limits(max_input: int | None, max_output: int | None) -> dict[str, int]:
    pairs = ((MAX_INPUT_TOKENS, max_input), (MAX_OUTPUT_TOKENS, max_output))
    return {name: value for name, value in pairs if value is not None}


# (catalog, id, max_input_tokens, max_output_tokens); None = not in the record (0/null/absent)
LIMITS: list[tuple[str, str, int | None, int | None]] = [
    ("openrouter", "anthropic/claude-opus-5", 1000000, 128000),
    ("openrouter", "voyageai/voyage-code-4", 32000, None),  # max_completion_tokens null
    ("requesty-sample", "alibaba/qwen3.7-max", 1048576, 65536),
    ("requesty-tracker", "google/gemma-4-31b-it", 262144, 8192),
    ("requesty-tracker", "nvidia/nemotron-3-nano-30b-a3b", 262144, None),  # max_output 0
    ("novita", "microsoft/wizardlm-2-8x22b", 65535, None),
    ("nano_gpt-sample", "zai-org/glm-5", 200000, 128000),
    ("nano_gpt-docs", "anthropic/claude-opus-4.6", 200000, 8192),
    ("vercel", "alibaba/qwen3-embedding-8b", 32768, 32768),
    ("vercel", "voyage/voyage-4", 32000, None),  # max_tokens 0
    ("vercel", "openai/text-embedding-3-small", None, None),  # 0 and 0
    ("poe", "assistant", 400000, 128000),
    ("poe", "grok-4.6", 500000, None),
    ("poe", "gemma-4-31b", 262144, 8192),
    ("poe", "minimax-speech-2.8", None, None),  # context_window null
]


@pytest.mark.parametrize(
    ("key", "model_id", "max_input", "max_output"), LIMITS, ids=[f"{k}:{m}" for k, m, _, _ in LIMITS]
)
def test_limits(key: str, model_id: str, max_input: int | None, max_output: int | None) -> None:
    assert catalog(key)[model_id].limits == _limits(max_input, max_output)


def test_poe_limit_counts() -> None:
    records = catalog("poe").values()
    assert sum(MAX_INPUT_TOKENS in r.limits for r in records) == 118
    assert sum(MAX_OUTPUT_TOKENS in r.limits for r in records) == 50


# --- modes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "model_id", "mode"),
    [
        ("openrouter", "voyageai/voyage-code-4", "embedding"),
        ("openrouter", "anthropic/claude-opus-5", None),
        ("vercel", "openai/text-embedding-3-small", "embedding"),
        ("vercel", "alibaba/qwen-3-14b", None),
        ("nvidia-2026-03", "nvidia/nv-embedqa-e5-v5", "embedding"),
        ("nvidia-2026-03", "openai/gpt-oss-120b", None),
        ("poe", "grok-4.6", None),
    ],
)
def test_mode(key: str, model_id: str, mode: str | None) -> None:
    assert catalog(key)[model_id].mode == mode


@pytest.mark.parametrize(
    ("provider", "field_name", "value", "mode"),
    [
        ("requesty", "api", "chat", None),
        ("requesty", "api", "embedding", "embedding"),
        ("requesty", "api", "embeddings", "embedding"),
        ("novita", "model_type", "chat", None),
        ("novita", "model_type", "embedding", "embedding"),
        ("vercel", "type", "language", None),
        ("vercel", "type", "embedding", "embedding"),
    ],
)
def test_mode_from_field(provider: str, field_name: str, value: str, mode: str | None) -> None:
    records = normalize_items(provider, [{"id": "x/model", field_name: value}])
    assert records["x/model"].mode == mode


# --- provider-specific parsing ----------------------------------------------------------------


def test_requesty_accepts_string_prices() -> None:
    records = normalize_items(
        "requesty",
        [{"api": "chat", "id": "anthropic/claude@eu", "input_price": "0.000003", "output_price": 0.000015}],
    )
    assert records["anthropic/claude@eu"].price(INPUT_COST) == Decimal("3E-6")
    assert records["anthropic/claude@eu"].price(OUTPUT_COST) == Decimal("1.5E-5")


def test_requesty_tracker_envelope_is_read_as_a_catalog() -> None:
    body = load_body("requesty/zero-cost-llms-tracker-free-subset-2026-10-01.json")
    assert {"status", "count", "updatedAt", "data"} <= set(body)
    assert len(catalog("requesty-tracker")) == body["count"] == 10


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (-1, None),
        (0, None),  # legacy 0/0 and no 'pricing' object (Oct 2026 body): unknown, not free
        (3900, Decimal("3.9E-7")),
        (None, None),
    ],
)
def test_novita_price_values(raw: int | None, expected: Decimal | None) -> None:
    records = normalize_items(
        "novita", [{"id": "x/model", "input_token_price_per_m": raw, "output_token_price_per_m": raw}]
    )
    assert records["x/model"].price(INPUT_COST) == expected
    assert records["x/model"].price(OUTPUT_COST) == expected


def _nano_item(**pricing: object) -> dict[str, Any]:
    item: dict[str, Any] = copy.deepcopy(load_body("nanogpt/single-model-sample-2026-03.json")["data"][0])
    item["pricing"].update(pricing)
    return item


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"unit": "per_thousand_tokens"}, "per_thousand_tokens"),
        ({"unit": None}, "None"),
        ({"currency": "EUR"}, "EUR"),
    ],
)
def test_nano_gpt_rejects_an_unexpected_unit_or_currency(changes: dict[str, object], named: str) -> None:
    item = _nano_item(**changes)
    with pytest.raises(CatalogFormatError, match="zai-org/glm-5") as exc_info:
        normalize_items("nano_gpt", [item])
    assert named in str(exc_info.value)


def test_nano_gpt_rejects_a_pricing_that_is_not_an_object() -> None:
    item = _nano_item()
    item["pricing"] = [2.5, 10]
    with pytest.raises(CatalogFormatError, match="zai-org/glm-5"):
        normalize_items("nano_gpt", [item])


def test_nano_gpt_missing_prices_are_unknown_not_free() -> None:
    no_pricing = _nano_item()
    del no_pricing["pricing"]
    no_pricing["id"] = "a/no-pricing"
    no_values = _nano_item(prompt=None)
    del no_values["pricing"]["completion"]
    no_values["id"] = "a/no-values"
    zero = _nano_item(prompt=0, completion=0)
    zero["id"] = "a/zero"
    records = normalize_items("nano_gpt", [no_pricing, no_values, zero])
    for model_id in ("a/no-pricing", "a/no-values"):
        assert records[model_id].price(INPUT_COST) is None
        assert records[model_id].price(OUTPUT_COST) is None
    assert records["a/zero"].price(INPUT_COST) == Decimal(0)
    assert records["a/zero"].price(OUTPUT_COST) == Decimal(0)


# --- generic rejections (base Provider.items) -------------------------------------------------

BAD_BODIES: list[tuple[str, object]] = [
    ("empty data", {"data": []}),
    ("empty list", []),
    ("missing data", {"object": "list"}),
    ("data not a list", {"data": {"id": "a/b"}}),
    ("data is a string", {"data": "a/b"}),
    ("body is a string", "a/b"),
    ("body is null", None),
    ("item not a dict", {"data": [{"id": "a/b"}, "c/d"]}),
    ("item without id", {"data": [{"id": "a/b"}, {"name": "c/d"}]}),
    ("item with empty id", {"data": [{"id": ""}]}),
    ("item with numeric id", {"data": [{"id": 7}]}),
]


@pytest.mark.parametrize("name", sorted(PROVIDERS))
@pytest.mark.parametrize(("case", "body"), BAD_BODIES, ids=[c for c, _ in BAD_BODIES])
def test_bad_bodies_are_rejected(name: str, case: str, body: object) -> None:
    bodies: dict[str, object] = {"models": body}
    if name == "openrouter":
        bodies["embeddings"] = load_body("openrouter/embeddings-derived-2026-08-18.json")
    with pytest.raises(CatalogFormatError):
        PROVIDERS[name].normalize(bodies, spec_for(name))


def test_bad_secondary_body_is_rejected() -> None:
    body = load_body("openrouter/models-output_modalities-all-2026-08-18.json")
    with pytest.raises(CatalogFormatError, match="embeddings"):
        openrouter.PROVIDER.normalize({"models": body, "embeddings": {"data": []}}, spec_for("openrouter"))
