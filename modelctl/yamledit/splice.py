"""The original text with edits spliced in at exact positions, segment by segment.

The text is cut into *segments* (the prefix before the list, one per original entry, the
suffix after it); each edit belongs to exactly one of them, so a segment that moves (an entry
sorted elsewhere) takes its edits along and a removed one drops them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from modelctl.yamledit.tree import Node

Span = tuple[int, int]


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    order: int
    text: str
    anchor_of: Node | None = None  # the anchored scalar this edit changes
    drops_alias: Node | None = None  # the alias this edit replaces by a value


class SplicedText:
    def __init__(self, text: str, prefix_end: int, entries: list[Span], suffix_start: int) -> None:
        self.text = text
        self.edits: list[Edit] = []
        self.spans: list[Span] = [(0, prefix_end), *entries, (suffix_start, len(text))]
        self._starts: list[int] | None = None
        self._by_owner: dict[Span | None, list[Edit]] = {}
        self._owned = 0

    def add(
        self, start: int, end: int, text: str, anchor_of: Node | None = None, drops_alias: Node | None = None
    ) -> None:
        """Replace ``text[start:end]`` by ``text`` (of two insertions at one place, the later goes after)."""
        self.edits.append(Edit(start, end, len(self.edits), text, anchor_of, drops_alias))

    def segment(self, start: int, end: int) -> str:
        """Original text[start:end] (a whole segment) with the edits that fall inside it."""
        out = self.text[start:end]
        if not self.edits:
            return out
        if self._owned != len(self.edits):
            self._by_owner = {}
            for edit in self.edits:
                self._by_owner.setdefault(self.owner(edit.start, edit.end), []).append(edit)
            self._owned = len(self.edits)
        inside = self._by_owner.get((start, end), [])
        for edit in sorted(inside, key=lambda e: (e.start, e.order), reverse=True):
            out = out[: edit.start - start] + edit.text + out[edit.end - start :]
        return out

    def owner(self, start: int, end: int) -> Span | None:
        """The one segment that holds ``text[start:end]``: the first, in text order, that holds it
        (an insertion at an entry's end belongs to that entry)."""
        if self._starts is None:
            self._starts = [span[0] for span in self.spans]
        spans = self.spans
        k = bisect.bisect_right(self._starts, start) - 1
        for i in (k - 1, k):  # an insertion at an entry's end also touches the next span's start
            if 0 <= i < len(spans) and spans[i][0] <= start and end <= spans[i][1]:
                return spans[i]
        return None
