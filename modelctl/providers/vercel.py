"""Vercel AI Gateway: string prices in USD/token; ``type: embedding`` marks embedding models.

``pricing: {}`` leaves every price unknown (not free). Tier arrays (``input_tiers``…) are
ignored: the flat ``input``/``output`` fields are the base tier.
"""

from __future__ import annotations

from modelctl.providers.base import Item, Provider


class Vercel(Provider):
    name = "vercel"

    def mode(self, item: Item, endpoint: str) -> str | None:
        return "embedding" if item.get("type") == "embedding" else None


PROVIDER = Vercel()
