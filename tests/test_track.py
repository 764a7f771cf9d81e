"""Issue 16: track rules on the real OpenRouter, Nvidia and Requesty payloads.

Every expected set is computed here from the raw JSON with plain Python (not with
``modelctl.track``), then compared with what the planner proposes. Every plan is applied
(the patch invariant is checked) and planned again: the second plan proposes nothing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from modelctl.apply import render_applied
from modelctl.config import parse_config
from modelctl.errors import ProvidersFileError, UsageError
from modelctl.plan import Plan
from modelctl.planner import ModelRef, PlanRequest, build_plan
from modelctl.providers.registry import Registry, load_registry
from modelctl.track import parse_track

from helpers import SEED_CONFIG, assert_patch_invariant
from provider_catalogs import NOW, PROVIDER_FIXTURES, REGISTRY, catalog_of, real_catalog, real_items

REQUESTY_FULL = PROVIDER_FIXTURES / "requesty" / "models-full-2026-10-09.json"
SEED = SEED_CONFIG.read_bytes()


def requesty_catalog() -> Any:
    catalog = catalog_of("requesty", {"models": REQUESTY_FULL.read_bytes()})
    assert catalog.ok and catalog.records is not None and len(catalog.records) == 781
    return catalog


CATALOGS = {
    "openrouter": real_catalog("openrouter"),
    "nvidia": real_catalog("nvidia"),
    "requesty": requesty_catalog(),
}


def registry_with(provider: str, track: str, ignore: tuple[str, ...] = ()) -> Registry:
    spec = REGISTRY.specs[provider]
    rules = parse_track(yaml.safe_load(track), provider, f"providers.{provider}")
    specs = {**REGISTRY.specs, provider: replace(spec, track=rules, ignore=ignore)}
    return Registry(specs=specs, settings=REGISTRY.settings, path="test providers.yaml")


def plan(
    tmp_path: Path,
    registry: Registry,
    provider: str,
    raw: bytes = SEED,
    request: PlanRequest | None = None,
) -> tuple[Plan, bytes]:
    path = tmp_path / "config.yaml"
    path.write_bytes(raw)
    doc = parse_config(path, raw)
    result = build_plan(
        doc,
        registry,
        [registry.specs[provider]],
        CATALOGS,
        request or PlanRequest(track_only=True),
        now=NOW,
    )
    applied = assert_patch_invariant(result, raw, path)
    return result, applied


def added(result: Plan) -> list[str]:
    return [c.model for c in result.changes if c.action == "add"]


def config_ids(prefix: str, raw: bytes = SEED, api_base: str | None = None) -> set[str]:
    out = set()
    for e in yaml.safe_load(raw)["model_list"]:
        params = e["litellm_params"]
        if not params["model"].startswith(prefix):
            continue
        if api_base is not None and api_base not in str(params.get("api_base", "")):
            continue
        out.add(params["model"][len(prefix) :])
    return out


def assert_second_plan_empty(tmp_path: Path, registry: Registry, provider: str, applied: bytes) -> None:
    again, _ = plan(tmp_path, registry, provider, applied)
    assert again.patch == [] and added(again) == []


# -- expected sets from the raw JSON --------------------------------------------------------------

OR_ITEMS = real_items("openrouter")
OR_EMBEDDINGS = {i["id"] for i in real_items("openrouter", "embeddings")}
OR_IN_CONFIG = config_ids("openrouter/")


def or_new(keep: Any) -> list[str]:
    """OpenRouter ids (catalog order, first occurrence) the config lacks and ``keep`` accepts."""
    seen: list[str] = []
    for item in OR_ITEMS:
        if item["id"] not in OR_IN_CONFIG and item["id"] not in seen and keep(item):
            seen.append(item["id"])
    return seen


def is_chat(item: dict[str, Any]) -> bool:
    return item["id"] not in OR_EMBEDDINGS and not item["architecture"]["modality"].endswith("->embeddings")


def prefixed(ids: list[str], prefix: str = "openrouter/") -> list[str]:
    return [prefix + i for i in ids]


FREE_CHAT = """
- name: free-chat
  include: ["*:free"]
  exclude: ["*-preview*", "nvidia/*"]
  modes: [chat]
"""


# -- OpenRouter ----------------------------------------------------------------------------------


def test_include_exclude_globs_and_modes(tmp_path: Path) -> None:
    result, applied = plan(tmp_path, registry_with("openrouter", FREE_CHAT), "openrouter")
    expected = or_new(
        lambda i: (
            i["id"].endswith(":free")
            and "-preview" not in i["id"]
            and not i["id"].startswith("nvidia/")
            and is_chat(i)
        )
    )
    assert sorted(added(result)) == sorted(prefixed(expected))
    assert len(expected) == 10
    assert all(c.rule == "free-chat" for c in result.changes)
    assert all("track rule 'free-chat' (openrouter.track[0])" in c.reason for c in result.changes)
    assert {c.action for c in result.changes} == {"add"}  # --track-only: nothing else
    assert_second_plan_empty(tmp_path, registry_with("openrouter", FREE_CHAT), "openrouter", applied)


def test_modes_embedding_only(tmp_path: Path) -> None:
    registry = registry_with("openrouter", '- {include: ["*"], modes: [embedding]}')
    result, applied = plan(tmp_path, registry, "openrouter")
    expected = or_new(lambda i: not is_chat(i))
    assert expected and sorted(added(result)) == sorted(prefixed(expected))
    entries = [c for c in result.changes]
    assert all(c.fields["model_info.mode"]["after"] == "embedding" for c in entries)
    assert all(c.rule == "openrouter.track[0]" for c in entries)  # no name: the place is the label
    assert_second_plan_empty(tmp_path, registry, "openrouter", applied)


@pytest.mark.parametrize("ceiling", [0, 0.1, 0.5])
def test_max_input_per_m(tmp_path: Path, ceiling: float) -> None:
    registry = registry_with("openrouter", f'- {{include: ["qwen/*"], max_input_per_m: {ceiling}}}')
    result, applied = plan(tmp_path, registry, "openrouter")

    def cheap(item: dict[str, Any]) -> bool:
        prompt = item["pricing"].get("prompt")
        if prompt is None or Decimal(prompt) < 0:
            return False
        return item["id"].startswith("qwen/") and Decimal(prompt) * 1_000_000 <= Decimal(str(ceiling))

    expected = or_new(cheap)
    assert sorted(added(result)) == sorted(prefixed(expected))
    if ceiling == 0:  # only models whose input costs nothing: written as LiteLLM's free 1e-9
        assert expected and all(c.fields["input_cost_per_token"]["after"] == 1e-09 for c in result.changes)
    assert_second_plan_empty(tmp_path, registry, "openrouter", applied)


def test_max_input_per_m_counts_more_models_when_higher(tmp_path: Path) -> None:
    rules = [f"- {{max_input_per_m: {c}}}" for c in (0, 0.1, 1)]
    counts = [len(added(plan(tmp_path, registry_with("openrouter", r), "openrouter")[0])) for r in rules]
    assert counts[0] < counts[1] < counts[2]


def test_min_context(tmp_path: Path) -> None:
    registry = registry_with("openrouter", '- {include: ["google/*"], min_context: 1000000}')
    result, applied = plan(tmp_path, registry, "openrouter")
    expected = or_new(lambda i: i["id"].startswith("google/") and (i.get("context_length") or 0) >= 1_000_000)
    assert expected and sorted(added(result)) == sorted(prefixed(expected))
    assert all(c.fields["model_info.max_input_tokens"]["after"] >= 1_000_000 for c in result.changes)
    assert_second_plan_empty(tmp_path, registry, "openrouter", applied)


def test_limit_takes_the_first_in_catalog_order_and_notes_the_rest(tmp_path: Path) -> None:
    rule = FREE_CHAT + "  limit: 3\n"
    result, applied = plan(tmp_path, registry_with("openrouter", rule), "openrouter")
    expected = or_new(
        lambda i: (
            i["id"].endswith(":free")
            and "-preview" not in i["id"]
            and not i["id"].startswith("nvidia/")
            and is_chat(i)
        )
    )
    assert added(result) == prefixed(expected[:3])
    [note] = [n for n in result.notes if "limit 3" in n]
    assert f"matched {len(expected)} new models; 3 proposed (limit 3), {len(expected) - 3} left" in note
    assert expected[3] in note
    # the next plan proposes the next three: a limit paces additions, it does not drop them
    again, _ = plan(tmp_path, registry_with("openrouter", rule), "openrouter", applied)
    assert added(again) == prefixed(expected[3:6])


def test_ignore_list_exact_ids_and_globs(tmp_path: Path) -> None:
    everything, _ = plan(tmp_path, registry_with("openrouter", FREE_CHAT), "openrouter")
    ids = [m.removeprefix("openrouter/") for m in added(everything)]
    ignore = (ids[0], "google/*")
    result, applied = plan(tmp_path, registry_with("openrouter", FREE_CHAT, ignore), "openrouter")
    expected = [i for i in ids if i != ids[0] and not i.startswith("google/")]
    assert any(i.startswith("google/") for i in ids)  # the glob really takes something out
    assert added(result) == prefixed(expected)
    assert_second_plan_empty(tmp_path, registry_with("openrouter", FREE_CHAT, ignore), "openrouter", applied)


@pytest.mark.parametrize(
    ("template", "name_of"),
    [
        (None, None),  # the provider's naming rule (or- prefix, replacements)
        ("{name}", None),
        ("free-{last}", lambda i: "free-" + i.rsplit("/", 1)[-1]),
        ("{id}", lambda i: i),
        ("or/{slug}", lambda i: "or/" + i.replace("/", "-").replace(":", "-")),
    ],
)
def test_naming_templates(tmp_path: Path, template: str | None, name_of: Any) -> None:
    rule = '- {include: ["z-ai/*:free", "google/gemma-4-*:free"]' + (
        f", model_name: {json.dumps(template)}}}" if template else "}"
    )
    registry = registry_with("openrouter", rule)
    result, applied = plan(tmp_path, registry, "openrouter")
    assert len(result.changes) >= 2
    for change in result.changes:
        model_id = change.model.removeprefix("openrouter/")
        if name_of is None:
            from modelctl.naming import generate_model_name

            assert change.model_name == generate_model_name(model_id, REGISTRY.specs["openrouter"].naming)
            assert change.model_name.startswith("or-")
        else:
            assert change.model_name == name_of(model_id)
    assert_second_plan_empty(tmp_path, registry, "openrouter", applied)


def test_joining_an_existing_group_by_template(tmp_path: Path) -> None:
    """A constant model_name makes every match a deployment of that existing group, placed
    right after the group's last entry (LiteLLM load-balances across it)."""
    entries = yaml.safe_load(SEED)["model_list"]
    group = "gpt-oss-120b"
    last = max(i for i, e in enumerate(entries) if e.get("model_name") == group)
    registry = registry_with("openrouter", f'- {{include: ["z-ai/glm-5*:free"], model_name: "{group}"}}')
    result, applied = plan(tmp_path, registry, "openrouter")
    assert result.changes and all(c.model_name == group for c in result.changes)
    adds = [op for op in result.patch if op["op"] == "add"]
    assert [op["path"] for op in adds] == [f"/model_list/{last + 1 + k}" for k in range(len(adds))]
    assert_second_plan_empty(tmp_path, registry, "openrouter", applied)


def test_free_twin_joins_its_paid_siblings_group(tmp_path: Path) -> None:
    """Like --add-model: a free twin of a configured model gets that model's model_name."""
    entries = yaml.safe_load(SEED)["model_list"]
    names = {
        e["litellm_params"]["model"].removeprefix("openrouter/"): e.get("model_name")
        for e in entries
        if e["litellm_params"]["model"].startswith("openrouter/")
    }
    result, _ = plan(tmp_path, registry_with("openrouter", FREE_CHAT), "openrouter")
    twins = [c for c in result.changes if c.model.removeprefix("openrouter/").removesuffix(":free") in names]
    assert twins, "the real payload has free twins of configured models"
    for change in twins:
        paid = change.model.removeprefix("openrouter/").removesuffix(":free")
        assert change.model_name == names[paid]
        assert f"joins the '{names[paid]}' group of its twin '{paid}'" in change.reason


def test_a_rule_that_matches_nothing_adds_nothing_and_says_so(tmp_path: Path) -> None:
    registry = registry_with("openrouter", '- {name: typo, include: ["antrhopic/*"]}')
    result, _ = plan(tmp_path, registry, "openrouter")
    assert result.patch == []
    assert any("track rule 'typo'" in n and "matches no model" in n for n in result.notes)


def test_rules_without_track_only_join_the_drift_plan_and_no_track_skips_them(tmp_path: Path) -> None:
    registry = registry_with("openrouter", FREE_CHAT)
    full, applied = plan(tmp_path, registry, "openrouter", request=PlanRequest(allow_mass_removal=True))
    assert {"update", "remove", "add"} <= {c.action for c in full.changes}
    tracked = [c.model for c in full.changes if c.rule]
    assert len(tracked) == 10
    untracked, _ = plan(
        tmp_path, registry, "openrouter", request=PlanRequest(allow_mass_removal=True, track=False)
    )
    assert not any(c.rule for c in untracked.changes)
    assert len(untracked.changes) == len(full.changes) - 10
    again, _ = plan(tmp_path, registry, "openrouter", applied, PlanRequest(allow_mass_removal=True))
    assert again.patch == []


def test_add_model_and_a_rule_never_add_the_same_id_twice(tmp_path: Path) -> None:
    registry = registry_with("openrouter", FREE_CHAT)
    target = "z-ai/glm-5.2:free"
    request = PlanRequest(add=(ModelRef("openrouter", target),), allow_mass_removal=True)
    result, _ = plan(tmp_path, registry, "openrouter", request=request)
    models = added(result)
    assert models.count("openrouter/" + target) == 1
    assert len(models) == len(set(models))


def test_a_model_removed_on_request_is_not_added_back_by_a_rule(tmp_path: Path) -> None:
    registry = registry_with("openrouter", '- {include: ["*:free"]}')
    victim = "meta-llama/llama-3.3-70b-instruct:free"
    assert victim in OR_IN_CONFIG
    request = PlanRequest(remove=(ModelRef("openrouter", victim),), allow_mass_removal=True)
    result, _ = plan(tmp_path, registry, "openrouter", request=request)
    assert [c.action for c in result.changes if c.model == "openrouter/" + victim] == ["remove"]


def test_track_only_conflicts() -> None:
    from modelctl.planner import check_track_options

    with pytest.raises(UsageError, match="contradict"):
        check_track_options(PlanRequest(track=False, track_only=True))
    with pytest.raises(UsageError, match="nothing else"):
        check_track_options(PlanRequest(track_only=True, add=(ModelRef(None, "x"),)))


# -- Nvidia: ids only, the declared 1e-9 default cost -----------------------------------------------


def test_nvidia_ids_only_catalog(tmp_path: Path) -> None:
    rule = (
        '- {name: nim-chat, include: ["nvidia/*", "qwen/*"], exclude: ["*embed*", "*safety*"], modes: [chat]}'
    )
    registry = registry_with("nvidia", rule)
    result, applied = plan(tmp_path, registry, "nvidia")
    in_config = config_ids("nvidia_nim/")
    markers = ("embed", "bge-", "nv-embedqa", "arctic-embed")
    expected: list[str] = []
    for item in real_items("nvidia"):
        i = item["id"]
        if (
            (i.startswith("nvidia/") or i.startswith("qwen/"))
            and "embed" not in i
            and "safety" not in i
            and not any(m in i.lower() for m in markers)
            and i not in in_config
            and i not in expected
        ):
            expected.append(i)
    assert expected and added(result) == prefixed(expected, "nvidia_nim/")
    for change in result.changes:
        assert change.fields["input_cost_per_token"]["after"] == 1e-09  # the declared default
        assert change.model_name is not None and change.model_name.startswith("nim-")
    assert_second_plan_empty(tmp_path, registry, "nvidia", applied)


def test_nvidia_filters_on_unknown_values_never_match(tmp_path: Path) -> None:
    """The NIM list has no context lengths: min_context matches nothing (never guessed)."""
    registry = registry_with("nvidia", '- {name: long, include: ["*"], min_context: 8000}')
    result, _ = plan(tmp_path, registry, "nvidia")
    assert result.patch == [] and any("'long'" in n and "matches no model" in n for n in result.notes)


# -- Requesty: the full 781-model catalog -----------------------------------------------------------


def test_requesty_full_catalog(tmp_path: Path) -> None:
    rule = (
        '- {name: cheap-long, include: ["anthropic/*", "google/*", "deepseek/*"], modes: [chat], '
        "max_input_per_m: 1, min_context: 100000}"
    )
    registry = registry_with("requesty", rule)
    result, applied = plan(tmp_path, registry, "requesty")
    in_config = config_ids("openai/", api_base="router.requesty.ai")
    data = json.loads(REQUESTY_FULL.read_bytes())["data"]
    expected: list[str] = []
    for item in data:
        price = item.get("input_price")
        if (
            item["id"].startswith(("anthropic/", "google/", "deepseek/"))
            and str(item.get("api", "")).lower() not in ("embedding", "embeddings")
            and price is not None
            and 0 <= Decimal(str(price)) * 1_000_000 <= 1
            and (item.get("context_window") or 0) >= 100_000
            and item["id"] not in in_config
            and item["id"] not in expected
        ):
            expected.append(item["id"])
    assert len(expected) >= 10 and added(result) == prefixed(expected, "openai/")
    for change in result.changes:
        assert change.api_base == "https://router.requesty.ai/v1"
        assert change.fields["api_key"]["after"] == "os.environ/REQUESTY_API_KEY"
        assert change.model_name == change.model.rsplit("/", 1)[-1]  # Requesty's last_segment naming
    assert_second_plan_empty(tmp_path, registry, "requesty", applied)


def test_requesty_full_catalog_applied_then_planned_again_with_drift(tmp_path: Path) -> None:
    registry = registry_with("requesty", '- {include: ["google/*"], modes: [chat]}')
    request = PlanRequest(allow_mass_removal=True)
    result, applied = plan(tmp_path, registry, "requesty", request=request)
    assert any(c.rule for c in result.changes)
    path = tmp_path / "config.yaml"
    assert render_applied(result, SEED, path) == applied
    again, _ = plan(tmp_path, registry, "requesty", applied, request)
    assert again.patch == []


# -- the providers.yaml keys: strict, with did-you-mean, naming the place ---------------------------


def write_providers(tmp_path: Path, extra: str) -> Path:
    text = (Path(__file__).parent / "fixtures" / "example" / "providers.yaml").read_text("utf-8")
    anchor = '    free_suffix: ":free"\n'
    assert anchor in text
    path = tmp_path / "providers.yaml"
    path.write_text(text.replace(anchor, anchor + extra), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "    track:\n      - {include: ['*:free'], exlude: ['x']}\n",
            "providers.openrouter.track[0].exlude: unknown key 'exlude' (did you mean 'exclude'?",
        ),
        (
            "    track:\n      - {include: ['*'], max_input_per_million: 1}\n",
            "did you mean 'max_input_per_m'?",
        ),
        (
            "    track:\n      - {modes: [chatt]}\n",
            "got 'chatt' (did you mean 'chat'?)",
        ),
        ("    track:\n      - {model_name: 'free-{lst}'}\n", "unknown placeholder {lst}"),
        ("    track:\n      - {limit: 0}\n", "track[0].limit: must be at least 1, got 0"),
        (
            "    track:\n      - {min_context: 'big'}\n",
            "track[0].min_context: expected an integer, got a string",
        ),
        (
            "    track:\n      - {max_input_per_m: -1}\n",
            "track[0].max_input_per_m: must be at least 0, got -1",
        ),
        ("    track:\n      - {include: []}\n", "track[0].include: empty"),
        (
            "    track: {include: ['*']}\n",
            "providers.openrouter.track: expected an array or null, got an object",
        ),
        ("    track:\n      - ['*:free']\n", "track[0]: expected an object, got an array"),
        ("    track:\n      - {name: a}\n      - {name: a}\n", "two rules are named 'a'"),
        (
            "    ignore: openai/gpt-4o\n",
            "providers.openrouter.ignore: expected an array or null, got a string",
        ),
    ],
)
def test_bad_track_settings_are_one_clear_error(tmp_path: Path, extra: str, message: str) -> None:
    path = write_providers(tmp_path, extra)
    with pytest.raises(ProvidersFileError) as info:
        load_registry(path)
    text = str(info.value)
    assert message in text
    assert str(path) in text


def test_good_track_settings_parse(tmp_path: Path) -> None:
    path = write_providers(
        tmp_path,
        "    track:\n      - name: free\n        include: '*:free'\n        limit: 5\n"
        "        max_input_per_m: 0\n    ignore: ['a/b:free']\n",
    )
    spec = load_registry(path).specs["openrouter"]
    [rule] = spec.track
    assert (rule.label, rule.include, rule.limit) == ("free", ("*:free",), 5)
    assert rule.max_input_per_m == 0
    assert spec.ignore == ("a/b:free",)


def test_markdown_stays_within_its_limit_with_hundreds_of_new_models(tmp_path: Path) -> None:
    from modelctl.render.markdown import render_markdown

    registry = registry_with("openrouter", "- {name: everything}\n- {name: none, include: ['x/*']}")
    result, _ = plan(tmp_path, registry, "openrouter")
    assert len(added(result)) > 300
    for limit in (3000, 20000, 60000):
        text = render_markdown(result, limit=limit)
        assert len(text) <= limit
        assert "New models" in text
    assert "rule `everything`" in render_markdown(result, limit=60000)
