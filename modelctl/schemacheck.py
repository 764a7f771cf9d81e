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
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

__all__ = ["SUPPORTED", "SchemaIssue", "check_keywords", "first_issue", "iter_issues", "where"]

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

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class SchemaIssue:
    """One way a document fails its schema. ``path`` leads from the document root to the value."""

    path: Path
    message: str
    unknown_key: str | None = None
    allowed: tuple[str, ...] = field(default_factory=tuple)

    def suggestion(self) -> str | None:
        """The closest allowed key to an unknown one, if any is close."""
        if self.unknown_key is None:
            return None
        import difflib  # only when a key is unknown

        close = difflib.get_close_matches(self.unknown_key, self.allowed, n=1, cutoff=0.6)
        return close[0] if close else None


@lru_cache(maxsize=512)
def _closest(value: str, words: tuple[str, ...]) -> str | None:
    """The closest of ``words`` to a wrong value (cached: an ``if``/``anyOf`` branch tests the
    same values against the same enums once per item of a long list)."""
    import difflib  # only when a value is wrong

    close = difflib.get_close_matches(value, words, n=1, cutoff=0.6)
    return close[0] if close else None


def where(path: Path) -> str:
    """``providers.openrouter.match`` / ``patch[3].op``; ``(top level)`` for the root."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def iter_issues(instance: Any, schema: Mapping[str, Any] | bool) -> Iterator[SchemaIssue]:
    """Every issue of ``instance`` against ``schema`` (the root holds any ``$defs``)."""
    root = schema if isinstance(schema, Mapping) else {}
    yield from _check(instance, schema, root, ())


def first_issue(instance: Any, schema: Mapping[str, Any] | bool) -> SchemaIssue | None:
    """The issue to report: the first found, in document order (keys are checked in the order
    the document holds them; a mapping's missing required keys after its keys)."""
    return next(iter_issues(instance, schema), None)


def check_keywords(schema: Any) -> list[str]:
    """Keywords in ``schema`` this checker does not implement (as JSON pointers); [] if none."""
    bad: list[str] = []

    def walk(node: Any, at: str) -> None:
        if isinstance(node, bool):
            return
        if not isinstance(node, Mapping):
            bad.append(f"{at or '/'} (not a schema)")
            return
        for key, value in node.items():
            if key not in SUPPORTED:
                bad.append(f"{at}/{key}")
            elif key in {"properties", "patternProperties", "$defs"}:
                for name, sub in value.items():
                    walk(sub, f"{at}/{key}/{name}")
            elif key in {"anyOf", "oneOf", "allOf"}:
                for i, sub in enumerate(value):
                    walk(sub, f"{at}/{key}/{i}")
            elif key in {"items", "additionalProperties", "propertyNames", "not", "if", "then", "else"}:
                walk(value, f"{at}/{key}")

    walk(schema, "")
    return bad


_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
}


def _is_type(value: Any, name: str) -> bool:
    test = _TYPES.get(name)
    return bool(test and test(value))


def _type_name(value: Any) -> str:
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
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but True is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and bool(a == b)


def _resolve(ref: str, root: Mapping[str, Any]) -> Any:
    if not ref.startswith("#"):
        raise ValueError(f"unsupported $ref {ref!r} (only '#/...' references)")
    node: Any = root
    for part in ref[1:].split("/")[1:] if ref != "#" else []:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _valid(instance: Any, schema: Any, root: Mapping[str, Any]) -> bool:
    return next(iter(_check(instance, schema, root, ())), None) is None


def _check(instance: Any, schema: Any, root: Mapping[str, Any], path: Path) -> Iterator[SchemaIssue]:
    if schema is True or schema == {}:
        return
    if schema is False:
        yield SchemaIssue(path, "not allowed here")
        return
    if "$ref" in schema:
        yield from _check(instance, _resolve(schema["$ref"], root), root, path)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(instance, t) for t in types):
            wanted = " or ".join(types)
            yield SchemaIssue(path, f"expected {_article(wanted)}, got {_describe(instance)}")
            return  # the other keywords would only repeat the type mismatch
    if "const" in schema and not _equal(instance, schema["const"]):
        yield SchemaIssue(path, f"must be {_show(schema['const'])}, got {_show(instance)}")
    if "enum" in schema and not any(_equal(instance, v) for v in schema["enum"]):
        choices = ", ".join(_show(v) for v in schema["enum"])
        hint = ""
        if isinstance(instance, str):
            close = _closest(instance, tuple(v for v in schema["enum"] if isinstance(v, str)))
            hint = f" (did you mean {_show(close)}?)" if close else ""
        yield SchemaIssue(path, f"must be one of {choices}; got {_show(instance)}{hint}")
    if isinstance(instance, str):
        if "minLength" in schema and len(instance) < schema["minLength"]:
            yield SchemaIssue(path, "must not be empty" if schema["minLength"] == 1 else "is too short")
        if "maxLength" in schema and len(instance) > schema["maxLength"]:
            yield SchemaIssue(path, f"is longer than {schema['maxLength']} characters")
        if "pattern" in schema and not _regex(schema["pattern"]).search(instance):
            yield SchemaIssue(path, f"{_show(instance)} does not match {schema['pattern']!r}")
    if _is_type(instance, "number"):
        if "minimum" in schema and instance < schema["minimum"]:
            yield SchemaIssue(path, f"must be at least {schema['minimum']}, got {instance!r}")
        if "maximum" in schema and instance > schema["maximum"]:
            yield SchemaIssue(path, f"must be at most {schema['maximum']}, got {instance!r}")
        if "exclusiveMinimum" in schema and instance <= schema["exclusiveMinimum"]:
            yield SchemaIssue(path, f"must be more than {schema['exclusiveMinimum']}, got {instance!r}")
        if "exclusiveMaximum" in schema and instance >= schema["exclusiveMaximum"]:
            yield SchemaIssue(path, f"must be less than {schema['exclusiveMaximum']}, got {instance!r}")
    if isinstance(instance, list):
        if "minItems" in schema and len(instance) < schema["minItems"]:
            yield SchemaIssue(path, f"needs at least {schema['minItems']} item(s), has {len(instance)}")
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            yield SchemaIssue(path, f"takes at most {schema['maxItems']} item(s), has {len(instance)}")
        if "items" in schema:
            for i, item in enumerate(instance):
                yield from _check(item, schema["items"], root, (*path, i))
    if isinstance(instance, dict):
        yield from _check_object(instance, schema, root, path)
    for keyword in ("allOf",):
        for sub in schema.get(keyword, ()):
            yield from _check(instance, sub, root, path)
    if "anyOf" in schema and not any(_valid(instance, s, root) for s in schema["anyOf"]):
        yield from _best_branch(instance, schema["anyOf"], root, path, "any")
    if "oneOf" in schema:
        passing = [s for s in schema["oneOf"] if _valid(instance, s, root)]
        if not passing:
            yield from _best_branch(instance, schema["oneOf"], root, path, "any")
        elif len(passing) > 1:
            yield SchemaIssue(path, "matches more than one of the allowed forms")
    if "not" in schema and _valid(instance, schema["not"], root):
        yield SchemaIssue(path, "is not allowed here")
    if "if" in schema:
        branch = "then" if _valid(instance, schema["if"], root) else "else"
        if branch in schema:
            yield from _check(instance, schema[branch], root, path)


def _check_object(
    instance: dict[Any, Any], schema: Mapping[str, Any], root: Mapping[str, Any], path: Path
) -> Iterator[SchemaIssue]:
    properties: Mapping[str, Any] = schema.get("properties", {})
    patterns: Mapping[str, Any] = schema.get("patternProperties", {})
    for key, value in instance.items():
        if "propertyNames" in schema:
            for issue in _check(key, schema["propertyNames"], root, (*path, str(key))):
                yield SchemaIssue(issue.path, f"key {_show(key)}: {issue.message}")
        matched = False
        if key in properties:
            matched = True
            yield from _check(value, properties[key], root, (*path, str(key)))
        for pattern, sub in patterns.items():
            if isinstance(key, str) and _regex(pattern).search(key):
                matched = True
                yield from _check(value, sub, root, (*path, key))
        if matched or "additionalProperties" not in schema:
            continue
        extra = schema["additionalProperties"]
        if extra is False:
            yield SchemaIssue(
                (*path, str(key)),
                f"unknown key {_show(key)}",
                unknown_key=str(key),
                allowed=tuple(properties),
            )
        else:
            yield from _check(value, extra, root, (*path, str(key)))
    # after the keys: a typo'd key ('prefx') explains a missing one ('prefix') best
    for name in schema.get("required", ()):
        if name not in instance:
            yield SchemaIssue(path, f"missing required key {name!r}")


def _best_branch(
    instance: Any, branches: Sequence[Any], root: Mapping[str, Any], path: Path, _kind: str
) -> Iterator[SchemaIssue]:
    """For a failed anyOf/oneOf, the issues of the one branch of the instance's type, if only one
    has it (a mapping given where 'a mapping or a list of mappings' is allowed); else one issue."""
    fitting = [b for b in branches if _type_fits(instance, b, root)]
    if len(fitting) == 1:
        yield from _check(instance, fitting[0], root, path)
        return
    kinds = [t for b in branches for t in _types_of(b, root)]
    wanted = " or ".join(dict.fromkeys(kinds)) if kinds else "one of the allowed forms"
    yield SchemaIssue(path, f"expected {_article(wanted)}, got {_describe(instance)}")


def _types_of(schema: Any, root: Mapping[str, Any]) -> list[str]:
    if not isinstance(schema, Mapping):
        return []
    if "$ref" in schema and "type" not in schema:
        return _types_of(_resolve(schema["$ref"], root), root)
    types = schema.get("type")
    if types is None:
        return []
    return list(types) if isinstance(types, list) else [types]


def _type_fits(instance: Any, schema: Any, root: Mapping[str, Any]) -> bool:
    types = _types_of(schema, root)
    return any(_is_type(instance, t) for t in types)


def _article(wanted: str) -> str:
    first = wanted.split(" or ")[0]
    if first in {"null"}:
        return wanted
    return ("an " if first[:1] in "aeiou" else "a ") + wanted


def _describe(value: Any) -> str:
    kind = _type_name(value)
    if isinstance(value, dict | list):
        return _article(kind)
    return f"{_article(kind)} ({_show(value)})" if value is not None else "nothing (null)"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
