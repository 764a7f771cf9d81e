"""Where the time of ``plan --catalog-dir`` and ``apply`` goes, stage by stage.

    python bench/breakdown.py [--size 5000] [--repeats 5]

Needs the files of a previous ``bench/run.py`` run (``bench/out/size-N/``). It calls the same
library functions, in the same order, as ``modelctl.commands.plan`` and
``modelctl.apply.apply_plan`` (so it follows their internals and may need updating when those
change), and prints the median seconds of each stage next to ``L``, the CSafeLoader load time.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.append(str(Path(__file__).resolve().parent.parent))

import jsonpatch
import yaml

from modelctl.catalog import load_snapshots
from modelctl.config import parse_config, read_config
from modelctl.fileio import write_atomic
from modelctl.plan import read_plan
from modelctl.planner import PlanRequest, build_plan
from modelctl.providers.registry import load_plugins, load_registry
from modelctl.yamledit import apply_patch_text

HERE = Path(__file__).resolve().parent


def stages_plan(root: Path) -> dict[str, float]:
    t: dict[str, float] = {}
    clock = time.perf_counter

    def step(name: str, fn: Callable[[], Any]) -> Any:
        start = clock()
        value = fn()
        t[name] = clock() - start
        return value

    config_path = root / "config.yaml"
    text = config_path.read_text(encoding="utf-8")
    step("L: yaml.load(CSafeLoader)", lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    total = clock()
    registry = step("load_registry", lambda: load_registry(root / "providers.yaml"))
    selected = registry.select([])
    config = step("read_config (compose+construct+validate)", lambda: read_config(config_path))
    plugins = step("load_plugins (entry points)", load_plugins)
    catalogs = step(
        "load_snapshots (read, json, normalize)",
        lambda: load_snapshots(selected, plugins, root / "catalogs-today"),
    )
    result = step(
        "build_plan",
        lambda: build_plan(
            config, registry, selected, catalogs, PlanRequest(), now=datetime.now(timezone.utc)
        ),
    )
    text_out = step("Plan.dumps", result.dumps)
    step("write_atomic (fsync)", lambda: write_atomic(root / "breakdown.plan.json", text_out.encode()))
    t["= total"] = clock() - total
    return t


def stages_apply(root: Path) -> dict[str, float]:
    t: dict[str, float] = {}
    clock = time.perf_counter
    config_path = root / "config.yaml"
    raw = config_path.read_bytes()
    start = clock()
    yaml.load(raw.decode(), Loader=yaml.CSafeLoader)
    t["L: yaml.load(CSafeLoader)"] = clock() - start
    total = clock()
    start = clock()
    plan = read_plan(root / "p2.plan.json")
    t["read_plan (json, schema, checksum)"] = clock() - start
    start = clock()
    doc = parse_config(config_path, raw)
    t["parse_config"] = clock() - start
    start = clock()
    expected = jsonpatch.apply_patch(doc.data, plan.patch, in_place=True)
    t["jsonpatch.apply_patch"] = clock() - start
    start = clock()
    new = apply_patch_text(doc.text, doc.node, plan.patch, expected).encode()
    t["yamledit.apply_patch_text"] = clock() - start
    start = clock()
    write_atomic(root / "breakdown.config.yaml", new)
    t["write_atomic (fsync)"] = clock() - start
    t["= total"] = clock() - total
    return t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="stage timings of plan and apply")
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    opts = parser.parse_args(argv)
    root = opts.out / f"size-{opts.size}"
    if not (root / "config.yaml").exists():
        print(f"{root}: run 'python bench/run.py' first", file=sys.stderr)
        return 2
    report = {}
    for name, fn in (("plan --catalog-dir", stages_plan), ("apply (50 changes)", stages_apply)):
        if fn is stages_apply and not (root / "p2.plan.json").exists():
            continue
        runs = []
        for _ in range(opts.repeats):
            gc.collect()
            runs.append(fn(root))
        medians = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        load = medians["L: yaml.load(CSafeLoader)"]
        print(f"\n{name}, {opts.size:,} entries (median of {opts.repeats})")
        for key, value in medians.items():
            print(f"  {key:<44} {value:7.3f} s  {value / load:5.2f} L")
        report[name] = medians
    (opts.out / f"breakdown-{opts.size}.json").write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
