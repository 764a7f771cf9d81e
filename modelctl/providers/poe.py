"""Poe: string prices in USD/token, each possibly null; ``pricing: null`` means all unknown.

Bots priced per message have null token prices; ``request: "0.00"`` marks a free bot, whose
unknown input/output token prices are then read as free (0).
"""

from __future__ import annotations

from decimal import Decimal

from modelctl.pricing import parse_price
from modelctl.providers.base import Item, Provider, dig
from modelctl.providers.spec import ProviderSpec
from modelctl.records import INPUT_COST, OUTPUT_COST


class Poe(Provider):
    name = "poe"

    def prices(self, item: Item, spec: ProviderSpec) -> dict[str, Decimal | None]:
        prices = super().prices(item, spec)
        if (
            prices.get(INPUT_COST) is None
            and prices.get(OUTPUT_COST) is None
            and parse_price(dig(item, "pricing.request")) == 0
        ):
            prices[INPUT_COST] = Decimal(0)
            prices[OUTPUT_COST] = Decimal(0)
        return prices


PROVIDER = Poe()
