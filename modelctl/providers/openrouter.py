"""OpenRouter: the chat/model list plus the embeddings list (both must succeed).

Routing variants. OpenRouter's docs ("Model Variants") tell two kinds of ``:suffix`` apart:
*catalog variants* (``:free``, ``:batch``, ``:thinking``, ``:extended``) are their own entries
in ``GET /api/v1/models`` with their own prices, so they are matched exactly like any id;
*routing variants* are accepted on any model at request time, are never listed, and "the
model's metadata is the base model's". A config entry with a routing variant is therefore kept
while its base id is listed. It is repriced from the base only where the docs say the variant
changes nothing but provider order (``:nitro`` = sort by throughput, ``:floor`` = sort by price,
``:exacto`` = sort by tool-calling success); ``:online`` adds web-search charges on top of the
token prices (and is deprecated), so its prices are left alone, with a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from modelctl.providers.base import Item, Provider
from modelctl.records import IdMatch, ModelRecord, Resolver

#: routing-variant suffix -> priced like the base model (True) or not (False)
ROUTING_VARIANTS: dict[str, bool] = {":nitro": True, ":floor": True, ":exacto": True, ":online": False}


def split_routing_variants(model_id: str) -> tuple[str, list[str]]:
    """``x:nitro:online`` -> (``x``, [``:nitro``, ``:online``]); an id without one is unchanged."""
    suffixes: list[str] = []
    base = model_id
    while True:
        for suffix in ROUTING_VARIANTS:
            if base.endswith(suffix) and len(base) > len(suffix):
                suffixes.insert(0, suffix)
                base = base[: -len(suffix)]
                break
        else:
            return base, suffixes


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

    def resolver(self, records: Mapping[str, ModelRecord]) -> Resolver | None:
        def resolve(model_id: str) -> IdMatch | None:
            base, suffixes = split_routing_variants(model_id)
            record = records.get(base) if suffixes else None
            if record is None:
                return None
            variant = "".join(suffixes)
            if all(ROUTING_VARIANTS[s] for s in suffixes):
                return IdMatch(
                    record,
                    base,
                    reprice=True,
                    note=f"'{model_id}' is the routing variant {variant} of '{base}' "
                    "(not a catalog id; priced like its base): kept and priced from the base",
                )
            unpriced = ", ".join(s for s in suffixes if not ROUTING_VARIANTS[s])
            return IdMatch(
                record,
                base,
                reprice=False,
                note=f"'{model_id}' is the routing variant {variant} of '{base}': kept while "
                f"'{base}' is listed; prices left alone ({unpriced} is not priced like the base)",
            )

        return resolve


PROVIDER = OpenRouter()
