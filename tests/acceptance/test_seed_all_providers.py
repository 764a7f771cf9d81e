"""Issue 4: the real seed config (708a58f, 127 entries) planned against all seven providers.

The config is a copy in tests/fixtures/configs/seed-708a58f.yaml; catalogs are snapshot folders
of the real payloads (Requesty's and Nano-GPT's built from their real items). Every change must
be justified by a catalog, model_names never change, unmanaged entries (azure, anthropic,
gemini, …) and providers that are not selected keep their exact bytes.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonpatch
import pytest
import yaml

from modelctl.plan import Plan, read_plan
from modelctl.pricing import effective_cost
from modelctl.records import LIMIT_FIELDS, PRICE_FIELDS

from helpers import EXAMPLE_PROVIDERS, run_cli
from provider_catalogs import (
    ALL_PROVIDERS,
    REGISTRY,
    SEED_CONFIG_COPY,
    all_enabled_providers_file,
    real_catalog,
    real_snapshot_dir,
    split_entries,
)

REPO = Path(__file__).resolve().parents[2]

# measured on the real payloads; a change here means a fixture or a planner rule changed
EXPECTED_COUNTS = {
    ("openrouter", "remove"): 16,  # the two :exacto routing variants are kept (issue 11)
    ("openrouter", "update"): 37,
    ("requesty", "remove"): 7,
    ("nano_gpt", "remove"): 11,
    ("poe", "remove"): 4,
    ("poe", "update"): 4,
}


def _owner(entry: dict[str, Any]) -> tuple[str, str] | None:
    found = REGISTRY.owner(entry["litellm_params"])
    return None if found is None else (found[0].name, found[1])


def _key(entry: dict[str, Any]) -> tuple[str, Any]:
    return entry["litellm_params"]["model"], entry["litellm_params"].get("api_base")


@pytest.fixture
def seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "config.yaml"
    config.write_bytes(SEED_CONFIG_COPY.read_bytes())
    real_snapshot_dir(tmp_path / "catalogs")
    all_enabled_providers_file(tmp_path / "providers.yaml")
    return config


def _plan(
    capsys: pytest.CaptureFixture[str], config: Path, *args: str | Path
) -> tuple[int, str, Plan | None]:
    out = config.parent / "plan.json"
    out.unlink(missing_ok=True)
    result = run_cli(
        capsys, "plan", "-c", config, "--catalog-dir", config.parent / "catalogs", "-o", out, *args
    )
    return result.code, result.err, (read_plan(out) if out.exists() else None)


def _apply(capsys: pytest.CaptureFixture[str], config: Path, plan: Plan) -> tuple[str, str]:
    before = config.read_text(encoding="utf-8")
    result = run_cli(capsys, "apply", config.parent / "plan.json", "-c", config)
    assert result.code == 0, result.err
    after = config.read_text(encoding="utf-8")
    assert yaml.safe_load(after) == jsonpatch.apply_patch(yaml.safe_load(before), plan.patch)
    return before, after


def _assert_justified(plan: Plan) -> None:
    """Each removed id is absent from its catalog; each new value is the catalog's."""
    for change in plan.changes:
        assert change.action in ("update", "remove")
        spec = REGISTRY.specs[change.provider]
        owner = REGISTRY.owner({"model": change.model, "api_base": change.api_base})
        assert owner is not None and owner[0].name == change.provider
        model_id = owner[1]
        catalog = real_catalog(change.provider)
        assert catalog.records is not None
        match = catalog.lookup(model_id)  # exact, or the provider's own id rule (routing variant, case)
        if change.action == "remove":
            assert model_id not in catalog.records and match is None, change
            assert model_id not in spec.special_models
            continue
        assert match is not None
        record = match.record
        assert change.fields
        for name, values in change.fields.items():
            if name in PRICE_FIELDS:
                cost = effective_cost(record.price(name))
                assert cost is not None, (change.model, name)  # unknown prices are never written
                assert values["after"] == float(cost)
                assert Decimal(repr(values["after"])) == cost  # exact, no float noise
            else:
                assert name in LIMIT_FIELDS
                assert values["after"] == record.limits[name]


def _assert_names_and_bystanders(before: str, after: str, touched_providers: set[str]) -> None:
    """No model_name changes; entries of other providers and unmanaged ones keep their bytes."""
    old, new = yaml.safe_load(before)["model_list"], yaml.safe_load(after)["model_list"]
    survivors = iter(old)
    for entry in new:  # the new list is the old one minus removals, in the same order
        match = next(e for e in survivors if _key(e) == _key(entry))
        assert entry["model_name"] == match["model_name"]
    _, old_blocks = split_entries(before)
    _, new_blocks = split_entries(after)

    def bystanders(blocks: list[str]) -> Counter[str]:
        out: Counter[str] = Counter()
        for block in blocks:
            owner = _owner(yaml.safe_load(block)[0])
            if owner is None or owner[0] not in touched_providers:
                out[block] += 1
        return out

    assert bystanders(old_blocks) == bystanders(new_blocks)
    unmanaged = [e for e in old if _owner(e) is None]
    assert len(unmanaged) == 29
    assert [e for e in new if _owner(e) is None] == unmanaged
    assert before.split("model_list:")[0] == after.split("model_list:")[0]


def test_seed_config_copy_is_the_seed() -> None:
    data = yaml.safe_load(SEED_CONFIG_COPY.read_text(encoding="utf-8"))
    assert len(data["model_list"]) == 127
    owners = Counter(o[0] for o in map(_owner, data["model_list"]) if o is not None)
    assert owners == {"openrouter": 64, "nano_gpt": 11, "requesty": 8, "poe": 8, "nvidia": 6, "vercel": 1}


def test_mass_removal_guard_trips_without_the_flag(capsys: pytest.CaptureFixture[str], seed: Path) -> None:
    code, err, plan = _plan(capsys, seed, "--providers", seed.parent / "providers.yaml")
    assert code == 1 and plan is None
    assert "over the 50% limit); refusing" in err and "--allow-mass-removal" in err
    assert "requesty: the catalog would remove 7 of its 8 entries" in err


@pytest.mark.parametrize(
    ("provider", "trips"), [("requesty", True), ("nano_gpt", True), ("poe", False), ("openrouter", False)]
)
def test_mass_removal_guard_per_provider(
    capsys: pytest.CaptureFixture[str], seed: Path, provider: str, trips: bool
) -> None:
    """Requesty (7 of 8) and Nano-GPT (11 of 11) trip it; Poe's 4 of 8 is exactly 50%: allowed."""
    code, err, plan = _plan(capsys, seed, "--providers", seed.parent / "providers.yaml", "-p", provider)
    assert (code == 1) is trips, err
    assert (plan is None) is trips
    if trips:
        assert f"{provider}: the catalog would remove" in err


def test_seed_config_all_seven_providers(capsys: pytest.CaptureFixture[str], seed: Path) -> None:
    code, err, plan = _plan(
        capsys, seed, "--providers", seed.parent / "providers.yaml", "--allow-mass-removal"
    )
    assert code == 0, err
    assert plan is not None
    assert list(plan.providers) == list(ALL_PROVIDERS)  # all enabled, none passed with -p
    assert all(s.status == "ok" and s.source == "snapshot" for s in plan.providers.values())
    assert {n: s.entries for n, s in plan.providers.items()} == {
        "openrouter": 64,
        "requesty": 8,
        "novita": 0,
        "nano_gpt": 11,
        "vercel": 1,
        "poe": 8,
        "nvidia": 6,
    }
    assert Counter((c.provider, c.action) for c in plan.changes) == EXPECTED_COUNTS
    _assert_justified(plan)
    assert not any(op["path"].endswith("/model_name") and op["op"] != "test" for op in plan.patch)
    before, after = _apply(capsys, seed, plan)
    _assert_names_and_bystanders(before, after, set(ALL_PROVIDERS))
    data = yaml.safe_load(after)
    assert len(data["model_list"]) == 127 - 38
    models = {_key(e) for e in data["model_list"]}
    assert ("openai/smart-task", "https://router.requesty.ai/v1") in models  # special, kept
    # Vercel's only entry has `pricing: {}` in the catalog (unknown): kept, costs untouched
    longcat = next(
        e
        for e in data["model_list"]
        if e["litellm_params"]["model"] == "vercel_ai_gateway/meituan/longcat-flash-chat"
    )
    assert longcat["litellm_params"]["input_cost_per_token"] == 1e-09
    # the azure_ai entry's unquoted 3e-7 (a YAML 1.1 string) is still there, byte for byte
    assert "    output_cost_per_token: 3e-7\n" in after
    again = _plan(capsys, seed, "--providers", seed.parent / "providers.yaml")
    assert again[0] == 0 and again[2] is not None and again[2].changes == []


@pytest.mark.parametrize("provider", ALL_PROVIDERS)
def test_only_the_selected_provider_is_touched(
    capsys: pytest.CaptureFixture[str], seed: Path, provider: str
) -> None:
    code, err, plan = _plan(
        capsys, seed, "--providers", seed.parent / "providers.yaml", "-p", provider, "--allow-mass-removal"
    )
    assert code == 0, err
    assert plan is not None
    assert list(plan.providers) == [provider]
    assert {c.provider for c in plan.changes} <= {provider}
    assert Counter((c.provider, c.action) for c in plan.changes) == {
        k: v for k, v in EXPECTED_COUNTS.items() if k[0] == provider
    }
    _assert_justified(plan)
    before, after = _apply(capsys, seed, plan)
    _assert_names_and_bystanders(before, after, {provider})


def test_disabled_providers_are_left_alone(capsys: pytest.CaptureFixture[str], seed: Path) -> None:
    """The repository's example providers.yaml disables Nano-GPT (Requesty is planned against
    its full bundled catalog, as in examples/catalogs)."""
    shutil.copyfile(
        REPO / "examples" / "catalogs" / "requesty.json", seed.parent / "catalogs" / "requesty.json"
    )
    code, err, plan = _plan(capsys, seed, "--providers", EXAMPLE_PROVIDERS)
    assert code == 0, err
    assert plan is not None
    assert list(plan.providers) == ["openrouter", "requesty", "novita", "vercel", "poe", "nvidia"]
    assert {c.provider for c in plan.changes} == {"openrouter", "requesty", "poe"}
    assert Counter(c.action for c in plan.changes if c.provider == "requesty") == {"update": 6, "remove": 1}
    before, after = _apply(capsys, seed, plan)
    _assert_names_and_bystanders(before, after, {"openrouter", "requesty", "poe"})
    for provider in ("nano_gpt",):
        assert [e for e in yaml.safe_load(after)["model_list"] if (_owner(e) or ("",))[0] == provider] == [
            e for e in yaml.safe_load(before)["model_list"] if (_owner(e) or ("",))[0] == provider
        ]


def test_plan_file_round_trips(capsys: pytest.CaptureFixture[str], seed: Path) -> None:
    code, _err, plan = _plan(
        capsys,
        seed,
        "--providers",
        seed.parent / "providers.yaml",
        "--allow-mass-removal",
        "--format",
        "json",
    )
    assert code == 0 and plan is not None
    doc = json.loads((seed.parent / "plan.json").read_text(encoding="utf-8"))
    assert doc["summary"] == {"add": 0, "update": 41, "remove": 38, "move": 0}
