"""Output only in ``cli.py`` and ``render/``: the library core returns results, never prints.

The check of issue 14 (``rg "print\\(|sys\\.std" modelctl/``) as a test, with no exception: even
``launch.py``'s ``--version`` fast path (which answers before the CLI, typer, is imported) has its
answer written by ``modelctl.render.write_version``.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "modelctl"
OUTPUT = re.compile(r"print\(|sys\.std")
ALLOWED = {"cli.py"}


def _writers() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if OUTPUT.search(path.read_text(encoding="utf-8")):
            found.add(rel)
    return found


def test_only_the_cli_and_renderers_write_output() -> None:
    found = _writers()
    outside = {rel for rel in found if rel not in ALLOWED and not rel.startswith("render/")}
    assert outside == set()
    assert "cli.py" in found  # the check can fail: it does see output where there is some
