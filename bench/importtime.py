"""Where a command's start-up goes: ``python -X importtime`` over each CLI code path.

    python bench/importtime.py                 # this worktree's modelctl, 5 runs per case
    python bench/importtime.py --ref main      # the same cases for another revision's modelctl/
    python bench/importtime.py --runs 15 --only python "modelctl show"

Each case runs ``modelctl.cli.main([...])`` (or a bare import) in a fresh interpreter with
``-X importtime``, on the example config and snapshots; per module the minimum over the runs is
kept (the machine is shared: the minimum is the least disturbed figure). Printed per case: the
total import time (the sum of every module's self time), the same over a bare ``python``, and
the heavy packages that were loaded with their cumulative import time. ``--ref`` extracts
``modelctl/`` of a git revision and puts it first on ``PYTHONPATH`` (the same interpreter and
dependencies). Information only: not part of the test suite, nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WATCH = ("typer", "requests", "jsonschema", "yaml", "dotenv", "importlib.metadata", "jsonpatch")

MAIN = "from modelctl.cli import main; main({})"
CASES: dict[str, str] = {
    "python": "pass",
    "import modelctl.cli": "import modelctl.cli",
    "modelctl --version": "import sys; sys.argv = ['modelctl', '--version']; from {entry} import run; run()",
    "modelctl --help": MAIN.format("['--help']"),
    "modelctl show": MAIN.format("['show', '{plan}', '--format', 'markdown']"),
    "modelctl validate": MAIN.format("['validate', '-c', '{config}', '--providers', '{providers}']"),
    "modelctl plan": MAIN.format(
        "['plan', '-c', '{config}', '--providers', '{providers}', '--catalog-dir', '{catalogs}', "
        "'-o', '{plan}', '-q']"
    ),
}


def measure(code: str, cwd: Path, env: dict[str, str]) -> tuple[dict[str, tuple[int, int, int]], int]:
    """One fresh interpreter: {module: (self us, cumulative us, depth)} and the total (us)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    modules: dict[str, tuple[int, int, int]] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line[len("import time:") :].split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        modules[name.strip()] = (int(self_us), int(cumulative), depth)
    return modules, sum(s for s, _c, _d in modules.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="+", choices=list(CASES), help="only these cases")
    parser.add_argument("--ref", help="measure this git revision's modelctl/ instead (e.g. main)")
    opts = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed
    baseline = 0
    print(
        f"modelctl {'at ' + opts.ref if opts.ref else 'of the worktree'}: import time, "
        f"min of {opts.runs} runs"
    )
    print("(the watched packages loaded, with their cumulative import ms)")
    with tempfile.TemporaryDirectory(prefix="modelctl-importtime-") as tmp:
        work = Path(tmp)
        package = REPO / "modelctl"
        if opts.ref:  # an overlay first on the path: the children import that revision's package
            archive = subprocess.run(
                ["git", "archive", opts.ref, "modelctl"], cwd=REPO, capture_output=True, check=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
            env["PYTHONPATH"] = str(work)
            package = work / "modelctl"
        names = {
            "config": str(REPO / "tests" / "fixtures" / "configs" / "seed-708a58f.yaml"),
            "providers": str(REPO / "tests" / "fixtures" / "example" / "providers.yaml"),
            "catalogs": str(REPO / "examples" / "catalogs"),
            "plan": str(work / "example.plan.json"),
            # the console script's entry point (modelctl.cli:run before issue 15)
            "entry": "modelctl.launch" if (package / "launch.py").exists() else "modelctl.cli",
        }
        # the plan that 'show' renders: the bundled example's
        subprocess.run(
            [sys.executable, "-c", CASES["modelctl plan"].format(**names)],
            cwd=work,
            check=True,
            capture_output=True,
            env={k: v for k, v in env.items() if k != "PYTHONPATH"},
        )
        for case, template in CASES.items():
            if opts.only and case not in opts.only:
                continue
            runs = [measure(template.format(**names), work, env) for _ in range(opts.runs)]
            best: dict[str, tuple[int, int, int]] = {}
            for modules, _total in runs:
                for name, row in modules.items():
                    old = best.get(name)
                    best[name] = row if old is None else (min(old[0], row[0]), min(old[1], row[1]), row[2])
            total = min(t for _m, t in runs)
            if case == "python":
                baseline = total
            present = {w: best[w][1] for w in WATCH if w in best}
            print(
                f"{case:24} {total / 1000:6.1f} ms ({(total - baseline) / 1000:+6.1f} ms over python)  "
                + ", ".join(f"{w} {ms / 1000:.0f}" for w, ms in present.items())
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
