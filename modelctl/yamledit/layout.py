"""The ``model_list`` sequence cut into one text block per entry.

A block sequence entry is its *lead* (the comment lines directly above it), its text from the
``-`` line to the end of its last value, and its *gap* (the comments and blank lines after it,
which stay in place when the entry moves). A flow sequence's entries are their own text, with
the separators between them. The text before the first block (*prefix*) and after the last
(*suffix*) is kept as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from modelctl.errors import ApplyError
from modelctl.yamledit.scan import lead_start, line_end, line_no, skip_blank_and_comments, skip_properties
from modelctl.yamledit.tree import Node, deref


@dataclass(eq=False)
class Block:
    text: str
    item: Node | None  # None for an added or re-rendered entry
    base: int  # offset of ``text`` in the original file, -1 when new
    lead: str = ""  # comment lines directly above the entry (they move with it)
    gap: str = ""  # comments / blank lines after this entry, kept in place
    rerender: bool = False


@dataclass
class Layout:
    """The blocks of a list and what surrounds them (the list of blocks is edited in place)."""

    blocks: list[Block] = field(default_factory=list)
    prefix_end: int = 0
    suffix_start: int = 0
    indent: int = 0  # column of a block entry's ``-``
    seps: list[str] = field(default_factory=list)  # a flow list's separators between entries
    default_sep: str = ", "
    prefix_extra: str = ""  # comments of removed entries, written after the prefix
    json_style: bool = False  # a flow list of JSON objects: new keys and strings in JSON too

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The text span of each block that is still the original text."""
        return [(b.base, b.base + len(b.text)) for b in self.blocks if b.item is not None]


def block_layout(text: str, seq: Node, where: str) -> Layout:
    """The layout of a block sequence (``- entry`` lines) with at least one entry."""
    items = seq.items
    starts, dashes = [], []
    for k in range(len(items)):
        pos = skip_properties(text, seq.start) if k == 0 else items[k - 1].end
        pos = skip_blank_and_comments(text, pos)
        if pos >= len(text) or text[pos] != "-":
            raise ApplyError("cannot find the '-' of a model_list entry", path=where, line=line_no(text, pos))
        dashes.append(pos)
        starts.append(text.rfind("\n", 0, pos) + 1)
    ends = [line_end(text, item.end) for item in items]
    leads = [lead_start(text, starts[k], ends[k - 1] if k else 0) for k in range(len(items))]
    layout = Layout(prefix_end=leads[0], suffix_start=ends[-1], indent=dashes[0] - starts[0])
    for k, item in enumerate(items):
        gap_end = leads[k + 1] if k + 1 < len(items) else ends[k]
        lead, gap = text[leads[k] : starts[k]], text[ends[k] : gap_end]
        layout.blocks.append(Block(text[starts[k] : ends[k]], item, starts[k], lead=lead, gap=gap))
    return layout


def flow_layout(text: str, seq: Node) -> Layout:
    """The layout of a flow sequence (``[a, b]``), possibly empty."""
    items = seq.items
    if not items:
        close = seq.end - 1
        return Layout(prefix_end=close, suffix_start=close)
    layout = Layout(prefix_end=items[0].start, suffix_start=items[-1].end)
    layout.seps = [text[items[k].end : items[k + 1].start] for k in range(len(items) - 1)]
    if layout.seps and "#" not in layout.seps[0]:
        layout.default_sep = layout.seps[0]
    layout.blocks = [Block(text[item.start : item.end], item, item.start) for item in items]
    first = deref(items[0])
    layout.json_style = bool(first.pairs) and first.pairs[0][0].style == '"'
    return layout
