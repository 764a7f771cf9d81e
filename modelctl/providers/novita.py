"""Novita AI: prices per 1M tokens, in two shapes; ``model_type`` does not tell image models.

Legacy fields (every body so far): ``input_token_price_per_m`` / ``output_token_price_per_m``,
JSON integers in 1/10,000 USD per 1M tokens (``-1`` = unknown), declared in providers.yaml.

The current body (Oct 2026) adds a ``pricing`` object: ``pricing.prompt``, ``pricing.completion``
and ``pricing.input_cache_read``, each ``{price_per_m, price_per_m_decimal, origin_price_per_m,
origin_price_per_m_decimal}``: ``price_per_m`` in the legacy unit, ``price_per_m_decimal`` the
same price as a decimal string in USD per 1M, ``origin_*`` the list price before a discount
(not what is billed, so never read). A tiered model adds ``tiered_billing_configs``
(``[{min_tokens, max_tokens, pricing: {...}}]``), whose first tier (lowest ``min_tokens``) is
the base price LiteLLM's flat costs take; its legacy fields may then be 0.

Per price: the first tier's object, else the ``pricing`` object, else the legacy field; within
an object the decimal string is preferred. A model with legacy prices 0 and no ``pricing`` key
(nor tiers) has unknown prices, not free ones. ``model_type`` is ``"chat"`` even for image
models: ``output_modalities`` decides the mode when present.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from modelctl.pricing import parse_price, round_significant
from modelctl.providers.base import Item, Provider
from modelctl.providers.spec import ProviderSpec
from modelctl.records import CACHE_READ_COST, INPUT_COST, OUTPUT_COST

#: LiteLLM field -> key in Novita's ``pricing`` object
PRICING_KEYS = {INPUT_COST: "prompt", OUTPUT_COST: "completion", CACHE_READ_COST: "input_cache_read"}
PER_M = Decimal(1_000_000)
LEGACY_UNIT = Decimal(10_000_000_000)  # 1/10,000 USD per 1M tokens


def object_price(obj: object) -> Decimal | None:
    """USD per token from one ``{price_per_m, price_per_m_decimal, …}`` object (None: unknown)."""
    if not isinstance(obj, Mapping):
        return None
    decimal = parse_price(obj.get("price_per_m_decimal"))
    if decimal is not None:
        return round_significant(decimal / PER_M)
    legacy = parse_price(obj.get("price_per_m"))
    return None if legacy is None else round_significant(legacy / LEGACY_UNIT)


def base_tier_pricing(item: Item) -> Mapping[str, object] | None:
    tiers = item.get("tiered_billing_configs")
    if not isinstance(tiers, list):
        return None
    valid = [t for t in tiers if isinstance(t, Mapping) and isinstance(t.get("pricing"), Mapping)]
    if not valid:
        return None

    def lowest(tier: Mapping[str, object]) -> Decimal:
        value = parse_price(tier.get("min_tokens", 0))
        return value if value is not None else Decimal("Infinity")

    pricing = min(valid, key=lowest)["pricing"]
    assert isinstance(pricing, Mapping)
    return pricing


class Novita(Provider):
    name = "novita"

    def mode(self, item: Item, endpoint: str) -> str | None:
        outputs = item.get("output_modalities")
        if isinstance(outputs, list) and outputs:
            kinds = {str(o).strip().lower() for o in outputs}
            if kinds & {"embedding", "embeddings"}:
                return "embedding"
            if "text" not in kinds and "image" in kinds:
                return "image_generation"
            if "text" in kinds:
                return None
        model_type = item.get("model_type")
        if isinstance(model_type, str) and model_type.strip().lower().startswith("embed"):
            return "embedding"
        return None

    def prices(self, item: Item, spec: ProviderSpec) -> dict[str, Decimal | None]:
        prices = super().prices(item, spec)  # the legacy fields
        pricing = item.get("pricing")
        tier = base_tier_pricing(item)
        if not isinstance(pricing, Mapping) and tier is None:
            if prices.get(INPUT_COST) == 0 and prices.get(OUTPUT_COST) == 0:
                prices[INPUT_COST] = prices[OUTPUT_COST] = None  # 0/0 without a price list: unknown
            return prices
        for field_name, key in PRICING_KEYS.items():
            for source in (tier, pricing):
                price = object_price(source.get(key)) if isinstance(source, Mapping) else None
                if price is not None:
                    prices[field_name] = price
                    break
        return prices


PROVIDER = Novita()
