"""Property-based tests (hypothesis): random configs x random catalogs -> a clear error or a plan
that applies exactly.

Configs mix OpenRouter, Nvidia and unmanaged entries with random costs (floats, ints, numeric
strings quoted or not, null), random model_info limits, random key orders, both list
indentations, and random comments and blank lines between entries. Catalogs hold random subsets
of the ids with random prices ("0", "-1", null, decimals, garbage) and limits, or are empty.

For every example:
- planning raises a ModelctlError (a tripped guard, an unavailable catalog) or gives a plan;
  nothing else escapes;
- the plan survives its own file format (dumps -> parse_plan);
- applying it gives exactly ``jsonpatch.apply_patch(yaml.safe_load(old), plan.patch)``;
- every changed line belongs to a touched entry, comments and blank lines all stay;
- planning the applied config again with the same catalogs changes nothing (convergence).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonpatch
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelctl.apply import render_applied
from modelctl.catalog import Body, build_catalog
from modelctl.config import parse_config
from modelctl.errors import ModelctlError
from modelctl.plan import Plan, parse_plan
from modelctl.planner import ModelRef, PlanRequest, build_plan
from modelctl.providers.registry import load_plugins, load_registry
from modelctl.records import Catalog

from helpers import run_cli

REGISTRY = load_registry(None)
PLUGINS = load_plugins()
OPENROUTER_IDS = ("acme/alpha", "acme/beta", "acme/beta:free", "zeta/gamma-7b", "zeta/delta")
EMBEDDING_IDS = ("acme/embed-1", "zeta/embed-2")
NVIDIA_IDS = ("nv/one", "nv/two-instruct", "meta/three")
UNMANAGED = ("anthropic/claude-x", "azure/gpt-y", "gemini/flash-z", "openai/gpt-w")
NAMES = ("alpha", "beta", "gamma", "shared", "x-y")
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- config text ----------------------------------------------------------------------------------

floats = st.floats(min_value=0, max_value=1e-3, allow_nan=False, allow_infinity=False)
cost_values = st.one_of(
    floats.map(lambda f: ("float", f)),
    st.integers(min_value=0, max_value=3).map(lambda i: ("int", i)),
    st.sampled_from(["3e-7", "1e-06", "0.000002", "2.5e-6"]).map(lambda s: ("bare", s)),
    st.sampled_from(["3e-7", "0.000004", "free", ""]).map(lambda s: ("quoted", s)),
    st.just(("null", None)),
)


def scalar(kind: str, value: Any) -> str:
    if kind == "bare":  # unquoted: YAML 1.1 reads 3e-7 as a string, 0.000002 as a float
        return str(value)
    if kind == "quoted":
        return json.dumps(value)
    if kind == "null":
        return "null"
    return yaml.safe_dump(value, default_flow_style=True).split("\n")[0]


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["openrouter", "openrouter", "nvidia", "unmanaged"]))
    if kind == "openrouter":
        model = "openrouter/" + draw(st.sampled_from(OPENROUTER_IDS + EMBEDDING_IDS[:1]))
    elif kind == "nvidia":
        model = "nvidia_nim/" + draw(st.sampled_from(NVIDIA_IDS))
    else:
        model = draw(st.sampled_from(UNMANAGED))
    params: list[tuple[str, str]] = [("model", model)]
    for name in ("input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost"):
        if draw(st.booleans()):
            params.append((name, scalar(*draw(cost_values))))
    if draw(st.booleans()):
        params.append(("api_key", "os.environ/SOME_KEY"))
    params = draw(st.permutations(params))
    parts: list[tuple[str, Any]] = [("model_name", draw(st.sampled_from(NAMES))), ("litellm_params", params)]
    if draw(st.booleans()):
        info = [("max_input_tokens", str(draw(st.integers(1, 300_000))))]
        if draw(st.booleans()):
            info.append(("max_output_tokens", str(draw(st.integers(1, 64_000)))))
        if draw(st.booleans()):
            info.append(("mode", "embedding"))
        parts.append(("model_info", draw(st.permutations(info))))
    return {"parts": draw(st.permutations(parts))}


def render_entry(entry: dict[str, Any], indent: int) -> str:
    pad = " " * indent
    lines = []
    for i, (key, value) in enumerate(entry["parts"]):
        lead = f"{pad}- " if i == 0 else f"{pad}  "
        if isinstance(value, list):
            lines.append(f"{lead}{key}:")
            lines.extend(f"{pad}    {k}: {v}" for k, v in value)
        else:
            lines.append(f"{lead}{key}: {value}")
    return "\n".join(lines) + "\n"


gaps = st.lists(st.sampled_from(["", "# a comment", "  # indented comment", "#", "   "]), max_size=3).map(
    lambda lines: "".join(line + "\n" for line in lines)
)


@st.composite
def configs(draw: st.DrawFn) -> str:
    indent = draw(st.sampled_from([0, 2]))
    items = draw(st.lists(entries(), min_size=1, max_size=9))
    head = draw(st.sampled_from(["", "# config\n", "general_settings:\n  x: 1\n\n"]))
    text = head + "model_list:\n" + draw(gaps)
    for item in items:
        text += render_entry(item, indent) + draw(gaps)
    text += draw(st.sampled_from(["", "litellm_settings:\n  drop_params: true\n", "# end\n"]))
    return text


# -- catalogs -------------------------------------------------------------------------------------

prices = st.one_of(
    st.sampled_from(["0", "-1", None, "0.000001", "0.0000025", "abc", -1, 0]),
    floats.map(lambda f: f"{f:.10f}"),
)


@st.composite
def openrouter_items(draw: st.DrawFn, ids: Sequence[str]) -> list[dict[str, Any]]:
    chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    items = []
    for model_id in chosen:
        item: dict[str, Any] = {
            "id": model_id,
            "pricing": {"prompt": draw(prices), "completion": draw(prices)},
        }
        if draw(st.booleans()):
            item["context_length"] = draw(st.integers(1, 300_000))
        if draw(st.booleans()):
            item["top_provider"] = {
                "max_completion_tokens": draw(st.one_of(st.none(), st.integers(1, 64_000)))
            }
        items.append(item)
    return items


@st.composite
def catalog_sets(draw: st.DrawFn) -> dict[str, Catalog]:
    bodies: dict[str, list[tuple[str, object]]] = {
        "openrouter": [
            ("models", {"data": draw(openrouter_items(OPENROUTER_IDS))}),
            ("embeddings", {"data": draw(openrouter_items(EMBEDDING_IDS))}),
        ],
        "nvidia": [
            (
                "models",
                {
                    "object": "list",
                    "data": [
                        {"id": i, "object": "model"}
                        for i in draw(
                            st.lists(st.sampled_from(NVIDIA_IDS), unique=True, max_size=len(NVIDIA_IDS))
                        )
                    ],
                },
            )
        ],
    }
    return {
        name: build_catalog(
            REGISTRY.specs[name],
            PLUGINS[name],
            [Body(e, f"{name}.{e}.json", json.dumps(b).encode()) for e, b in endpoint_bodies],
            "snapshot",
        )
        for name, endpoint_bodies in bodies.items()
    }


# -- the properties -------------------------------------------------------------------------------


def plan_for(text: str, catalogs: dict[str, Catalog], request: PlanRequest, path: Path) -> Plan:
    doc = parse_config(path, text.encode("utf-8"))
    specs = [REGISTRY.specs["openrouter"], REGISTRY.specs["nvidia"]]
    return build_plan(doc, REGISTRY, specs, catalogs, request)


def entry_spans(text: str) -> list[range]:
    """The line numbers of each model_list entry (its '-' line through its last value line)."""
    node = yaml.compose(text)
    assert isinstance(node, yaml.MappingNode)
    seq = next(v for k, v in node.value if k.value == "model_list")
    spans = []
    for item in seq.value:
        last = item
        while isinstance(last, yaml.MappingNode | yaml.SequenceNode) and last.value:
            last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
        end = last.end_mark.line if last.end_mark.column else last.end_mark.line - 1
        spans.append(range(item.start_mark.line, end + 1))
    return spans


def outside_touched(text: str, touched: set[tuple[str, Any]]) -> str:
    """The text without the lines of the entries whose (model, api_base) is touched."""
    entries = yaml.safe_load(text)["model_list"]
    drop = {
        line
        for span, e in zip(entry_spans(text), entries, strict=True)
        if (e["litellm_params"]["model"], e["litellm_params"].get("api_base")) in touched
        for line in span
    }
    kept = "".join(x for i, x in enumerate(text.splitlines(keepends=True)) if i not in drop)
    return kept if entries else kept.replace("model_list: []", "model_list:", 1)


def assert_only_touched_lines_changed(before: str, after: str, plan: Plan) -> None:
    """Byte for byte, the config minus the touched entries is the same before and after: the
    header, the footer, untouched entries, and every comment and blank line between entries."""
    touched = {(c.model, c.api_base) for c in plan.changes}
    assert outside_touched(before, touched) == outside_touched(after, touched)


@SETTINGS
@given(
    text=configs(),
    catalogs=catalog_sets(),
    allow_mass_removal=st.booleans(),
    add=st.lists(st.sampled_from(OPENROUTER_IDS), max_size=2, unique=True),
)
def test_plan_then_apply_is_the_json_patch(
    text: str, catalogs: dict[str, Catalog], allow_mass_removal: bool, add: list[str]
) -> None:
    path = Path("config.yaml")
    request = PlanRequest(
        add=tuple(ModelRef("openrouter", a) for a in add), allow_mass_removal=allow_mass_removal
    )
    try:
        plan = plan_for(text, catalogs, request, path)
    except ModelctlError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    again = parse_plan(plan.dumps(), "plan.json")
    assert again.patch == plan.patch
    raw = text.encode("utf-8")
    new = render_applied(again, raw, path)
    expected = jsonpatch.apply_patch(yaml.safe_load(raw), plan.patch)
    assert yaml.safe_load(new) == expected
    after = new.decode("utf-8")
    assert_only_touched_lines_changed(text, after, plan)
    if plan.failed_providers:
        failed = set(plan.failed_providers)
        assert not any(c.provider in failed for c in plan.changes)
    # convergence: the applied config needs nothing more from the same catalogs
    if expected["model_list"]:
        follow_up = plan_for(after, catalogs, PlanRequest(allow_mass_removal=True), path)
        assert follow_up.patch == [], follow_up.changes


@settings(
    max_examples=20,
    deadline=None,  # run_cli drains capsys before each run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=configs(), data=st.data())
def test_cli_never_crashes(capsys: pytest.CaptureFixture[str], text: str, data: st.DataObject) -> None:
    """Through the CLI: exit 0/1/2, one Error: line at most, never an internal error."""
    nvidia = data.draw(st.lists(st.sampled_from(NVIDIA_IDS), unique=True))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "config.yaml").write_text(text, encoding="utf-8")
        (folder / "cat").mkdir()
        (folder / "cat" / "nvidia.json").write_text(
            json.dumps({"data": [{"id": i} for i in nvidia]}), encoding="utf-8"
        )
        res = run_cli(
            capsys,
            "plan",
            "-c",
            folder / "config.yaml",
            "-p",
            "nvidia",
            "--catalog-dir",
            folder / "cat",
            "-o",
            folder / "p.json",
            "--detailed-exitcode",
            "-q",
        )
        assert res.code in (0, 1, 2)
        assert "internal error" not in res.err and "Traceback" not in res.err
        assert len([x for x in res.err.splitlines() if x.startswith("Error:")]) == (res.code == 1)
        if (folder / "p.json").exists():
            res = run_cli(capsys, "apply", folder / "p.json", "-q")
            assert res.code == 0, res.err
        res = run_cli(capsys, "validate", "-c", folder / "config.yaml")
        assert res.code in (0, 1) and "Traceback" not in res.err and not res.err
