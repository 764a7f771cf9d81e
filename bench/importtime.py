"""Where a command's start-up goes: ``python -X importtime`` over a CLI code path, N runs.

    python bench/importtime.py                      # modelctl.cli import, --version, --help, ...
    python bench/importtime.py --runs 9 --top 12    # more runs, more rows

Each case runs ``modelctl.cli.main([...])`` (or a bare import) in a fresh interpreter with
``-X importtime``; per module the minimum over the runs is kept (the machine is shared: the
minimum is the least disturbed figure). Printed per case: the total import time (the sum of
every module's self time) and the heaviest top-level imports by cumulative time, marking
``requests``, ``urllib3``, ``jsonschema`` and ``typer`` when present. Information only: not
part of the test suite, nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WATCH = ("requests", "urllib3", "jsonschema", "typer", "dotenv", "jsonpatch", "importlib.metadata")

MAIN = "from modelctl.cli import main; main({})"
CASES: dict[str, str] = {
    "python (no modelctl)": "pass",
    "import modelctl.cli": "import modelctl.cli",
    "--version": "from modelctl.launch import run; run(['--version'])",
    "--help": MAIN.format("['--help']"),
    "show --format markdown": MAIN.format("['show', '{plan}', '--format', 'markdown']"),
    "validate": MAIN.format("['validate', '-c', '{config}', '--providers', '{providers}']"),
    "plan --catalog-dir": MAIN.format(
        "['plan', '-c', '{config}', '--providers', '{providers}', '--catalog-dir', '{catalogs}', "
        "'-o', '{plan}', '-q']"
    ),
}


def measure(code: str, cwd: Path) -> tuple[dict[str, tuple[int, int, int]], int]:
    """One fresh interpreter: {module: (self us, cumulative us, depth)} and the total (us)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},  # as installed
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
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--only", nargs="+", choices=list(CASES), help="only these cases")
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="modelctl-importtime-") as tmp:
        work = Path(tmp)
        names = {
            "config": str(REPO / "tests" / "fixtures" / "configs" / "seed-708a58f.yaml"),
            "providers": str(REPO / "tests" / "fixtures" / "example" / "providers.yaml"),
            "catalogs": str(REPO / "examples" / "catalogs"),
            "plan": str(work / "example.plan.json"),
        }
        # the plan that 'show' renders: the bundled example's
        subprocess.run(
            [sys.executable, "-c", CASES["plan --catalog-dir"].format(**names)],
            cwd=work,
            check=True,
            capture_output=True,
        )
        for case, template in CASES.items():
            if opts.only and case not in opts.only:
                continue
            runs = [measure(template.format(**names), work) for _ in range(opts.runs)]
            best: dict[str, tuple[int, int, int]] = {}
            for modules, _total in runs:
                for name, row in modules.items():
                    old = best.get(name)
                    best[name] = row if old is None else (min(old[0], row[0]), min(old[1], row[1]), row[2])
            total = min(t for _m, t in runs)
            present = [w for w in WATCH if w in best]
            print(f"\n## {case}: {total / 1000:.1f} ms of imports (min of {opts.runs} runs)")
            print(f"   loaded: {', '.join(present) or '(none of ' + ', '.join(WATCH) + ')'}")
            tops = sorted(
                ((n, r) for n, r in best.items() if r[2] == 0 and n not in ("site", "encodings")),
                key=lambda item: -item[1][1],
            )
            for name, (_self, cumulative, _depth) in tops[: opts.top]:
                print(f"   {cumulative / 1000:7.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
