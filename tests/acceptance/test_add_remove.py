"""Issue 4 through the CLI: --add-model / --model-name / --remove-model, groups, free twins,
embeddings, limits and opt-in sorting, each plan applied with ``modelctl apply``.

Every plan here is made from snapshot folders of the real payloads (``--catalog-dir``) with a
providers.yaml that enables all seven providers, then applied; each application checks the
patch invariant and that only the touched entries' lines changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import jsonpatch
import pytest
import yaml

from modelctl.plan import Plan, read_plan

from helpers import CliResult, run_cli
from provider_catalogs import (
    all_enabled_providers_file,
    assert_only_touched_entries_changed,
    config_text,
    entry,
    real_snapshot_dir,
)

IN, OUT = "input_cost_per_token", "output_cost_per_token"
CACHE_READ = "cache_read_input_token_cost"


class Upstream(TypedDict):
    api_base: str
    api_key: str


REQUESTY = Upstream(api_base="https://router.requesty.ai/v1", api_key="os.environ/REQUESTY_API_KEY")
POE = Upstream(api_base="https://api.poe.com/v1", api_key="os.environ/POE_API_KEY")
NANO = Upstream(api_base="os.environ/NANOGPT_API_BASE", api_key="os.environ/NANOGPT_API_KEY")

# In-sync entries (prices equal to the real payloads), used to build small configs.
GLM5_OR = entry(
    "openrouter/z-ai/glm-5",
    "zai-glm-5",
    input_cost_per_token=6e-07,
    output_cost_per_token=1.92e-06,
    cache_read_input_token_cost=1.2e-07,
)
OPUS_ANTHROPIC = entry(
    "anthropic/claude-opus-4-5-20251101", "claude-opus-4.5", api_key="os.environ/ANTHROPIC_API_KEY"
)
GPT4O = entry("openai/gpt-4o", "gpt-4o", api_key="os.environ/OPENAI_API_KEY")
OPUS5_OR = entry(
    "openrouter/anthropic/claude-opus-5",
    "claude-opus-5",
    input_cost_per_token=5e-06,
    output_cost_per_token=2.5e-05,
    cache_read_input_token_cost=5e-07,
    cache_creation_input_token_cost=6.25e-06,
)
QWEN_REQUESTY = entry(
    "openai/alibaba/qwen3.7-max",
    "qwen3.7-max",
    **REQUESTY,
    input_cost_per_token=2.5e-06,
    output_cost_per_token=7.5e-06,
    cache_read_input_token_cost=2.5e-07,
    cache_creation_input_token_cost=3.125e-06,
)


@dataclass
class World:
    root: Path
    catalogs: Path
    providers: Path
    capsys: pytest.CaptureFixture[str]

    def write_config(
        self, entries: list[dict[str, Any]], settings: dict[str, Any] | None = None, name: str = "config.yaml"
    ) -> Path:
        path = self.root / name
        path.write_text(config_text(entries, settings), encoding="utf-8")
        return path

    def plan(self, config: Path, *args: str, out: str = "plan.json") -> tuple[CliResult, Plan | None]:
        target = self.root / out
        target.unlink(missing_ok=True)
        result = run_cli(
            self.capsys,
            "plan",
            "-c",
            config,
            "--providers",
            self.providers,
            "--catalog-dir",
            self.catalogs,
            "-o",
            target,
            *args,
        )
        return result, (read_plan(target) if target.exists() else None)

    def plan_ok(self, config: Path, *args: str) -> Plan:
        result, plan = self.plan(config, *args)
        assert result.code == 0, result.err
        assert plan is not None
        return plan

    def apply(self, config: Path, plan: Plan, out: str = "plan.json") -> dict[str, Any]:
        """``modelctl apply``; checks the invariant and the untouched bytes; returns the data."""
        before = config.read_text(encoding="utf-8")
        result = run_cli(self.capsys, "apply", self.root / out, "-c", config)
        assert result.code == 0, result.err
        after = config.read_text(encoding="utf-8")
        expected = jsonpatch.apply_patch(yaml.safe_load(before), plan.patch)
        written: dict[str, Any] = yaml.safe_load(after)
        assert written == expected
        assert_only_touched_entries_changed(before, after, plan)
        return written


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> World:
    monkeypatch.chdir(tmp_path)  # no ./providers.yaml or .env of the repository is picked up
    return World(
        tmp_path,
        real_snapshot_dir(tmp_path / "catalogs"),
        all_enabled_providers_file(tmp_path / "providers.yaml"),
        capsys,
    )


def _adds(plan: Plan) -> list[tuple[str, str | None, str]]:
    return [(c.provider, c.model_name, c.model) for c in plan.changes if c.action == "add"]


def _models(data: dict[str, Any]) -> list[str]:
    return [e["litellm_params"]["model"] for e in data["model_list"]]


# -- selecting the provider ----------------------------------------------------------------------


@pytest.mark.parametrize("providers", [(), ("openrouter", "nvidia")], ids=["all", "two"])
def test_bare_id_needs_exactly_one_provider(world: World, providers: tuple[str, ...]) -> None:
    config = world.write_config([GPT4O])
    flags = [arg for p in providers for arg in ("-p", p)]
    result, plan = world.plan(config, *flags, "--add-model", "z-ai/glm-5")
    assert result.code == 1 and plan is None
    assert "--add-model z-ai/glm-5: say which provider, as provider:id" in result.err


def test_bare_id_with_one_provider(world: World) -> None:
    config = world.write_config([GPT4O])
    plan = world.plan_ok(config, "-p", "openrouter", "--add-model", "z-ai/glm-5")
    assert _adds(plan) == [("openrouter", "or-z-ai-glm-5", "openrouter/z-ai/glm-5")]
    world.apply(config, plan)


def test_provider_prefixed_ids_with_several_providers(world: World) -> None:
    config = world.write_config([GPT4O])
    plan = world.plan_ok(
        config,
        "-p",
        "openrouter",
        "-p",
        "nvidia",
        "--add-model",
        "openrouter:z-ai/glm-5",
        "--add-model",
        "nvidia:z-ai/glm5",
    )
    assert _adds(plan) == [
        ("openrouter", "or-z-ai-glm-5", "openrouter/z-ai/glm-5"),
        ("nvidia", "nim-z-ai-glm5", "nvidia_nim/z-ai/glm5"),
    ]
    world.apply(config, plan)


def test_provider_that_is_not_selected(world: World) -> None:
    config = world.write_config([GPT4O])
    result, plan = world.plan(config, "-p", "openrouter", "--add-model", "nvidia:z-ai/glm5")
    assert result.code == 1 and plan is None
    assert "provider 'nvidia' is not selected" in result.err


def test_add_model_splits_on_spaces(world: World) -> None:
    config = world.write_config([GPT4O])
    plan = world.plan_ok(
        config, "--add-model", "openrouter:z-ai/glm-5 nvidia:z-ai/glm5", "--add-model", "poe:glm-5"
    )
    assert [m for _, _, m in _adds(plan)] == ["openrouter/z-ai/glm-5", "nvidia_nim/z-ai/glm5", "openai/glm-5"]
    world.apply(config, plan)


# -- --model-name ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--add-model", "openrouter:z-ai/glm-5", "--add-model", "nvidia:z-ai/glm5"),
        ("--add-model", "openrouter:z-ai/glm-5 nvidia:z-ai/glm5"),
        (),
    ],
    ids=["two-options", "two-in-one-option", "no-id"],
)
def test_model_name_needs_exactly_one_id(world: World, args: tuple[str, ...]) -> None:
    config = world.write_config([GPT4O])
    result, plan = world.plan(config, *args, "--model-name", "zai-glm-5")
    assert result.code == 1 and plan is None
    assert "--model-name needs exactly one --add-model id" in result.err


def test_model_name_joins_another_providers_group(world: World) -> None:
    config = world.write_config([GLM5_OR, OPUS_ANTHROPIC, GPT4O])
    plan = world.plan_ok(config, "--add-model", "nvidia:z-ai/glm5", "--model-name", "zai-glm-5")
    assert _adds(plan) == [("nvidia", "zai-glm-5", "nvidia_nim/z-ai/glm5")]
    data = world.apply(config, plan)
    assert _models(data) == [
        "openrouter/z-ai/glm-5",
        "nvidia_nim/z-ai/glm5",
        "anthropic/claude-opus-4-5-20251101",
        "openai/gpt-4o",
    ]
    assert data["model_list"][1]["model_name"] == "zai-glm-5"


def test_same_provider_name_joins_the_group_without_a_suffix(world: World) -> None:
    config = world.write_config([GLM5_OR, GPT4O])
    plan = world.plan_ok(config, "--add-model", "openrouter:z-ai/glm-5.1", "--model-name", "zai-glm-5")
    assert _adds(plan) == [("openrouter", "zai-glm-5", "openrouter/z-ai/glm-5.1")]
    data = world.apply(config, plan)
    assert _models(data) == ["openrouter/z-ai/glm-5", "openrouter/z-ai/glm-5.1", "openai/gpt-4o"]


def test_generated_name_of_the_same_provider_is_reused(world: World) -> None:
    taken = entry(
        "openrouter/qwen/qwen3-coder-plus",
        "or-qwen3-coder",
        input_cost_per_token=6.5e-07,
        output_cost_per_token=3.25e-06,
        cache_read_input_token_cost=1.3e-07,
        cache_creation_input_token_cost=8.125e-07,
    )
    config = world.write_config([GPT4O, taken])
    plan = world.plan_ok(config, "-p", "openrouter", "--add-model", "qwen/qwen3-coder")
    assert _adds(plan) == [("openrouter", "or-qwen3-coder", "openrouter/qwen/qwen3-coder")]
    assert [c.action for c in plan.changes] == ["add"]
    data = world.apply(config, plan)
    assert [e["model_name"] for e in data["model_list"]] == ["gpt-4o", "or-qwen3-coder", "or-qwen3-coder"]


def test_custom_name_on_a_new_group_is_appended(world: World) -> None:
    config = world.write_config([GLM5_OR, GPT4O])
    plan = world.plan_ok(config, "--add-model", "poe:glm-5", "--model-name", "glm-5-poe")
    data = world.apply(config, plan)
    assert data["model_list"][-1] == entry(
        "openai/glm-5",
        "glm-5-poe",
        **POE,
        input_cost_per_token=1.0101e-06,
        output_cost_per_token=3.2323e-06,
        cache_read_input_token_cost=2.02e-07,
    )


# -- ids that cannot be added --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "closest"),
    [
        ("openrouter:z-ai/glm-5.5", "did you mean: z-ai/glm-5.2, z-ai/glm-5.1, z-ai/glm-4.5"),
        ("openrouter:qwen3-coder", "did you mean: qwen/qwen3-coder, qwen/qwen3-coder-plus"),
        ("poe:glm5", "did you mean: glm-5, glm-5.2, glm-5.1"),
        ("nvidia:z-ai/glm-5", "did you mean: z-ai/glm5"),
        ("requesty:qwen3.7-max", "did you mean: alibaba/qwen3.7-max"),
    ],
)
def test_unknown_id_names_the_closest_ids(world: World, ref: str, closest: str) -> None:
    config = world.write_config([GPT4O])
    result, plan = world.plan(config, "--add-model", ref)
    assert result.code == 1 and plan is None
    assert f"'{ref.split(':', 1)[1]}' is not in the catalog" in result.err
    assert closest in result.err


def test_duplicate_is_noted_and_skipped(world: World) -> None:
    config = world.write_config([GLM5_OR, QWEN_REQUESTY])
    plan = world.plan_ok(config, "--add-model", "openrouter:z-ai/glm-5 requesty:alibaba/qwen3.7-max")
    assert plan.changes == [] and plan.patch == []
    assert plan.notes == [
        "openrouter: 'z-ai/glm-5' is already in the config; not added again",
        "requesty: 'alibaba/qwen3.7-max' is already in the config; not added again",
    ]


def test_duplicate_within_one_request(world: World) -> None:
    config = world.write_config([GPT4O])
    plan = world.plan_ok(config, "--add-model", "nvidia:z-ai/glm5 nvidia:z-ai/glm5")
    assert _adds(plan) == [("nvidia", "nim-z-ai-glm5", "nvidia_nim/z-ai/glm5")]
    assert plan.notes == ["nvidia: 'z-ai/glm5' is already in the config; not added again"]
    world.apply(config, plan)


def test_same_id_under_another_api_base_is_not_a_duplicate(world: World) -> None:
    """The seed's HEAD Kilo entry serves ``openai/alibaba/qwen3.7-max`` from another base."""
    kilo = entry(
        "openai/qwen/qwen3.7-max",
        "qwen3.7-max",
        api_base="https://api.kilo.ai/api/gateway",
        api_key="os.environ/KILO_API_KEY",
    )
    same_id = entry(
        "openai/alibaba/qwen3.7-max", "qwen3.7-max-elsewhere", api_base="https://api.example.com/v1"
    )
    config = world.write_config([kilo, same_id, GPT4O])
    plan = world.plan_ok(config, "--add-model", "requesty:alibaba/qwen3.7-max")
    assert _adds(plan) == [("requesty", "qwen3.7-max", "openai/alibaba/qwen3.7-max")]
    assert plan.changes[0].api_base == REQUESTY["api_base"]
    data = world.apply(config, plan)
    assert data["model_list"][1] == QWEN_REQUESTY | {
        "model_info": {"max_input_tokens": 1048576, "max_output_tokens": 65536}
    }


# -- OpenRouter free twins -----------------------------------------------------------------------


def test_free_twin_is_added_under_the_same_name(world: World) -> None:
    config = world.write_config([GPT4O])
    plan = world.plan_ok(config, "-p", "openrouter", "--add-model", "openai/gpt-oss-20b")
    assert _adds(plan) == [
        ("openrouter", "or-openai-gpt-oss-20b", "openrouter/openai/gpt-oss-20b"),
        ("openrouter", "or-openai-gpt-oss-20b", "openrouter/openai/gpt-oss-20b:free"),
    ]
    assert "free twin of 'openai/gpt-oss-20b'" in plan.changes[1].reason
    data = world.apply(config, plan)
    twin = data["model_list"][2]
    assert twin["litellm_params"] == {"model": "openrouter/openai/gpt-oss-20b:free", IN: 1e-09, OUT: 1e-09}
    assert data["model_list"][1]["litellm_params"][IN] == 3e-08


def test_free_twin_already_present_is_not_added_again(world: World) -> None:
    twin = entry(
        "openrouter/openai/gpt-oss-20b:free",
        "gpt-oss-20b",
        input_cost_per_token=1e-09,
        output_cost_per_token=1e-09,
    )
    config = world.write_config([twin, GPT4O])
    plan = world.plan_ok(
        config, "--add-model", "openrouter:openai/gpt-oss-20b", "--model-name", "gpt-oss-20b"
    )
    assert _adds(plan) == [("openrouter", "gpt-oss-20b", "openrouter/openai/gpt-oss-20b")]
    assert plan.notes == ["openrouter: 'openai/gpt-oss-20b:free' is already in the config; not added again"]
    data = world.apply(config, plan)
    assert _models(data) == [
        "openrouter/openai/gpt-oss-20b:free",
        "openrouter/openai/gpt-oss-20b",
        "openai/gpt-4o",
    ]


def test_free_twin_of_an_id_already_present_is_not_added(world: World) -> None:
    """The paid id keeps its own group; its twin must not start one under a generated name."""
    paid = entry(
        "openrouter/openai/gpt-oss-20b",
        "gpt-oss-20b",
        input_cost_per_token=3e-08,
        output_cost_per_token=1.3e-07,
        cache_read_input_token_cost=3e-08,
    )
    config = world.write_config([paid])
    plan = world.plan_ok(config, "-p", "openrouter", "--add-model", "openai/gpt-oss-20b")
    assert plan.changes == [] and plan.patch == []
    assert plan.notes == ["openrouter: 'openai/gpt-oss-20b' is already in the config; not added again"]


def test_free_id_added_directly_has_no_twin(world: World) -> None:
    config = world.write_config([GPT4O])
    plan = world.plan_ok(config, "--add-model", "openrouter:openai/gpt-oss-20b:free")
    assert _adds(plan) == [("openrouter", "or-openai-gpt-oss-20b-free", "openrouter/openai/gpt-oss-20b:free")]


# -- embeddings and limits -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "name", "expected"),
    [
        (
            "openrouter:voyageai/voyage-code-4",
            "or-voyageai-voyage-code-4",
            {
                "litellm_params": {"model": "openrouter/voyageai/voyage-code-4", IN: 1.2e-07, OUT: 1e-09},
                "model_info": {"mode": "embedding", "max_input_tokens": 32000},
            },
        ),
        (
            "vercel:openai/text-embedding-3-small",
            "vc-openai-text-embedding-3-small",
            {
                "litellm_params": {"model": "vercel_ai_gateway/openai/text-embedding-3-small", IN: 2e-08},
                "model_info": {"mode": "embedding"},
            },
        ),
        (
            "nvidia:baai/bge-m3",
            "nim-baai-bge-m3",
            {
                "litellm_params": {"model": "nvidia_nim/baai/bge-m3", IN: 1e-09, OUT: 1e-09},
                "model_info": {"mode": "embedding"},
            },
        ),
    ],
    ids=["openrouter", "vercel", "nvidia"],
)
def test_embeddings_get_mode_embedding(world: World, ref: str, name: str, expected: dict[str, Any]) -> None:
    config = world.write_config([GPT4O])
    plan = world.plan_ok(config, "--add-model", ref)
    data = world.apply(config, plan)
    assert data["model_list"][-1] == {"model_name": name, **expected}


@pytest.mark.parametrize(
    ("ref", "info"),
    [
        ("openrouter:anthropic/claude-opus-5", {"max_input_tokens": 1000000, "max_output_tokens": 128000}),
        ("requesty:google/gemma-4-31b-it", {"max_input_tokens": 262144, "max_output_tokens": 8192}),
        ("novita:meta-llama/llama-3.1-405b-instruct", {"max_input_tokens": 32768}),
        ("nano_gpt:zai-org/glm-5", {"max_input_tokens": 200000, "max_output_tokens": 128000}),
        ("vercel:alibaba/qwen-3-14b", {"max_input_tokens": 40960, "max_output_tokens": 16384}),
        ("poe:grok-4.6", {"max_input_tokens": 500000}),
        ("nvidia:z-ai/glm5", None),
    ],
)
def test_new_entries_get_token_limits(world: World, ref: str, info: dict[str, int] | None) -> None:
    config = world.write_config([GPT4O])
    plan = world.plan_ok(config, "--add-model", ref)
    added = world.apply(config, plan)["model_list"][-1]
    assert added.get("model_info") == info
    assert {k: v["after"] for k, v in plan.changes[0].fields.items() if k.startswith("model_info.")} == {
        f"model_info.{k}": v for k, v in (info or {}).items()
    }


def test_existing_limits_are_kept_in_sync(world: World) -> None:
    stale = OPUS5_OR | {"model_info": {"max_input_tokens": 200000, "max_output_tokens": 128000}}
    no_info = entry(
        "openai/glm-5",
        "glm-5",
        **POE,
        input_cost_per_token=1.0101e-06,
        output_cost_per_token=3.2323e-06,
        cache_read_input_token_cost=2.02e-07,
    )
    config = world.write_config([stale, no_info])
    plan = world.plan_ok(config, "-p", "openrouter", "-p", "poe")
    assert [(c.action, c.model, c.fields) for c in plan.changes] == [
        (
            "update",
            "openrouter/anthropic/claude-opus-5",
            {"max_input_tokens": {"before": 200000, "after": 1000000}},
        )
    ]
    data = world.apply(config, plan)
    assert data["model_list"][0]["model_info"] == {"max_input_tokens": 1000000, "max_output_tokens": 128000}
    assert "model_info" not in data["model_list"][1]  # limits are only kept, never invented


def test_every_provider_adds_its_entry_shape(world: World) -> None:
    config = world.write_config([GPT4O])
    plan = world.plan_ok(
        config,
        "--add-model",
        "openrouter:z-ai/glm-5 requesty:alibaba/qwen3.7-max novita:lzlv_70b "
        "nano_gpt:zai-org/glm-5 vercel:zai/glm-5 poe:glm-5 nvidia:z-ai/glm5",
    )
    data = world.apply(config, plan)
    params = {e["model_name"]: e["litellm_params"] for e in data["model_list"][1:]}
    assert {
        n: {k: v for k, v in p.items() if not k.endswith(("_cost", "_per_token"))} for n, p in params.items()
    } == {
        "or-z-ai-glm-5": {"model": "openrouter/z-ai/glm-5"},
        "qwen3.7-max": {"model": "openai/alibaba/qwen3.7-max", **REQUESTY},
        "nv-lzlv_70b": {"model": "novita/lzlv_70b"},
        "zai-org-glm-5": {"model": "openai/zai-org/glm-5", **NANO},
        "vc-zai-glm-5": {"model": "vercel_ai_gateway/zai/glm-5"},
        "glm-5": {"model": "openai/glm-5", **POE},
        "nim-z-ai-glm5": {"model": "nvidia_nim/z-ai/glm5"},
    }
    assert params["zai-org-glm-5"][OUT] == 2.55e-06  # no float noise from the per-million price
    assert params["nv-lzlv_70b"] == {"model": "novita/lzlv_70b", IN: 5.8e-07, OUT: 7.8e-07}


def test_unpriced_model_is_added_with_a_note(world: World) -> None:
    config = world.write_config([GPT4O])
    plan = world.plan_ok(config, "--add-model", "poe:assistant")
    assert plan.notes == [
        "poe: 'assistant' has no known price in the catalog; set its costs by hand after apply"
    ]
    data = world.apply(config, plan)
    assert data["model_list"][-1]["litellm_params"] == {"model": "openai/assistant", **POE}


# -- --remove-model ------------------------------------------------------------------------------


def test_remove_model_on_purpose(world: World) -> None:
    config = world.write_config([OPUS5_OR, GLM5_OR, GPT4O])
    plan = world.plan_ok(config, "--remove-model", "openrouter:anthropic/claude-opus-5")
    assert [(c.action, c.model, c.reason) for c in plan.changes] == [
        ("remove", "openrouter/anthropic/claude-opus-5", "removed on request (--remove-model)")
    ]
    data = world.apply(config, plan)
    assert _models(data) == ["openrouter/z-ai/glm-5", "openai/gpt-4o"]


def test_remove_model_of_an_entry_with_a_stale_price(world: World) -> None:
    """The removal replaces the update the catalog would ask for; the plan still applies."""
    stale = OPUS5_OR | {"litellm_params": OPUS5_OR["litellm_params"] | {IN: 4e-06}}
    config = world.write_config([stale, GLM5_OR])
    plan = world.plan_ok(config, "-p", "openrouter", "--remove-model", "anthropic/claude-opus-5")
    assert [(c.action, c.model) for c in plan.changes] == [("remove", "openrouter/anthropic/claude-opus-5")]
    assert _models(world.apply(config, plan)) == ["openrouter/z-ai/glm-5"]


def test_remove_model_with_api_base_providers(world: World) -> None:
    poe = entry(
        "openai/glm-5",
        "glm-5",
        **POE,
        input_cost_per_token=1.0101e-06,
        output_cost_per_token=3.2323e-06,
        cache_read_input_token_cost=2.02e-07,
    )
    config = world.write_config([QWEN_REQUESTY, poe, GPT4O])
    plan = world.plan_ok(config, "--remove-model", "poe:glm-5 requesty:alibaba/qwen3.7-max")
    assert sorted((c.action, c.provider, c.api_base) for c in plan.changes) == [
        ("remove", "poe", POE["api_base"]),
        ("remove", "requesty", REQUESTY["api_base"]),
    ]
    assert _models(world.apply(config, plan)) == ["openai/gpt-4o"]


def test_remove_model_that_is_not_in_the_config(world: World) -> None:
    config = world.write_config([GLM5_OR])
    result, plan = world.plan(config, "--remove-model", "poe:glm-5")
    assert result.code == 1 and plan is None
    assert "--remove-model poe:glm-5: no entry of poe has that id" in result.err


def test_add_and_remove_in_one_plan(world: World) -> None:
    config = world.write_config([OPUS5_OR, GLM5_OR, GPT4O])
    plan = world.plan_ok(
        config,
        "--remove-model",
        "openrouter:anthropic/claude-opus-5",
        "--add-model",
        "nvidia:z-ai/glm5",
        "--model-name",
        "zai-glm-5",
    )
    assert [c.action for c in plan.changes] == ["remove", "add"]
    assert _models(world.apply(config, plan)) == [
        "openrouter/z-ai/glm-5",
        "nvidia_nim/z-ai/glm5",
        "openai/gpt-4o",
    ]


# -- sorting -------------------------------------------------------------------------------------

UNSORTED = [
    entry("openai/gpt-4o", "Zeta", api_key="os.environ/OPENAI_API_KEY"),
    QWEN_REQUESTY,  # "qwen3.7-max"
    entry(
        "openai/gpt-5.2",
        "gpt-5.2",
        **POE,
        input_cost_per_token=1.5909e-06,
        output_cost_per_token=1.27273e-05,
        cache_read_input_token_cost=1.591e-07,
    ),
    entry(
        "openai/zai-org/glm-5",
        "zai-glm-5",
        **NANO,
        input_cost_per_token=3e-07,
        output_cost_per_token=2.55e-06,
    ),
    GLM5_OR,  # "zai-glm-5"
    entry("anthropic/claude-opus-4-5-20251101", "alpha", api_key="os.environ/ANTHROPIC_API_KEY"),
    entry(
        "openrouter/z-ai/glm-4.5-air",
        "Beta",
        input_cost_per_token=1.3e-07,
        output_cost_per_token=8.5e-07,
        cache_read_input_token_cost=2.5e-08,
    ),
    entry("openai/gpt-5.2", "gpt-5.2", api_key="os.environ/OPENAI_API_KEY"),  # same sort key
    entry("openai/gpt-4.1", "gpt-5.2", api_key="os.environ/OPENAI_API_KEY"),
]


def _sort_key(e: dict[str, Any]) -> tuple[str, str]:
    return ((e.get("model_name") or "unnamed").lower(), e["litellm_params"]["model"].lower())


def _sorted_by_rule(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(entries, key=_sort_key)  # Python's sort is stable


def _checked_sorted(world: World, config: Path, plan: Plan) -> dict[str, Any]:
    before = yaml.safe_load(config.read_text())
    first_move = next(i for i, op in enumerate(plan.patch) if op["op"] == "move")
    assert all(op["op"] in ("test", "move") for op in plan.patch[first_move - 1 :])  # moves come last
    unsorted = jsonpatch.apply_patch(before, plan.patch[: first_move - 1])  # without the move guard
    data = world.apply(config, plan)
    assert data["model_list"] == _sorted_by_rule(unsorted["model_list"])
    return data


def test_no_sorting_by_default(world: World) -> None:
    config = world.write_config(UNSORTED)
    plan = world.plan_ok(config, "-p", "requesty", "-p", "poe", "-p", "nano_gpt")
    assert plan.changes == [] and plan.patch == []


@pytest.mark.parametrize(
    ("settings", "flag"), [({"sort": True}, None), (None, "--sort")], ids=["config-setting", "flag"]
)
def test_sorting_shows_moves_and_is_stable(
    world: World, settings: dict[str, Any] | None, flag: str | None
) -> None:
    config = world.write_config(UNSORTED, settings)
    plan = world.plan_ok(
        config, *([flag] if flag else []), "-p", "openrouter", "-p", "requesty", "-p", "poe", "-p", "nano_gpt"
    )
    moves = [c for c in plan.changes if c.action == "move"]
    assert moves and len(moves) == plan.summary["move"] == sum(op["op"] == "move" for op in plan.patch)
    assert plan.summary["add"] == plan.summary["update"] == plan.summary["remove"] == 0
    for op_index, op in enumerate(plan.patch):
        if op["op"] == "move":
            guard = plan.patch[op_index - 1]
            assert guard["op"] == "test" and guard["path"] == op["from"] + "/litellm_params/model"
    data = _checked_sorted(world, config, plan)
    assert [(e["model_name"], e["litellm_params"]["model"]) for e in data["model_list"]] == [
        ("alpha", "anthropic/claude-opus-4-5-20251101"),
        ("Beta", "openrouter/z-ai/glm-4.5-air"),
        ("gpt-5.2", "openai/gpt-4.1"),
        ("gpt-5.2", "openai/gpt-5.2"),
        ("gpt-5.2", "openai/gpt-5.2"),
        ("qwen3.7-max", "openai/alibaba/qwen3.7-max"),
        ("zai-glm-5", "openai/zai-org/glm-5"),
        ("zai-glm-5", "openrouter/z-ai/glm-5"),
        ("Zeta", "openai/gpt-4o"),
    ]
    # stable: the two entries with the same key keep their order (Poe's came first)
    assert [e["litellm_params"].get("api_base") for e in data["model_list"][3:5]] == [POE["api_base"], None]
    # moves name the provider that owns the entry, api_base included
    owners = {(c.model, c.api_base): c.provider for c in moves}
    for (model, api_base), provider in owners.items():
        expected = {
            REQUESTY["api_base"]: "requesty",
            POE["api_base"]: "poe",
            NANO["api_base"]: "nano_gpt",
        }.get(api_base or "", "openrouter" if model.startswith("openrouter/") else "-")
        assert provider == expected, (model, api_base)
    again = world.plan_ok(
        config, *([flag] if flag else []), "-p", "openrouter", "-p", "requesty", "-p", "poe", "-p", "nano_gpt"
    )
    assert again.changes == [] and again.patch == []  # no churn


def test_no_sort_flag_overrides_the_config(world: World) -> None:
    config = world.write_config(UNSORTED, {"sort": True})
    plan = world.plan_ok(config, "--no-sort", "-p", "openrouter")
    assert plan.changes == []


def test_sorting_with_adds_updates_and_removals(world: World) -> None:
    stale = entry(
        "openrouter/anthropic/claude-opus-5",
        "claude-opus-5",
        input_cost_per_token=4e-06,
        output_cost_per_token=2.5e-05,
        cache_read_input_token_cost=5e-07,
        cache_creation_input_token_cost=6.25e-06,
    )
    retired = entry(
        "openrouter/mistralai/devstral-2512:free",
        "or-devstral-2512",
        input_cost_per_token=1e-09,
        output_cost_per_token=1e-09,
    )
    config = world.write_config([GPT4O, retired, stale, *UNSORTED[4:7]], {"sort": True})
    plan = world.plan_ok(
        config,
        "-p",
        "openrouter",
        "-p",
        "nvidia",
        "--add-model",
        "nvidia:z-ai/glm5",
        "--model-name",
        "zai-glm-5",
    )
    assert plan.summary == {"add": 1, "update": 1, "remove": 1, "move": plan.summary["move"]}
    assert plan.summary["move"] > 0
    data = _checked_sorted(world, config, plan)
    assert [(e["model_name"], e["litellm_params"]["model"]) for e in data["model_list"]] == [
        ("alpha", "anthropic/claude-opus-4-5-20251101"),
        ("Beta", "openrouter/z-ai/glm-4.5-air"),
        ("claude-opus-5", "openrouter/anthropic/claude-opus-5"),
        ("gpt-4o", "openai/gpt-4o"),
        ("zai-glm-5", "nvidia_nim/z-ai/glm5"),
        ("zai-glm-5", "openrouter/z-ai/glm-5"),
    ]
    again = world.plan_ok(config, "-p", "openrouter", "-p", "nvidia")
    assert again.changes == []


def test_sorting_an_already_sorted_list_is_a_no_op(world: World) -> None:
    config = world.write_config(_sorted_by_rule(UNSORTED), {"sort": True})
    plan = world.plan_ok(config, "-p", "openrouter", "-p", "poe")
    assert plan.changes == [] and plan.patch == []
