"""The shared part of every provider: read a model-list body into ModelRecords.

A provider module subclasses :class:`Provider` and overrides only what providers.yaml cannot
declare (how to spot an embedding model, a unit check, a second endpoint). ``normalize`` is
pure: bodies in, records out; it raises :class:`CatalogFormatError` on a body it cannot trust.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar

from modelctl.pricing import parse_price, to_per_token
from modelctl.providers.spec import MAIN_ENDPOINT, ProviderSpec
from modelctl.records import ModelRecord, Resolver

Item = Mapping[str, Any]


class CatalogFormatError(ValueError):
    """A catalog body is not what the provider's API returns (wrapped by ``modelctl.catalog``).

    ``endpoint`` names the body it is about when the error is about one (``str()`` then starts
    with it); a plugin may leave it out, and the error is then about every body of the provider."""

    def __init__(self, message: str, *, endpoint: str | None = None) -> None:
        super().__init__(f"{endpoint}: {message}" if endpoint else message)
        self.message = message
        self.endpoint = endpoint


@lru_cache(maxsize=256)
def _parts(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def dig(item: Mapping[str, Any], path: str) -> object:
    """Follow a dotted path (``pricing.prompt``) through nested mappings; None when absent."""
    value: object = item
    for part in _parts(path):
        # parsed JSON is plain dicts: the exact-type test first (an ABC isinstance is ~10x slower)
        if type(value) is not dict and not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def per_token(raw: object, per_tokens: Decimal) -> Decimal | None:
    """``to_per_token(parse_price(raw), per_tokens)``: a raw catalog price in USD per token.

    Catalogs repeat the same few price spellings thousands of times: a JSON scalar (exact
    ``str``/``int``/``float``) is converted once per unit and its result reused (Decimals are
    immutable; the type is part of the key, so ``1``, ``1.0`` and ``"1"`` stay apart).
    """
    if raw is None:
        return None
    kind = type(raw)
    if kind is str or kind is float or kind is int:
        return _scalar_per_token(raw, per_tokens)
    return to_per_token(parse_price(raw), per_tokens)


@lru_cache(maxsize=8192, typed=True)
def _scalar_per_token(raw: str | int | float, per_tokens: Decimal) -> Decimal | None:
    return to_per_token(parse_price(raw), per_tokens)


class Provider:
    """A provider plugin. Built-ins and third-party plugins are registered the same way."""

    name: ClassVar[str] = ""
    #: endpoints that must be present for the catalog to count as complete
    required_endpoints: ClassVar[tuple[str, ...]] = (MAIN_ENDPOINT,)

    def items(self, body: object, endpoint: str) -> list[Item]:
        """The model objects of one body; rejects a body of the wrong shape or an empty list."""
        if isinstance(body, Mapping):
            data = body.get("data")
            if data is None:
                raise CatalogFormatError("the body has no 'data' list", endpoint=endpoint)
        elif isinstance(body, list):
            data = body  # some captures and mirrors keep only the array
        else:
            raise CatalogFormatError(
                f"expected a JSON object with 'data', got {type(body).__name__}", endpoint=endpoint
            )
        if not isinstance(data, list):
            raise CatalogFormatError(f"'data' is {type(data).__name__}, not a list", endpoint=endpoint)
        if not data:
            raise CatalogFormatError(
                "'data' is empty; refusing to treat every model as retired", endpoint=endpoint
            )
        for index, item in enumerate(data):
            if type(item) is not dict and not isinstance(item, Mapping):  # the exact test first
                raise CatalogFormatError(
                    f"data[{index}] is {type(item).__name__}, not an object", endpoint=endpoint
                )
            if not isinstance(item.get("id"), str) or not item["id"]:
                raise CatalogFormatError(f"data[{index}] has no string 'id'", endpoint=endpoint)
        return list(data)

    def mode(self, item: Item, endpoint: str) -> str | None:
        """LiteLLM ``model_info.mode`` for a model (``embedding``…), or None for chat."""
        return None

    def check_item(self, item: Item, endpoint: str) -> None:
        """Hook for per-item sanity checks that declarations cannot express."""

    def prices(self, item: Item, spec: ProviderSpec) -> dict[str, Decimal | None]:
        prices: dict[str, Decimal | None] = {}
        per_tokens = spec.per_tokens
        for field_name, path in spec.price_paths.items():
            # dig() inlined: this runs for every price of every catalog model on each plan
            value: object = item
            for part in _parts(path):
                if type(value) is not dict and not isinstance(value, Mapping):
                    value = None
                    break
                value = value.get(part)
            kind = type(value)
            if kind is str or kind is float or kind is int:  # per_token()'s fast path, inlined
                prices[field_name] = _scalar_per_token(value, per_tokens)
            else:
                prices[field_name] = per_token(value, per_tokens)
        if spec.default_cost is not None:
            for field_name in ("input_cost_per_token", "output_cost_per_token"):
                if prices.get(field_name) is None:
                    prices[field_name] = spec.default_cost
        return prices

    def limits(self, item: Item, spec: ProviderSpec) -> dict[str, int]:
        limits: dict[str, int] = {}
        for field_name, path in spec.limit_paths.items():
            value = dig(item, path)
            # the exact-type test first (cheap); then an int subclass that is not a bool
            if (type(value) is int or (isinstance(value, int) and not isinstance(value, bool))) and value > 0:
                limits[field_name] = value
        return limits

    def record(self, item: Item, endpoint: str, spec: ProviderSpec) -> ModelRecord:
        self.check_item(item, endpoint)
        # positional (id, prices, mode, limits): a keyword call costs more, once per catalog model
        return ModelRecord(
            item["id"], self.prices(item, spec), self.mode(item, endpoint), self.limits(item, spec)
        )

    def resolver(self, records: Mapping[str, ModelRecord]) -> Resolver | None:
        """A rule for config ids the catalog does not list verbatim, or None (exact ids only).

        Called once per catalog; the returned function is only asked about ids that are not
        keys of ``records``.
        """
        return None

    def normalize(self, bodies: Mapping[str, object], spec: ProviderSpec) -> list[ModelRecord]:
        """All records of a provider from its endpoint bodies (endpoint name -> parsed JSON).

        The first occurrence of a repeated id wins (Nvidia repeats ids); a later endpoint only
        adds what the earlier ones lacked, and may refine ``mode``.
        """
        records: dict[str, ModelRecord] = {}
        for endpoint in self.endpoint_order(bodies):
            for item in self.items(bodies[endpoint], endpoint):
                rec = self.record(item, endpoint, spec)
                known = records.get(rec.id)
                if known is None:
                    records[rec.id] = rec
                elif known.mode is None and rec.mode is not None:
                    records[rec.id] = ModelRecord(known.id, known.prices, rec.mode, known.limits)
        return list(records.values())

    def endpoint_order(self, bodies: Mapping[str, object]) -> list[str]:
        missing = [e for e in self.required_endpoints if e not in bodies]
        if missing:
            raise CatalogFormatError(f"missing endpoint body: {', '.join(missing)}")
        return [MAIN_ENDPOINT, *sorted(e for e in bodies if e != MAIN_ENDPOINT)]
