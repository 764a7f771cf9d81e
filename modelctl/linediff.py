"""A unified line diff in about linear time for texts that mostly agree (a config before and after
a plan).

``difflib.unified_diff`` aligns the two texts with ``SequenceMatcher``, whose longest-match search
is quadratic in the size of the region that differs: on a 10,000-entry config with a few hundred
scattered edits it takes seconds. Here the texts are aligned the way patience diff does it: the
common head and tail are matched, lines that occur exactly once in both sides anchor the
alignment (the longest run of them in the same order), and the same is done again between
anchors; only a small region without any anchor is handed to ``SequenceMatcher``. The output has
``difflib.unified_diff``'s format (3 lines of context, ``--- a/…``/``+++ b/…`` headers).
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections.abc import Iterator, Sequence

CONTEXT = 3
SMALL_REGION = 250_000
"""Regions without an anchor up to this many line pairs go to ``SequenceMatcher``; a larger one
is shown as replaced (correct, only less fine-grained)."""


def unified_diff(a: Sequence[str], b: Sequence[str], fromfile: str, tofile: str) -> Iterator[str]:
    """``difflib.unified_diff(a, b, fromfile, tofile)``, aligned in about linear time."""
    started = False
    for group in _grouped(_opcodes(matching_blocks(a, b)), CONTEXT):
        if not started:
            started = True
            yield f"--- {fromfile}\n"
            yield f"+++ {tofile}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                yield from ("-" + line for line in a[i1:i2])
            if tag in ("replace", "insert"):
                yield from ("+" + line for line in b[j1:j2])


Opcode = tuple[str, int, int, int, int]


def _opcodes(blocks: Sequence[tuple[int, int, int]]) -> list[Opcode]:
    """``SequenceMatcher.get_opcodes()`` from matching blocks."""
    i = j = 0
    codes: list[Opcode] = []
    for ai, bj, size in blocks:
        if i < ai or j < bj:
            tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert"
            codes.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            codes.append(("equal", ai, i, bj, j))
    return codes


def _grouped(codes: list[Opcode], n: int) -> Iterator[list[Opcode]]:
    """``SequenceMatcher.get_grouped_opcodes(n)``: changes with ``n`` lines of context, hunks
    joined when fewer than ``2 * n`` equal lines separate them."""
    if not codes:
        return
    tag, i1, i2, j1, j2 = codes[0]
    if tag == "equal":
        codes[0] = (tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2)
    tag, i1, i2, j1, j2 = codes[-1]
    if tag == "equal":
        codes[-1] = (tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n))
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    """A unified-diff range (``difflib``'s own rule)."""
    beginning, length = start + 1, stop - start
    if length == 1:
        return str(beginning)
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """``SequenceMatcher.get_matching_blocks()`` for ``a`` and ``b``, patience-aligned."""
    found: list[tuple[int, int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = _trimmed(a, b, *stack.pop(), found)
        if alo == ahi or blo == bhi:
            continue
        anchors = _anchors(a, alo, ahi, b, blo, bhi)
        if not anchors:
            if (ahi - alo) * (bhi - blo) <= SMALL_REGION:
                found.extend((alo + i, blo + j, n) for i, j, n in _small_region(a[alo:ahi], b[blo:bhi]))
            continue
        prev_a, prev_b = alo, blo
        for i, j in anchors:
            found.append((i, j, 1))
            stack.append((prev_a, i, prev_b, j))
            prev_a, prev_b = i + 1, j + 1
        stack.append((prev_a, ahi, prev_b, bhi))
    return [*_merged(found), (len(a), len(b), 0)]


def _trimmed(
    a: Sequence[str],
    b: Sequence[str],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    found: list[tuple[int, int, int]],
) -> tuple[int, int, int, int]:
    """The region without its common head and tail (both recorded in ``found`` as blocks)."""
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    if head:
        found.append((alo, blo, head))
        alo, blo = alo + head, blo + head
    tail = 0
    while alo < ahi - tail and blo < bhi - tail and a[ahi - tail - 1] == b[bhi - tail - 1]:
        tail += 1
    if tail:
        found.append((ahi - tail, bhi - tail, tail))
        ahi, bhi = ahi - tail, bhi - tail
    return alo, ahi, blo, bhi


def _merged(found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The blocks in order, adjacent ones joined (as ``get_matching_blocks`` returns them)."""
    found.sort()
    merged: list[list[int]] = []
    for i, j, n in found:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1][2] += n
        else:
            merged.append([i, j, n])
    return [(i, j, n) for i, j, n in merged]


def _small_region(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """A region with no unique line in common: difflib's own alignment (it is small)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(i, j, n) for i, j, n in matcher.get_matching_blocks() if n]


def _anchors(
    a: Sequence[str], alo: int, ahi: int, b: Sequence[str], blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Lines unique in both regions, the longest chain of them in the same order on both sides."""
    count_a: dict[str, int] = {}
    where_a: dict[str, int] = {}
    for i in range(alo, ahi):
        line = a[i]
        count_a[line] = count_a.get(line, 0) + 1
        where_a[line] = i
    count_b: dict[str, int] = {}
    where_b: dict[str, int] = {}
    for j in range(blo, bhi):
        line = b[j]
        if line in count_a:
            count_b[line] = count_b.get(line, 0) + 1
            where_b[line] = j
    pairs = sorted(
        (where_a[line], where_b[line]) for line, n in count_b.items() if n == 1 and count_a[line] == 1
    )
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by the first item) increasing in the second."""
    tails: list[int] = []  # tails[k]: smallest second item ending an increasing run of length k+1
    ends: list[int] = []  # index in pairs of that run's last pair
    previous: list[int] = [-1] * len(pairs)
    for index, (_i, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[k] = j
            ends[k] = index
        previous[index] = ends[k - 1] if k else -1
    chain: list[tuple[int, int]] = []
    index = ends[-1] if ends else -1
    while index != -1:
        chain.append(pairs[index])
        index = previous[index]
    chain.reverse()
    return chain
