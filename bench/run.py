"""modelctl performance benchmark (issue 7 targets P1-P4).

    python bench/run.py            # full run: 1k/5k/10k configs, 7 repeats each
    python bench/run.py --quick    # < 30 s: smaller sizes, 3 repeats (indicative only)

Every target is a ratio to a baseline measured in the same run on the same machine, right
before each timed repeat: the time PyYAML's ``yaml.CSafeLoader`` takes to load the same config
(``L``). The verdict uses the median over repeats of the per-repeat ratios; the medians of the
raw times are printed too. Exit status: 0 all targets pass, 1 a target failed, 2 the benchmark
itself could not run (e.g. a plan did not have the expected changes).

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
        help="smaller configs (500/2,000 entries) and 3 repeats; < 30 s, indicative only",
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
    parser.add_argument("--only", nargs="+", choices=["P1", "P2", "P3", "P4"], help="run only these targets")
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
    only = set(opts.only or ["P1", "P2", "P3", "P4"])
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
    sizes = {size} | ({small, big} if "P3" in only else set())
    workspaces = {
        s: build_workspace(s, out, opts.seed, with_p2=(s == size and "P2" in only)) for s in sorted(sizes)
    }
    main_ws = workspaces[size]
    results: list[Result] = []
    if "P1" in only:
        results.append(
            p1_live_plan(
                main_ws, repeats, opts.delay, sub_repeats=1 if opts.quick else 3, profile_dir=profile_dir
            )
        )
    if "P2" in only:
        results.append(p2_apply(main_ws, repeats, profile_dir))
    if "P3" in only:
        results.extend(p3_snapshot_plan(main_ws, workspaces[small], workspaces[big], repeats, profile_dir))
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
