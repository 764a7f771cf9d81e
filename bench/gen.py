"""Deterministic generators for the benchmark: configs, catalogs and a providers.yaml.

Catalog items are copies of the real payload items in ``tests/fixtures/providers/`` (so every
provider's item shape, price units and quirks are real), renamed to unique ids and with their
prices and limits perturbed. The config is written by hand (not ``yaml.dump``) so that it has
what real configs have: both key orders, comments between entries and at line ends, blank
lines, quoted scalars, flow-style mappings, costs written as ``8.0e-07``, ``0.0000008`` and the
YAML-1.1 string ``8e-07``, and entries modelctl does not manage (direct ``openai/`` without an
``api_base``, ``anthropic/``, ``azure/`` ...).

Everything is derived from a seeded ``random.Random``: the same sizes and seed give the same
bytes, so runs are comparable.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from modelctl.naming import generate_model_name
from modelctl.pricing import effective_cost, to_yaml_number
from modelctl.providers.base import dig
from modelctl.providers.registry import BUILTIN_PROVIDERS_FILE, load_plugins, load_registry
from modelctl.providers.spec import ProviderSpec
from modelctl.records import LIMIT_FIELDS, PRICE_FIELDS, ModelRecord

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "providers"

# Real payloads per provider (the directory name of Nano-GPT differs from the provider name).
TEMPLATE_FILES: dict[str, tuple[str, ...]] = {
    "openrouter": ("openrouter/models-output_modalities-all-2026-08-18.json",),
    "requesty": (
        "requesty/zero-cost-llms-tracker-free-subset-2026-10-01.json",
        "requesty/single-model-sample-2026-05.json",
    ),
    "novita": ("novita/lobechat-fixture-data-array-2024.json",),
    "nano_gpt": ("nanogpt/single-model-sample-2026-03.json", "nanogpt/doc-example-detailed-response.json"),
    "vercel": ("vercel/models-2026-03-05.json",),
    "poe": ("poe/models-2026-08-20.json",),
    "nvidia": ("nvidia/models-2026-03-15.json",),
}

# Share of the managed entries per provider (roughly a large real deployment).
PROVIDER_WEIGHTS: dict[str, float] = {
    "openrouter": 0.30,
    "poe": 0.14,
    "requesty": 0.12,
    "nano_gpt": 0.12,
    "vercel": 0.12,
    "nvidia": 0.10,
    "novita": 0.10,
}
UNMANAGED_SHARE = 0.12
CATALOG_EXTRA = 0.15  # models in the catalog that the config does not use

# Envelope of the main body as each API returns it.
ENVELOPES: dict[str, str] = {
    "openrouter": "openrouter",
    "requesty": "requesty",
    "novita": "object_list",
    "nano_gpt": "object_list",
    "vercel": "object_list",
    "poe": "object_list",
    "nvidia": "object_list",
}

UNMANAGED = [
    ("anthropic/claude-sonnet-4-5-20250929", "os.environ/ANTHROPIC_API_KEY", None),
    ("anthropic/claude-haiku-4-5-20251001", "os.environ/ANTHROPIC_API_KEY", None),
    ("azure/gpt-4.1", "os.environ/AZURE_API_KEY", "os.environ/AZURE_API_BASE"),
    ("azure/model-router", "os.environ/AZURE_API_KEY_EastUS2", "os.environ/AZURE_API_BASE_EastUS2"),
    ("gemini/gemini-2.5-pro", "os.environ/GEMINI_API_KEY", None),
    ("gemini/gemini-2.5-flash", "os.environ/GEMINI_API_KEY", None),
    ("openai/gpt-4.1-mini", "os.environ/OPENAI_API_KEY", None),  # openai/ without api_base
    ("openai/text-embedding-3-large", "os.environ/OPENAI_API_KEY", None),
    ("openai/bge-m3", None, "http://infinity:7997"),  # openai/ with a foreign api_base
    ("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "os.environ/TOGETHERAI_API_KEY", None),
    ("perplexity/sonar-pro", "os.environ/PERPLEXITYAI_API_KEY", None),
    ("jina_ai/jina-embeddings-v3", "os.environ/JINA_AI_API_KEY", None),
]

HEADER = """\
# LiteLLM proxy config (generated for modelctl's benchmark; shaped like a real one)
general_settings:
  store_prompts_in_spend_logs: true
litellm_settings:
  cache: true
  cache_params:
    host: 127.0.0.1
    password: ''
    port: 6379
    type: redis
    ttl: 600
  drop_params: true
router_settings:
  routing_strategy: cost-based-routing   # LiteLLM reads 0 as unset: free models cost 1e-9
  redis_host: 127.0.0.1
  redis_port: 6379

model_list:
"""

FOOTER = """\

# modelctl's own block: ids that must never be removed
modelctl:
  sort: false
  protected:
    - openai/gpt-4.1-mini
    - or-bench-protected-name
"""


@dataclass
class ProviderCatalog:
    """A generated catalog: the raw items per endpoint, and the config entries drawn from it."""

    spec: ProviderSpec
    bodies: dict[str, Any]  # endpoint -> JSON body (as the API returns it)
    items: dict[str, dict[str, Any]]  # id -> item (the main endpoint's object)
    used: list[str] = field(default_factory=list)  # ids the config uses, in order


@dataclass
class Dataset:
    """A config and the catalogs it was derived from (before any perturbation)."""

    size: int
    config_text: str
    catalogs: dict[str, ProviderCatalog]
    specs: dict[str, ProviderSpec]
    managed: list[tuple[str, str]]  # (provider, id) of every managed entry, config order
    limited: set[tuple[str, str]] = field(default_factory=set)  # entries with model_info limits


# -- templates -----------------------------------------------------------------------------------
def _load_items(provider: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for rel in TEMPLATE_FILES[provider]:
        raw = json.loads((FIXTURES / rel).read_text(encoding="utf-8"))
        if isinstance(raw, list):
            items.extend(raw)
        elif isinstance(raw.get("data"), list):
            items.extend(raw["data"])
        else:  # a single model object sample
            items.append(raw)
    seen: set[str] = set()
    unique = []
    for item in items:
        if item["id"] not in seen:
            seen.add(item["id"])
            unique.append(item)
    return unique


def _variant_id(base: str, copy_no: int) -> str:
    if copy_no == 0:
        return base
    head, sep, tail = base.partition(":")
    return f"{head}-b{copy_no}{sep}{tail}"


def _is_embedding(provider: str, item: Mapping[str, Any]) -> bool:
    if provider == "openrouter":
        arch = item.get("architecture")
        return isinstance(arch, dict) and str(arch.get("modality", "")).endswith("->embeddings")
    return False


def _make_bodies(provider: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    kind = ENVELOPES[provider]
    if kind == "openrouter":
        emb = [i for i in items if _is_embedding(provider, i)]
        return {
            "models": {"data": items, "total_count": len(items), "links": {"next": None}},
            "embeddings": {"data": emb, "total_count": len(emb), "links": {"next": None}},
        }
    if kind == "requesty":
        return {
            "models": {
                "status": "ok",
                "count": len(items),
                "updatedAt": "2026-10-01",
                "lastFailedAt": None,
                "lastFailedMessage": None,
                "data": items,
            }
        }
    return {"models": {"object": "list", "data": items}}


def build_catalog(spec: ProviderSpec, n_items: int, rng: random.Random) -> ProviderCatalog:
    templates = _load_items(spec.name)
    items: dict[str, dict[str, Any]] = {}
    copy_no = 0
    while len(items) < n_items:
        for template in templates:
            if len(items) >= n_items:
                break
            item = copy.deepcopy(template)
            item["id"] = _variant_id(template["id"], copy_no)
            if copy_no:
                _jitter_prices(spec, item, rng)
            items[item["id"]] = item
        copy_no += 1
    ordered = list(items.values())
    return ProviderCatalog(spec, _make_bodies(spec.name, ordered), items)


# -- prices in each provider's own format ------------------------------------------------------
def _scale(raw: Any, factor: Decimal) -> Any:
    """``raw`` times ``factor`` in the same JSON type and style as the provider writes it."""
    if isinstance(raw, bool) or raw is None:
        return raw
    if isinstance(raw, int):  # Novita's integer units; 0 (free) and -1 (unknown) stay
        if raw <= 0:
            return raw
        scaled = int(Decimal(raw) * factor)
        return scaled if scaled > 0 and scaled != raw else raw + 1
    if isinstance(raw, float):
        return float(Decimal(repr(raw)) * factor) if raw > 0 else raw
    if isinstance(raw, str):
        try:
            value = Decimal(raw)
        except ArithmeticError:
            return raw
        if value <= 0:
            return raw
        scaled = (value * factor).quantize(Decimal("1e-12"))
        text = format(scaled.normalize(), "f")
        return text if text != "0" else raw
    return raw


def _set_path(item: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = item
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


def _price_paths(spec: ProviderSpec, item: Mapping[str, Any]) -> list[str]:
    out = []
    for path in spec.price_paths.values():
        parent = dig(item, path.rsplit(".", 1)[0]) if "." in path else item
        if isinstance(parent, Mapping) and path.rsplit(".", 1)[-1] in parent:
            out.append(path)
    return out


def _jitter_prices(spec: ProviderSpec, item: dict[str, Any], rng: random.Random) -> None:
    factor = Decimal(rng.choice(["0.8", "0.9", "1.1", "1.25", "1.5", "2"]))
    for path in _price_paths(spec, item):
        _set_path(item, path, _scale(dig(item, path), factor))


def has_known_positive_price(spec: ProviderSpec, item: Mapping[str, Any]) -> bool:
    for path in _price_paths(spec, item):
        value = dig(item, path)
        try:
            if value is not None and not isinstance(value, bool) and Decimal(str(value)) > 0:
                return True
        except ArithmeticError:
            continue
    return False


def change_price(spec: ProviderSpec, item: dict[str, Any], factor: Decimal) -> None:
    """A real repricing: every known price of the item times ``factor``."""
    for path in _price_paths(spec, item):
        _set_path(item, path, _scale(dig(item, path), factor))


# -- the config ----------------------------------------------------------------------------------
def _yaml_float(value: float) -> str:
    text = repr(value)
    if "." not in text and "e" in text:  # as PyYAML writes it: 8e-07 -> 8.0e-07
        text = text.replace("e", ".0e", 1)
    return text


def _cost_text(value: float, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.04:
        # plain decimal notation, as people type it
        plain = format(Decimal(repr(value)), "f")
        return plain if "." in plain else plain + ".0"
    if roll < 0.06:
        return f"'{value!r}'"  # a quoted string cost; config_cost() accepts it
    return _yaml_float(value)


def _scalar(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.03:
        return f'"{text}"'
    if roll < 0.05:
        return f"'{text}'"
    if ":" in text or text.startswith(("*", "&", "!", "@", "`", "{", "[")):
        return f"'{text}'"
    return text


def _entry_lines(
    name: str,
    params: list[tuple[str, str]],
    info: list[tuple[str, str]] | None,
    rng: random.Random,
    trailing: str | None = None,
) -> list[str]:
    """One model_list entry as text, in one of the layouts found in real configs."""
    name_line = f"model_name: {_scalar(name, rng)}"
    param_lines = [f"    {k}: {v}" for k, v in params]
    if trailing and len(param_lines) > 1:
        param_lines[-1] += f"  # {trailing}"
    block = ["litellm_params:", *param_lines]
    if info:
        if rng.random() < 0.15:
            flow = ", ".join(f"{k}: {v}" for k, v in info)
            info_block = [f"model_info: {{{flow}}}"]
        else:
            info_block = ["model_info:", *[f"    {k}: {v}" for k, v in info]]
    else:
        info_block = []
    # 70% as yaml.dump(sort_keys=True) writes it, the rest with model_name first
    sorted_keys = rng.random() < 0.7
    body = [*block, *info_block, name_line] if sorted_keys else [name_line, *block, *info_block]
    lines = ["- " + body[0]] + ["  " + line for line in body[1:]]
    return [line + "\n" for line in lines]


def _managed_entry(
    spec: ProviderSpec, record: ModelRecord, rng: random.Random, with_limits: bool
) -> list[str]:
    name = generate_model_name(record.id, spec.naming)
    params: list[tuple[str, str]] = [("model", _scalar(spec.prefix + record.id, rng))]
    for key in ("api_base", "api_key"):
        if key in spec.new_entry:
            params.append((key, spec.new_entry[key]))
    for field_name in PRICE_FIELDS:
        cost = effective_cost(record.price(field_name))
        if cost is not None:
            params.append((field_name, _cost_text(to_yaml_number(cost), rng)))
    info: list[tuple[str, str]] = []
    if record.mode:
        info.append(("mode", record.mode))
    if with_limits:
        info.extend((k, str(record.limits[k])) for k in LIMIT_FIELDS if k in record.limits)
    trailing = "price checked 2026-05" if rng.random() < 0.03 else None
    return _entry_lines(name, params, info or None, rng, trailing)


def _unmanaged_entry(k: int, rng: random.Random) -> list[str]:
    model, key, base = UNMANAGED[k % len(UNMANAGED)]
    suffix = f"-{k // len(UNMANAGED)}" if k >= len(UNMANAGED) else ""
    name = model.rsplit("/", 1)[-1] + suffix
    if rng.random() < 0.2:  # compact flow style, seen in hand-written configs
        parts = [f"model: {model}"]
        if base:
            parts.append(f"api_base: {base}")
        if key:
            parts.append(f"api_key: {key}")
        return [f"- model_name: {name}\n", f"  litellm_params: {{{', '.join(parts)}}}\n"]
    params = [("model", model)]
    if base:
        params.append(("api_base", base))
    if key:
        params.append(("api_key", key))
    if rng.random() < 0.3:
        params.append(("rpm", str(rng.choice([60, 120, 600]))))
    return _entry_lines(name, params, None, rng)


def make_dataset(size: int, seed: int = 7) -> Dataset:
    rng = random.Random(seed * 1_000_003 + size)
    registry = load_registry(BUILTIN_PROVIDERS_FILE, env={})
    plugins = load_plugins()
    specs = dict(registry.specs)
    n_unmanaged = round(size * UNMANAGED_SHARE)
    n_managed = size - n_unmanaged
    counts = {p: int(n_managed * w) for p, w in PROVIDER_WEIGHTS.items()}
    counts["openrouter"] += n_managed - sum(counts.values())

    catalogs: dict[str, ProviderCatalog] = {}
    records: dict[str, dict[str, ModelRecord]] = {}
    for name, spec in specs.items():
        n_items = int(counts[name] * (1 + CATALOG_EXTRA)) + 8
        cat = build_catalog(spec, n_items, rng)
        catalogs[name] = cat
        normalized = plugins[name].normalize(cat.bodies, spec)
        records[name] = {r.id: r for r in normalized}
        ids = list(cat.items)
        rng.shuffle(ids)
        cat.used = ids[: counts[name]]

    # Interleave the entries the way people group them: by model family, with section
    # comments now and then, unmanaged entries mixed in.
    slots: list[tuple[str, str] | None] = [(p, i) for p, c in catalogs.items() for i in c.used]
    slots.extend([None] * n_unmanaged)
    rng.shuffle(slots)
    out = [HEADER]
    managed: list[tuple[str, str]] = []
    limited: set[tuple[str, str]] = set()
    unmanaged_no = 0
    for k, slot in enumerate(slots):
        if k and k % 250 == 0:
            out.append(f"\n# ---- block {k // 250} ({k} entries above) ----\n")
        elif rng.random() < 0.01:
            out.append("\n")
        elif rng.random() < 0.005:
            out.append("  # (disabled) - model_name: old-model\n")
        if slot is None:
            out.extend(_unmanaged_entry(unmanaged_no, rng))
            unmanaged_no += 1
            continue
        provider, model_id = slot
        record = records[provider][model_id]
        with_limits = bool(record.limits) and rng.random() < 0.3
        out.extend(_managed_entry(specs[provider], record, rng, with_limits=with_limits))
        managed.append((provider, model_id))
        if with_limits and "max_input_tokens" in record.limits:
            limited.add((provider, model_id))
    out.append(FOOTER)
    return Dataset(size, "".join(out), catalogs, specs, managed, limited)


# -- perturbed catalogs (what the providers answer "today") --------------------------------------
@dataclass
class Perturbation:
    repriced: int
    relimited: int
    removed: int


def perturb(
    dataset: Dataset, rng: random.Random, *, repriced: int, removed: int, relimited: int = 0
) -> tuple[dict[str, dict[str, Any]], Perturbation]:
    """Catalog bodies with ``repriced`` entries' prices changed, ``removed`` ids gone and
    ``relimited`` context lengths changed, spread over the providers; the originals are kept."""
    bodies = {name: copy.deepcopy(cat.bodies) for name, cat in dataset.catalogs.items()}
    index = {name: {item["id"]: item for item in b["models"]["data"]} for name, b in bodies.items()}
    candidates = list(dataset.managed)
    rng.shuffle(candidates)
    per_provider_total: dict[str, int] = {}
    for provider, _ in dataset.managed:
        per_provider_total[provider] = per_provider_total.get(provider, 0) + 1
    per_provider_removed: dict[str, int] = {}
    protected = {"gpt-4.1-mini"}
    done = Perturbation(0, 0, 0)
    touched: set[tuple[str, str]] = set()
    gone: dict[str, set[str]] = {}
    for provider, model_id in candidates:
        if done.removed >= removed:
            break
        spec = dataset.specs[provider]
        if model_id in spec.special_models or model_id in protected:
            continue
        # stay far below the 50% mass-removal guard of each provider
        if per_provider_removed.get(provider, 0) + 1 > 0.2 * per_provider_total[provider]:
            continue
        gone.setdefault(provider, set()).add(model_id)
        per_provider_removed[provider] = per_provider_removed.get(provider, 0) + 1
        touched.add((provider, model_id))
        done.removed += 1
    for provider, ids in gone.items():  # one pass per body: thousands of removals stay cheap
        bodies[provider]["models"]["data"] = [
            i for i in bodies[provider]["models"]["data"] if i["id"] not in ids
        ]
        if "embeddings" in bodies[provider]:
            emb = bodies[provider]["embeddings"]
            emb["data"] = [i for i in emb["data"] if i["id"] not in ids]
            emb["total_count"] = len(emb["data"])
    for provider, model_id in candidates:
        if done.repriced >= repriced:
            break
        if (provider, model_id) in touched:
            continue
        spec = dataset.specs[provider]
        item = index[provider][model_id]
        if not has_known_positive_price(spec, item):
            continue
        change_price(spec, item, Decimal(rng.choice(["0.5", "0.8", "1.2", "1.5", "3"])))
        touched.add((provider, model_id))
        done.repriced += 1
    for provider, model_id in candidates:
        if done.relimited >= relimited:
            break
        if (provider, model_id) in touched or (provider, model_id) not in dataset.limited:
            continue
        spec = dataset.specs[provider]
        path = spec.limit_paths.get("max_input_tokens")
        item = index[provider][model_id]
        if not path or not isinstance(dig(item, path), int):
            continue
        _set_path(item, path, dig(item, path) * 2)
        touched.add((provider, model_id))
        done.relimited += 1
    for b in bodies.values():
        if "total_count" in b["models"]:
            b["models"]["total_count"] = len(b["models"]["data"])
        if "count" in b["models"]:
            b["models"]["count"] = len(b["models"]["data"])
    return bodies, done


def widen(
    dataset: Dataset, bodies: Mapping[str, Mapping[str, Any]], total_models: int, rng: random.Random
) -> dict[str, dict[str, Any]]:
    """``bodies`` with models the config does not use added to every provider's main endpoint
    (in proportion to its catalog) until the catalogs hold about ``total_models`` models: a big
    catalog against the same config, for the plan's growth in catalog size."""
    out = {name: copy.deepcopy(dict(b)) for name, b in bodies.items()}
    current = {name: len(b["models"]["data"]) for name, b in out.items()}
    extra_total = max(0, total_models - sum(current.values()))
    shares = {name: n / sum(current.values()) for name, n in current.items()}
    for name, body in out.items():
        spec = dataset.specs[name]
        templates = _load_items(name)
        data = body["models"]["data"]
        for k in range(round(extra_total * shares[name])):
            item = copy.deepcopy(templates[k % len(templates)])
            head, sep, tail = item["id"].partition(":")
            item["id"] = f"{head}-w{k}{sep}{tail}"
            _jitter_prices(spec, item, rng)
            data.append(item)
        for key in ("total_count", "count"):
            if key in body["models"]:
                body["models"][key] = len(data)
    return out


def encode_bodies(bodies: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, bytes]]:
    """JSON bytes per provider and endpoint, compact like the real APIs send them."""
    return {
        p: {
            e: json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            for e, body in eps.items()
        }
        for p, eps in bodies.items()
    }


def write_snapshot_dir(directory: Path, encoded: Mapping[str, Mapping[str, bytes]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for provider, eps in encoded.items():
        for endpoint, data in eps.items():
            name = f"{provider}.json" if endpoint == "models" else f"{provider}.{endpoint}.json"
            (directory / name).write_bytes(data)


def write_providers_file(
    path: Path, urls: Mapping[str, Mapping[str, str]] | None, names: Sequence[str] | None = None
) -> None:
    """The built-in providers.yaml with every provider enabled and, when given, local URLs."""
    raw = yaml.load(BUILTIN_PROVIDERS_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    for name, body in raw["providers"].items():
        if names is not None and name not in names:
            continue
        body["enabled"] = True
        if urls is not None:
            body["endpoints"] = dict(urls[name])
    path.write_text(yaml.dump(raw, Dumper=yaml.CSafeDumper, sort_keys=False), encoding="utf-8")
