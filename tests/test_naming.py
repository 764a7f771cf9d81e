"""Generated model_names, per provider, against the seed's documented conventions (708a58f).

modelctl follows the per-provider scripts of 708a58f, not the unified script's variants (both are
tabled in docs/seed-differences.md, *Names*): OpenRouter ``or-`` + cleanup, case kept; Requesty the
last path segment; Novita ``nv-`` + cleanup; Nano-GPT the id with ``/`` and ``_`` as ``-``, case
kept; Vercel ``vc-``, no cleanup; Poe lower-cased, no prefix; Nvidia ``nim-``, lower-cased.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

import pytest

from modelctl.naming import generate_model_name
from modelctl.providers.registry import load_registry
from modelctl.providers.spec import NamingSpec

from helpers import EXAMPLE_PROVIDERS

REPO = Path(__file__).resolve().parent.parent
BUILTIN = load_registry(None)

# (provider, catalog id, generated model_name); "(seed config)" marks a name found in the seed's
# config.yaml for that very id (tests/fixtures/configs/seed-708a58f.yaml), "§4" an example from
# the seed's per-provider naming specification (its rules: docs/seed-differences.md, *Names*).
NAMES: list[tuple[str, str, str]] = [
    # OpenRouter: or- + id with / and : as -, then anthropic-/meta-llama-/google-/qwen- removed
    # and mistralai- -> mistral- wherever they occur; case kept
    ("openrouter", "qwen/qwen3-coder", "or-qwen3-coder"),  # §4
    ("openrouter", "mistralai/devstral-2512:free", "or-mistral-devstral-2512-free"),  # §4
    ("openrouter", "mistralai/codestral-2508", "or-mistral-codestral-2508"),  # seed config
    ("openrouter", "mistralai/codestral-embed-2505", "or-mistral-codestral-embed-2505"),
    ("openrouter", "meta-llama/llama-3.2-3b-instruct", "or-llama-3.2-3b-instruct"),  # seed config
    ("openrouter", "meta-llama/llama-3.3-70b-instruct:free", "or-llama-3.3-70b-instruct-free"),  # seed config
    ("openrouter", "qwen/qwen3-vl-8b-thinking", "or-qwen3-vl-8b-thinking"),  # seed config
    ("openrouter", "qwen/qwen3-embedding-8b", "or-qwen3-embedding-8b"),  # seed config
    ("openrouter", "moonshotai/kimi-k2-0905", "or-moonshotai-kimi-k2-0905"),  # seed config
    ("openrouter", "amazon/nova-2-lite-v1", "or-amazon-nova-2-lite-v1"),  # seed config
    ("openrouter", "arcee-ai/trinity-mini", "or-arcee-ai-trinity-mini"),  # seed config
    ("openrouter", "baai/bge-m3", "or-baai-bge-m3"),  # seed config
    ("openrouter", "anthropic/claude-opus-4.5", "or-claude-opus-4.5"),
    ("openrouter", "google/gemini-2.5-flash-lite", "or-gemini-2.5-flash-lite"),
    ("openrouter", "google/gemma-3-27b-it:free", "or-gemma-3-27b-it-free"),
    ("openrouter", "z-ai/glm-4.6:exacto", "or-z-ai-glm-4.6-exacto"),
    ("openrouter", "qwen/qwen-plus-2025-07-28:thinking", "or-plus-2025-07-28-thinking"),  # every qwen-
    # Requesty: the last path segment, nothing else
    ("requesty", "anthropic/claude-sonnet-4-5", "claude-sonnet-4-5"),  # §4
    ("requesty", "anthropic/claude-3-5-haiku", "claude-3-5-haiku"),  # seed config
    ("requesty", "google/gemini-2.5-flash-lite", "gemini-2.5-flash-lite"),  # seed config
    ("requesty", "alibaba/qwen3.7-max", "qwen3.7-max"),  # the seed HEAD example
    ("requesty", "novita/inclusionai/ling-3.0-tiny", "ling-3.0-tiny"),
    ("requesty", "coding/gemini-2.5-flash", "gemini-2.5-flash"),
    ("requesty", "smart-task", "smart-task"),
    # Novita: nv- + id with / and : as -, deepseek-/meta-llama-/google-/qwen- removed,
    # mistralai- -> mistral-; case kept
    ("novita", "meta-llama/llama-3-8b-instruct", "nv-llama-3-8b-instruct"),
    ("novita", "meta-llama/llama-3.1-405b-instruct", "nv-llama-3.1-405b-instruct"),
    ("novita", "google/gemma-2-9b-it", "nv-gemma-2-9b-it"),
    ("novita", "mistralai/mistral-7b-instruct", "nv-mistral-mistral-7b-instruct"),
    ("novita", "deepseek/deepseek-v3-0324", "nv-v3-0324"),  # every deepseek- goes
    ("novita", "qwen/qwen2.5-72b-instruct", "nv-qwen2.5-72b-instruct"),
    ("novita", "Nous-Hermes-2-Mixtral-8x7B-DPO", "nv-Nous-Hermes-2-Mixtral-8x7B-DPO"),
    ("novita", "lzlv_70b", "nv-lzlv_70b"),
    (
        "novita",
        "cognitivecomputations/dolphin-mixtral-8x22b",
        "nv-cognitivecomputations-dolphin-mixtral-8x22b",
    ),
    # Nano-GPT: the id with / and _ as -, no prefix, case kept (':' kept, as the seed script)
    ("nano_gpt", "zai-org/glm-5", "zai-org-glm-5"),
    ("nano_gpt", "anthropic/claude-opus-4.6", "anthropic-claude-opus-4.6"),
    ("nano_gpt", "x-ai/grok-code-fast-1", "x-ai-grok-code-fast-1"),  # seed config
    ("nano_gpt", "x-ai/grok-4.1-fast", "x-ai-grok-4.1-fast"),  # seed config
    ("nano_gpt", "gpt-5.2", "gpt-5.2"),  # seed config
    ("nano_gpt", "gpt-5.1-codex-mini", "gpt-5.1-codex-mini"),  # seed config
    ("nano_gpt", "qwen/qwen3-max", "qwen-qwen3-max"),
    ("nano_gpt", "TEE/gpt-oss-120b", "TEE-gpt-oss-120b"),
    ("nano_gpt", "anthropic/claude-opus-4.6:thinking", "anthropic-claude-opus-4.6:thinking"),
    ("nano_gpt", "lzlv_70b", "lzlv-70b"),
    # Vercel: vc- + id with / and : as -, no cleanup, case kept
    ("vercel", "meituan/longcat-flash-chat", "vc-meituan-longcat-flash-chat"),  # seed config
    ("vercel", "zai/glm-5", "vc-zai-glm-5"),
    ("vercel", "alibaba/qwen3.7-max", "vc-alibaba-qwen3.7-max"),
    ("vercel", "anthropic/claude-opus-4.6", "vc-anthropic-claude-opus-4.6"),
    ("vercel", "meta/llama-3.3-70b", "vc-meta-llama-3.3-70b"),
    ("vercel", "mistral/devstral-2", "vc-mistral-devstral-2"),
    # Poe: the id lower-cased, / and : as -, no prefix
    ("poe", "claude-haiku-4.5", "claude-haiku-4.5"),
    ("poe", "gpt-5.1-codex", "gpt-5.1-codex"),  # seed config
    ("poe", "gemini-3-pro", "gemini-3-pro"),  # seed config
    ("poe", "glm-5", "glm-5"),
    ("poe", "qwen3.7-max", "qwen3.7-max"),  # the seed HEAD example
    ("poe", "Claude-Sonnet-4.5", "claude-sonnet-4.5"),  # older catalogs used display case
    ("poe", "GPT-5.2", "gpt-5.2"),
    # Nvidia: nim- + id with / and : as -, lower-cased
    ("nvidia", "z-ai/glm5", "nim-z-ai-glm5"),
    ("nvidia", "nvidia/nvidia-nemotron-nano-9b-v2", "nim-nvidia-nvidia-nemotron-nano-9b-v2"),
    ("nvidia", "qwen/qwen3-next-80b-a3b-instruct", "nim-qwen-qwen3-next-80b-a3b-instruct"),
    ("nvidia", "meta/llama-3.3-70b-instruct", "nim-meta-llama-3.3-70b-instruct"),
    ("nvidia", "deepseek-ai/DeepSeek-R1", "nim-deepseek-ai-deepseek-r1"),
]


@pytest.mark.parametrize(("provider", "model_id", "expected"), NAMES, ids=[f"{p}:{m}" for p, m, _ in NAMES])
def test_generated_name(provider: str, model_id: str, expected: str) -> None:
    assert generate_model_name(model_id, BUILTIN.specs[provider].naming) == expected


def test_every_provider_has_name_cases() -> None:
    assert {p for p, _, _ in NAMES} == set(BUILTIN.specs)


@pytest.mark.parametrize("provider", sorted(BUILTIN.specs))
def test_names_never_contain_a_slash(provider: str) -> None:
    naming = BUILTIN.specs[provider].naming
    for _, model_id, _ in NAMES:
        assert "/" not in generate_model_name(model_id, naming)


def test_prefix_is_added_after_the_replacements() -> None:
    """A replacement rule never eats the prefix: 'or-' survives a rule that would match it."""
    naming = NamingSpec(prefix="or-", replace=(("/", "-"), ("or-", "")))
    assert generate_model_name("x/model", naming) == "or-x-model"
    lowered = replace(naming, prefix="NIM-", lowercase=True)
    assert generate_model_name("A/B", lowered) == "NIM-a-b"


def test_root_providers_file_matches_the_builtin_one() -> None:
    """The repository's example providers.yaml is the built-in one with two providers off."""
    root = load_registry(EXAMPLE_PROVIDERS, env={})
    builtin = load_registry(None, env={})
    assert list(root.specs) == list(builtin.specs)
    assert root.settings == builtin.settings
    disabled = sorted(n for n, s in root.specs.items() if not s.enabled)
    assert disabled == ["nano_gpt"]
    assert all(s.enabled for s in builtin.specs.values())
    for name, spec in root.specs.items():
        assert replace(spec, enabled=True) == builtin.specs[name], name


def test_root_providers_file_text_differs_only_in_enabled_lines() -> None:
    root = (EXAMPLE_PROVIDERS).read_text(encoding="utf-8").splitlines()
    builtin = (REPO / "modelctl" / "data" / "providers.yaml").read_text(encoding="utf-8").splitlines()
    diff = [line for line in difflib.ndiff(builtin, root) if line[:2] in ("- ", "+ ")]
    removed = [line[2:].strip() for line in diff if line.startswith("- ")]
    added = [line[2:].strip() for line in diff if line.startswith("+ ")]
    # the built-in file's first line points editors at the schema modelctl init copies next to it
    assert [line for line in removed if not line.startswith("#")] == ["enabled: true"]
    assert [line for line in added if not line.startswith("#")] == ["enabled: false"]
