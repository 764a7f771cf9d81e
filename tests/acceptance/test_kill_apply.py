"""Crash safety of ``modelctl apply``: SIGKILL at any moment leaves the old or the new bytes.

100 (up to 136) applies of a plan that touches many entries of a copy of the seed config (39 updates and 22
removals from examples/catalogs) are killed with SIGKILL after a random delay spread over the
whole apply, from before the config is read to after it is written. Afterwards the config holds
exactly the old or exactly the new bytes, and applying again works (exit 0 on the old bytes,
exit 3 "stale" on the new ones): the kernel drops the lock of a killed process.

A kill between the temp file's creation and the rename may leave a ``.config.yaml.<random>.tmp``
next to the config (see ``modelctl.fileio.write_atomic``): the config itself is whole, modelctl
never reads such files, and they can be deleted. Only such files may be left behind.

Speed: a fork server (one ``python -c`` that imports modelctl once) forks each apply as a
child process running ``modelctl.cli.main(["apply", ...])``, four at a time, and kills it; a few
more applies run as fresh interpreters (``python -c "from modelctl.cli import run; run()"``).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from modelctl.apply import apply_plan, render_applied
from modelctl.catalog import load_snapshots
from modelctl.cli import EXIT_ERROR, EXIT_REJECTED
from modelctl.config import read_config
from modelctl.errors import ModelctlError, PlanRejectedError
from modelctl.plan import Plan, read_plan
from modelctl.planner import PlanRequest, build_plan
from modelctl.providers.registry import load_plugins, load_registry

from helpers import SEED_CONFIG

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

REPO = Path(__file__).resolve().parents[2]
FORKED_RUNS = 100
SPARE_RUNS = 36  # used only when the first 100 kills missed one side of the rename (see FORK_SERVER)
EXEC_RUNS = 8
BATCH = 6  # forked applies running (and killed) side by side
TEMP = re.compile(r"^\.config\.yaml\..+\.tmp$")

FORK_SERVER = textwrap.dedent("""
    import gc, json, os, random, signal, sys, time
    from modelctl.cli import main

    root, batch, seed, forked = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    folders = sorted(f for f in os.listdir(os.path.join(root, "runs")) if f.startswith("run-"))
    with open(os.path.join(root, "runs", folders[0], "config.yaml"), "rb") as first:
        old = first.read()  # every run starts from the same bytes
    devnull = os.open(os.devnull, os.O_WRONLY)

    def start(folder):
        pid = os.fork()
        if pid == 0:  # the child: exactly 'modelctl apply plan.json', quietly
            try:
                os.chdir(os.path.join(root, "runs", folder))
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                code = main(["apply", "plan.json", "-q"])
            except BaseException:
                code = 99
            os._exit(code)
        return pid

    # warm up in this process (lazy imports, the plan schema) so each child only applies
    with open(os.devnull, "w") as sink:
        stdout, sys.stdout = sys.stdout, sink
        warm = os.path.join(root, "runs", "warmup")
        assert main(["apply", os.path.join(warm, "plan.json"), "-c",
                     os.path.join(warm, "config.yaml"), "-q"]) == 0
        sys.stdout = stdout
    gc.collect()
    gc.freeze()  # children then share the parent's heap instead of copying it page by page
    # calibrate: how long a whole batch of applies takes, run side by side like the kills
    started = time.monotonic()
    for pid in [start(f"calibrate-{k}") for k in range(batch)]:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    whole = time.monotonic() - started
    rng = random.Random(seed)
    results = {}

    def kill_batch(group, low, high):
        delays = {f: rng.uniform(low, high) for f in group}
        started = time.monotonic()
        pids = {f: start(f) for f in group}
        for folder in sorted(group, key=delays.get):
            time.sleep(max(0.0, started + delays[folder] - time.monotonic()))
            try:
                os.kill(pids[folder], signal.SIGKILL)
            except ProcessLookupError:
                pass
        for folder, pid in pids.items():
            _, status = os.waitpid(pid, 0)
            results[folder] = {"delay": delays[folder], "status": os.waitstatus_to_exitcode(status)}

    def still_old():
        return sum(open(os.path.join(root, "runs", f, "config.yaml"), "rb").read() == old for f in results)

    runs, spare = folders[:forked], folders[forked:]
    for first in range(0, len(runs), batch):
        kill_batch(runs[first:first + batch], 0, 1.3 * whole)
    # the calibration can be off on a loaded machine: more kills, earlier or later, until both
    # sides of the rename were hit at least 5 times (a spare batch, not a timer, settles it)
    while spare and min(still_old(), len(results) - still_old()) < 5:
        early = still_old() < 5
        kill_batch(spare[:batch], *((0, 0.5 * whole) if early else (whole, 3 * whole)))
        spare = spare[batch:]
    print(json.dumps({"whole": whole, "results": results}))
""")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes, str]:
    """(the seed config's bytes, the bytes after the plan, the plan file's text)."""
    folder = tmp_path_factory.mktemp("scenario")
    config = folder / "config.yaml"
    shutil.copyfile(SEED_CONFIG, config)
    registry = load_registry(None)
    specs = [registry.specs[n] for n in ("openrouter", "poe", "vercel", "nvidia", "novita")]
    catalogs = load_snapshots(specs, load_plugins(), REPO / "examples" / "catalogs")
    plan = build_plan(read_config(config), registry, specs, catalogs, PlanRequest(allow_mass_removal=True))
    assert plan.summary["update"] >= 30 and plan.summary["remove"] >= 20
    plan = replace(plan, config_path="config.yaml")
    old = config.read_bytes()
    return old, render_applied(plan, old, config), plan.dumps()


def make_run(folder: Path, old: bytes, plan_text: str) -> None:
    folder.mkdir(parents=True)
    (folder / "config.yaml").write_bytes(old)
    (folder / "plan.json").write_text(plan_text, encoding="utf-8")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in ("config.yaml", "plan.json"))


def test_sigkill_at_any_moment(tmp_path: Path, scenario: tuple[bytes, bytes, str]) -> None:
    old, new, plan_text = scenario
    assert old != new
    runs = tmp_path / "runs"
    for name in ["warmup", *(f"calibrate-{k}" for k in range(BATCH))]:
        make_run(runs / name, old, plan_text)
    for k in range(FORKED_RUNS + SPARE_RUNS):
        make_run(runs / f"run-{k:03d}", old, plan_text)
    seed = random.randrange(1 << 30)
    proc = subprocess.run(
        [sys.executable, "-c", FORK_SERVER, str(tmp_path), str(BATCH), str(seed), str(FORKED_RUNS)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    results = {k: v for k, v in report["results"].items() if k.startswith("run-")}
    assert FORKED_RUNS <= len(results) <= FORKED_RUNS + SPARE_RUNS

    outcomes = {"old": 0, "new": 0}
    temp_files = 0
    for name, result in sorted(results.items()):
        folder = runs / name
        data = (folder / "config.yaml").read_bytes()
        assert data in (old, new), (
            f"{name} (seed {seed}, delay {result['delay']:.3f}s): "
            "the config is neither the old nor the new bytes"
        )
        outcomes["old" if data == old else "new"] += 1
        assert result["status"] in (-signal.SIGKILL, 0), result  # killed, or it had finished
        if result["status"] == 0:
            assert data == new
        extra = leftovers(folder)
        assert all(TEMP.match(n) for n in extra), extra
        temp_files += len(extra)
        for tmp in extra:  # a stray temp file never holds more than the new bytes
            assert new.startswith((folder / tmp).read_bytes())
    # the delays cover the whole apply: some were killed before the rename, some after
    assert outcomes["old"] >= 5 and outcomes["new"] >= 5, (outcomes, report["whole"])
    print(
        f"kill runs: {outcomes}, stray temp files: {temp_files}, one apply "
        f"{report['whole'] * 1000:.0f} ms, seed {seed}"
    )

    # the next apply works on whatever was left: the lock died with the killed process
    for name, result in sorted(results.items())[:12]:
        folder = runs / name
        was_old = (folder / "config.yaml").read_bytes() == old
        assert apply_again(folder) == (0 if was_old else 3), (name, result)
        assert (folder / "config.yaml").read_bytes() == new


def apply_again(folder: Path) -> int:
    try:
        apply_plan(read_plan(folder / "plan.json"), folder / "config.yaml")
    except PlanRejectedError:
        return EXIT_REJECTED
    except ModelctlError:
        return EXIT_ERROR
    return 0


def test_sigkill_fresh_interpreters(tmp_path: Path, scenario: tuple[bytes, bytes, str]) -> None:
    """The same with the installed entry point in new processes, killed over their whole life
    (interpreter start and imports included), all at once."""
    old, new, plan_text = scenario
    procs = []
    for k in range(EXEC_RUNS):
        folder = tmp_path / f"exec-{k}"
        make_run(folder, old, plan_text)
        procs.append(
            (
                folder,
                subprocess.Popen(
                    [sys.executable, "-c", "from modelctl.cli import run; run()", "apply", "plan.json", "-q"],
                    cwd=folder,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                ),
            )
        )
    started = time.monotonic()
    # the first survives; the others die at moments spread over the time all of them take
    # together on a small machine (about 3 s on 2 cores), the last one usually after its write
    delays = [0.1 + 3.4 * k / (EXEC_RUNS - 1) for k in range(EXEC_RUNS - 1)]
    for (_folder, proc), delay in zip(procs[1:], delays, strict=True):
        time.sleep(max(0.0, started + delay - time.monotonic()))
        proc.send_signal(signal.SIGKILL)
    for folder, proc in procs:
        proc.wait(timeout=60)
        assert (folder / "config.yaml").read_bytes() in (old, new)
        assert all(TEMP.match(n) for n in leftovers(folder))
    assert procs[0][1].returncode == 0
    assert (procs[0][0] / "config.yaml").read_bytes() == new


def plans_from_one_config(folder: Path) -> tuple[Plan, Plan]:
    """Two different plans made from the same config: OpenRouter's changes, and Poe's."""
    registry = load_registry(None)
    config = read_config(folder / "config.yaml")
    out = []
    for name in ("openrouter", "poe"):
        spec = registry.specs[name]
        catalogs = load_snapshots([spec], load_plugins(), REPO / "examples" / "catalogs")
        plan = build_plan(config, registry, [spec], catalogs, PlanRequest(allow_mass_removal=True))
        plan = replace(plan, config_path="config.yaml")
        (folder / f"{name}.plan.json").write_text(plan.dumps(), encoding="utf-8")
        out.append(plan)
    return out[0], out[1]


BARRIER = textwrap.dedent("""
    import os, sys, time
    from modelctl.cli import main
    open(sys.argv[1], "w").close()  # ready
    deadline = time.monotonic() + 30
    while not os.path.exists(sys.argv[2]) and time.monotonic() < deadline:
        time.sleep(0.0005)
    sys.exit(main(sys.argv[3:]))
""")


def test_two_concurrent_applies_one_wins(tmp_path: Path) -> None:
    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")
    old = (tmp_path / "config.yaml").read_bytes()
    plans = dict(zip(("openrouter", "poe"), plans_from_one_config(tmp_path), strict=True))
    go = tmp_path / "go"
    procs = {}
    for name in plans:
        procs[name] = subprocess.Popen(
            [
                sys.executable,
                "-c",
                BARRIER,
                str(tmp_path / f"ready-{name}"),
                str(go),
                "apply",
                f"{name}.plan.json",
                "-q",
            ],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{n}").exists() for n in plans):
        assert time.monotonic() < deadline, "the appliers did not start"
        time.sleep(0.005)
    go.touch()  # both start applying within a millisecond
    errs = {name: proc.communicate(timeout=60)[1] for name, proc in procs.items()}
    codes = {name: proc.returncode for name, proc in procs.items()}
    assert sorted(codes.values()) == [0, 3], (codes, errs)
    winner = next(n for n, c in codes.items() if c == 0)
    loser = next(n for n, c in codes.items() if c == 3)
    assert "the config changed since the plan was made" in errs[loser]
    assert (tmp_path / "config.yaml").read_bytes() == render_applied(
        plans[winner], old, tmp_path / "config.yaml"
    )
    assert (
        read_plan(tmp_path / f"{loser}.plan.json").config_sha256
        != __import__("hashlib").sha256((tmp_path / "config.yaml").read_bytes()).hexdigest()
    )


def wait_until_blocked(proc: subprocess.Popen[str], path: Path) -> None:
    """Wait until ``proc`` is blocked waiting for a flock on the file now at ``path``: the kernel
    lists a waiter in /proc/locks as ``-> FLOCK ... PID MAJ:MIN:INODE`` (no timer to race)."""
    inode = f":{os.stat(path).st_ino} "
    deadline = time.monotonic() + 120  # only a hang ends here; the normal wait is milliseconds
    while True:
        with open("/proc/locks", encoding="ascii") as locks:
            waiting = [line.split() for line in locks if "->" in line and inode in line]
        if any(str(proc.pid) in fields for fields in waiting):
            return
        assert proc.poll() is None, "the apply ended instead of waiting for the lock"
        assert time.monotonic() < deadline, f"the apply never waited for the lock on {path}"
        time.sleep(0.01)


def test_waiter_follows_a_replaced_file(tmp_path: Path) -> None:
    """An apply waiting on the lock of a file that another apply then replaced must lock the
    new file, not write while someone holds the new file's lock."""
    import fcntl

    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")
    config = tmp_path / "config.yaml"
    first = os.open(config, os.O_RDONLY)
    fcntl.flock(first, fcntl.LOCK_EX)  # another apply is busy with the current file
    try:
        # the file it will write (as os.replace does), and a plan made for exactly those bytes
        replaced = tmp_path / "replaced.yaml"
        replaced.write_bytes(config.read_bytes() + b"# applied by someone else\n")
        shutil.copyfile(replaced, tmp_path / "next.yaml")
        folder = tmp_path / "next"
        folder.mkdir()
        shutil.copyfile(replaced, folder / "config.yaml")
        plan, _ = plans_from_one_config(folder)
        plan_file = folder / "openrouter.plan.json"
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from modelctl.cli import run; run()",
                "apply",
                str(plan_file),
                "-c",
                str(config),
                "-q",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_until_blocked(proc, config)  # it starts and blocks on the lock of the current file
        os.replace(replaced, config)  # the other apply writes the new file ...
        second = os.open(config, os.O_RDONLY)
        fcntl.flock(second, fcntl.LOCK_EX)  # ... and a third apply locks it
    finally:
        os.close(first)  # the first apply is done
    wait_until_blocked(proc, config)  # it followed the replacement and now waits for the third
    assert proc.poll() is None, "the waiter wrote while the new file was locked"
    assert config.read_bytes() == (tmp_path / "next.yaml").read_bytes()
    os.close(second)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert config.read_bytes() == render_applied(plan, (tmp_path / "next.yaml").read_bytes(), config)
