"""Money as Decimal: parsing provider prices, unit conversion, free policy, tolerant compare."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

FREE_COST = Decimal("1e-9")
"""LiteLLM's cost-based routing treats 0 as unset (and then as very expensive): free is 1e-9."""

RELATIVE_TOLERANCE = Decimal("1e-9")
SIGNIFICANT_DIGITS = 12
"""Per-million and per-unit conversions are rounded to this many significant digits, which
removes float noise such as ``2.5500000000000003`` while keeping every real price exact."""


def parse_price(raw: object) -> Decimal | None:
    """A provider's raw price as a Decimal in its own unit, or None when it is unknown.

    Accepts JSON numbers and decimal strings (``"0.00000125"``, ``"$0.55"``, ``"1,200"``).
    ``None``, ``""``, negative values (``-1`` sentinels), booleans and anything that does not
    parse are unknown.
    """
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | str):
        # catalogs repeat the same few prices thousands of times: parse each spelling once (the
        # type is part of the key, so 1 and 1.0 and "1" stay apart; Decimals are immutable)
        return _parse_scalar(type(raw).__name__, raw)
    return None


@lru_cache(maxsize=4096)
def _parse_scalar(kind: str, raw: int | float | str) -> Decimal | None:
    if isinstance(raw, int | float):
        text = repr(raw) if isinstance(raw, float) else str(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace("$", "").replace(",", "").strip()
        if not text:
            return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0:
        return None
    return value


def to_per_token(value: Decimal | None, per_tokens: Decimal) -> Decimal | None:
    """Convert a price quoted per ``per_tokens`` tokens to USD per single token."""
    if value is None:
        return None
    if per_tokens == 1:
        return value
    return round_significant(value / per_tokens)


def round_significant(value: Decimal, digits: int = SIGNIFICANT_DIGITS) -> Decimal:
    if value == 0:
        return Decimal(0)
    exponent = value.adjusted() - digits + 1
    return value.quantize(Decimal(1).scaleb(exponent)).normalize()


def effective_cost(value: Decimal | None) -> Decimal | None:
    """The cost to write into LiteLLM: free (0) becomes 1e-9; unknown stays unknown."""
    if value is None:
        return None
    return FREE_COST if value == 0 else value


def config_cost(raw: object) -> Decimal | None:
    """A cost as written in config.yaml (float, int or a string like ``'3e-7'``)."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | str):
        try:
            value = Decimal(repr(raw) if isinstance(raw, float) else str(raw).strip())
        except InvalidOperation:
            return None
        return value if value.is_finite() else None
    return None


def costs_equal(a: Decimal, b: Decimal) -> bool:
    """Equal within a relative 1e-9 (zero matches only zero)."""
    if a == b:
        return True
    return abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b))


def to_yaml_number(value: Decimal) -> float:
    """The float to store for a Decimal cost: the nearest double, which prints back exactly."""
    return float(value)


def percent_change(before: Decimal, after: Decimal) -> Decimal | None:
    if before == 0:
        return None
    return (after - before) / before * 100


def per_million(raw: object) -> str | None:
    """A per-token cost for people: ``$0.86 / 1M`` (USD per million tokens), ``free`` at or
    below 1e-9 (LiteLLM's free marker); None when ``raw`` is not a number."""
    value = config_cost(raw)
    if value is None:
        return None
    if value <= FREE_COST:
        return "free"
    text = format((value * 1_000_000).normalize(), "f")
    whole, _, frac = text.partition(".")
    return f"${whole}.{frac.ljust(2, '0')} / 1M"
