"""Requesty router: flat USD/token numbers (strings accepted); ``api`` tells embeddings apart.

What the full catalog (781 models, 2026-10) shows, and how it is read:

- ``cached_price`` is the cache read price and ``caching_price`` the cache write price (both
  declared in providers.yaml). A missing ``cached_price`` (48 models) means no cache price:
  unknown, never 0.
- ``pricing`` is an array of tiers ``{prompt_tokens_threshold, input_price, cached_price,
  caching_price, output_price}``; the flat fields equal the tier with the lowest threshold
  (tier 0), which LiteLLM's flat ``*_cost_per_token`` takes. A flat field that is absent (not
  one that is null or negative: unknown) is read from that tier; the higher (long-context)
  tiers are not representable and are ignored.
- ``:flex``/``:priority`` service tiers, ``:low``/``:medium``/``:high`` reasoning efforts and
  ``@region`` deployments are ids of their own, priced on their own: matched exactly.
- ``max_output_tokens: 0`` means unknown (dropped by the base ``limits``).
- ``output_price: 0`` with a paid ``input_price`` is priced per field (the output is free, the
  model is not).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from modelctl.pricing import parse_price, to_per_token
from modelctl.providers.base import Item, Provider
from modelctl.providers.spec import ProviderSpec

_EMBEDDING_APIS = frozenset({"embedding", "embeddings"})


def base_tier(item: Item) -> Mapping[str, object] | None:
    """The tier with the lowest ``prompt_tokens_threshold`` of ``pricing[]`` (None if absent)."""
    tiers = item.get("pricing")
    if not isinstance(tiers, list):
        return None
    valid = [t for t in tiers if isinstance(t, Mapping)]
    if not valid:
        return None

    def threshold(tier: Mapping[str, object]) -> Decimal:
        value = parse_price(tier.get("prompt_tokens_threshold", 0))
        return value if value is not None else Decimal("Infinity")

    return min(valid, key=threshold)


class Requesty(Provider):
    name = "requesty"

    def mode(self, item: Item, endpoint: str) -> str | None:
        api = item.get("api")
        if isinstance(api, str) and api.strip().lower() in _EMBEDDING_APIS:
            return "embedding"
        return None

    def prices(self, item: Item, spec: ProviderSpec) -> dict[str, Decimal | None]:
        prices = super().prices(item, spec)
        # absent, not unknown (-1, null): only then is tier 0 read (most items have every field)
        missing = [(f, p) for f, p in spec.price_paths.items() if "." not in p and p not in item]
        tier = base_tier(item) if missing else None
        if tier is None:
            return prices
        for field_name, path in missing:
            prices[field_name] = to_per_token(parse_price(tier.get(path)), spec.per_tokens)
        return prices


PROVIDER = Requesty()
