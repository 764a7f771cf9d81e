"""A small JSON Schema (2020-12) checker for modelctl's own schemas, without ``jsonschema``.

``jsonschema`` costs ~100 ms to import; modelctl checks its settings and plan files on every
command, so it uses this checker for the subset of JSON Schema its shipped schemas use:
``type``, ``properties``, ``required``, ``additionalProperties``, ``patternProperties``,
``propertyNames``, ``enum``, ``const``, ``items``, ``minItems``/``maxItems``, ``pattern``,
``minLength``/``maxLength``, ``minimum``/``maximum`` (and the exclusive forms), ``anyOf``,
``oneOf``, ``allOf``, ``not``, ``if``/``then``/``else`` and ``$ref`` to ``#/$defs/...``.
Any other keyword in a schema is an error (:func:`check_keywords`), so a schema can never rely
silently on something this checker ignores. The test-suite cross-checks it against
``jsonschema.Draft202012Validator`` on valid and invalid documents.

Unknown keys are reported with the closest allowed key (``did you mean``) when there is one.

Modules: ``vocabulary`` (the supported keywords), ``engine`` (schemas compiled into keyword
checkers by a dispatch table), ``assertions`` (the keywords that check one value),
``applicators`` (the keywords that check parts against subschemas), ``values`` (JSON types,
equality, how values are shown), ``issue`` (the issue, its place, the did-you-mean).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from modelctl.schemacheck.engine import check as _check
from modelctl.schemacheck.engine import ok as _ok
from modelctl.schemacheck.issue import Path, SchemaIssue, where
from modelctl.schemacheck.vocabulary import SUPPORTED, check_keywords

__all__ = [
    "SUPPORTED",
    "Path",
    "SchemaIssue",
    "bundled_schema",
    "check_keywords",
    "first_issue",
    "iter_issues",
    "where",
]


@cache
def bundled_schema(name: str) -> dict[str, Any]:
    """One of the schemas shipped in ``modelctl/schemas`` (read once: the compiled checkers are
    cached by the schema object, so every caller must get this same object)."""
    from importlib import resources

    text = resources.files("modelctl").joinpath(f"schemas/{name}").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def iter_issues(instance: Any, schema: Mapping[str, Any] | bool) -> Iterator[SchemaIssue]:
    """Every issue of ``instance`` against ``schema`` (the root holds any ``$defs``)."""
    root = schema if isinstance(schema, Mapping) else {}
    yield from _check(instance, schema, root, ())


def first_issue(instance: Any, schema: Mapping[str, Any] | bool) -> SchemaIssue | None:
    """The issue to report: the first found, in document order (keys are checked in the order
    the document holds them; a mapping's missing required keys after its keys). A valid document
    is recognised without building issues."""
    root = schema if isinstance(schema, Mapping) else {}
    if _ok(instance, schema, root):
        return None
    return next(_check(instance, schema, root, ()), None)
