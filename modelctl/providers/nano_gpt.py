"""Nano-GPT: ``pricing.prompt``/``completion`` in USD per 1M tokens, checked against ``unit``.

A per-million price read as per-token would be a millionfold error, so an item whose pricing
object does not say ``unit: per_million_tokens`` and ``currency: USD`` rejects the whole body.
A missing price stays unknown (the seed scripts treated "both missing" as free; modelctl does
not). Float noise such as ``2.5500000000000003`` is rounded away by ``to_per_token``.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelctl.providers.base import CatalogFormatError, Item, Provider

EXPECTED_UNIT = "per_million_tokens"
EXPECTED_CURRENCY = "USD"


class NanoGpt(Provider):
    name = "nano_gpt"

    def check_item(self, item: Item, endpoint: str) -> None:
        pricing = item.get("pricing")
        if pricing is None:
            return
        if not isinstance(pricing, Mapping):
            raise CatalogFormatError(
                f"model {item['id']!r}: 'pricing' is {type(pricing).__name__}, not an object",
                endpoint=endpoint,
            )
        unit = pricing.get("unit")
        currency = pricing.get("currency")
        if unit != EXPECTED_UNIT or currency != EXPECTED_CURRENCY:
            raise CatalogFormatError(
                f"model {item['id']!r}: pricing is in unit {unit!r}, currency "
                f"{currency!r}; expected unit {EXPECTED_UNIT!r}, currency {EXPECTED_CURRENCY!r}",
                endpoint=endpoint,
            )


PROVIDER = NanoGpt()
