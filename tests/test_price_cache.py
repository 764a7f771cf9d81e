"""The cached per-token conversion of catalog prices (``providers.base.per_token``) gives exactly
what ``to_per_token(parse_price(raw))`` gives, whatever spelling came first."""

from __future__ import annotations

from decimal import Decimal

import pytest

from modelctl.pricing import parse_price, to_per_token
from modelctl.providers import base

RAWS: list[object] = [
    1, 1.0, "1", True, False, None, 0, 0.0, "0", "0.00", -1, "-1", "$0.55", " 1,200 ", "", "abc",
    "NaN", "Infinity", 1e400, 2.5500000000000003, "0.00000125", 125, {"x": 1}, [1], 8e-07, "8e-07",
]  # fmt: skip


@pytest.mark.parametrize("per_tokens", [Decimal(1), Decimal(1_000_000), Decimal(10_000_000_000)])
def test_per_token_equals_the_uncached_rule_in_value_and_spelling(per_tokens: Decimal) -> None:
    base._scalar_per_token.cache_clear()
    for order in (RAWS, list(reversed(RAWS))):  # 1 before 1.0 and 1.0 before 1
        for raw in order:
            got, want = base.per_token(raw, per_tokens), to_per_token(parse_price(raw), per_tokens)
            assert repr(got) == repr(want), (raw, per_tokens)


def test_int_float_and_string_spellings_stay_apart() -> None:
    base._scalar_per_token.cache_clear()
    assert repr(base.per_token(1, Decimal(1))) == "Decimal('1')"
    assert repr(base.per_token(1.0, Decimal(1))) == "Decimal('1.0')"
    assert base.per_token(True, Decimal(1)) is None  # a bool is no price, though True == 1
