"""The applicator keywords: they check parts of an instance (items, values, keys) or the whole of
it against subschemas. Each has two forms: a :data:`Step` that yields the issues, and a
:data:`Test` that only answers "valid?" (no issue objects, no generators) and must agree with
the step exactly: the step yields nothing if and only if the test is true."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from modelctl.schemacheck import engine
from modelctl.schemacheck.assertions import Step
from modelctl.schemacheck.issue import Path, SchemaIssue
from modelctl.schemacheck.values import TYPES, article, describe, regex, show

Test = Callable[[Any, Mapping[str, Any]], bool]
"""Whether one instance passes one keyword (``root`` holds the ``$defs``)."""


def items(schema: Mapping[str, Any]) -> tuple[Step, Test]:
    sub = schema["items"]

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        if not isinstance(instance, list):
            return ()
        return (
            issue for i, item in enumerate(instance) for issue in engine.check(item, sub, root, (*path, i))
        )

    def test(instance: Any, root: Mapping[str, Any]) -> bool:
        if isinstance(instance, list):
            for item in instance:
                if not engine.ok(item, sub, root):
                    return False
        return True

    return step, test


class _Object:
    """``properties``, ``patternProperties``, ``propertyNames``, ``additionalProperties`` and
    ``required`` of one schema, checked together (an unknown key is one no other keyword takes)."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.properties: Mapping[str, Any] = schema.get("properties", {})
        self.patterns = [(regex(p), sub) for p, sub in schema.get("patternProperties", {}).items()]
        self.names = schema.get("propertyNames")
        self.extra = schema.get("additionalProperties")
        self.required = tuple(schema.get("required", ()))
        self.required_set = frozenset(self.required)
        self.allowed = tuple(self.properties)

    def step(self, instance: Any, root: Mapping[str, Any], path: Path) -> Iterator[SchemaIssue]:
        if not isinstance(instance, dict):
            return
        for key, value in instance.items():
            at = (*path, str(key))
            if self.names is not None:
                for issue in engine.check(key, self.names, root, at):
                    yield SchemaIssue(issue.path, f"key {show(key)}: {issue.message}")
            matched = key in self.properties
            if matched:
                yield from engine.check(value, self.properties[key], root, at)
            for compiled, sub in self.patterns:
                if isinstance(key, str) and compiled.search(key):
                    matched = True
                    yield from engine.check(value, sub, root, (*path, key))
            if matched or self.extra is None:
                continue
            if self.extra is False:
                yield SchemaIssue(at, f"unknown key {show(key)}", str(key), self.allowed)
            else:
                yield from engine.check(value, self.extra, root, at)
        # after the keys: a typo'd key ('prefx') explains a missing one ('prefix') best
        for name in self.required:
            if name not in instance:
                yield SchemaIssue(path, f"missing required key {name!r}")

    def test(self, instance: Any, root: Mapping[str, Any]) -> bool:
        if not isinstance(instance, dict):
            return True
        for key, value in instance.items():
            if self.names is not None and not engine.ok(key, self.names, root):
                return False
            matched = key in self.properties
            if matched and not engine.ok(value, self.properties[key], root):
                return False
            for compiled, sub in self.patterns:
                if isinstance(key, str) and compiled.search(key):
                    matched = True
                    if not engine.ok(value, sub, root):
                        return False
            if not matched and self.extra is not None and not engine.ok(value, self.extra, root):
                return False
        return instance.keys() >= self.required_set


def object_keywords(schema: Mapping[str, Any]) -> tuple[Step, Test]:
    checker = _Object(schema)
    return checker.step, checker.test


def all_of(schema: Mapping[str, Any]) -> tuple[Step, Test]:
    subs = tuple(schema["allOf"])

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        return (issue for sub in subs for issue in engine.check(instance, sub, root, path))

    return step, lambda instance, root: all(engine.ok(instance, sub, root) for sub in subs)


def any_of(schema: Mapping[str, Any]) -> tuple[Step, Test]:
    branches = tuple(schema["anyOf"])

    def test(instance: Any, root: Mapping[str, Any]) -> bool:
        return any(engine.ok(instance, s, root) for s in branches)

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        return () if test(instance, root) else _best_branch(instance, branches, root, path)

    return step, test


def one_of(schema: Mapping[str, Any]) -> tuple[Step, Test]:
    branches = tuple(schema["oneOf"])

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        passing = sum(1 for s in branches if engine.ok(instance, s, root))
        if not passing:
            return _best_branch(instance, branches, root, path)
        if passing > 1:
            return (SchemaIssue(path, "matches more than one of the allowed forms"),)
        return ()

    def test(instance: Any, root: Mapping[str, Any]) -> bool:
        return sum(1 for s in branches if engine.ok(instance, s, root)) == 1

    return step, test


def not_(schema: Mapping[str, Any]) -> tuple[Step, Test]:
    sub = schema["not"]

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        return (SchemaIssue(path, "is not allowed here"),) if engine.ok(instance, sub, root) else ()

    return step, lambda instance, root: not engine.ok(instance, sub, root)


def if_then_else(schema: Mapping[str, Any]) -> tuple[Step, Test]:
    condition, then, otherwise = schema["if"], schema.get("then"), schema.get("else")

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        branch = then if engine.ok(instance, condition, root) else otherwise
        return () if branch is None else engine.check(instance, branch, root, path)

    def test(instance: Any, root: Mapping[str, Any]) -> bool:
        branch = then if engine.ok(instance, condition, root) else otherwise
        return branch is None or engine.ok(instance, branch, root)

    return step, test


def _best_branch(
    instance: Any, branches: Sequence[Any], root: Mapping[str, Any], path: Path
) -> Iterator[SchemaIssue]:
    """For a failed anyOf/oneOf, the issues of the one branch of the instance's type, if only one
    has it (a mapping given where 'a mapping or a list of mappings' is allowed); else one issue."""
    fitting = [b for b in branches if _type_fits(instance, b, root)]
    if len(fitting) == 1:
        yield from engine.check(instance, fitting[0], root, path)
        return
    kinds = [t for b in branches for t in _types_of(b, root)]
    wanted = " or ".join(dict.fromkeys(kinds)) if kinds else "one of the allowed forms"
    yield SchemaIssue(path, f"expected {article(wanted)}, got {describe(instance)}")


def _types_of(schema: Any, root: Mapping[str, Any]) -> list[str]:
    if not isinstance(schema, Mapping):
        return []
    if "$ref" in schema and "type" not in schema:
        return _types_of(engine.resolve(schema["$ref"], root), root)
    types = schema.get("type")
    if types is None:
        return []
    return list(types) if isinstance(types, list) else [types]


def _type_fits(instance: Any, schema: Any, root: Mapping[str, Any]) -> bool:
    return any(test(instance) for name in _types_of(schema, root) if (test := TYPES.get(name)))
