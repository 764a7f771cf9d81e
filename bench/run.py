"""modelctl performance benchmark (issue 7 targets P1-P4, issue 15 start-up S1-S4 and scale).

    python bench/run.py            # full run: 1k/5k/10k configs, 7 repeats each
    python bench/run.py --quick    # < 30 s: smaller sizes, 3 repeats (indicative only)

Every target is a ratio to a baseline measured in the same run on the same machine, right
before each timed repeat: the time PyYAML's ``yaml.CSafeLoader`` takes to load the same config
(``L``). The verdict uses the median over repeats of the per-repeat ratios; the medians of the
raw times are printed too. Exit status: 0 all targets pass, 1 a target failed, 2 the benchmark
itself could not run (e.g. a plan did not have the expected changes).

The start-up targets S1-S4 run fresh processes (the ``modelctl`` console script) paired with a
floor command in the same run, A/B alternated, and use the median of the per-pair ratios.

Not part of the test suite (tests never time things); see bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.append(str(Path(__file__).resolve().parent.parent))

import yaml

from bench import gen
from bench.servers import catalog_servers
from modelctl import cli

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
CHILD = ("import sys; from modelctl.cli import main; sys.exit(main(sys.argv[1:]))",)

# Share of the managed entries that "today's" catalogs change (P1 and P3 plans).
REPRICE_SHARE = 0.02
REMOVE_SHARE = 0.01
RELIMIT_SHARE = 0.005
P2_CHANGES = (35, 15)  # repriced, removed: a 50-change plan for P2
TARGETS = ["S1", "S2", "S3", "S4", "P1", "P2", "P2g", "P3", "P3c", "P4"]


class BenchError(Exception):
    """The benchmark could not run as designed (exit status 2)."""


@dataclass
class Result:
    target: str
    what: str
    value: str
    limit: str
    ratio: float
    limit_ratio: float
    passed: bool
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Workspace:
    size: int
    root: Path
    config: Path
    pristine: bytes
    providers_file: Path
    catalog_dir: Path  # "today": repriced, removed, relimited
    bodies: dict[str, dict[str, bytes]]  # the same catalogs as bytes, for the servers
    p2_catalog_dir: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    dataset: gen.Dataset | None = None


# -- helpers -------------------------------------------------------------------------------------
def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


GC_DEFAULTS = (gc.isenabled(), gc.get_threshold())


def csafe_load_seconds(path: Path) -> float:
    """The baseline L, always under Python's default GC settings (in case modelctl changed them
    in this process)."""
    enabled, threshold = GC_DEFAULTS
    gc.set_threshold(*threshold)
    if enabled:
        gc.enable()
    start = time.perf_counter()
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def run_cli(args: list[str]) -> tuple[int, float, str]:
    """``modelctl.cli.main(args)`` in this process, output captured; (exit code, seconds, out)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        start = time.perf_counter()
        code = cli.main(args)
        elapsed = time.perf_counter() - start
    return code, elapsed, out.getvalue() + err.getvalue()


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not (k.startswith("MODELCTL_") and k.endswith("_URL"))}
    # an installed modelctl has its byte-code compiled (pip does it); with this variable set every
    # child would compile each module from source again (tens of ms per start-up)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


# A small launcher process starts the measured child: on Linux a child's ru_maxrss starts at the
# RSS of the process that forked it (exec keeps the high-water mark), so forking straight from
# this process (which holds the generated data) would report at least its size.
LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_pid, status, usage = os.wait4(proc.pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status),
                  "wall": time.perf_counter() - start, "maxrss_kib": usage.ru_maxrss}))
"""


def run_child(args: list[str], cwd: Path) -> tuple[int, float, int]:
    """The CLI in a fresh interpreter; (exit code, wall seconds, peak RSS in KiB).

    The wall time is measured by the launcher around the child alone, so it includes the
    child's interpreter start-up and imports but not the launcher's."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, sys.executable, "-c", *CHILD, *args],
        cwd=cwd,
        env=child_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    return int(report["code"]), float(report["wall"]), int(report["maxrss_kib"])


def plan_args(
    ws: Workspace, out: Path, *, catalog_dir: Path | None = None, providers_file: Path | None = None
) -> list[str]:
    args = [
        "plan",
        "-c",
        str(ws.config),
        "--providers",
        str(providers_file or ws.providers_file),
        "-o",
        str(out),
        "-q",
    ]
    if catalog_dir is not None:
        args += ["--catalog-dir", str(catalog_dir)]
    return args


def check_plan(path: Path, *, expect_changes: int | None = None, min_changes: int = 1) -> dict[str, int]:
    plan = json.loads(path.read_text(encoding="utf-8"))
    failed = [n for n, st in plan["providers"].items() if st["status"] != "ok"]
    if failed:
        raise BenchError(
            f"providers failed in {path}: "
            + "; ".join(f"{n}: {plan['providers'][n]['error']}" for n in failed)
        )
    if len(plan["providers"]) != len(gen.PROVIDER_WEIGHTS):
        raise BenchError(f"{path} plans {len(plan['providers'])} providers, expected 7")
    summary: dict[str, int] = plan["summary"]
    total = sum(summary.values())
    if expect_changes is not None and total != expect_changes:
        raise BenchError(f"{path} has {total} changes, expected {expect_changes}")
    if total < min_changes:
        raise BenchError(f"{path} has no changes; the generated catalogs are wrong")
    return summary


def profile_to(path: Path, fn: Callable[[], object]) -> str:
    profiler = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        profiler.enable()
        try:
            fn()
        finally:
            profiler.disable()
    profiler.dump_stats(str(path))
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(25)
    (path.with_suffix(".txt")).write_text(text.getvalue(), encoding="utf-8")
    return str(path.with_suffix(".txt"))


# -- workspaces ----------------------------------------------------------------------------------
def build_workspace(size: int, out: Path, seed: int, *, with_p2: bool) -> Workspace:
    start = time.perf_counter()
    root = out / f"size-{size}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    dataset = gen.make_dataset(size, seed)
    config = root / "config.yaml"
    pristine = dataset.config_text.encode("utf-8")
    config.write_bytes(pristine)
    providers_file = root / "providers.yaml"
    gen.write_providers_file(providers_file, None)
    managed = len(dataset.managed)
    bodies, done = gen.perturb(
        dataset,
        random.Random(seed + size),
        repriced=max(1, round(managed * REPRICE_SHARE)),
        removed=max(1, round(managed * REMOVE_SHARE)),
        relimited=round(managed * RELIMIT_SHARE),
    )
    encoded = gen.encode_bodies(bodies)
    catalog_dir = root / "catalogs-today"
    gen.write_snapshot_dir(catalog_dir, encoded)
    ws = Workspace(
        size,
        root,
        config,
        pristine,
        providers_file,
        catalog_dir,
        encoded,
        counts={"entries": size, "managed": managed, **asdict(done)},
        dataset=dataset,
    )
    if with_p2:
        p2_bodies, _ = gen.perturb(
            dataset, random.Random(seed + size + 1), repriced=P2_CHANGES[0], removed=P2_CHANGES[1]
        )
        ws.p2_catalog_dir = root / "catalogs-p2"
        gen.write_snapshot_dir(ws.p2_catalog_dir, gen.encode_bodies(p2_bodies))
    log(
        f"  generated {size:,} entries ({len(pristine) / 1e6:.1f} MB config, "
        f"{sum(len(b) for e in encoded.values() for b in e.values()) / 1e6:.1f} MB catalogs) "
        f"in {time.perf_counter() - start:.1f}s -> {root}"
    )
    return ws


# -- the targets ---------------------------------------------------------------------------------
def p1_live_plan(
    ws: Workspace, repeats: int, delay: float, sub_repeats: int, profile_dir: Path | None
) -> Result:
    log(
        f"P1: plan of 7 providers from local servers answering after {delay * 1000:.0f} ms "
        f"({ws.size:,} entries)"
    )
    plan_out = ws.root / "p1.plan.json"
    with catalog_servers(ws.bodies, delay=delay, lifetime=600.0) as urls:
        live_providers = ws.root / "providers-live.yaml"
        gen.write_providers_file(live_providers, urls)
        args = plan_args(ws, plan_out, providers_file=live_providers)
        code, first, output = run_cli(args)  # warm-up: imports, connection setup code paths
        if code != 0:
            raise BenchError(f"P1 plan exited {code}:\n{output}")
        summary = check_plan(plan_out)
        loads, times, ratios = [], [], []
        for _ in range(repeats):
            load = csafe_load_seconds(ws.config)
            code, elapsed, output = run_cli(args)
            if code != 0:
                raise BenchError(f"P1 plan exited {code}:\n{output}")
            loads.append(load)
            times.append(elapsed)
            ratios.append(elapsed / (delay + load))
        sub_times = []
        for _ in range(sub_repeats):
            code, elapsed, _rss = run_child(args, ws.root)
            if code != 0:
                raise BenchError(f"P1 plan (subprocess) exited {code}")
            sub_times.append(elapsed)
        startup = [run_child(["--version"], ws.root)[1] for _ in range(sub_repeats)]
        prof = profile_to(profile_dir / "p1.prof", lambda: cli.main(args)) if profile_dir else None
    ratio = median(ratios)
    t, load = median(times), median(loads)
    return Result(
        "P1",
        f"plan, 7 providers live ({delay * 1000:.0f} ms), {_k(ws.size)} entries",
        f"{t:.3f} s (L={load:.3f} s)",
        "<= 1.3 x (delay + L)",
        ratio,
        1.3,
        ratio <= 1.3,
        {
            "seconds": times,
            "csafe_seconds": loads,
            "ratios": ratios,
            "first_call": first,
            "subprocess_wall_seconds": sub_times,
            "subprocess_wall_median": median(sub_times) if sub_times else None,
            "interpreter_startup_version_median": median(startup) if startup else None,
            "summary": summary,
            "profile": prof,
        },
    )


def p2_apply(ws: Workspace, repeats: int, profile_dir: Path | None) -> Result:
    assert ws.p2_catalog_dir is not None
    log(f"P2: apply a 50-change plan to {ws.size:,} entries")
    plan_path = ws.root / "p2.plan.json"
    ws.config.write_bytes(ws.pristine)
    code, _, output = run_cli(plan_args(ws, plan_path, catalog_dir=ws.p2_catalog_dir))
    if code != 0:
        raise BenchError(f"P2 plan exited {code}:\n{output}")
    summary = check_plan(plan_path, expect_changes=sum(P2_CHANGES))
    args = ["apply", str(plan_path), "-c", str(ws.config), "-q"]
    code, first, output = run_cli(args)  # warm-up
    if code != 0:
        raise BenchError(f"P2 apply exited {code}:\n{output}")
    applied = ws.config.read_bytes()
    loads, times, ratios = [], [], []
    for _ in range(repeats):
        ws.config.write_bytes(ws.pristine)
        load = csafe_load_seconds(ws.config)
        code, elapsed, output = run_cli(args)
        if code != 0:
            raise BenchError(f"P2 apply exited {code}:\n{output}")
        if ws.config.read_bytes() != applied:
            raise BenchError("P2 apply is not deterministic")
        loads.append(load)
        times.append(elapsed)
        ratios.append(elapsed / load)
    prof = None
    if profile_dir:
        ws.config.write_bytes(ws.pristine)
        prof = profile_to(profile_dir / "p2.prof", lambda: cli.main(args))
    ws.config.write_bytes(ws.pristine)
    changed_lines = _changed_lines(ws.pristine, applied)
    ratio = median(ratios)
    return Result(
        "P2",
        f"apply 50 changes, {_k(ws.size)} entries",
        f"{median(times):.3f} s (L={median(loads):.3f} s)",
        "<= 1.5 x L",
        ratio,
        1.5,
        ratio <= 1.5,
        {
            "seconds": times,
            "csafe_seconds": loads,
            "ratios": ratios,
            "first_call": first,
            "summary": summary,
            "changed_lines": changed_lines,
            "profile": prof,
        },
    )


def _changed_lines(before: bytes, after: bytes) -> int:
    import difflib

    a, b = before.decode().splitlines(), after.decode().splitlines()
    return sum(
        1
        for line in difflib.unified_diff(a, b, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    )


def p3_snapshot_plan(
    main_ws: Workspace, small: Workspace, big: Workspace, repeats: int, profile_dir: Path | None
) -> list[Result]:
    """P3 (ratio to L on the main size) and its growth check (big vs small), interleaved so
    that drifts in machine load hit every size alike."""
    log(f"P3: plan from snapshots ({main_ws.size:,} entries; growth {small.size:,} -> {big.size:,})")
    args: dict[int, list[str]] = {}
    times: dict[int, list[float]] = {}
    summary: dict[int, dict[str, int]] = {}
    first = 0.0
    for ws in {main_ws.size: main_ws, small.size: small, big.size: big}.values():
        out = ws.root / "p3.plan.json"
        args[ws.size] = plan_args(ws, out, catalog_dir=ws.catalog_dir)
        code, elapsed, output = run_cli(args[ws.size])  # warm-up, and a check of the plan
        if code != 0:
            raise BenchError(f"P3 plan exited {code}:\n{output}")
        summary[ws.size] = check_plan(out)
        times[ws.size] = []
        first = first or elapsed
    loads, ratios = [], []
    for _ in range(repeats):
        load = csafe_load_seconds(main_ws.config)
        for size in args:
            code, elapsed, output = run_cli(args[size])
            if code != 0:
                raise BenchError(f"P3 plan exited {code}:\n{output}")
            times[size].append(elapsed)
        loads.append(load)
        ratios.append(times[main_ws.size][-1] / load)
    prof = None
    if profile_dir:
        prof = profile_to(profile_dir / "p3.prof", lambda: cli.main(args[main_ws.size]))
    ratio = median(ratios)
    t_small, t_big = median(times[small.size]), median(times[big.size])
    factor = big.size / small.size
    limit = round(1.1 * factor, 2)
    growth = t_big / t_small
    return [
        Result(
            "P3",
            f"plan from snapshots, {_k(main_ws.size)} entries",
            f"{median(times[main_ws.size]):.3f} s (L={median(loads):.3f} s)",
            "<= 2 x L",
            ratio,
            2.0,
            ratio <= 2.0,
            {
                "seconds": times[main_ws.size],
                "csafe_seconds": loads,
                "ratios": ratios,
                "first_call": first,
                "summary": summary[main_ws.size],
                "profile": prof,
            },
        ),
        Result(
            "P3g",
            f"plan from snapshots, {_k(big.size)} vs {_k(small.size)} entries",
            f"{t_big:.3f} s vs {t_small:.3f} s",
            f"<= {limit:g}x (linear)",
            growth,
            limit,
            growth <= limit,
            {
                "seconds_small": times[small.size],
                "seconds_big": times[big.size],
                "size_factor": factor,
                "summary_small": summary[small.size],
                "summary_big": summary[big.size],
            },
        ),
    ]


def _k(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else f"{size:,}"


def p4_memory(ws: Workspace, repeats: int, limit_mb: float = 200.0) -> Result:
    log(f"P4: peak RSS of the P3 plan in a subprocess ({ws.size:,} entries)")
    out = ws.root / "p4.plan.json"
    args = plan_args(ws, out, catalog_dir=ws.catalog_dir)
    peaks, walls = [], []
    for _ in range(repeats):
        code, wall, rss_kib = run_child(args, ws.root)
        if code != 0:
            raise BenchError(f"P4 plan (subprocess) exited {code}")
        peaks.append(rss_kib / 1024)
        walls.append(wall)
    baseline = [run_child(["--version"], ws.root)[2] / 1024 for _ in range(1)]
    peak = median(peaks)
    return Result(
        "P4",
        f"peak RSS of P3 (subprocess), {_k(ws.size)} entries",
        f"{peak:.1f} MB",
        f"<= {limit_mb:.0f} MB",
        peak / limit_mb,
        1.0,
        peak <= limit_mb,
        {"peak_mib": peaks, "wall_seconds": walls, "version_only_peak_mib": baseline[0]},
    )


# -- scale: apply with thousands of changes, plan against a huge catalog ---------------------------
def _half_changes(ws: Workspace, seed: int) -> tuple[Path, int]:
    """A snapshot folder that changes half the entries of ``ws`` (4 repricings : 1 removal)."""
    assert ws.dataset is not None
    target = ws.size // 2
    bodies, done = gen.perturb(
        ws.dataset, random.Random(seed + ws.size + 2), repriced=target * 4 // 5, removed=target // 5
    )
    if done.repriced + done.removed != target:
        raise BenchError(f"could only change {done.repriced + done.removed} of {target} entries of {ws.size}")
    directory = ws.root / "catalogs-half"
    gen.write_snapshot_dir(directory, gen.encode_bodies(bodies))
    return directory, target


def p2_apply_growth(small: Workspace, big: Workspace, repeats: int, seed: int) -> Result:
    """Apply half of the entries changed (5,000 on the 10k config) vs the same share of a config
    10x smaller: linear means the ratio stays within 1.1x the size factor."""
    log(
        f"P2g: apply {big.size // 2:,} changes to {big.size:,} entries "
        f"vs {small.size // 2:,} to {small.size:,}"
    )
    args: dict[int, list[str]] = {}
    applied: dict[int, bytes] = {}
    changes: dict[int, int] = {}
    for ws in (small, big):
        directory, target = _half_changes(ws, seed)
        plan_path = ws.root / "p2g.plan.json"
        ws.config.write_bytes(ws.pristine)
        code, _, output = run_cli(plan_args(ws, plan_path, catalog_dir=directory))
        if code != 0:
            raise BenchError(f"P2g plan exited {code}:\n{output}")
        changes[ws.size] = sum(check_plan(plan_path, expect_changes=target).values())
        args[ws.size] = ["apply", str(plan_path), "-c", str(ws.config), "-q"]
        code, _, output = run_cli(args[ws.size])  # warm-up, and the reference result
        if code != 0:
            raise BenchError(f"P2g apply exited {code}:\n{output}")
        applied[ws.size] = ws.config.read_bytes()
    times: dict[int, list[float]] = {small.size: [], big.size: []}
    ratios = []
    for i in range(repeats):
        order = (small, big) if i % 2 == 0 else (big, small)
        for ws in order:
            ws.config.write_bytes(ws.pristine)
            code, elapsed, output = run_cli(args[ws.size])
            if code != 0 or ws.config.read_bytes() != applied[ws.size]:
                raise BenchError(f"P2g apply exited {code} or is not deterministic:\n{output}")
            times[ws.size].append(elapsed)
        ratios.append(times[big.size][-1] / times[small.size][-1])
    for ws in (small, big):
        ws.config.write_bytes(ws.pristine)
    factor = big.size / small.size
    limit = round(1.1 * factor, 2)
    ratio = median(ratios)
    return Result(
        "P2g",
        f"apply {changes[big.size]:,} changes to {_k(big.size)} "
        f"vs {changes[small.size]:,} to {_k(small.size)}",
        f"{median(times[big.size]):.3f} s vs {median(times[small.size]):.3f} s",
        f"<= {limit:g}x (linear)",
        ratio,
        limit,
        ratio <= limit,
        {
            "seconds_small": times[small.size],
            "seconds_big": times[big.size],
            "ratios": ratios,
            "changes": changes,
            "size_factor": factor,
        },
    )


def p3_catalog_growth(ws: Workspace, models: tuple[int, int], repeats: int, seed: int) -> Result:
    """The plan of the same config against catalogs of ``models[1]`` vs ``models[0]`` models in
    all (the extra models are ones the config does not use): linear or better."""
    assert ws.dataset is not None
    log(f"P3c: plan of {ws.size:,} entries against {models[1]:,} vs {models[0]:,} catalog models")
    bodies, _ = gen.perturb(ws.dataset, random.Random(seed + 3), repriced=20, removed=5)
    args: dict[int, list[str]] = {}
    counted: dict[int, int] = {}
    for n in models:
        wide = gen.widen(ws.dataset, bodies, n, random.Random(seed + n))
        counted[n] = sum(len(b["models"]["data"]) for b in wide.values())
        directory = ws.root / f"catalogs-{n}"
        encoded = gen.encode_bodies(wide)
        gen.write_snapshot_dir(directory, encoded)
        log(
            f"  {counted[n]:,} models, "
            f"{sum(len(b) for e in encoded.values() for b in e.values()) / 1e6:.1f} MB"
        )
        out = ws.root / f"p3c-{n}.plan.json"
        args[n] = plan_args(ws, out, catalog_dir=directory)
        code, _, output = run_cli(args[n])  # warm-up, and a check of the plan
        if code != 0:
            raise BenchError(f"P3c plan exited {code}:\n{output}")
        check_plan(out, expect_changes=25)
    times: dict[int, list[float]] = {n: [] for n in models}
    ratios = []
    for i in range(repeats):
        for n in models if i % 2 == 0 else models[::-1]:
            code, elapsed, output = run_cli(args[n])
            if code != 0:
                raise BenchError(f"P3c plan exited {code}:\n{output}")
            times[n].append(elapsed)
        ratios.append(times[models[1]][-1] / times[models[0]][-1])
    factor = counted[models[1]] / counted[models[0]]
    limit = round(1.1 * factor, 2)
    ratio = median(ratios)
    return Result(
        "P3c",
        f"plan of {_k(ws.size)} entries vs {counted[models[1]]:,} / {counted[models[0]]:,} catalog models",
        f"{median(times[models[1]]):.3f} s vs {median(times[models[0]]):.3f} s",
        f"<= {limit:g}x (linear)",
        ratio,
        limit,
        ratio <= limit,
        {
            "seconds_small": times[models[0]],
            "seconds_big": times[models[1]],
            "ratios": ratios,
            "models": counted,
        },
    )


# -- start-up: fresh processes, paired with a floor command -----------------------------------------
FLOOR_PLAN = """\
import json, pathlib, yaml
yaml.load(pathlib.Path("config.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
for path in sorted(pathlib.Path("catalogs").glob("*.json")):
    json.loads(path.read_bytes())
"""
FLOOR_SHOW = "import json, pathlib; json.loads(pathlib.Path('example.plan.json').read_text(encoding='utf-8'))"


def modelctl_command() -> list[str]:
    """The installed console script next to this interpreter (what people run), else ``-m``."""
    script = Path(sys.executable).parent / "modelctl"
    return [str(script)] if script.exists() else [sys.executable, "-m", "modelctl"]


def startup_workspace(out: Path) -> Path:
    """The bundled example: the repository's config.yaml (127 entries) and providers.yaml, the
    snapshots in examples/catalogs, and the plan they give (for ``show``)."""
    root = out / "startup"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    repo = HERE.parent
    shutil.copyfile(repo / "config.yaml", root / "config.yaml")
    shutil.copyfile(repo / "providers.yaml", root / "providers.yaml")
    shutil.copytree(repo / "examples" / "catalogs", root / "catalogs")
    (root / "floor_plan.py").write_text(FLOOR_PLAN, encoding="utf-8")
    code, _, output = run_cli_in(root, ["plan", "--catalog-dir", "catalogs", "-o", "example.plan.json", "-q"])
    if code != 0:
        raise BenchError(f"the bundled example's plan exited {code}:\n{output}")
    return root


def run_cli_in(cwd: Path, args: list[str]) -> tuple[int, float, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return run_cli(args)
    finally:
        os.chdir(old)


def wall(command: list[str], cwd: Path) -> float:
    return timed(command, cwd)[0]


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds of a fresh process and its CPU seconds (user + system, from ``wait4``): the
    CPU time is far less disturbed by the other processes of a shared machine than the wall."""
    start = time.perf_counter()
    with subprocess.Popen(
        command, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as child:
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if child.returncode not in (0, 2):
        raise BenchError(f"{' '.join(command)} exited {child.returncode} in {cwd}")
    return elapsed, usage.ru_utime + usage.ru_stime


STARTUP_TARGETS: dict[str, tuple[str, list[str], str, list[str], float]] = {
    # name: (what, modelctl args, floor description, floor command after the interpreter, limit)
    "S1": ("modelctl --version", ["--version"], 'python -c "import yaml"', ["-c", "import yaml"], 2.5),
    "S2": ("modelctl --help", ["--help"], 'python -c "import yaml"', ["-c", "import yaml"], 3.0),
    "S3": (
        "modelctl plan --catalog-dir (bundled example, 127 entries)",
        ["plan", "--catalog-dir", "catalogs", "-o", "s3.plan.json"],
        "CSafeLoader config + json.loads of every snapshot",
        ["floor_plan.py"],
        2.5,
    ),
    "S4": (
        "modelctl show --format markdown (the bundled example's plan)",
        ["show", "example.plan.json", "--format", "markdown"],
        "python: import json + read the plan",
        ["-c", FLOOR_SHOW],
        3.0,
    ),
}


def fastest(command: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """The fastest of ``runs`` back-to-back runs (wall, and that run's CPU seconds): a stall of
    the shared machine slows one run, rarely all of them."""
    return min(timed(command, cwd) for _ in range(runs))


def startup(name: str, root: Path, pairs: int, best_of: int = 1) -> Result:
    what, args, floor_what, floor_args, limit = STARTUP_TARGETS[name]
    log(
        f"{name}: {what} / {floor_what}, {pairs} pairs"
        + (f", each side best of {best_of}" if best_of > 1 else "")
    )
    a = [*modelctl_command(), *args]
    b = [sys.executable, *floor_args]
    wall(a, root), wall(b, root)  # warm-up: byte-code caches, page cache
    times_a, times_b, ratios, cpu_ratios = [], [], [], []
    for i in range(pairs):
        if i % 2 == 0:
            (ta, ca), (tb, cb) = fastest(a, root, best_of), fastest(b, root, best_of)
        else:
            (tb, cb), (ta, ca) = fastest(b, root, best_of), fastest(a, root, best_of)
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(ta / tb)
        cpu_ratios.append(ca / cb if cb > 0 else float("nan"))
    ratio = median(ratios)
    return Result(
        name,
        f"{what} / {floor_what}",
        f"{median(times_a):.3f} s vs {median(times_b):.3f} s",
        f"<= {limit:g}x",
        ratio,
        limit,
        ratio <= limit,
        {
            "command": a,
            "floor": b,
            "seconds": times_a,
            "floor_seconds": times_b,
            "ratios": ratios,
            "ratio_min_median_max": [min(ratios), ratio, max(ratios)],
            "cpu_ratios": cpu_ratios,
            "cpu_ratio_median": median(cpu_ratios),
        },
    )


# -- report --------------------------------------------------------------------------------------
def table(results: Sequence[Result]) -> str:
    head = ("target", "what", "measured (median)", "limit", "ratio", "result")
    rows = [head] + [
        (
            r.target,
            r.what,
            r.value,
            r.limit,
            f"{r.ratio:.2f}" + ("" if r.target != "P4" else " of limit"),
            "PASS" if r.passed else "FAIL",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller configs (500/2,000 entries, catalogs of 2,000/10,000 models) and 3 repeats "
        "(start-up: 7 pairs); under 30 s, indicative only",
    )
    parser.add_argument("--repeats", type=int, help="timed repeats per target (default 7; quick 3)")
    parser.add_argument("--size", type=int, help="entries of the main config (default 5000; quick 2000)")
    parser.add_argument(
        "--growth",
        type=int,
        nargs=2,
        metavar=("SMALL", "BIG"),
        help="sizes compared for linear growth (default 1000 10000; quick 500 2000)",
    )
    parser.add_argument("--delay", type=float, default=0.4, help="server answer delay, s")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--models",
        type=int,
        nargs=2,
        metavar=("SMALL", "BIG"),
        help="catalog sizes (models) compared by P3c (default 5000 50000; quick 2000 10000)",
    )
    parser.add_argument("--pairs", type=int, help="paired runs per start-up target (default 11; quick 7)")
    parser.add_argument(
        "--best-of",
        type=int,
        default=3,
        help="each side of a start-up pair is the fastest of this many back-to-back runs (default 3)",
    )
    parser.add_argument("--only", nargs="+", choices=TARGETS, help="run only these targets")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"where generated files go (default {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile one run per target into OUT/profiles/"
    )
    parser.add_argument(
        "--json", type=Path, help="write the full results as JSON here (default OUT/results.json)"
    )
    opts = parser.parse_args(argv)

    repeats = opts.repeats or (3 if opts.quick else 7)
    size = opts.size or (2000 if opts.quick else 5000)
    small, big = opts.growth or ((500, 2000) if opts.quick else (1000, 10000))
    models = tuple(opts.models or ((2000, 10000) if opts.quick else (5000, 50000)))
    pairs = opts.pairs or (7 if opts.quick else 11)
    only = set(opts.only or TARGETS)
    for key in [k for k in os.environ if k.startswith("MODELCTL_") and k.endswith("_URL")]:
        del os.environ[key]  # the providers files below must decide the URLs
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    out = opts.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    profile_dir = out / "profiles" if opts.profile else None
    if profile_dir:
        profile_dir.mkdir(exist_ok=True)

    started = time.perf_counter()
    log(
        f"modelctl benchmark ({'quick' if opts.quick else 'full'}): main size {size:,}, "
        f"growth {small:,} -> {big:,}, {repeats} repeats; files in {out}"
    )
    results: list[Result] = []
    startup_targets = [t for t in STARTUP_TARGETS if t in only]
    if startup_targets:
        root = startup_workspace(out)
        results.extend(startup(t, root, pairs, max(1, opts.best_of)) for t in startup_targets)
    sizes = (
        ({size} if only & {"P1", "P2", "P3", "P4"} else set())
        | ({small, big} if only & {"P3", "P2g"} else set())
        | ({small} if "P3c" in only else set())
    )
    workspaces = {
        s: build_workspace(s, out, opts.seed, with_p2=(s == size and "P2" in only)) for s in sorted(sizes)
    }
    main_ws = workspaces.get(size)
    if "P1" in only:
        results.append(
            p1_live_plan(
                main_ws, repeats, opts.delay, sub_repeats=1 if opts.quick else 3, profile_dir=profile_dir
            )
        )
    if "P2" in only:
        results.append(p2_apply(main_ws, repeats, profile_dir))
    if "P2g" in only:
        results.append(p2_apply_growth(workspaces[small], workspaces[big], repeats, opts.seed))
    if "P3" in only:
        results.extend(p3_snapshot_plan(main_ws, workspaces[small], workspaces[big], repeats, profile_dir))
    if "P3c" in only:
        results.append(p3_catalog_growth(workspaces[small], models, repeats, opts.seed))
    if "P4" in only:
        results.append(p4_memory(main_ws, 1 if opts.quick else 3))
        if not opts.quick and big != size and big in workspaces:
            info = p4_memory(workspaces[big], 1)
            info.target = "P4i"
            info.what += " (info only)"
            info.limit = "-"
            info.passed = True
            results.append(info)
    total = time.perf_counter() - started

    print()
    print(table(results))
    print()
    for r in results:
        if r.target in STARTUP_TARGETS:
            low, mid, high = r.details["ratio_min_median_max"]
            print(
                f"{r.target} per-pair ratios min / median / max: {low:.2f} / {mid:.2f} / {high:.2f}; "
                f"CPU-time ratio (info) median {r.details['cpu_ratio_median']:.2f}"
            )
        if r.target == "P1":
            sub = r.details["subprocess_wall_median"]
            print(
                f"P1 subprocess wall (info, includes interpreter start-up and imports): "
                f"{sub:.3f} s median; 'modelctl --version' alone: "
                f"{r.details['interpreter_startup_version_median']:.3f} s"
            )
        if r.target == "P2":
            print(
                f"P2 plan summary {r.details['summary']}; {r.details['changed_lines']} config "
                "lines differ after apply"
            )
        if r.target == "P4":
            print(
                f"P4 interpreter + imports alone ('modelctl --version'): "
                f"{r.details['version_only_peak_mib']:.1f} MB"
            )
    print(
        f"L = yaml.load(config, Loader=yaml.CSafeLoader), measured right before each repeat; "
        f"ratio = median of per-repeat ratios. Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, total {total:.1f} s."
    )
    failed = [r.target for r in results if not r.passed]
    print("RESULT: " + ("FAIL " + ", ".join(failed) if failed else "all targets PASS"))
    report = {
        "mode": "quick" if opts.quick else "full",
        "size": size,
        "growth": [small, big],
        "repeats": repeats,
        "pairs": pairs,
        "best_of": opts.best_of,
        "models": list(models),
        "delay": opts.delay,
        "seconds_total": total,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "workspaces": {s: w.counts for s, w in workspaces.items()},
        "results": [asdict(r) for r in results],
    }
    (opts.json or out / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


def run() -> int:
    try:
        return main()
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(run())
