"""Issue 11 item 1: which config entries a provider owns, in every form LiteLLM routes.

Each provider declares a list of match rules in providers.yaml (a prefix, optionally with an
``api_base`` condition). The forms come from LiteLLM's own provider list and docs: the native
routes (``openrouter/``, ``novita/``, ``nano-gpt/``, ``vercel_ai_gateway/``, ``poe/``,
``nvidia_nim/``; LiteLLM has no native Requesty route) and the ``openai/`` + provider-host form
of each OpenAI-compatible API (Nano-GPT's documented hosts as well as the seed's
``os.environ/NANOGPT_API_BASE``). Wildcard routes (``*``, ``?``, ``[``) are never owned.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from modelctl.config import parse_config
from modelctl.errors import ProvidersFileError
from modelctl.planner import build_plan
from modelctl.providers.registry import load_registry
from modelctl.validate import validate_config

from helpers import EXAMPLE_PROVIDERS, run_cli
from provider_catalogs import NOW, REGISTRY, config_text, entry, real_catalog, real_snapshot_dir

#: (provider, litellm_params, the id it owns) — one row per form
FORMS: list[tuple[str, dict[str, Any], str]] = [
    ("openrouter", {"model": "openrouter/anthropic/claude-sonnet-4.5"}, "anthropic/claude-sonnet-4.5"),
    (
        "openrouter",
        {"model": "openai/anthropic/claude-sonnet-4.5", "api_base": "https://openrouter.ai/api/v1"},
        "anthropic/claude-sonnet-4.5",
    ),
    (
        "requesty",
        {"model": "openai/anthropic/claude-sonnet-4-5", "api_base": "https://router.requesty.ai/v1"},
        "anthropic/claude-sonnet-4-5",
    ),
    (
        "requesty",
        {"model": "openai/anthropic/claude-sonnet-4-5", "api_base": "https://router.eu.requesty.ai/v1"},
        "anthropic/claude-sonnet-4-5",
    ),
    ("novita", {"model": "novita/deepseek/deepseek-r1"}, "deepseek/deepseek-r1"),
    (
        "novita",
        {"model": "openai/deepseek/deepseek-r1", "api_base": "https://api.novita.ai/v3/openai"},
        "deepseek/deepseek-r1",
    ),
    (
        "novita",
        {"model": "openai/deepseek/deepseek-r1", "api_base": "https://api.novita.ai/openai"},
        "deepseek/deepseek-r1",
    ),
    ("nano_gpt", {"model": "openai/gpt-5.2", "api_base": "os.environ/NANOGPT_API_BASE"}, "gpt-5.2"),
    ("nano_gpt", {"model": "nano-gpt/deepseek/deepseek-r1"}, "deepseek/deepseek-r1"),
    ("nano_gpt", {"model": "openai/gpt-5.2", "api_base": "https://nano-gpt.com/api/v1"}, "gpt-5.2"),
    ("nano_gpt", {"model": "openai/gpt-5.2", "api_base": "https://nano-gpt.com/api/v1legacy/"}, "gpt-5.2"),
    ("vercel", {"model": "vercel_ai_gateway/openai/gpt-4o"}, "openai/gpt-4o"),
    (
        "vercel",
        {"model": "openai/openai/gpt-4o", "api_base": "https://ai-gateway.vercel.sh/v1"},
        "openai/gpt-4o",
    ),
    ("poe", {"model": "openai/Claude-Sonnet-4.5", "api_base": "https://api.poe.com/v1"}, "Claude-Sonnet-4.5"),
    ("poe", {"model": "poe/claude-sonnet-4.5"}, "claude-sonnet-4.5"),
    ("nvidia", {"model": "nvidia_nim/meta/llama-3.1-8b-instruct"}, "meta/llama-3.1-8b-instruct"),
    (
        "nvidia",
        {"model": "openai/meta/llama-3.1-8b-instruct", "api_base": "https://integrate.api.nvidia.com/v1"},
        "meta/llama-3.1-8b-instruct",
    ),
]


@pytest.mark.parametrize(("provider", "params", "model_id"), FORMS)
def test_every_form_litellm_routes_is_owned(provider: str, params: dict[str, Any], model_id: str) -> None:
    owner = REGISTRY.owner(params)
    assert owner is not None, params
    assert (owner[0].name, owner[1]) == (provider, model_id)


def test_the_example_providers_file_has_the_same_rules() -> None:
    example = load_registry(EXAMPLE_PROVIDERS)
    for provider, params, model_id in FORMS:
        owner = example.owner(params)
        assert owner is not None and (owner[0].name, owner[1]) == (provider, model_id)


@pytest.mark.parametrize(
    "params",
    [
        {"model": "openai/gpt-4o"},  # OpenAI itself
        {"model": "openai/gpt-4o", "api_base": "https://api.openai.com/v1"},
        {"model": "openai/gpt-4o", "api_base": "os.environ/AZURE_API_BASE"},
        {"model": "openrouter/"},  # no id after the prefix
        {"model": "anthropic/claude-sonnet-4-5"},
    ],
)
def test_other_entries_are_not_owned(params: dict[str, Any]) -> None:
    assert REGISTRY.owner(params) is None


@pytest.mark.parametrize(
    ("params", "provider"),
    [
        ({"model": "openrouter/*"}, "openrouter"),
        ({"model": "openrouter/anthropic/*"}, "openrouter"),
        ({"model": "openai/*", "api_base": "https://openrouter.ai/api/v1"}, "openrouter"),
        ({"model": "novita/deepseek/deepseek-r?"}, "novita"),
        ({"model": "poe/[Cc]laude-*"}, "poe"),
        ({"model": "nvidia_nim/*"}, "nvidia"),
    ],
)
def test_wildcard_routes_are_never_owned(params: dict[str, Any], provider: str) -> None:
    assert REGISTRY.owner(params) is None
    spec = REGISTRY.wildcard(params)
    assert spec is not None and spec.name == provider


def test_new_entries_use_the_first_rule(tmp_path: Path) -> None:
    """--add-model keeps one canonical form per provider: the first rule (the seed's form)."""
    expected = {
        "openrouter": ("openrouter/", None),
        "requesty": ("openai/", "https://router.requesty.ai/v1"),
        "novita": ("novita/", None),
        "nano_gpt": ("openai/", "os.environ/NANOGPT_API_BASE"),
        "vercel": ("vercel_ai_gateway/", None),
        "poe": ("openai/", "https://api.poe.com/v1"),
        "nvidia": ("nvidia_nim/", None),
    }
    for name, spec in REGISTRY.specs.items():
        assert (spec.prefix, spec.new_entry.get("api_base")) == expected[name]
        assert spec.rules[0].prefix == spec.prefix
        made = {"model": spec.prefix + "x/y", **spec.new_entry}
        owner = REGISTRY.owner(made)
        assert owner is not None and owner[0].name == name  # what it writes, it owns


def _providers_file(tmp_path: Path, match: object) -> Path:
    doc = {
        "format_version": 1,
        "providers": {"acme": {"endpoints": {"models": "https://acme.test/v1/models"}, "match": match}},
    }
    path = tmp_path / "providers.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def test_the_old_single_mapping_is_still_accepted(tmp_path: Path) -> None:
    registry = load_registry(_providers_file(tmp_path, {"prefix": "acme/", "api_base_contains": "acme.test"}))
    spec = registry.specs["acme"]
    assert spec.prefix == "acme/" and len(spec.rules) == 1
    assert registry.owner({"model": "acme/m", "api_base": "https://acme.test/v1"}) == (spec, "m")
    assert registry.owner({"model": "acme/m"}) is None


@pytest.mark.parametrize(
    ("match", "message"),
    [
        ([], "providers.acme.match: needs at least 1 item(s), has 0"),
        ([{"prefix": "acme/"}, {"api_base_contains": "x"}], "match[1]: missing required key 'prefix'"),
        (
            [{"prefix": "acme/", "api_base": "x"}],
            "match[0].api_base: unknown key 'api_base' (did you mean 'api_base_contains'?)",
        ),
        (
            {"prefix": "acme/", "api_base_contains": 3},
            "match.api_base_contains: expected a string, got a number",
        ),
        ("acme/", "providers.acme.match: expected an object or array, got a string"),
    ],
)
def test_bad_match_rules_name_the_place(tmp_path: Path, match: object, message: str) -> None:
    with pytest.raises(ProvidersFileError, match=r".*") as info:
        load_registry(_providers_file(tmp_path, match))
    assert message in str(info.value)


def test_two_providers_cannot_share_a_form(tmp_path: Path) -> None:
    doc = {
        "format_version": 1,
        "providers": {
            "a": {
                "endpoints": {"models": "https://a.test/m"},
                "match": [{"prefix": "a/"}, {"prefix": "openai/"}],
            },
            "b": {
                "endpoints": {"models": "https://b.test/m"},
                "match": [{"prefix": "openai/", "api_base_contains": "b.test"}],
            },
        },
    }
    path = tmp_path / "providers.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(ProvidersFileError, match="providers a and b could both own entries"):
        load_registry(path)


def test_a_wildcard_route_is_left_alone_by_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """LiteLLM's documented ``openrouter/*`` route: never removed, even as the only entry."""
    text = config_text(
        [
            entry("openrouter/*", "openrouter-any", api_key="os.environ/OPENROUTER_API_KEY"),
            entry("openrouter/anthropic/claude-3.5-haiku", "retired", input_cost_per_token=1e-6),
            entry("openrouter/openai/gpt-oss-120b", "kept", input_cost_per_token=1e-6),
        ]
    )
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    doc = parse_config(path, text.encode())
    plan = build_plan(
        doc, REGISTRY, [REGISTRY.specs["openrouter"]], {"openrouter": real_catalog("openrouter")}, now=NOW
    )
    assert plan.providers["openrouter"].entries == 2  # the wildcard is not counted
    assert [(c.action, c.model) for c in plan.changes if c.action == "remove"] == [
        ("remove", "openrouter/anthropic/claude-3.5-haiku")
    ]
    assert all(c.model != "openrouter/*" for c in plan.changes)
    # only the wildcard: nothing to plan
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "config.yaml").write_text(config_text([entry("openrouter/*", "any")]), encoding="utf-8")
    snapshots = real_snapshot_dir(tmp_path / "snap", ["openrouter"])
    res = run_cli(
        capsys,
        "plan",
        "-c",
        alone / "config.yaml",
        "-p",
        "openrouter",
        "--catalog-dir",
        snapshots,
        "-o",
        alone / "p.json",
    )
    assert res.code == 0, res.err
    assert "No changes." in res.out and "0 entries in config" in res.out


def _validate(tmp_path: Path, entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    path = tmp_path / "config.yaml"
    path.write_text(config_text(entries), encoding="utf-8")
    report = validate_config(path, REGISTRY)
    return [(f.level, f.message) for f in report.findings]


def test_validate_notes_a_wildcard_route(tmp_path: Path) -> None:
    got = _validate(tmp_path, [entry("openrouter/*", "any")])
    assert got == [
        (
            "info",
            "'openrouter/*': wildcard route, not managed (modelctl never adds, reprices or removes it; "
            "openrouter entries next to it are)",
        )
    ]


@pytest.mark.parametrize(
    ("params", "provider"),
    [
        ({"model": "custom_openai/claude-sonnet-4.5", "api_base": "https://api.poe.com/v1"}, "poe"),
        ({"model": "openai/deepseek/deepseek-r1", "api_key": "os.environ/NOVITA_API_KEY"}, "novita"),
        ({"model": "nano_gpt/deepseek/deepseek-r1"}, "nano_gpt"),
        ({"model": "requesty/openai/gpt-4o"}, "requesty"),
        ({"model": "openai/gpt-4o", "api_base": "https://openrouter.ai/api/v2"}, None),  # covered: owned
        ({"model": "hosted_vllm/x", "api_base": "https://ai-gateway.vercel.sh/v1"}, "vercel"),
    ],
)
def test_validate_says_what_an_unmatched_entry_looks_like(
    tmp_path: Path, params: dict[str, Any], provider: str | None
) -> None:
    e = {"model_name": "m", "litellm_params": params}
    notes = [m for level, m in _validate(tmp_path, [e]) if level == "info"]
    if provider is None:
        assert notes == []
        return
    assert len(notes) == 1
    assert f"looks like {provider} but no match rule covers it" in notes[0]


def test_validate_generic_note_for_other_providers(tmp_path: Path) -> None:
    notes = _validate(
        tmp_path, [entry("anthropic/claude-sonnet-4-5", "c", api_key="os.environ/ANTHROPIC_API_KEY")]
    )
    assert len(notes) == 1 and "is not managed by any provider" in notes[0][1]
