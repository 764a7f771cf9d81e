"""Nvidia NIM: ids only, no prices (providers.yaml gives them the 1e-9 default cost)."""

from __future__ import annotations

from modelctl.providers.base import Item, Provider

_EMBEDDING_MARKERS = ("embed", "bge-", "nv-embedqa", "arctic-embed")


class Nvidia(Provider):
    name = "nvidia"

    def mode(self, item: Item, endpoint: str) -> str | None:
        model_id = str(item["id"]).lower()
        if any(marker in model_id for marker in _EMBEDDING_MARKERS):
            return "embedding"
        return None


PROVIDER = Nvidia()
