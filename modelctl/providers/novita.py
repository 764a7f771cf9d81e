"""Novita AI: integer prices in 0.0001 USD per 1M tokens (``-1`` = unknown); see providers.yaml.

Only the mode needs code: newer catalogs say ``model_type: "embedding"`` for embedding models.
"""

from __future__ import annotations

from modelctl.providers.base import Item, Provider


class Novita(Provider):
    name = "novita"

    def mode(self, item: Item, endpoint: str) -> str | None:
        model_type = item.get("model_type")
        if isinstance(model_type, str) and model_type.strip().lower().startswith("embed"):
            return "embedding"
        return None


PROVIDER = Novita()
