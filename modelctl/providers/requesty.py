"""Requesty router: flat USD/token numbers (strings accepted); ``api`` tells embeddings apart.

``cached_price`` is the cache read price and ``caching_price`` the cache write price (both
declared in providers.yaml); the tiered ``pricing`` array is ignored, the flat fields are its
first tier. ``max_output_tokens: 0`` means unknown and is dropped by the base limits().
"""

from __future__ import annotations

from modelctl.providers.base import Item, Provider

_EMBEDDING_APIS = frozenset({"embedding", "embeddings"})


class Requesty(Provider):
    name = "requesty"

    def mode(self, item: Item, endpoint: str) -> str | None:
        api = item.get("api")
        if isinstance(api, str) and api.strip().lower() in _EMBEDDING_APIS:
            return "embedding"
        return None


PROVIDER = Requesty()
