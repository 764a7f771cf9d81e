"""modelctl/linediff.py: a unified diff that, applied to the old lines, gives exactly the new ones,
in difflib's format, in about linear time (no wall-clock assert: the work is counted)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelctl import linediff

from helpers import apply_unified_diff

LINES = st.lists(st.sampled_from([f"l{i}\n" for i in range(12)] + ["  x: 1\n", "- a\n"]), max_size=60)


@settings(max_examples=400, deadline=None)
@given(LINES, LINES)
def test_the_diff_applied_gives_the_new_lines(a: list[str], b: list[str]) -> None:
    diff = list(linediff.unified_diff(a, b, "a/c.yaml", "b/c.yaml"))
    if a == b:
        assert diff == []
    else:
        assert diff[:2] == ["--- a/c.yaml\n", "+++ b/c.yaml\n"]
        assert apply_unified_diff(a, diff) == b


@settings(max_examples=200, deadline=None)
@given(LINES, st.data())
def test_small_edits_of_a_text_match_difflib_exactly(a: list[str], data: st.DataObject) -> None:
    """Where difflib's alignment is unambiguous (distinct lines), the output is difflib's own."""
    a = [f"{i}:{line}" for i, line in enumerate(a)]
    b = list(a)
    for _ in range(data.draw(st.integers(0, 3))):
        if b:
            del b[data.draw(st.integers(0, len(b) - 1))]
        b.insert(data.draw(st.integers(0, len(b))), "new\n")
    ours = list(linediff.unified_diff(a, b, "a/x", "b/x"))
    theirs = list(difflib.unified_diff(a, b, "a/x", "b/x"))
    assert ours == theirs


def test_a_big_config_with_scattered_edits_is_aligned_by_anchors(monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 lines, 300 scattered edits: difflib sees only tiny regions (the work is counted)."""
    a = [f"- model_name: m{i}\n" if i % 3 == 0 else "  litellm_params: {}\n" for i in range(20_000)]
    b = list(a)
    for k in range(0, 20_000, 67):
        b[k] = b[k].replace("model_name", "model_name ")
    sizes: list[int] = []
    real = linediff._small_region

    def counting(x: Sequence[str], y: Sequence[str]) -> list[tuple[int, int, int]]:
        sizes.append(len(x) * len(y))
        return real(x, y)

    monkeypatch.setattr(linediff, "_small_region", counting)
    diff = list(linediff.unified_diff(a, b, "a/c", "b/c"))
    assert apply_unified_diff(a, diff) == b
    assert max(sizes, default=0) <= 100  # every region handed to difflib is a handful of lines
