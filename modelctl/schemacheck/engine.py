"""The checker: a (sub)schema is compiled once into its keyword checkers, in a fixed order, by a
dispatch table; checking an instance runs those checkers only (no per-instance keyword lookups).

Issue order is part of the contract (:func:`modelctl.schemacheck.first_issue` reports the first):
``$ref``, ``type`` (a mismatch ends the checks of that schema), ``const``, ``enum``, the string,
number and array assertions, ``items``, the object keywords, ``allOf``, ``anyOf``, ``oneOf``,
``not``, ``if``. Schemas are treated as immutable once checked against.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from modelctl.schemacheck import assertions as a
from modelctl.schemacheck.issue import Path, SchemaIssue
from modelctl.schemacheck.values import TYPES, TypeTest, article, describe, regex, show


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


def valid(instance: Any, schema: Any, root: Mapping[str, Any]) -> bool:
    return next(check(instance, schema, root, ()), None) is None


def resolve(ref: str, root: Mapping[str, Any]) -> Any:
    if not ref.startswith("#"):
        raise ValueError(f"unsupported $ref {ref!r} (only '#/...' references)")
    node: Any = root
    for part in ref[1:].split("/")[1:] if ref != "#" else []:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


# -- applicators (keywords that check parts of the instance against subschemas) ---------------


def _items(schema: Mapping[str, Any]) -> a.Step:
    sub = schema["items"]

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        if not isinstance(instance, list):
            return ()
        return (issue for i, item in enumerate(instance) for issue in check(item, sub, root, (*path, i)))

    return step


def _object(schema: Mapping[str, Any]) -> a.Step:
    properties: Mapping[str, Any] = schema.get("properties", {})
    patterns = [(regex(p), sub) for p, sub in schema.get("patternProperties", {}).items()]
    names = schema.get("propertyNames")
    closed = schema.get("additionalProperties") is False
    extra = schema.get("additionalProperties")
    required = tuple(schema.get("required", ()))
    allowed = tuple(properties)

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterator[SchemaIssue]:
        if not isinstance(instance, dict):
            return
        for key, value in instance.items():
            if names is not None:
                for issue in check(key, names, root, (*path, str(key))):
                    yield SchemaIssue(issue.path, f"key {show(key)}: {issue.message}")
            matched = key in properties
            if matched:
                yield from check(value, properties[key], root, (*path, str(key)))
            for compiled, sub in patterns:
                if isinstance(key, str) and compiled.search(key):
                    matched = True
                    yield from check(value, sub, root, (*path, key))
            if matched or extra is None:
                continue
            if closed:
                yield SchemaIssue((*path, str(key)), f"unknown key {show(key)}", str(key), allowed)
            else:
                yield from check(value, extra, root, (*path, str(key)))
        # after the keys: a typo'd key ('prefx') explains a missing one ('prefix') best
        for name in required:
            if name not in instance:
                yield SchemaIssue(path, f"missing required key {name!r}")

    return step


def _all_of(schema: Mapping[str, Any]) -> a.Step:
    subs = tuple(schema["allOf"])
    return lambda instance, root, path: (i for sub in subs for i in check(instance, sub, root, path))


def _any_of(schema: Mapping[str, Any]) -> a.Step:
    branches = tuple(schema["anyOf"])

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        if any(valid(instance, s, root) for s in branches):
            return ()
        return _best_branch(instance, branches, root, path)

    return step


def _one_of(schema: Mapping[str, Any]) -> a.Step:
    branches = tuple(schema["oneOf"])

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        passing = [s for s in branches if valid(instance, s, root)]
        if not passing:
            return _best_branch(instance, branches, root, path)
        if len(passing) > 1:
            return (SchemaIssue(path, "matches more than one of the allowed forms"),)
        return ()

    return step


def _not(schema: Mapping[str, Any]) -> a.Step:
    sub = schema["not"]

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        return (SchemaIssue(path, "is not allowed here"),) if valid(instance, sub, root) else ()

    return step


def _if(schema: Mapping[str, Any]) -> a.Step:
    test, then, otherwise = schema["if"], schema.get("then"), schema.get("else")

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        branch = then if valid(instance, test, root) else otherwise
        return () if branch is None else check(instance, branch, root, path)

    return step


def _best_branch(
    instance: Any, branches: Sequence[Any], root: Mapping[str, Any], path: Path
) -> Iterator[SchemaIssue]:
    """For a failed anyOf/oneOf, the issues of the one branch of the instance's type, if only one
    has it (a mapping given where 'a mapping or a list of mappings' is allowed); else one issue."""
    fitting = [b for b in branches if _type_fits(instance, b, root)]
    if len(fitting) == 1:
        yield from check(instance, fitting[0], root, path)
        return
    kinds = [t for b in branches for t in _types_of(b, root)]
    wanted = " or ".join(dict.fromkeys(kinds)) if kinds else "one of the allowed forms"
    yield SchemaIssue(path, f"expected {article(wanted)}, got {describe(instance)}")


def _types_of(schema: Any, root: Mapping[str, Any]) -> list[str]:
    if not isinstance(schema, Mapping):
        return []
    if "$ref" in schema and "type" not in schema:
        return _types_of(resolve(schema["$ref"], root), root)
    types = schema.get("type")
    if types is None:
        return []
    return list(types) if isinstance(types, list) else [types]


def _type_fits(instance: Any, schema: Any, root: Mapping[str, Any]) -> bool:
    return any(test(instance) for name in _types_of(schema, root) if (test := TYPES.get(name)))


# -- compiling a schema ----------------------------------------------------------------------

#: keyword(s) -> checker factory, in the order their issues are reported (after $ref and type)
DISPATCH: tuple[tuple[frozenset[str], a.Factory], ...] = (
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
    (frozenset({"items"}), _items),
    (
        frozenset({"properties", "patternProperties", "propertyNames", "additionalProperties", "required"}),
        _object,
    ),
    (frozenset({"allOf"}), _all_of),
    (frozenset({"anyOf"}), _any_of),
    (frozenset({"oneOf"}), _one_of),
    (frozenset({"not"}), _not),
    (frozenset({"if"}), _if),
)


class _Compiled:
    __slots__ = ("ref", "steps", "types", "wanted")

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.ref: str | None = schema.get("$ref")
        names = schema.get("type")
        names = None if names is None else (names if isinstance(names, list) else [names])
        self.types: tuple[TypeTest, ...] | None = None
        if names is not None:
            self.types = tuple(TYPES.get(name, _never) for name in names)
        self.wanted = " or ".join(names or ())
        self.steps = tuple(factory(schema) for keys, factory in DISPATCH if not keys.isdisjoint(schema))


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
