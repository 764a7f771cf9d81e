"""Output lines under a character budget, so a comment never passes GitHub's size limit."""

from __future__ import annotations

from collections.abc import Sequence


class Out:
    """Lines with a character budget (each line costs its length plus a newline)."""

    def __init__(self, budget: int) -> None:
        self.lines: list[str] = []
        self.left = budget
        self.held = 0  # kept back for the stubs of sections still to come
        self.truncated = False

    @staticmethod
    def cost(lines: Sequence[str]) -> int:
        return sum(map(len, lines)) + len(lines)

    def fits(self, lines: Sequence[str], reserve: int = 0) -> bool:
        return self.cost(lines) + reserve <= self.left - self.held

    def put(self, lines: Sequence[str]) -> None:
        self.lines.extend(lines)
        self.left -= self.cost(lines)

    def block(
        self,
        prologue: list[str],
        rows: Sequence[str],
        epilogue: list[str],
        more: str,
        total: int | None = None,
    ) -> None:
        """prologue, as many rows as fit, a ``more`` line (``{n}``: items left out), epilogue.

        ``total`` is how many items ``rows`` stand for when the caller listed only some of them
        (default: one item a row).
        """
        total = len(rows) if total is None else total
        closing = self.cost(epilogue) + len(more.format(n=total)) + 1
        if not self.fits(prologue, closing):
            self.truncated = True
            return
        self.put(prologue)
        shown = self._rows(rows, closing)
        if shown < total:
            self.put([more.format(n=total - shown)])
        self.put(epilogue)

    def _rows(self, rows: Sequence[str], closing: int) -> int:
        """Put rows while each fits with ``closing`` still after it; how many were put."""
        room = self.left - self.held - closing
        shown = 0
        for row in rows:
            cost = len(row) + 1
            if cost > room:
                self.truncated = True
                break
            room -= cost
            shown += 1
        self.lines.extend(rows[:shown])
        self.left -= self.cost(rows[:shown])
        return shown
