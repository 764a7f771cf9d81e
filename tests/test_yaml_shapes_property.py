"""Property test (hypothesis): configs WITH anchors, aliases, merge keys, flow entries, dash
comments, CRLF, a BOM and no final newline, planned against random catalogs.

For every example, either
- ``plan`` refuses with a one-line error (a shared node that cannot change alone, an anchor that
  a removal or a move would leave dangling), or
- the plan applies, and the result parses (plain ``yaml.load``, not modelctl's reader) to
  exactly ``jsonpatch.apply_patch(old data, patch)``, type-exact, with the BOM, the line ends and
  the final newline (or its absence) kept, and planning it again changes nothing.

An "internal check failed" refusal (the editor produced a wrong text that the self-check caught)
fails the test: it is an editor bug, even though nothing wrong would be written.

The default run makes 4 x 150 = 600 examples, a fresh random sample each run (the suite stays
fast); ``-m slow`` runs 4 x 5,000 more.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonpatch
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelctl.apply import first_difference, render_applied
from modelctl.catalog import Body, build_catalog
from modelctl.config import parse_config
from modelctl.errors import ModelctlError
from modelctl.planner import PlanRequest, build_plan
from modelctl.providers.registry import load_plugins, load_registry
from modelctl.records import Catalog

REGISTRY = load_registry(None)
PLUGINS = load_plugins()
SPECS = [REGISTRY.specs["openrouter"]]
IDS = ("x/a", "x/b", "x/c", "y/d", "y/e")
PRICES = ("0", "0.0000001", "0.0000002", "0.000001", "")
COSTS = ("1.0e-07", "2.0e-07", "0.000001", "'1e-7'", "0")
PATH = Path("config.yaml")
LOADER = yaml.CSafeLoader  # the pure-Python loader would take half of the test's time


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@st.composite
def entry_texts(draw: st.DrawFn, k: int, state: dict[str, list[str]]) -> str:
    """One model_list entry at indent 2, in one of the shapes real configs use."""
    model = "openrouter/" + draw(st.sampled_from(IDS))
    name = draw(st.sampled_from(("alpha", "beta", "gamma", "Delta")))
    style = draw(st.sampled_from(("block", "block", "block", "flow", "flow-ml", "dash-comment", "alias")))
    if style == "alias" and state["entries"]:
        return f"  - *{draw(st.sampled_from(state['entries']))}\n"
    if style == "flow":
        cost = draw(st.sampled_from(("", ", input_cost_per_token: 1.0e-07")))
        return f"  - {{model_name: {name}, litellm_params: {{model: {model}{cost}}}}}\n"
    if style == "flow-ml":
        return (
            f"  - {{\n      model_name: {name},\n      litellm_params: {{\n        model: {model},\n"
            f"        input_cost_per_token: {draw(st.sampled_from(COSTS))}\n      }}\n    }}\n"
        )
    anchor = ""
    if draw(st.integers(0, 4)) == 0 and style != "dash-comment":
        anchor = f"&e{k} "
        state["entries"].append(f"e{k}")
    head = "  - # qwen3-coder: a comment-with-dashes\n    " if style == "dash-comment" else "  - "
    lines = [f"{head}{anchor}model_name: {name}"]
    if anchor:
        lines = [f"  - {anchor.strip()}", f"    model_name: {name}"]
    params = [f"model: {model}"]
    new_costs: list[str] = []  # anchors defined only if these params are written out
    for field in ("input_cost_per_token", "output_cost_per_token"):
        pick = draw(st.integers(0, 5))
        if pick == 0 and state["costs"]:
            params.append(f"{field}: *{draw(st.sampled_from(state['costs']))}")
        elif pick == 1:
            params.append(f"{field}: &c{k}{field[0]} {draw(st.sampled_from(COSTS))}")
            new_costs.append(f"c{k}{field[0]}")
        elif pick in (2, 3):
            params.append(f"{field}: {draw(st.sampled_from(COSTS))}")
    tail = draw(st.sampled_from(("", "", "headers", "merge", "merge-first", "merge-entry")))
    if tail == "merge-entry" and state["params"]:  # merge another entry's anchored params
        params.insert(1, f"<<: *{draw(st.sampled_from(state['params']))}")
    elif tail == "headers":
        params.append("extra_headers: *h")
    elif tail == "merge":
        params.append("<<: *d")
    elif tail == "merge-first":
        params.insert(0, "<<: *d")
    shared = draw(st.integers(0, 5))
    if shared == 0 and state["params"]:
        lines.append(f"    litellm_params: *{draw(st.sampled_from(state['params']))}")
    else:
        opener = ""
        if shared == 1:
            opener = f" &p{k}"
            state["params"].append(f"p{k}")
        lines.append(f"    litellm_params:{opener}")
        lines += [f"      {p}" for p in params]
        state["costs"] += new_costs
    info = draw(st.integers(0, 4))
    if info == 0 and state["infos"]:
        lines.append(f"    model_info: *{draw(st.sampled_from(state['infos']))}")
    elif info == 1:
        lines.append(f"    model_info: &mi{k} {{max_input_tokens: {draw(st.sampled_from((1000, 2000)))}}}")
        state["infos"].append(f"mi{k}")
    elif info == 2:
        lines.append(f"    model_info:\n      max_input_tokens: {draw(st.sampled_from((1000, 2000)))}")
    return "".join(line + "\n" for line in lines)


@st.composite
def configs(draw: st.DrawFn) -> str:
    state: dict[str, list[str]] = {"entries": [], "costs": [], "params": [], "infos": []}
    text = "x-headers: &h {X-Title: me}\nx-defaults: &d {timeout: 30, input_cost_per_token: 1.0e-07}\n"
    text += f"model_list:{draw(st.sampled_from(('', ' &ml', ' !!seq', '  # models')))}\n"
    for k in range(draw(st.integers(1, 6))):
        text += draw(st.sampled_from(("", "", "  # a comment\n", "\n", "\n  # section\n")))
        text += draw(entry_texts(k, state))
    text += draw(st.sampled_from(("", "litellm_settings:\n  drop_params: true\n", "# end\n")))
    if draw(st.booleans()):
        text = text.rstrip("\n")
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@st.composite
def catalogs(draw: st.DrawFn) -> dict[str, Catalog]:
    models = []
    for model_id in draw(st.lists(st.sampled_from(IDS), unique=True, min_size=1)):
        item: dict[str, Any] = {
            "id": model_id,
            "pricing": {"prompt": draw(st.sampled_from(PRICES)), "completion": draw(st.sampled_from(PRICES))},
        }
        if draw(st.booleans()):
            item["context_length"] = draw(st.sampled_from((1000, 2000, 4000)))
        models.append(item)
    bodies = [
        Body("models", "openrouter.json", json.dumps({"data": models}).encode()),
        Body(
            "embeddings",
            "openrouter.embeddings.json",
            json.dumps({"data": [{"id": "z/embed", "pricing": {"prompt": "0", "completion": "0"}}]}).encode(),
        ),
    ]
    return {"openrouter": build_catalog(SPECS[0], PLUGINS["openrouter"], bodies, "snapshot")}


def check(text: str, cats: dict[str, Catalog], sort: bool) -> str:
    """'refused' or 'applied' (the assertions are inside)."""
    raw = text.encode("utf-8")
    request = PlanRequest(sort=sort, allow_mass_removal=True)
    try:
        doc = parse_config(PATH, raw)
        plan = build_plan(doc, REGISTRY, SPECS, cats, request)
        new = render_applied(plan, raw, PATH)  # what 'plan' proves before writing a plan file
    except ModelctlError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith("config.yaml")
        assert "internal" not in message, message  # the self-check caught an editor bug
        return "refused"
    after = new.decode("utf-8")
    body = text.removeprefix("\ufeff")
    want = jsonpatch.apply_patch(yaml.load(body, Loader=LOADER), plan.patch)
    got = yaml.load(after.removeprefix("\ufeff"), Loader=LOADER)
    assert first_difference(got, want) is None, (first_difference(got, want), after)
    assert after.startswith("\ufeff") == text.startswith("\ufeff")
    if "\r\n" in text:
        assert after.count("\n") == after.count("\r\n")
    assert after.endswith("\n") == text.endswith("\n") or not want["model_list"]
    again = build_plan(parse_config(PATH, new), REGISTRY, SPECS, cats, request)
    assert again.patch == [], again.changes
    return "applied"


@pytest.mark.parametrize("shard", range(4))
@_settings(150)
@given(text=configs(), cats=catalogs(), sort=st.booleans())
def test_shapes_plan_and_apply_exactly_or_refuse(
    shard: int, text: str, cats: dict[str, Catalog], sort: bool
) -> None:
    check(text, cats, sort)


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(4))
@_settings(5000)
@given(text=configs(), cats=catalogs(), sort=st.booleans())
def test_shapes_many_more(shard: int, text: str, cats: dict[str, Catalog], sort: bool) -> None:
    check(text, cats, sort)
