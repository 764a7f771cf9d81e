"""modelctl.schemacheck agrees with jsonschema's Draft202012Validator on modelctl's own schemas.

Each base document (a real plan, the example providers.yaml, a config's modelctl: block) is
mutated at every place (key dropped, value replaced by each JSON type, unknown key added); the
small checker must call each variant valid exactly when jsonschema does.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from modelctl import strict
from modelctl.errors import ProvidersFileError
from modelctl.providers.registry import load_registry
from modelctl.schemacheck import check_keywords, first_issue, iter_issues

from helpers import EXAMPLE_PROVIDERS, REPO

PLAN_BASE = REPO / "tests" / "corpus" / "plans" / "other-config.plan.json"
SCHEMAS = [strict.PLAN_SCHEMA, strict.PROVIDERS_SCHEMA, strict.CONFIG_BLOCK_SCHEMA]
REPLACEMENTS: list[Any] = [None, 0, 1.5, -1, "x", "", True, [], {}, ["x"], [["a", "b"]], {"k": "v"}]


def _paths(doc: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _paths(value, (*at, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc[:3]):
            yield from _paths(value, (*at, i))


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    out = copy.deepcopy(doc)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _drop(doc: Any, path: tuple[Any, ...]) -> Any:
    out = copy.deepcopy(doc)
    node = out
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return out


def _variants(doc: Any) -> Iterator[Any]:
    yield doc
    for path in list(_paths(doc)):
        for value in REPLACEMENTS:
            yield _set(doc, path, value)
        if path:
            yield _drop(doc, path)
        target = doc
        for part in path:
            target = target[part]
        if isinstance(target, dict):
            yield _set(doc, path, {**target, "zzz_unknown": 1})
            for key in list(target)[:2]:
                yield _set(doc, path, {**{k: v for k, v in target.items() if k != key}, key + "x": 1})


def _bases() -> dict[str, Any]:
    plan = json.loads(PLAN_BASE.read_text(encoding="utf-8"))
    providers = yaml.safe_load(EXAMPLE_PROVIDERS.read_text(encoding="utf-8"))
    providers["providers"] = dict(list(providers["providers"].items())[:3])  # keep the run small
    providers["providers"]["requesty"]["match"] = [{"prefix": "openai/", "api_base_contains": "x"}]
    block = {"sort": True, "protected": ["a", "openrouter/b"]}
    return {strict.PLAN_SCHEMA: plan, strict.PROVIDERS_SCHEMA: providers, strict.CONFIG_BLOCK_SCHEMA: block}


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_uses_only_supported_keywords(name: str) -> None:
    schema = strict.schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert check_keywords(schema) == []


def test_an_unsupported_keyword_is_found() -> None:
    assert check_keywords({"properties": {"a": {"uniqueItems": True}}}) == ["/properties/a/uniqueItems"]


@pytest.mark.parametrize("name", SCHEMAS)
def test_agrees_with_jsonschema(name: str) -> None:
    schema = strict.schema(name)
    validator = jsonschema.Draft202012Validator(schema)
    base = _bases()[name]
    seen = invalid = 0
    for doc in _variants(base):
        seen += 1
        expected = validator.is_valid(doc)
        issues = list(iter_issues(doc, schema))
        assert (not issues) == expected, (doc, issues, [e.message for e in validator.iter_errors(doc)])
        first = first_issue(doc, schema)  # the fast valid-or-not path agrees with the issues
        assert first == (issues[0] if issues else None), (doc, first, issues)
        invalid += not expected
    assert first_issue(base, schema) is None
    assert seen > 50 and invalid > 25  # the mutations do reach invalid documents


def test_did_you_mean_and_line() -> None:
    text = "providers:\n  openrouter:\n    enabeld: false\n    endpoints: {models: https://x}\n"
    text += "    match: {prefix: openrouter/}\n"
    wanted = r"p\.yaml:3: providers\.openrouter\.enabeld: unknown key 'enabeld' \(did you mean 'enabled'\?\)"
    with pytest.raises(ProvidersFileError, match=wanted):
        strict.check(
            yaml.safe_load(text),
            strict.PROVIDERS_SCHEMA,
            shown="p.yaml",
            error=ProvidersFileError,
            text=text,
            see="h",
        )


def test_a_single_match_mapping_reports_its_own_problem() -> None:
    doc = {"providers": {"a": {"endpoints": {"models": "u"}, "match": {"prefx": "a/"}}}}
    issue = first_issue(doc, strict.schema(strict.PROVIDERS_SCHEMA))
    assert issue is not None
    assert issue.path[:3] == ("providers", "a", "match")


def test_yaml_anchors_under_x_keys_are_allowed(tmp_path: Path) -> None:
    """Real files share settings with anchors and merge keys; an 'x-' top-level key holds them."""
    text = EXAMPLE_PROVIDERS.read_text(encoding="utf-8").replace(
        "\nproviders:\n", "\nx-common: &common\n  enabled: false\n\nproviders:\n", 1
    )
    text = text.replace("  nvidia:\n", "  nvidia:\n    <<: *common\n", 1)
    path = tmp_path / "providers.yaml"
    path.write_text(text, encoding="utf-8")
    nvidia = load_registry(path).specs["nvidia"]
    assert nvidia.enabled is True  # the provider's own 'enabled: true' wins over the merged one
    path.write_text(text.replace("x-common:", "common:"), encoding="utf-8")
    with pytest.raises(ProvidersFileError, match=r"unknown key 'common'"):
        load_registry(path)


def test_a_string_false_is_not_true(tmp_path: Path) -> None:
    """enabled: "false" used to be bool("false") == True: now a type error naming the line."""
    text = EXAMPLE_PROVIDERS.read_text(encoding="utf-8").replace(
        "    enabled: true", '    enabled: "false"', 1
    )
    path = tmp_path / "providers.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index('enabled: "false"')].count("\n") + 1
    with pytest.raises(
        ProvidersFileError, match=rf"providers.yaml:{line}: .*expected a boolean.*fix that value"
    ):
        load_registry(path)


def test_issue_order_type_mismatch_ends_the_checks_of_its_schema() -> None:
    schema = {"type": "string", "enum": ["add", "remove"], "minLength": 5}
    assert [i.message for i in iter_issues(3, schema)] == ["expected a string, got a number (3)"]
    assert [i.message for i in iter_issues("ad", schema)] == [
        "must be one of 'add', 'remove'; got 'ad' (did you mean 'add'?)",
        "is too short",
    ]


def test_each_schema_object_is_checked_by_its_own_compiled_checkers() -> None:
    """Checkers are compiled once per schema object; another schema (even at a reused id) is
    compiled anew, and the cache stays bounded."""
    for minimum in range(5000):  # more schemas than the cache holds; ids are reused as they die
        schema = {"type": "integer", "minimum": minimum}
        assert first_issue(minimum, schema) is None
        issue = first_issue(minimum - 1, schema)
        assert issue is not None and issue.message == f"must be at least {minimum}, got {minimum - 1}"
    from modelctl.schemacheck import engine

    assert len(engine._CACHE) <= engine._CACHE_MAX
