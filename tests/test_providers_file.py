"""providers.yaml: the JSON Schema checks it, then modelctl/providers/spec.py builds the specs.

The schema (modelctl/schemas/providers-v1.schema.json) is the one strict check; spec.py and
registry.py keep only what it cannot express. Every error carries its place as fields
(``path``, ``line``, ``key``) and ``str(error)`` renders them in front of the message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from modelctl import strict
from modelctl.errors import ProvidersFileError
from modelctl.providers.registry import load_registry
from modelctl.providers.spec import _PRICE_KEYS
from modelctl.records import LIMIT_FIELDS

from helpers import EXAMPLE_PROVIDERS

ACME = "format_version: 1\nproviders:\n  acme:\n"
ENDPOINTS = "    endpoints: {models: 'https://acme.test/v1/models'}\n"
HEAD = ACME + ENDPOINTS


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "providers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_schema_problem_is_an_error_with_its_place_as_fields(tmp_path: Path) -> None:
    text = EXAMPLE_PROVIDERS.read_text(encoding="utf-8").replace("    enabled: true", "    enabeld: true", 1)
    path = _write(tmp_path, text)
    line = text[: text.index("enabeld")].count("\n") + 1
    with pytest.raises(ProvidersFileError) as info:
        load_registry(path)
    error = info.value
    assert (error.path, error.line, error.key) == (str(path), line, "providers.openrouter.enabeld")
    assert error.message == "unknown key 'enabeld' (did you mean 'enabled'?)"
    assert str(error).startswith(f"{path}:{line}: providers.openrouter.enabeld: unknown key 'enabeld'")
    assert error.hint is not None and error.hint.startswith("fix or remove that key")


#: what the schema lets through and the specs refuse: (providers.yaml tail, key, message)
BEYOND_THE_SCHEMA = [
    # YAML reads ``1:`` as a number; JSON (and so the schema) has string keys only
    (
        "    endpoints: {models: 'https://a.test/m', 1: 'https://a.test/x'}\n    match: {prefix: a/}\n",
        "providers.acme.endpoints",
        "expected a mapping of strings to strings",
    ),
    # an empty api_base_contains would match every api_base
    (
        "    match: [{prefix: a/}, {prefix: b/, api_base_contains: ''}]\n",
        "providers.acme.match[1].api_base_contains",
        "must be a non-empty string",
    ),
    # the schema takes a number or a number-like string: the value must be a finite positive decimal
    ("    match: {prefix: a/}\n    pricing: {per_tokens: '-3'}\n", "providers.acme.pricing.per_tokens", "-3"),
    (
        "    match: {prefix: a/}\n    pricing: {per_tokens: .nan}\n",
        "providers.acme.pricing.per_tokens",
        "nan",
    ),
    (
        "    match: {prefix: a/}\n    pricing: {default_cost: '...'}\n",
        "providers.acme.pricing.default_cost",
        "...",
    ),
]


@pytest.mark.parametrize(("tail", "key", "message"), BEYOND_THE_SCHEMA)
def test_what_the_schema_cannot_express_is_checked_with_fields(
    tmp_path: Path, tail: str, key: str, message: str
) -> None:
    text = ACME + (tail if "endpoints" in tail else ENDPOINTS + tail)
    path = _write(tmp_path, text)
    with pytest.raises(ProvidersFileError) as info:
        load_registry(path)
    assert (info.value.path, info.value.key) == (str(path), key)
    assert message in info.value.message
    assert str(info.value).startswith(f"{path}: {key}: ")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("mass_removal_threshold: .nan", "settings.mass_removal_threshold must be 0..1, got nan"),
        ("mass_removal_min_entries: 2.0", "settings.mass_removal_min_entries must be a whole number >= 1"),
    ],
)
def test_settings_the_schema_lets_by_are_refused(tmp_path: Path, settings: str, message: str) -> None:
    path = _write(tmp_path, f"settings: {{{settings}}}\n" + HEAD + "    match: {prefix: a/}\n")
    with pytest.raises(ProvidersFileError) as info:
        load_registry(path)
    assert info.value.path == str(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_a_provider_name_yaml_reads_as_a_number_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEAD + "    match: {prefix: a/}\n  1:\n    endpoints: {models: u}\n    match: {prefix: b/}\n",
    )
    with pytest.raises(ProvidersFileError) as info:
        load_registry(path)
    assert str(info.value) == f"{path}: provider name 1 must be lower_snake_case"


def test_unreadable_files_name_the_path_as_a_field(tmp_path: Path) -> None:
    with pytest.raises(ProvidersFileError) as info:
        load_registry(tmp_path)
    assert info.value.path == str(tmp_path)
    assert str(info.value).startswith(f"{tmp_path}: is a directory, not a providers.yaml")


def test_the_schema_and_the_specs_agree_on_price_and_limit_keys() -> None:
    """spec.py no longer checks these keys itself: the schema must name exactly the ones it reads."""
    provider = strict.schema(strict.PROVIDERS_SCHEMA)["$defs"]["provider"]["properties"]
    assert set(provider["pricing"]["properties"]) == {*_PRICE_KEYS, "per_tokens", "default_cost"}
    assert set(provider["limits"]["properties"]) == set(LIMIT_FIELDS)


def test_a_good_file_builds_the_same_specs(tmp_path: Path) -> None:
    text = HEAD + (
        "    match: [{prefix: a/}, {prefix: openai/, api_base_contains: acme.test}]\n"
        "    pricing: {input: pricing.prompt, per_tokens: 1000000, default_cost: '0.5'}\n"
        "    limits: {max_input_tokens: context_length}\n"
        "    naming: {prefix: acme-, replace: [['/', '_']], lowercase: true}\n"
        "    new_entry: {api_key: os.environ/ACME_KEY}\n"
        "    special_models: [x/y]\n    protected: [a/*]\n    free_suffix: ':free'\n"
    )
    spec = load_registry(_write(tmp_path, text)).specs["acme"]
    assert spec.enabled is True and spec.prefix == "a/"
    assert [(r.prefix, r.api_base_contains) for r in spec.rules] == [("a/", None), ("openai/", "acme.test")]
    assert spec.price_paths == {"input_cost_per_token": "pricing.prompt"}
    assert (str(spec.per_tokens), str(spec.default_cost)) == ("1000000", "0.5")
    assert spec.limit_paths == {"max_input_tokens": "context_length"}
    assert (spec.naming.prefix, spec.naming.replace, spec.naming.lowercase) == ("acme-", (("/", "_"),), True)
    assert spec.new_entry == {"api_key": "os.environ/ACME_KEY"}
    assert (spec.special_models, spec.protected, spec.free_suffix) == (("x/y",), ("a/*",), ":free")
