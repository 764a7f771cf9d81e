"""How a field of an updated entry moves: percent change, big moves, free <-> paid crossings.

The one home of this logic: the planner's reason text (``update_reason``) and the text and
Markdown renderers (``field_move``) all read a move from here, so they agree on what moved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from modelctl.pricing import FREE_COST, config_cost, per_million, percent_change
from modelctl.records import PRICE_FIELDS

BIG_MOVE = Decimal(50)  # percent


@dataclass(frozen=True)
class FieldMove:
    """How one field of an updated entry changes."""

    name: str
    before: Any
    after: Any
    pct: Decimal | None  # None: not numeric, newly set, or from zero
    zero_crossing: bool  # free (<= 1e-9) on one side, paid on the other

    @property
    def is_price(self) -> bool:
        return self.name in PRICE_FIELDS

    @property
    def big(self) -> bool:
        return self.pct is not None and abs(self.pct) > BIG_MOVE

    @property
    def flagged(self) -> bool:
        return self.is_price and (self.big or self.zero_crossing)

    @property
    def direction(self) -> Literal["free → paid", "paid → free"]:
        """``free → paid`` or ``paid → free`` (meaningful for a zero crossing)."""
        return "free → paid" if _is_free(self.before) else "paid → free"

    def describe(self) -> str:
        if self.zero_crossing:
            return f"⚠️ {self.direction}"
        if self.pct is None:
            return "newly set" if self.before is None else ""
        text = f"{self.pct:+.1f}%"
        return f"⚠️ **{text}**" if self.big and self.is_price else text


def shown(name: str, raw: Any) -> Any:
    """A field value as people read it: prices per 1M tokens, anything else as it is."""
    if name in PRICE_FIELDS:
        price = per_million(raw)
        if price is not None:
            return price
    return raw


def _is_free(raw: Any) -> bool:
    value = config_cost(raw)
    return value is not None and value <= FREE_COST


def _crossing(old: Decimal, new: Decimal) -> str | None:
    """``free -> paid`` / ``paid -> free`` when exactly one side is free (<= 1e-9), else None."""
    if (old <= FREE_COST) == (new <= FREE_COST):
        return None
    return "free -> paid" if old <= FREE_COST else "paid -> free"


def _reason_part(name: str, before: Any, after: Any, provider: str) -> str:
    if before is None:
        return f"{name} set to {shown(name, after)} (the {provider} catalog gives it)"
    old, new = config_cost(before), config_cost(after)
    note = ""
    if old is not None and new is not None:
        crossing = _crossing(old, new)
        pct = percent_change(old, new)
        if crossing is not None:
            note = f" ({crossing})"
        elif pct is not None:
            note = f" ({pct:+.1f}%)"
    # prices for people: USD per 1M tokens (the fields keep per-token values)
    return f"{name} {shown(name, before)} -> {shown(name, after)}{note}"


def update_reason(fields: Mapping[str, Mapping[str, Any]], provider: str) -> str:
    """The reason of an update: every changed field, its move, and the catalog it comes from."""
    parts = [_reason_part(name, move["before"], move["after"], provider) for name, move in fields.items()]
    return f"{provider} catalog differs: " + "; ".join(parts)


def field_move(name: str, values: Mapping[str, Any]) -> FieldMove:
    before, after = values.get("before"), values.get("after")
    old, new = config_cost(before), config_cost(after)
    crossing = (
        name in PRICE_FIELDS and old is not None and new is not None and _is_free(before) != _is_free(after)
    )
    pct = None if crossing or old is None or new is None else percent_change(old, new)
    return FieldMove(name, before, after, pct, crossing)
