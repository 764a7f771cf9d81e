"""Apply a JSON patch to YAML *text*, changing only the bytes of the entries it touches.

The ``model_list`` block sequence is cut into one text block per entry (from the line of its
``-`` to the end of its last line); everything else (the text before and after the list, and
the comments or blank lines between entries) is kept byte for byte. Patch ops then act on the
list of blocks: ``remove``/``add``/``move`` of whole entries move blocks; ops inside an entry
splice the scalar or insert a ``key: value`` line. A touched entry is re-parsed and compared
with the expected data; where splicing cannot reproduce it (a flow-style mapping, an unusual
op) that one entry is re-rendered from the expected data instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from modelctl.errors import ApplyError
from modelctl.yamlio import dump_yaml, load_yaml_text

Json = dict[str, Any]


@dataclass(eq=False)
class _Block:
    text: str
    node: yaml.MappingNode | None  # None for an added entry
    base: int  # offset of ``text`` in the original file
    gap: str = ""  # comments / blank lines after this entry, kept in place
    edits: list[tuple[str, list[str], Any]] = field(default_factory=list)


def _pointer(path: str) -> list[str]:
    if not path.startswith("/"):
        raise ApplyError(f"patch path {path!r} is not a JSON pointer")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


class _ModelListText:
    def __init__(self, text: str, root: yaml.MappingNode) -> None:
        self.text = text
        seq = None
        self.key: yaml.Node | None = None
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "model_list":
                seq, self.key = value, key
        if not isinstance(seq, yaml.SequenceNode):
            raise ApplyError("config has no model_list sequence to edit")
        self.seq = seq
        self.flow = bool(seq.flow_style) or not seq.value
        self.blocks: list[_Block] = []
        self.prefix = ""
        self.suffix = ""
        self.indent = 0
        if not self.flow:
            self._split()

    def _split(self) -> None:
        text = self.text
        starts = []
        for item in self.seq.value:
            dash = text.rfind("-", 0, item.start_mark.index + 1)
            line_start = text.rfind("\n", 0, dash) + 1
            starts.append(line_start)
        self.indent = (
            starts and (text.rfind("-", 0, self.seq.value[0].start_mark.index + 1) - starts[0])
        ) or 0
        ends = [_line_end(text, _last_leaf(item).end_mark.index) for item in self.seq.value]
        self.prefix = text[: starts[0]]
        for k, item in enumerate(self.seq.value):
            gap_end = starts[k + 1] if k + 1 < len(starts) else ends[k]
            self.blocks.append(_Block(text[starts[k] : ends[k]], item, starts[k], text[ends[k] : gap_end]))
        self.suffix = text[ends[-1] :]

    # -- ops ---------------------------------------------------------------------------------
    def apply(self, op: Json) -> None:
        parts = _pointer(op["path"])
        kind = op["op"]
        if kind == "test":
            return
        if parts[0] != "model_list":
            raise ApplyError(f"patch op {kind} {op['path']}: only model_list can be edited")
        if self.flow or len(parts) == 1 or kind == "copy":
            self.flow = True  # re-render the whole list from the expected data
            return
        if len(parts) == 2:
            if kind == "remove":
                self._remove(self._index(parts[1]))
            elif kind == "add":
                self._insert(parts[1], op["value"])
            elif kind == "move":
                src = _pointer(op["from"])
                if len(src) != 2 or src[0] != "model_list":
                    self.flow = True
                    return
                block = self._remove(self._index(src[1]))
                block.gap = ""
                self._insert_block(parts[1], block)
            elif kind == "replace":
                block = self.blocks[self._index(parts[1])]
                block.node = None  # re-render this entry
            return
        block = self.blocks[self._index(parts[1])]
        block.edits.append((kind, parts[2:], op.get("value")))

    def _index(self, token: str) -> int:
        if not token.isdigit() or int(token) >= len(self.blocks):
            raise ApplyError(f"patch index {token!r} is outside model_list")
        return int(token)

    def _remove(self, index: int) -> _Block:
        block = self.blocks.pop(index)
        if index > 0:
            self.blocks[index - 1].gap += block.gap
        else:
            self.prefix += block.gap
        return block

    def _insert(self, token: str, value: Any) -> None:
        self._insert_block(token, _Block("", None, -1))

    def _insert_block(self, token: str, block: _Block) -> None:
        index = len(self.blocks) if token == "-" else int(token)
        self.blocks.insert(index, block)

    # -- output --------------------------------------------------------------------------------
    def render(self, expected: list[Any]) -> str:
        if not self.flow and not self.blocks and not expected and self.key is not None:
            # every entry removed: the comments and blank lines that were between entries have
            # moved into the prefix; keep them, and write the empty list after the key's colon
            colon = self.prefix.index(":", self.key.end_mark.index) + 1
            return self.prefix[:colon] + " []" + self.prefix[colon:] + self.suffix
        if self.flow or not self.blocks:
            return self._render_whole_list(expected)
        if len(expected) != len(self.blocks):
            raise ApplyError(
                "internal error: edited model_list length differs from the patch result; nothing was written"
            )
        out = [self.prefix]
        ends_with_newline = self.prefix.endswith("\n") or not self.prefix
        for k, block in enumerate(self.blocks):
            text = self._block_text(block, expected[k])
            if not ends_with_newline:
                out.append("\n")  # the old last entry ended the file without a newline
            out += [text, block.gap]
            tail = block.gap or text
            ends_with_newline = tail.endswith("\n")
        if not ends_with_newline and self.suffix.strip():
            out.append("\n")
        out.append(self.suffix)
        return "".join(out)

    def _block_text(self, block: _Block, expected: Any) -> str:
        if block.node is not None and not block.edits:
            return block.text  # untouched: exactly the original bytes
        if block.node is not None:
            spliced = _splice(block)
            if spliced is not None and _parses_to(spliced, expected):
                return spliced
        return _render_entry(expected, self.indent)

    def _render_whole_list(self, expected: list[Any]) -> str:
        """Re-render all of model_list (a flow-style list, or an op on the list itself)."""
        seq, text = self.seq, self.text
        if seq.flow_style or not seq.value:
            start, end = seq.start_mark.index, seq.end_mark.index
            if not expected:
                return text[:start] + "[]" + text[end:]
            body = "".join(_render_entry(e, 0) for e in expected)
            return text[:start].rstrip(" ") + "\n" + body.rstrip("\n") + text[end:]
        start = text.rfind("\n", 0, seq.start_mark.index) + 1
        end = _line_end(text, _last_leaf(seq).end_mark.index)
        body = "".join(_render_entry(e, self.indent) for e in expected)
        if not expected:  # every entry removed: an empty flow list after the key's colon
            assert self.key is not None
            colon = text.index(":", self.key.end_mark.index) + 1
            return text[:colon] + " []" + text[colon:start] + text[end:]
        return text[:start] + body + text[end:]


def apply_patch_text(text: str, root: yaml.MappingNode, patch: list[Json], expected: dict[str, Any]) -> str:
    """The new text of a config whose parsed data after ``patch`` is ``expected``."""
    model_list = _ModelListText(text, root)
    for op in patch:
        model_list.apply(op)
    return model_list.render(expected["model_list"])


# -- splicing inside one entry -------------------------------------------------------------------
def _splice(block: _Block) -> str | None:
    assert block.node is not None
    pieces: list[tuple[int, int, int, str]] = []  # (start, end, seq, replacement)
    for seq_no, (kind, path, value) in enumerate(block.edits):
        found = _locate(block.node, path)
        if found is None:
            return None
        parent, key, node = found
        if kind == "replace" and isinstance(node, yaml.ScalarNode):
            pieces.append(
                (
                    node.start_mark.index - block.base,
                    node.end_mark.index - block.base,
                    seq_no,
                    _render_scalar(value),
                )
            )
        elif kind == "add" and node is None and not parent.flow_style and parent.value:
            column = parent.value[0][0].start_mark.column
            at = _line_end(block.text, _last_leaf(parent).end_mark.index - block.base)
            lines = dump_yaml({key: value})
            indented = "".join(" " * column + line for line in lines.splitlines(keepends=True))
            if at > 0 and not block.text[:at].endswith("\n"):
                indented = "\n" + indented
            pieces.append((at, at, seq_no, indented))
        else:
            return None
    text = block.text
    for start, end, _seq, replacement in sorted(pieces, key=lambda p: (p[0], p[2]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _locate(node: yaml.Node, path: list[str]) -> tuple[yaml.MappingNode, str, yaml.Node | None] | None:
    """(parent mapping, key, value node or None) for a path of mapping keys."""
    current = node
    for depth, key in enumerate(path):
        if not isinstance(current, yaml.MappingNode):
            return None
        child = next((v for k, v in current.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        if depth == len(path) - 1:
            return current, key, child
        if child is None:
            return None
        current = child
    return None


def _last_leaf(node: yaml.Node) -> yaml.Node:
    while True:
        if isinstance(node, yaml.MappingNode) and node.value:
            node = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value:
            node = node.value[-1]
        else:
            return node


def _line_end(text: str, index: int) -> int:
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline == -1 else newline + 1


def _render_scalar(value: Any) -> str:
    dumped = dump_yaml(value)
    if dumped.endswith("\n...\n"):
        dumped = dumped[: -len("\n...\n")]
    return dumped.rstrip("\n")


def _render_entry(entry: Any, indent: int) -> str:
    lines = dump_yaml([entry]).splitlines(keepends=True)
    return "".join(" " * indent + line for line in lines)


def _parses_to(block_text: str, expected: Any) -> bool:
    try:
        parsed = load_yaml_text(block_text)
    except yaml.YAMLError:
        return False
    return isinstance(parsed, list) and len(parsed) == 1 and parsed[0] == expected
