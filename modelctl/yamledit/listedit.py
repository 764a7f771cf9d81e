"""Patch ops on the ``model_list`` text: whole entries move as blocks, edits inside an entry
are spliced, and what cannot be spliced marks its entry (or the whole list) for re-rendering."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelctl.errors import ApplyError
from modelctl.yamledit.entry import EntryEditor, Refuse
from modelctl.yamledit.layout import Block, block_layout, flow_layout
from modelctl.yamledit.splice import SplicedText
from modelctl.yamledit.tree import Node, Tree, build_tree, deref

if TYPE_CHECKING:
    from modelctl.plan import PatchOp


def pointer(path: str) -> list[str]:
    """The tokens of a JSON pointer (``/model_list/0/model_name``)."""
    if not path.startswith("/"):
        raise ApplyError(f"patch path {path!r} is not a JSON pointer")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def find_model_list(tree: Tree, where: str) -> tuple[Node, Node]:
    """(key, sequence) of the top-level ``model_list``, written where its key is."""
    seq = key = None
    for k, v in tree.root.pairs:
        if k.kind == "scalar" and k.value == "model_list":
            key, seq = k, deref(v)
    if seq is None or seq.kind != "seq" or key is None:
        raise ApplyError("config has no model_list sequence to edit", path=where)
    if seq.start < key.start:
        raise ApplyError(
            f"model_list is an alias of line {seq.line + 1}; modelctl cannot edit a list defined elsewhere",
            hint="write the entries under model_list: itself",
            path=where,
            line=key.line + 1,
        )
    return key, seq


class ModelListText:
    """The config text with its ``model_list`` cut into blocks, and the ops applied so far."""

    def __init__(self, text: str, where: str) -> None:
        self.text = text
        self.where = where
        self.tree = build_tree(text)
        self.key, self.seq = find_model_list(self.tree, where)
        self.flow = self.seq.flow
        self.layout = flow_layout(text, self.seq) if self.flow else block_layout(text, self.seq, where)
        layout = self.layout
        self.spliced = SplicedText(text, layout.prefix_end, layout.spans, layout.suffix_start)
        self.entries = EntryEditor(self.spliced, self.tree, layout.json_style, where)
        self.whole = False  # re-render the whole list (an op on model_list itself)

    def apply(self, op: PatchOp) -> None:
        parts = pointer(op["path"])
        kind = op["op"]
        if kind == "test":
            return
        if parts[0] != "model_list":
            raise ApplyError(f"patch op {kind} {op['path']}: only model_list can be edited", path=self.where)
        if self.whole or len(parts) == 1 or kind == "copy":
            self.whole = True
        elif len(parts) == 2:
            self._list_op(op, parts[1])
        else:
            self._entry_op(op, parts[1], parts[2:])

    def _list_op(self, op: PatchOp, token: str) -> None:
        """An op on one whole entry: its block is removed, added, moved or re-rendered."""
        kind, blocks = op["op"], self.layout.blocks
        if kind == "remove":
            self._remove(self._index(token))
        elif kind == "add":
            index = len(blocks) if token == "-" else self._index(token, insert=True)
            self._insert(index, Block("", None, -1, rerender=True))
        elif kind == "replace":
            blocks[self._index(token)].rerender = True
        elif kind == "move":
            src = pointer(op["from"])
            if len(src) != 2 or src[0] != "model_list":
                self.whole = True
                return
            block = self._remove(self._index(src[1]), moving=True)
            self._insert(self._index(token, insert=True), block)
        else:
            self.whole = True

    def _entry_op(self, op: PatchOp, token: str, path: list[str]) -> None:
        """An op inside one entry: spliced where it can be, else the entry is re-rendered."""
        block = self.layout.blocks[self._index(token)]
        if block.item is None or block.rerender:
            block.rerender = True
            return
        try:
            self.entries.edit(block.item, op["op"], path, op.get("value"))
        except Refuse:
            block.rerender = True

    def _index(self, token: str, *, insert: bool = False) -> int:
        limit = len(self.layout.blocks) + (1 if insert else 0)
        if not token.isdigit() or int(token) >= limit:
            raise ApplyError(f"patch index {token!r} is outside model_list", path=self.where)
        return int(token)

    def _remove(self, index: int, *, moving: bool = False) -> Block:
        """Take a block out; its comments stay in place (a moving block keeps its lead)."""
        layout = self.layout
        block = layout.blocks.pop(index)
        kept = block.gap if moving else block.lead + block.gap
        if self.flow:
            if layout.seps:
                layout.seps.pop(index if index < len(layout.seps) else index - 1)
        elif index > 0:
            layout.blocks[index - 1].gap += kept
        else:
            layout.prefix_extra += kept
        block.gap = ""
        if not moving:
            block.lead = ""
        return block

    def _insert(self, index: int, block: Block) -> None:
        layout = self.layout
        if self.flow and layout.blocks:
            layout.seps.insert(min(index, len(layout.seps)), layout.default_sep)
        layout.blocks.insert(index, block)
