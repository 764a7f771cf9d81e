"""The checker: a (sub)schema is compiled once into its keyword checkers, in a fixed order, by a
dispatch table; checking an instance runs those checkers only (no per-instance keyword lookups).

Two ways to run them: :func:`check` yields every issue, :func:`ok` only answers whether there is
one (no issue objects, no generators: the fast path for a valid document, and for the branches
of ``anyOf``/``oneOf``/``not``/``if``). They agree exactly: ``ok`` is true if and only if
``check`` yields nothing.

Issue order is part of the contract (:func:`modelctl.schemacheck.first_issue` reports the first):
``$ref``, ``type`` (a mismatch ends the checks of that schema), ``const``, ``enum``, the string,
number and array assertions, ``items``, the object keywords, ``allOf``, ``anyOf``, ``oneOf``,
``not``, ``if``. Schemas are treated as immutable once checked against.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from modelctl.schemacheck import applicators as ap
from modelctl.schemacheck import assertions as a
from modelctl.schemacheck.issue import Path, SchemaIssue
from modelctl.schemacheck.values import TYPES, TypeTest, article, describe


def check(instance: Any, schema: Any, root: Mapping[str, Any], path: Path) -> Iterator[SchemaIssue]:
    """Every issue of ``instance`` (at ``path``) against ``schema``, in the order above."""
    if schema is True:
        return
    if schema is False:
        yield SchemaIssue(path, "not allowed here")
        return
    compiled = _compiled(schema)
    if compiled.ref is not None:
        yield from check(instance, resolve(compiled.ref, root), root, path)
    if compiled.types is not None:
        for test in compiled.types:
            if test(instance):
                break
        else:
            yield SchemaIssue(path, f"expected {article(compiled.wanted)}, got {describe(instance)}")
            return  # the other keywords would only repeat the type mismatch
    for step in compiled.steps:
        yield from step(instance, root, path)


def ok(instance: Any, schema: Any, root: Mapping[str, Any]) -> bool:
    """Whether :func:`check` would find nothing."""
    if schema is True or schema is False:
        return schema
    compiled = _compiled(schema)
    if compiled.ref is not None and not ok(instance, resolve(compiled.ref, root), root):
        return False
    if compiled.types is not None:
        for type_test in compiled.types:
            if type_test(instance):
                break
        else:
            return False
    for step in compiled.assertions:
        if step(instance, root, ()):
            return False
    for test in compiled.tests:  # noqa: SIM110 (a loop: no generator on the hot path)
        if not test(instance, root):
            return False
    return True


def resolve(ref: str, root: Mapping[str, Any]) -> Any:
    if not ref.startswith("#"):
        raise ValueError(f"unsupported $ref {ref!r} (only '#/...' references)")
    node: Any = root
    for part in ref[1:].split("/")[1:] if ref != "#" else []:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


#: keyword(s) -> checker factory, in the order their issues are reported (after $ref and type):
#: an assertion (a Step, whose empty result means valid) or an applicator (a Step and a Test)
DISPATCH: tuple[
    tuple[frozenset[str], Callable[[Mapping[str, Any]], a.Step | tuple[a.Step, ap.Test]]], ...
] = (
    (frozenset({"const"}), a.const),
    (frozenset({"enum"}), a.enum),
    (frozenset({"minLength"}), a.min_length),
    (frozenset({"maxLength"}), a.max_length),
    (frozenset({"pattern"}), a.pattern),
    (frozenset({"minimum"}), a.minimum),
    (frozenset({"maximum"}), a.maximum),
    (frozenset({"exclusiveMinimum"}), a.exclusive_minimum),
    (frozenset({"exclusiveMaximum"}), a.exclusive_maximum),
    (frozenset({"minItems"}), a.min_items),
    (frozenset({"maxItems"}), a.max_items),
    (frozenset({"items"}), ap.items),
    (
        frozenset({"properties", "patternProperties", "propertyNames", "additionalProperties", "required"}),
        ap.object_keywords,
    ),
    (frozenset({"allOf"}), ap.all_of),
    (frozenset({"anyOf"}), ap.any_of),
    (frozenset({"oneOf"}), ap.one_of),
    (frozenset({"not"}), ap.not_),
    (frozenset({"if"}), ap.if_then_else),
)


class _Compiled:
    __slots__ = ("assertions", "ref", "steps", "tests", "types", "wanted")

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.ref: str | None = schema.get("$ref")
        names = schema.get("type")
        names = None if names is None else (names if isinstance(names, list) else [names])
        self.types: tuple[TypeTest, ...] | None = None
        if names is not None:
            self.types = tuple(TYPES.get(name, _never) for name in names)
        self.wanted = " or ".join(names or ())
        steps: list[a.Step] = []
        assertions: list[a.Step] = []
        tests: list[ap.Test] = []
        for keys, factory in DISPATCH:
            if keys.isdisjoint(schema):
                continue
            made = factory(schema)
            if isinstance(made, tuple):
                steps.append(made[0])
                tests.append(made[1])
            else:
                steps.append(made)
                assertions.append(made)
        self.steps, self.assertions, self.tests = tuple(steps), tuple(assertions), tuple(tests)


def _never(value: Any) -> bool:
    return False


_CACHE: dict[int, tuple[Mapping[str, Any], _Compiled]] = {}
_CACHE_MAX = 4096


def _compiled(schema: Mapping[str, Any]) -> _Compiled:
    """The checkers of ``schema``, compiled on first use (the entry holds the schema, so its id
    cannot be reused while cached)."""
    hit = _CACHE.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    compiled = _Compiled(schema)
    _CACHE[id(schema)] = (schema, compiled)
    return compiled
