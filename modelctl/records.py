"""Plain data shared by providers, the planner and renderers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

CatalogSource = Literal["live", "snapshot"]
"""Where a catalog came from: the provider's API, or a snapshot file."""

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
class IdMatch:
    """How a config id was found in a catalog.

    ``record`` is the catalog's model; ``catalog_id`` its id as the catalog spells it (it may
    differ from the config's: Poe's case, an OpenRouter routing variant's base). ``reprice`` is
    False when the record's prices do not apply to the config's id (the entry is kept, its
    prices left alone). ``note`` says why an inexact match was accepted.
    """

    record: ModelRecord
    catalog_id: str
    reprice: bool = True
    note: str | None = None


Resolver = Callable[[str], IdMatch | None]


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
    source: CatalogSource
    endpoints: tuple[EndpointSource, ...] = ()
    records: dict[str, ModelRecord] | None = None
    error: str | None = None
    elapsed: float = 0.0
    resolver: Resolver | None = field(default=None, compare=False, repr=False)
    """The provider's rule for ids the catalog does not list verbatim (None: exact ids only)."""

    @property
    def ok(self) -> bool:
        return self.records is not None and self.error is None

    def lookup(self, model_id: str) -> IdMatch | None:
        """The catalog model a config id means, exactly or by the provider's own rule."""
        if self.records is None:
            return None
        record = self.records.get(model_id)
        if record is not None:
            return IdMatch(record, model_id)
        return self.resolver(model_id) if self.resolver is not None else None
