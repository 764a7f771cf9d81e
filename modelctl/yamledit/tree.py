"""The YAML text as a light tree of node occurrences, each with its own text positions.

Built from libyaml's *event* stream (not the composed node graph): an alias is a node of its
own that keeps the marks of its ``*name`` (and points at its anchor's node), and a merge key
``<<`` is still there as a key. Only the first document is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from modelctl.errors import ApplyError
from modelctl.yamlio import SafeLoader


class Node:
    """One node occurrence with its own text positions (an alias is a node of its own)."""

    __slots__ = (
        "anchor",
        "end",
        "flow",
        "in_flow",
        "items",
        "kind",
        "line",
        "pairs",
        "start",
        "style",
        "target",
        "value",
    )

    def __init__(
        self,
        kind: str,  # "scalar", "seq", "map" or "alias"
        start: int,
        end: int,
        line: int,
        anchor: str | None = None,
        flow: bool = False,
        in_flow: bool = False,
        value: str = "",  # a scalar's value, an alias's anchor name
        style: str | None = None,
    ) -> None:
        self.kind, self.start, self.end, self.line = kind, start, end, line
        self.anchor, self.flow, self.in_flow, self.value, self.style = anchor, flow, in_flow, value, style
        self.items: list[Node] = []
        self.pairs: list[tuple[Node, Node]] = []
        self.target: Node | None = None  # what an alias refers to


@dataclass
class Tree:
    root: Node
    anchored: list[Node]
    aliases: list[Node]
    merged_into: dict[int, list[Node]]  # id(mapping) -> the mappings that merge it with ``<<``


class _Builder:
    """Turns events into nodes: each event kind has its handler, :meth:`_attach` links a new
    node to its parent (sequence item, mapping key or value) and opens collections."""

    def __init__(self) -> None:
        self.anchors: dict[str, Node] = {}
        self.anchored: list[Node] = []
        self.aliases: list[Node] = []
        self.merges: list[tuple[Node, Node]] = []  # (merging mapping, value of its << key)
        self.stack: list[tuple[Node, list[Node], bool]] = []  # (collection, pending key, in flow)
        self.in_flow = False  # inside a flow collection: the top of the stack's flag
        self.root: Node | None = None

    def handlers(self) -> dict[type[yaml.Event], Callable[[Any], None]]:
        return {
            yaml.ScalarEvent: self._scalar,
            yaml.AliasEvent: self._alias,
            yaml.SequenceStartEvent: self._open,
            yaml.MappingStartEvent: self._open,
            yaml.SequenceEndEvent: self._close,
            yaml.MappingEndEvent: self._close,
        }

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        mark = event.start_mark
        assert mark is not None and event.end_mark is not None  # libyaml always sets them
        node = Node("scalar", mark.index, event.end_mark.index, mark.line, event.anchor, False, self.in_flow)
        node.value, node.style = event.value, event.style
        self._attach(node)

    def _alias(self, event: yaml.AliasEvent) -> None:
        mark = event.start_mark
        assert mark is not None and event.end_mark is not None
        node = Node("alias", mark.index, event.end_mark.index, mark.line, None, False, self.in_flow)
        node.value = getattr(event, "anchor", None) or ""
        node.target = self.anchors.get(node.value)
        self.aliases.append(node)
        self._attach(node)

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        mark = event.start_mark
        assert mark is not None and event.end_mark is not None
        kind = "seq" if type(event) is yaml.SequenceStartEvent else "map"
        node = Node(kind, mark.index, event.end_mark.index, mark.line, event.anchor, bool(event.flow_style))
        node.in_flow = self.in_flow
        self._attach(node)
        self.in_flow = node.flow or node.in_flow
        self.stack.append((node, [], self.in_flow))

    def _close(self, event: yaml.CollectionEndEvent) -> None:
        assert event.start_mark is not None and event.end_mark is not None
        node = self.stack.pop()[0]
        self.in_flow = self.stack[-1][2] if self.stack else False
        if node.flow:
            node.end = event.end_mark.index
        else:
            last = node.items[-1] if node.items else (node.pairs[-1][1] if node.pairs else None)
            node.end = last.end if last is not None else event.start_mark.index

    def _attach(self, node: Node) -> None:
        if node.anchor:
            self.anchors[node.anchor] = node
            self.anchored.append(node)
        if not self.stack:
            if self.root is None:
                self.root = node
            return
        parent, pending, _ = self.stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif pending:
            key = pending.pop()
            parent.pairs.append((key, node))
            if key.value == "<<" and key.kind == "scalar" and not key.style:
                self.merges.append((parent, node))
        else:
            pending.append(node)

    def tree(self) -> Tree:
        if self.root is None or self.root.kind != "map":
            raise ApplyError("config is not a mapping with a model_list to edit")
        merged_into: dict[int, list[Node]] = {}
        for parent, value in self.merges:  # the << values are complete by now
            for source in value.items if value.kind == "seq" else [value]:
                merged_into.setdefault(id(deref(source)), []).append(parent)
        return Tree(self.root, self.anchored, self.aliases, merged_into)


def build_tree(text: str) -> Tree:
    """The tree of the first YAML document of ``text`` (whose root must be a mapping)."""
    builder = _Builder()
    handlers = builder.handlers()
    for event in yaml.parse(text, Loader=SafeLoader):
        handler = handlers.get(type(event))
        if handler is not None:
            handler(event)
        elif type(event) is yaml.DocumentEndEvent and builder.root is not None:
            break
    return builder.tree()


def deref(node: Node) -> Node:
    """The node an alias refers to (through chains of aliases); any other node itself."""
    seen = 0
    while node.kind == "alias" and node.target is not None and seen < 100:
        node, seen = node.target, seen + 1
    return node


def _is_merge_key(key: Node) -> bool:
    return key.kind == "scalar" and key.value == "<<" and not key.style


def lookup(mapping: Node, key: str) -> tuple[bool, Node] | None:
    """(is local, value node) of ``key`` in a mapping, following merge keys (local keys win)."""
    merges: list[Node] = []
    for k, v in mapping.pairs:
        if _is_merge_key(k):
            merges.append(v)
        elif k.kind == "scalar" and k.value == key:
            return True, v
    for merged in merges:
        for source in _merge_sources(merged):
            found = lookup(source, key)
            if found is not None:
                return False, found[1]
    return None


def _merge_sources(merged: Node) -> list[Node]:
    """The mappings a ``<<`` value brings in (one mapping or a sequence of them), in order."""
    source = deref(merged)
    sources = [deref(s) for s in source.items] if source.kind == "seq" else [source]
    return [s for s in sources if s.kind == "map"]
