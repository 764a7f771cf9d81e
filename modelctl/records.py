"""Plain data shared by providers, the planner and renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# LiteLLM field names, in the order they are written into a new entry.
INPUT_COST = "input_cost_per_token"
OUTPUT_COST = "output_cost_per_token"
CACHE_READ_COST = "cache_read_input_token_cost"
CACHE_WRITE_COST = "cache_creation_input_token_cost"
PRICE_FIELDS: tuple[str, ...] = (INPUT_COST, OUTPUT_COST, CACHE_READ_COST, CACHE_WRITE_COST)

MAX_INPUT_TOKENS = "max_input_tokens"
MAX_OUTPUT_TOKENS = "max_output_tokens"
LIMIT_FIELDS: tuple[str, ...] = (MAX_INPUT_TOKENS, MAX_OUTPUT_TOKENS)


@dataclass(frozen=True)
class ModelRecord:
    """One model of a provider catalog, prices already in USD per token.

    A price of ``None`` means *unknown* (absent, null, a ``-1`` sentinel, ``{}``): it is never
    treated as free and never overwrites a known price. ``Decimal(0)`` means free.
    """

    id: str
    prices: dict[str, Decimal | None] = field(default_factory=dict, hash=False, compare=True)
    mode: str | None = None
    limits: dict[str, int] = field(default_factory=dict, hash=False, compare=True)

    def price(self, name: str) -> Decimal | None:
        return self.prices.get(name)


@dataclass(frozen=True)
class EndpointSource:
    """Where one catalog body came from, for the plan file."""

    name: str
    origin: str  # URL, or the snapshot file path
    sha256: str
    size: int


@dataclass(frozen=True)
class Catalog:
    """A provider's catalog: either ok with records, or failed with the reason."""

    provider: str
    source: str  # "live" or "snapshot"
    endpoints: tuple[EndpointSource, ...] = ()
    records: dict[str, ModelRecord] | None = None
    error: str | None = None
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.records is not None and self.error is None
