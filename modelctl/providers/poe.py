"""Poe: string prices in USD/token, each possibly null; ``pricing: null`` means all unknown.

Bots priced per message have null token prices; ``request: "0.00"`` marks a free bot, whose
unknown input/output token prices are then read as free (0).

Poe bot handles are case-insensitive (``Claude-Sonnet-4.5`` and ``claude-sonnet-4.5`` are the
same bot; older catalogs used display case, the 2026 one lower case): a config id that matches a
catalog id only up to case is that model. The config's spelling is kept; the plan notes the
catalog's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from modelctl.pricing import parse_price
from modelctl.providers.base import Item, Provider, dig
from modelctl.providers.spec import ProviderSpec
from modelctl.records import INPUT_COST, OUTPUT_COST, IdMatch, ModelRecord, Resolver


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

    def resolver(self, records: Mapping[str, ModelRecord]) -> Resolver | None:
        folded: dict[str, str] = {}
        for catalog_id in sorted(records):  # the same order every run, if two ids differ only in case
            folded.setdefault(catalog_id.casefold(), catalog_id)

        def resolve(model_id: str) -> IdMatch | None:
            catalog_id = folded.get(model_id.casefold())
            if catalog_id is None:
                return None
            return IdMatch(
                records[catalog_id],
                catalog_id,
                note=f"'{model_id}' is listed as '{catalog_id}' (Poe ids are case-insensitive); "
                "the config's spelling is kept",
            )

        return resolve


PROVIDER = Poe()
