"""OpenRouter: the chat/model list plus the embeddings list (both must succeed)."""

from __future__ import annotations

from typing import ClassVar

from modelctl.providers.base import Item, Provider


class OpenRouter(Provider):
    name = "openrouter"
    required_endpoints: ClassVar[tuple[str, ...]] = ("models", "embeddings")

    def mode(self, item: Item, endpoint: str) -> str | None:
        if endpoint == "embeddings":
            return "embedding"
        arch = item.get("architecture")
        modality = arch.get("modality") if isinstance(arch, dict) else None
        if isinstance(modality, str) and modality.endswith("->embeddings"):
            return "embedding"
        return None


PROVIDER = OpenRouter()
