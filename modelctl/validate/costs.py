"""Costs (``*_cost*`` keys of litellm_params and model_info): numbers, finite, not negative, not
absurd per token, not a string, and not 0 under cost-based routing."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from modelctl.validate.report import Findings

ABSURD_COST_PER_TOKEN = Decimal("0.01")
"""More than $0.01 per token ($10,000 per million) is almost surely a per-1M price."""

_COST_KEY = re.compile(r"(^|_)cost(_|$)")
_PER_TOKEN_KEY = re.compile(r"(_per_token|_token_cost)$")


def check_costs(
    findings: Findings, place: str, index: int, entry: Mapping[str, Any], cost_routing: bool
) -> None:
    """Every cost of one model_list entry."""
    for section in ("litellm_params", "model_info"):
        block = entry.get(section)
        if isinstance(block, Mapping):
            for name, value in block.items():
                if isinstance(name, str) and _COST_KEY.search(name):
                    _check_cost(findings, f"{place}.{section}.{name}", index, name, value, cost_routing)


def _check_cost(
    findings: Findings, place: str, index: int, name: str, value: Any, cost_routing: bool
) -> None:
    number = _as_number(findings, place, index, value)
    if number is None:
        return
    per_token = bool(_PER_TOKEN_KEY.search(name))
    if number < 0:
        findings.add("error", place, f"cost {value!r} is negative", index)
    elif per_token and number > ABSURD_COST_PER_TOKEN:
        findings.add(
            "warning",
            place,
            f"cost {value!r} per token is absurd (over "
            f"${ABSURD_COST_PER_TOKEN}/token); a per-1M price written as per-token?",
            index,
        )
    elif per_token and number == 0 and cost_routing:
        findings.add(
            "warning",
            place,
            "cost 0 reads as unset in cost-based routing; write 1e-9 for a free model",
            index,
        )


def _as_number(findings: Findings, place: str, index: int, value: Any) -> Decimal | None:
    """The cost as a finite number, or None after reporting why it is not one (a cost written
    as a string is a number, with a warning)."""
    if value is None:
        findings.add("warning", place, "cost is empty (null); set a number or remove the key", index)
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        findings.add("error", place, f"cost is a {_kind(value)}, not a number", index)
        return None
    if not isinstance(value, str):
        if isinstance(value, float) and not math.isfinite(value):
            findings.add("error", place, f"cost {value!r} is not a finite number", index)
            return None
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        findings.add("error", place, f"cost {value!r} is not a number", index)
        return None
    if not number.is_finite():
        findings.add("error", place, f"cost {value!r} is not a finite number", index)
        return None
    findings.add(
        "warning",
        place,
        f"cost written as a string ({value!r}); write it as a YAML number ({_as_yaml_number(number)})",
        index,
    )
    return number


def _as_yaml_number(number: Decimal) -> str:
    text = repr(float(number))
    return text if "." in text or "e" not in text else text.replace("e", ".0e", 1)


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", bool: "boolean"}.get(type(value), type(value).__name__)
