"""The assertion keywords: each turns its value into a checker of one instance (no recursion).

A factory takes the whole (sub)schema and returns a :data:`Step`; a step returns the issues it
finds (``()`` when none), so a passing check costs one call. ``type`` is not here: it ends the
checking of its schema early, so the engine runs it itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from modelctl.schemacheck.issue import Path, SchemaIssue, closest
from modelctl.schemacheck.values import equal, is_number, regex, show

Step = Callable[[Any, Mapping[str, Any], Path], Iterable[SchemaIssue]]
"""Check one instance (at ``path``; ``root`` holds the ``$defs``) against one keyword."""
Factory = Callable[[Mapping[str, Any]], Step]


def const(schema: Mapping[str, Any]) -> Step:
    wanted = schema["const"]

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        if equal(instance, wanted):
            return ()
        return (SchemaIssue(path, f"must be {show(wanted)}, got {show(instance)}"),)

    return step


def enum(schema: Mapping[str, Any]) -> Step:
    values = schema["enum"]
    words = tuple(v for v in values if isinstance(v, str))
    exact = frozenset(v for v in values if type(v) is str)  # a str equals only a str (fast path)
    choices = ", ".join(show(v) for v in values)

    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        if type(instance) is str and instance in exact:
            return ()
        if any(equal(instance, v) for v in values):
            return ()
        hint = ""
        if isinstance(instance, str):
            close = closest(instance, words)
            hint = f" (did you mean {show(close)}?)" if close else ""
        return (SchemaIssue(path, f"must be one of {choices}; got {show(instance)}{hint}"),)

    return step


def _when(kind: Callable[[Any], bool], fails: Callable[[Any], bool], message: Callable[[Any], str]) -> Step:
    def step(instance: Any, root: Mapping[str, Any], path: Path) -> Iterable[SchemaIssue]:
        if kind(instance) and fails(instance):
            return (SchemaIssue(path, message(instance)),)
        return ()

    return step


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_list(value: Any) -> bool:
    return isinstance(value, list)


def min_length(schema: Mapping[str, Any]) -> Step:
    n = schema["minLength"]
    text = "must not be empty" if n == 1 else "is too short"
    return _when(_is_str, lambda v: len(v) < n, lambda v: text)


def max_length(schema: Mapping[str, Any]) -> Step:
    n = schema["maxLength"]
    return _when(_is_str, lambda v: len(v) > n, lambda v: f"is longer than {n} characters")


def pattern(schema: Mapping[str, Any]) -> Step:
    source = schema["pattern"]
    compiled = regex(source)
    return _when(_is_str, lambda v: not compiled.search(v), lambda v: f"{show(v)} does not match {source!r}")


def minimum(schema: Mapping[str, Any]) -> Step:
    n = schema["minimum"]
    return _when(is_number, lambda v: v < n, lambda v: f"must be at least {n}, got {v!r}")


def maximum(schema: Mapping[str, Any]) -> Step:
    n = schema["maximum"]
    return _when(is_number, lambda v: v > n, lambda v: f"must be at most {n}, got {v!r}")


def exclusive_minimum(schema: Mapping[str, Any]) -> Step:
    n = schema["exclusiveMinimum"]
    return _when(is_number, lambda v: v <= n, lambda v: f"must be more than {n}, got {v!r}")


def exclusive_maximum(schema: Mapping[str, Any]) -> Step:
    n = schema["exclusiveMaximum"]
    return _when(is_number, lambda v: v >= n, lambda v: f"must be less than {n}, got {v!r}")


def min_items(schema: Mapping[str, Any]) -> Step:
    n = schema["minItems"]
    return _when(_is_list, lambda v: len(v) < n, lambda v: f"needs at least {n} item(s), has {len(v)}")


def max_items(schema: Mapping[str, Any]) -> Step:
    n = schema["maxItems"]
    return _when(_is_list, lambda v: len(v) > n, lambda v: f"takes at most {n} item(s), has {len(v)}")
