"""Real catalog bodies of all seven providers, each in the provider's real top-level envelope.

Every body is built from ``tests/fixtures/providers/`` (plus ``tests/fixtures/seed-items/`` for
the seed's example items); nothing outside ``tests/`` is read at run time. Used by the planner,
add/remove, seed-config and cassette tests, and by ``tests/make_cassettes.py``.

Bodies per provider (endpoint -> bytes):

- openrouter: the 549-model capture and the derived embeddings list, as they are on disk;
- requesty: the 10 tracker items plus the single sample, in ``{"object": "list", "data": …}``;
- novita: the 18-item array, in ``{"data": …}`` (the legacy endpoint's envelope);
- nano_gpt: the two docs-example items plus the single sample, in ``{"object": "list", …}``;
- vercel, poe, nvidia (2026-05-03): the captures as they are on disk.
"""

from __future__ import annotations

import copy
import difflib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from modelctl.catalog import Body, build_catalog, snapshot_name
from modelctl.config import parse_config
from modelctl.plan import Plan
from modelctl.planner import PlanRequest, build_plan
from modelctl.providers.base import Provider
from modelctl.providers.registry import Registry, load_plugins, load_registry
from modelctl.records import Catalog

from helpers import assert_patch_invariant

TESTS = Path(__file__).resolve().parent
PROVIDER_FIXTURES = TESTS / "fixtures" / "providers"
SEED_ITEMS = TESTS / "fixtures" / "seed-items"
SEED_CONFIG_COPY = TESTS / "fixtures" / "configs" / "seed-708a58f.yaml"

ALL_PROVIDERS = ("openrouter", "requesty", "novita", "nano_gpt", "vercel", "poe", "nvidia")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
REGISTRY: Registry = load_registry(None)
PLUGINS: dict[str, Provider] = load_plugins()

Bodies = dict[str, bytes]


def _read(relative: str) -> Any:
    return json.loads((PROVIDER_FIXTURES / relative).read_text(encoding="utf-8"))


def dump_body(payload: object) -> bytes:
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def envelope(provider: str, items: Sequence[Mapping[str, Any]]) -> bytes:
    """``items`` in the provider's real top-level envelope (as in the captures under
    ``tests/fixtures/providers/``)."""
    data = [dict(item) for item in items]
    if provider == "openrouter":
        return dump_body({"data": data, "total_count": len(data), "links": {"next": None}})
    if provider == "novita":
        return dump_body({"data": data})
    return dump_body({"object": "list", "data": data})


@cache
def _real_bodies(provider: str) -> tuple[tuple[str, bytes], ...]:
    files = PROVIDER_FIXTURES
    if provider == "openrouter":
        return (
            ("models", (files / "openrouter/models-output_modalities-all-2026-08-18.json").read_bytes()),
            ("embeddings", (files / "openrouter/embeddings-derived-2026-08-18.json").read_bytes()),
        )
    if provider == "requesty":
        items = [
            *_read("requesty/zero-cost-llms-tracker-free-subset-2026-10-01.json")["data"],
            _read("requesty/single-model-sample-2026-05.json"),
        ]
        return (("models", envelope("requesty", items)),)
    if provider == "novita":
        return (("models", envelope("novita", _read("novita/lobechat-fixture-data-array-2024.json"))),)
    if provider == "nano_gpt":
        items = [
            *_read("nanogpt/doc-example-detailed-response.json")["data"],
            _read("nanogpt/single-model-sample-2026-03.json"),
        ]
        return (("models", envelope("nano_gpt", items)),)
    path = {
        "vercel": "vercel/models-2026-03-05.json",
        "poe": "poe/models-2026-08-20.json",
        "nvidia": "nvidia/models-2026-05-03.json",
    }[provider]
    return (("models", (files / path).read_bytes()),)


def real_bodies(provider: str) -> Bodies:
    return dict(_real_bodies(provider))


def real_items(provider: str, endpoint: str = "models") -> list[dict[str, Any]]:
    body = json.loads(real_bodies(provider)[endpoint])
    items: list[dict[str, Any]] = body["data"]
    return items


def real_item(provider: str, model_id: str) -> dict[str, Any]:
    """A deep copy of the first real catalog item with this id."""
    for item in real_items(provider):
        if item["id"] == model_id:
            return copy.deepcopy(item)
    raise KeyError(f"{provider}: no item {model_id!r} in the real payload")


def seed_items(provider: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads((SEED_ITEMS / f"{provider}.json").read_text("utf-8"))
    return items


def bodies_with_items(provider: str, items: Sequence[Mapping[str, Any]]) -> Bodies:
    """The main body holding exactly ``items``; secondary endpoints stay the real ones."""
    bodies = real_bodies(provider)
    bodies["models"] = envelope(provider, items)
    return bodies


def catalog_of(provider: str, bodies: Mapping[str, bytes] | None = None) -> Catalog:
    bodies = real_bodies(provider) if bodies is None else bodies
    return build_catalog(
        REGISTRY.specs[provider],
        PLUGINS[provider],
        [Body(e, snapshot_name(provider, e), b) for e, b in bodies.items()],
        "snapshot",
    )


@cache
def real_catalog(provider: str) -> Catalog:
    catalog = catalog_of(provider)
    assert catalog.ok, catalog.error
    return catalog


def write_snapshot_dir(folder: Path, bodies: Mapping[str, Mapping[str, bytes]]) -> Path:
    """A --catalog-dir folder: ``<provider>.json`` and ``<provider>.<endpoint>.json`` files."""
    folder.mkdir(parents=True, exist_ok=True)
    for provider, provider_bodies in bodies.items():
        for endpoint, data in provider_bodies.items():
            (folder / snapshot_name(provider, endpoint)).write_bytes(data)
    return folder


def real_snapshot_dir(folder: Path, providers: Iterable[str] = ALL_PROVIDERS) -> Path:
    return write_snapshot_dir(folder, {p: real_bodies(p) for p in providers})


def all_enabled_providers_file(path: Path) -> Path:
    """A providers.yaml declaring all seven providers, every one enabled (the built-in one)."""
    text = (Path(__file__).resolve().parent.parent / "modelctl" / "data" / "providers.yaml").read_text(
        encoding="utf-8"
    )
    assert "enabled: false" not in text
    path.write_text(text, encoding="utf-8")
    return path


# -- planning in-process -------------------------------------------------------------------------


def plan_text(
    tmp_path: Path,
    text: str,
    providers: Sequence[str],
    catalogs: Mapping[str, Catalog],
    request: PlanRequest | None = None,
) -> tuple[Plan, bytes, bytes]:
    """Plan ``text``; check the patch invariant; return (plan, config bytes, applied bytes)."""
    raw = text.encode("utf-8")
    path = tmp_path / "config.yaml"
    path.write_bytes(raw)
    doc = parse_config(path, raw)
    plan = build_plan(
        doc, REGISTRY, [REGISTRY.specs[p] for p in providers], catalogs, request or PlanRequest(), now=NOW
    )
    applied = assert_patch_invariant(plan, raw, path)
    return plan, raw, applied


def config_text(
    entries: Sequence[Mapping[str, Any]],
    settings: Mapping[str, Any] | None = None,
) -> str:
    """A small LiteLLM config: a header key, an optional modelctl block, then model_list."""
    head: dict[str, Any] = {"router_settings": {"routing_strategy": "cost-based-routing"}}
    if settings is not None:
        head["modelctl"] = dict(settings)
    header = yaml.safe_dump(head, sort_keys=False)
    body = yaml.safe_dump(
        {"model_list": [dict(e) for e in entries]}, sort_keys=False, default_flow_style=False
    )
    return header + body


def entry(
    model: str,
    name: str,
    api_base: str | None = None,
    api_key: str | None = None,
    model_info: Mapping[str, Any] | None = None,
    **costs: float,
) -> dict[str, Any]:
    params: dict[str, Any] = {"model": model}
    if api_base is not None:
        params["api_base"] = api_base
    if api_key is not None:
        params["api_key"] = api_key
    params.update(costs)
    out: dict[str, Any] = {"model_name": name, "litellm_params": params}
    if model_info is not None:
        out["model_info"] = dict(model_info)
    return out


# -- "only touched entries changed" ------------------------------------------------------------


def split_entries(text: str) -> tuple[str, list[str]]:
    """(text before the first entry, one text block per model_list entry).

    Works for the block-style lists these tests write and the seed config (``- `` at column 0,
    or indented under ``model_list:``)."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("model_list:")) + 1
    dash = next(line.index("-") for line in lines[start:] if line.lstrip().startswith("- "))
    blocks: list[list[str]] = []
    for line in lines[start:]:
        if line[dash : dash + 2] == "- " and not line[:dash].strip():
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    return "".join(lines[:start]), ["".join(b) for b in blocks]


def _key(block: str) -> tuple[str, str | None]:
    data = yaml.safe_load(block)[0]
    params = data["litellm_params"]
    return params["model"], params.get("api_base")


def assert_only_touched_entries_changed(before: str, after: str, plan: Plan) -> None:
    """Untouched entries keep their exact bytes; every changed line belongs to a touched entry."""
    touched = {(c.model, c.api_base) for c in plan.changes if c.action != "move"}
    head_before, old = split_entries(before)
    head_after, new = split_entries(after) if "model_list:" in after else (after, [])
    assert head_before == head_after
    untouched_old = Counter(b for b in old if _key(b) not in touched)
    untouched_new = Counter(b for b in new if _key(b) not in touched)
    assert untouched_old == untouched_new
    if not any(c.action == "move" for c in plan.changes):
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                for block in old[i1:i2] + new[j1:j2]:
                    assert _key(block) in touched, f"untouched entry changed:\n{block}"
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    allowed = {line for b in old + new if _key(b) in touched for line in b.splitlines()}
    if not any(c.action == "move" for c in plan.changes):
        assert all(line[1:] in allowed for line in changed), changed
