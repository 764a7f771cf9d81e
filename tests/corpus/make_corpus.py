"""Write the bad-input corpus: malformed configs and plan files (run from the repo root).

    python tests/corpus/make_corpus.py

The files are committed; this script documents how each was made and rebuilds them (for
example after a plan format change, since several plans carry a valid, recomputed checksum so
that they get past the checksum to the check they exercise). ``tests/acceptance/test_bad_input.py`` holds
what modelctl must answer for each file.

Layout:
    base-config.yaml        a small valid config; the plans are made for its exact bytes
    catalog/nvidia.json     a tiny valid Nvidia snapshot (--catalog-dir for the config runs)
    configs/*               malformed configs, for 'modelctl plan' and 'modelctl validate'
    plans/*                 malformed plans, for 'modelctl show' and 'modelctl apply'
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from modelctl.catalog import Body, build_catalog  # noqa: E402
from modelctl.config import parse_config  # noqa: E402
from modelctl.plan import checksum  # noqa: E402
from modelctl.planner import PlanRequest, build_plan  # noqa: E402
from modelctl.providers.registry import load_plugins, load_registry  # noqa: E402

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)

BASE_CONFIG = b"""\
# A small valid LiteLLM config: the corpus plans were made for these exact bytes.
router_settings:
  routing_strategy: cost-based-routing
model_list:
- model_name: nim-llama-3.1-8b
  litellm_params:
    model: nvidia_nim/meta/llama-3.1-8b-instruct
    input_cost_per_token: 1.0e-06
    output_cost_per_token: 1.0e-06
- model_name: nim-gone
  litellm_params:
    model: nvidia_nim/acme/gone
    input_cost_per_token: 1.0e-09
    output_cost_per_token: 1.0e-09
- model_name: nim-other
  litellm_params:
    model: nvidia_nim/acme/other
    input_cost_per_token: 1.0e-09
    output_cost_per_token: 1.0e-09
"""

CATALOG = (
    json.dumps(
        {
            "object": "list",
            "data": [
                {"id": "meta/llama-3.1-8b-instruct", "object": "model", "owned_by": "meta"},
                {"id": "acme/other", "object": "model", "owned_by": "acme"},
            ],
        },
        indent=2,
    )
    + "\n"
).encode()

ENTRY = b"- model_name: nim-x\n  litellm_params:\n    model: nvidia_nim/acme/x\n"


def _configs() -> dict[str, bytes]:
    c: dict[str, bytes] = {}
    c["unclosed-flow.yaml"] = b"model_list: [\n  {model_name: a, litellm_params: {model: x/y}\n"
    c["bad-indentation.yaml"] = b"model_list:\n- model_name: a\n   litellm_params:\n  model: x\n"
    c["tab-indented.yaml"] = b"model_list:\n-\tmodel_name: a\n\tlitellm_params:\n\t\tmodel: x/y\n"
    c["unterminated-quote.yaml"] = b'model_list:\n- model_name: "a\n  litellm_params: {}\n'
    c["empty.yaml"] = b""
    c["only-comments.yaml"] = b"# model_list:\n#   - nothing here\n"
    c["top-level-list.yaml"] = b"- model_name: a\n  litellm_params:\n    model: x/y\n"
    c["top-level-scalar.yaml"] = b"just a sentence\n"
    c["no-model-list.yaml"] = b"general_settings:\n  master_key: os.environ/KEY\n"
    c["model-list-mapping.yaml"] = b"model_list:\n  a:\n    litellm_params: {model: x/y}\n"
    c["model-list-null.yaml"] = b"model_list:\n"
    c["model-list-string.yaml"] = b"model_list: nvidia_nim/acme/x\n"
    c["entry-scalar.yaml"] = b"model_list:\n- nvidia_nim/acme/x\n"
    c["entry-list.yaml"] = b"model_list:\n- [nvidia_nim/acme/x, 1]\n"
    c["entry-null.yaml"] = b"model_list:\n-\n" + ENTRY
    c["missing-litellm-params.yaml"] = b"model_list:\n- model_name: a\n  model: x/y\n"
    c["litellm-params-list.yaml"] = b"model_list:\n- model_name: a\n  litellm_params: [x/y]\n"
    c["model-missing.yaml"] = b"model_list:\n- model_name: a\n  litellm_params: {api_key: k}\n"
    c["model-not-string.yaml"] = b"model_list:\n- model_name: a\n  litellm_params: {model: 42}\n"
    c["model-empty.yaml"] = b"model_list:\n- model_name: a\n  litellm_params: {model: ''}\n"
    c["model-name-mapping.yaml"] = b"model_list:\n- model_name: {a: 1}\n  litellm_params:\n    model: x/y\n"
    c["model-info-list.yaml"] = b"model_list:\n" + ENTRY + b"  model_info: [embedding]\n"
    c["model-info-string.yaml"] = b"model_list:\n" + ENTRY + b"  model_info: embedding\n"
    c["modelctl-block-list.yaml"] = b"modelctl: [sort]\nmodel_list:\n" + ENTRY
    c["non-utf8-latin1.yaml"] = "model_list:\n- model_name: café\n".encode("latin-1") + ENTRY
    c["utf16.yaml"] = ("model_list:\n" + ENTRY.decode()).encode("utf-16")
    c["nul-byte.yaml"] = b"model_list:\n- model_name: a\x00b\n  litellm_params: {model: x/y}\n"
    c["python-tag.yaml"] = (
        b"model_list:\n- model_name: !!python/object/apply:os.system "
        b"[echo pwned]\n  litellm_params: {model: x/y}\n"
    )
    c["undefined-alias.yaml"] = b"model_list:\n- *nothing\n"
    c["two-documents.yaml"] = b"model_list:\n" + ENTRY + b"---\nmodel_list: []\n"
    c["huge-flow-nesting.yaml"] = (
        b"model_list:\n" + ENTRY + b"  model_info: {deep: " + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    )
    c["huge-block-nesting.yaml"] = (
        b"model_list:\n" + ENTRY + b"  model_info:\n    deep:\n" + b"    " + b"- " * 3000 + b"x\n"
    )
    lol = [b'lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lol += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]".encode() for i in range(1, 10)]
    c["billion-laughs.yaml"] = b"\n".join(lol) + b"\nmodel_list:\n" + ENTRY + b"  model_info: {bomb: *l9}\n"
    c["recursive-alias.yaml"] = b"model_list:\n" + ENTRY + b"  model_info: &loop {self: *loop}\n"
    gone = b"- model_name: nim-gone\n  litellm_params:\n    model: nvidia_nim/acme/gone\n"
    keep = b"- model_name: nim-other\n  litellm_params:\n    model: nvidia_nim/acme/other\n"
    # the removal guard pins model, model_name and api_base: a date there cannot go into the plan
    c["date-in-removed-entry.yaml"] = b"model_list:\n" + keep + gone + b"    api_base: 2025-01-31\n"
    c["nan-cost-in-updated-entry.yaml"] = b"model_list:\n" + keep + b"    input_cost_per_token: .nan\n"
    return c


def _base_plan() -> dict[str, Any]:
    registry = load_registry(None)
    spec = registry.specs["nvidia"]
    catalog = build_catalog(
        spec, load_plugins()["nvidia"], [Body("models", "catalog/nvidia.json", CATALOG)], "snapshot"
    )
    doc = parse_config(Path("config.yaml"), BASE_CONFIG)
    plan = build_plan(doc, registry, [spec], {"nvidia": catalog}, PlanRequest(), now=NOW)
    assert plan.summary == {"add": 0, "update": 1, "remove": 1, "move": 0}, plan.summary
    body: dict[str, Any] = plan.to_json()
    return body


def _resealed(edit: Callable[[dict[str, Any]], object]) -> bytes:
    """The base plan changed by ``edit``, with a valid checksum over the changed body."""
    doc = _base_plan()
    del doc["checksum"]
    edit(doc)
    doc["checksum"] = checksum(doc)
    return _dump(doc)


def _dump(doc: object) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()


def _plans() -> dict[str, bytes]:
    base = _base_plan()
    good = _dump(base)
    p: dict[str, bytes] = {}

    def edited(edit: Callable[[dict[str, Any]], object]) -> bytes:
        doc = copy.deepcopy(base)
        edit(doc)
        return _dump(doc)

    # damaged files
    p["truncated.plan.json"] = good[: len(good) // 2]
    p["empty.plan.json"] = b""
    p["not-json.plan.json"] = b"format_version: 1\npatch: []\n"
    p["trailing-comma.plan.json"] = b'{"format_version": "1", "patch": [],}\n'
    p["json-list.plan.json"] = b"[]\n"
    p["json-string.plan.json"] = b'"a plan"\n'
    p["non-utf8.plan.json"] = good.replace(b'"notes": []', b'"notes": ["\xff\xfe"]')
    p["deep-nesting.plan.json"] = b"[" * 100_000 + b"]" * 100_000
    # versions
    p["format-version-2.plan.json"] = edited(lambda d: d.update(format_version="2"))
    p["format-version-missing.plan.json"] = edited(lambda d: d.pop("format_version"))
    p["format-version-number.plan.json"] = edited(lambda d: d.update(format_version=1))
    # altered after writing (the checksum no longer matches)
    p["checksum-altered.plan.json"] = edited(
        lambda d: d.update(checksum=("0" if d["checksum"][0] != "0" else "1") + d["checksum"][1:])
    )
    p["patch-value-altered.plan.json"] = edited(lambda d: d["patch"][-3].update(value=0.5))
    p["reason-altered.plan.json"] = edited(lambda d: d["changes"][0].update(reason="nothing to see here"))
    p["checksum-missing.plan.json"] = edited(lambda d: d.pop("checksum"))
    # well-formed JSON the schema rejects
    p["path-outside-model-list.plan.json"] = _resealed(
        lambda d: d["patch"].append(
            {"op": "replace", "path": "/router_settings/routing_strategy", "value": "simple"}
        )
    )
    p["move-from-outside.plan.json"] = _resealed(
        lambda d: d["patch"].append({"op": "move", "from": "/router_settings", "path": "/model_list/0"})
    )
    p["unknown-op.plan.json"] = _resealed(
        lambda d: d["patch"].append({"op": "frobnicate", "path": "/model_list/0"})
    )
    p["add-without-value.plan.json"] = _resealed(
        lambda d: d["patch"].append({"op": "add", "path": "/model_list/0"})
    )
    p["extra-top-level-key.plan.json"] = _resealed(lambda d: d.update(run="rm -rf /"))
    p["bad-created-at.plan.json"] = _resealed(lambda d: d.update(created_at="yesterday"))
    p["bad-config-sha.plan.json"] = _resealed(lambda d: d["config"].update(sha256="abc"))
    p["nan-value.plan.json"] = good.replace(b'"value": 1e-09', b'"value": NaN', 1)
    p["infinite-value.plan.json"] = good.replace(b'"value": 1e-09', b'"value": 1e999', 1)
    # valid plans that must not be applied to base-config.yaml
    p["other-config.plan.json"] = _resealed(lambda d: d["config"].update(sha256="f" * 64))
    p["test-op-fails.plan.json"] = _resealed(
        lambda d: d["patch"][0].update(value="nvidia_nim/acme/someone-else")
    )
    p["index-out-of-range.plan.json"] = _resealed(
        lambda d: d["patch"].append({"op": "remove", "path": "/model_list/99"})
    )
    p["bad-pointer.plan.json"] = _resealed(
        lambda d: d["patch"].append({"op": "replace", "path": "/model_list/zero/model_name", "value": "x"})
    )
    p["adds-a-non-entry.plan.json"] = _resealed(
        lambda d: d["patch"].append({"op": "add", "path": "/model_list/0", "value": 5})
    )
    p["replaces-the-list.plan.json"] = _resealed(
        lambda d: d["patch"].append({"op": "replace", "path": "/model_list", "value": {"not": "a list"}})
    )
    p["removes-a-model.plan.json"] = _resealed(
        lambda d: d["patch"].append({"op": "remove", "path": "/model_list/0/litellm_params/model"})
    )
    p["config-missing.plan.json"] = _resealed(lambda d: d["config"].update(path="missing.yaml"))
    return p


def build() -> dict[str, bytes]:
    files = {"base-config.yaml": BASE_CONFIG, "catalog/nvidia.json": CATALOG}
    files.update({f"configs/{name}": data for name, data in _configs().items()})
    files.update({f"plans/{name}": data for name, data in _plans().items()})
    return files


def main() -> None:
    for name, data in build().items():
        path = HERE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"wrote {len(build())} files under {HERE}")


if __name__ == "__main__":
    main()
