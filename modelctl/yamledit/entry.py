"""Edits inside one ``model_list`` entry: replace one scalar or insert one ``key: value``.

A value reached through an alias of a mapping is edited at the anchor's definition; a key the
entry only gets through a merge key (``<<: *defaults``) is written as a local key of the entry
(YAML's override rule); a replaced anchored scalar keeps its anchor. What cannot be spliced
raises :class:`Refuse` (the caller re-renders the entry); a change that would reach another
mapping through a merge key is refused with :class:`~modelctl.errors.ApplyError`.
"""

from __future__ import annotations

from typing import Any

from modelctl.errors import ApplyError
from modelctl.yamledit.render import block_pair, flow_pair, inline_scalar
from modelctl.yamledit.scan import column_of, line_end, skip_properties
from modelctl.yamledit.splice import SplicedText
from modelctl.yamledit.tree import Node, Tree, deref, lookup


class Refuse(Exception):
    """This edit cannot be spliced; the entry is re-rendered instead."""


class EntryEditor:
    def __init__(self, spliced: SplicedText, tree: Tree, json_style: bool, where: str) -> None:
        self.spliced = spliced
        self.text = spliced.text
        self.tree = tree
        self.json_style = json_style
        self.where = where

    def edit(self, item: Node, kind: str, path: list[str], value: Any) -> None:
        """Splice op ``kind`` (add / replace) of ``value`` at ``path`` inside entry ``item``."""
        if kind not in ("add", "replace") or not path:
            raise Refuse
        mapping = _walk(deref(item), path[:-1])
        key = path[-1]
        found = lookup(mapping, key)
        self._check_merged(mapping, key)
        if found is None or not found[0]:  # new, or only merged in: write a local key
            self._insert_key(mapping, key, value)
        else:
            self._replace(found[1], value)

    def _check_merged(self, mapping: Node, key: str) -> None:
        """Refuse to change ``key`` in a mapping that another mapping merges (``<<: *anchor``)
        without a local ``key`` of its own: the change would reach that mapping too."""
        for merging in self.tree.merged_into.get(id(mapping), []):
            found = lookup(merging, key)
            if found is not None and found[0]:
                continue  # it has its own value: the change does not reach it
            line = merging.line + 1
            raise ApplyError(
                f"{key} changes in the mapping anchored as &{mapping.anchor}, which line {line} merges "
                f"(<<: *{mapping.anchor}) without its own {key}; modelctl cannot change one of them alone",
                hint=f"write {key} out in each entry (or at line {line}) instead of merging it",
                path=self.where,
                line=mapping.line + 1,
            )

    def _replace(self, child: Node, value: Any) -> None:
        if isinstance(value, (dict, list)) or child.kind not in ("alias", "scalar"):
            raise Refuse
        json_style = child.style == '"' or self.json_style
        rendered = inline_scalar(value, in_flow=child.in_flow, json_style=json_style)
        if child.kind == "alias":
            self.spliced.add(child.start, child.end, rendered, drops_alias=child)
        else:
            start = skip_properties(self.text, child.start, stop=child.end)
            self.spliced.add(start, child.end, rendered, anchor_of=child if child.anchor else None)

    def _insert_key(self, mapping: Node, key: str, value: Any) -> None:
        if mapping.flow:
            self._insert_flow_key(mapping, key, value)
            return
        text = self.text
        at = line_end(text, mapping.end)
        lines = block_pair(key, value, column_of(text, mapping.pairs[0][0].start))
        if at > 0 and not text[:at].endswith("\n"):
            lines = "\n" + lines
        self.spliced.add(at, at, lines)

    def _insert_flow_key(self, mapping: Node, key: str, value: Any) -> None:
        json_style = self.json_style or any(k.style == '"' for k, _ in mapping.pairs)
        rendered = flow_pair(key, value, json_style)
        if not mapping.pairs:
            self.spliced.add(mapping.end - 1, mapping.end - 1, rendered)
            return
        last = mapping.pairs[-1][1]
        sep = ", "
        if len(mapping.pairs) > 1:
            sep = self.text[mapping.pairs[-2][1].end : mapping.pairs[-1][0].start]
            if "#" in sep or "," not in sep:
                sep = ", "
        self.spliced.add(last.end, last.end, sep + rendered)


def _walk(node: Node, keys: list[str]) -> Node:
    """The mapping reached from ``node`` through ``keys`` (each must exist, merged in or not)."""
    for key in keys:
        found = lookup(node, key) if node.kind == "map" else None
        if found is None:
            raise Refuse
        node = deref(found[1])
    if node.kind != "map":
        raise Refuse
    return node
