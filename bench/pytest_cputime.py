"""A pytest plugin: the CPU seconds each test costs (its process and the subprocesses it waited for).

Wall times on a shared machine say more about the neighbours than about the test; CPU seconds
do not. Use it to find what to make cheaper:

    CPUTIME_OUT=/tmp/cpu python -m pytest -p bench.pytest_cputime
    python -m bench.pytest_cputime /tmp/cpu        # the 40 most expensive tests and the total

Each process (xdist worker) appends ``nodeid<TAB>cpu<TAB>wall`` lines to its own file in
``$CPUTIME_OUT``. Nothing here is imported by the suite itself.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Generator
from pathlib import Path

import pytest


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    out = os.environ.get("CPUTIME_OUT")
    cpu, wall = _cpu(), time.monotonic()
    yield
    if out:
        line = f"{item.nodeid}\t{_cpu() - cpu:.3f}\t{time.monotonic() - wall:.3f}\n"
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(Path(out) / f"{worker}.tsv", "a", encoding="utf-8") as sink:
            sink.write(line)


def main(folder: str, top: int = 40) -> None:
    rows = []
    for path in Path(folder).glob("*.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            nodeid, cpu, wall = line.split("\t")
            rows.append((float(cpu), float(wall), nodeid))
    rows.sort(reverse=True)
    for cpu, wall, nodeid in rows[:top]:
        print(f"{cpu:8.2f} cpu {wall:8.2f} wall  {nodeid}")
    files: dict[str, float] = {}
    for cpu, _, nodeid in rows:
        files[nodeid.split("::")[0]] = files.get(nodeid.split("::")[0], 0.0) + cpu
    print("per file:")
    for name, cpu in sorted(files.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{cpu:8.2f} cpu  {name}")
    print(f"{len(rows)} tests, {sum(r[0] for r in rows):.1f} CPU seconds in all")


if __name__ == "__main__":
    main(sys.argv[1], *(int(a) for a in sys.argv[2:3]))
