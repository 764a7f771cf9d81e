"""JSON values as a schema sees them: their types, JSON equality, and how a message shows them."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

TypeTest = Callable[[Any], bool]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    )


TYPES: dict[str, TypeTest] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    "integer": _is_integer,
}


def is_type(value: Any, name: str) -> bool:
    test = TYPES.get(name)
    return bool(test and test(value))


def is_number(value: Any) -> bool:
    return _is_number(value)


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


@cache
def regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def equal(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but True is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and bool(a == b)


def article(wanted: str) -> str:
    """``a string``, ``an object or null``; ``null`` takes none."""
    first = wanted.split(" or ")[0]
    if first in {"null"}:
        return wanted
    return ("an " if first[:1] in "aeiou" else "a ") + wanted


def describe(value: Any) -> str:
    """What a message says was found: ``an object``, ``a string ('x')``, ``nothing (null)``."""
    kind = type_name(value)
    if isinstance(value, dict | list):
        return article(kind)
    return f"{article(kind)} ({show(value)})" if value is not None else "nothing (null)"


def show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
