"""The JSON Schema keywords this checker implements, and a check that a schema uses only them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SUPPORTED = frozenset(
    {
        "$schema",
        "$id",
        "$defs",
        "$ref",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "markdownDescription",
        "type",
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "enum",
        "const",
        "items",
        "minItems",
        "maxItems",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "anyOf",
        "oneOf",
        "allOf",
        "not",
        "if",
        "then",
        "else",
    }
)

_NAMED_SUBSCHEMAS = frozenset({"properties", "patternProperties", "$defs"})
_LISTED_SUBSCHEMAS = frozenset({"anyOf", "oneOf", "allOf"})
_ONE_SUBSCHEMA = frozenset({"items", "additionalProperties", "propertyNames", "not", "if", "then", "else"})


def check_keywords(schema: Any) -> list[str]:
    """Keywords in ``schema`` this checker does not implement (as JSON pointers); [] if none."""
    bad: list[str] = []
    _walk(schema, "", bad)
    return bad


def _walk(node: Any, at: str, bad: list[str]) -> None:
    if isinstance(node, bool):
        return
    if not isinstance(node, Mapping):
        bad.append(f"{at or '/'} (not a schema)")
        return
    for key, value in node.items():
        if key not in SUPPORTED:
            bad.append(f"{at}/{key}")
        elif key in _NAMED_SUBSCHEMAS:
            for name, sub in value.items():
                _walk(sub, f"{at}/{key}/{name}", bad)
        elif key in _LISTED_SUBSCHEMAS:
            for i, sub in enumerate(value):
                _walk(sub, f"{at}/{key}/{i}", bad)
        elif key in _ONE_SUBSCHEMA:
            _walk(value, f"{at}/{key}", bad)
