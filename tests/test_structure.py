"""The shape of the package, enforced (issue 14's checks you can run yourself, as tests):
no module in ``modelctl/`` over 300 lines, no function over 50 lines (``def`` line to last line,
docstring included), and no function, method or class that radon grades worse than C."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "modelctl"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 50
WORST_GRADE = "C"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def _long_functions(source: str) -> list[tuple[str, int, int]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append((node.name, node.lineno, length))
    return found


def test_no_module_over_300_lines() -> None:
    assert len(SOURCES) > 30  # the package was found
    long = {
        _rel(p): n
        for p in SOURCES
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_over_50_lines() -> None:
    long = {
        f"{_rel(p)}:{line} {name}": n
        for p in SOURCES
        for name, line, n in _long_functions(p.read_text(encoding="utf-8"))
    }
    assert long == {}


def test_radon_grades_nothing_worse_than_c() -> None:
    from radon.complexity import cc_rank, cc_visit

    worse = {
        f"{_rel(p)}:{block.lineno} {block.name}": cc_rank(block.complexity)
        for p in SOURCES
        for block in cc_visit(p.read_text(encoding="utf-8"))
        if cc_rank(block.complexity) > WORST_GRADE
    }
    assert worse == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n" + "    x = 1\n" * 49, []),
        ("def f():\n" + "    x = 1\n" * 50, [("f", 1, 51)]),
        ("class C:\n    async def g(self):\n" + "        x = 1\n" * 50, [("g", 2, 51)]),
    ],
)
def test_the_length_check_can_fail(source: str, expected: list[tuple[str, int, int]]) -> None:
    assert _long_functions(source) == expected


def test_the_radon_check_can_fail() -> None:
    from radon.complexity import cc_rank, cc_visit

    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(25))
    (block,) = cc_visit(f"def f(x):\n{branches}    return -1\n")
    assert cc_rank(block.complexity) == "D"
