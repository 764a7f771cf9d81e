"""Apply a JSON patch to YAML *text*, changing only the bytes of the entries it touches.

The text is read as a libyaml *event* stream into a light tree that keeps every node's own
text positions (an alias keeps the marks of its ``*name``, a merge key ``<<`` is still there),
then the ``model_list`` sequence is cut into one text block per entry: the comment lines
directly above it (its *lead*), the lines from its ``-`` to the end of its last value, and the
comments or blank lines after it (its *gap*). Everything else is kept byte for byte. Patch ops
act on the list of blocks (``remove``/``add``/``move`` of whole entries move blocks) or splice
one scalar / insert one ``key: value`` inside an entry, at exact text positions:

- a value reached through an alias of a mapping is edited at the anchor's definition (every
  sharer changes, exactly as in the parsed data, where the planner made one op for all);
- a key an entry only gets through a merge key (``<<: *defaults``) is written as a local key of
  that entry (YAML's override rule), never by editing the anchor;
- a replaced anchored scalar keeps its anchor; one still used by an alias is refused;
- flow mappings and sequences (also a config written as JSON) are edited in flow style.

The file's BOM, line endings (CRLF stays CRLF) and final newline (or its absence) are kept.
Where an edit cannot be spliced, that one entry is re-rendered from the expected data. Anything
that would leave an alias without its anchor is refused with the line and the construct.
``modelctl.apply`` then re-reads the whole result and compares it with the patch's meaning.
"""

from __future__ import annotations

import bisect
import gc
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from modelctl.errors import ApplyError
from modelctl.yamlio import SafeDumper, SafeLoader, dump_yaml

if TYPE_CHECKING:
    from modelctl.plan import PatchOp

BOM = "\ufeff"
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./@+-]*")


class _Node:
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
        self.items: list[_Node] = []
        self.pairs: list[tuple[_Node, _Node]] = []
        self.target: _Node | None = None  # what an alias refers to


@dataclass
class _Tree:
    root: _Node
    anchored: list[_Node]
    aliases: list[_Node]
    merged_into: dict[int, list[_Node]]  # id(mapping) -> the mappings that merge it with ``<<``


def _build_tree(text: str) -> _Tree:
    anchors: dict[str, _Node] = {}
    anchored: list[_Node] = []
    aliases: list[_Node] = []
    merged_nodes: list[tuple[_Node, _Node]] = []  # (merging mapping, value of its << key)
    stack: list[tuple[_Node, list[_Node], bool]] = []  # (collection, pending key, in a flow context)
    root: _Node | None = None
    scalar, alias, ends = yaml.ScalarEvent, yaml.AliasEvent, (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    starts = {yaml.SequenceStartEvent: "seq", yaml.MappingStartEvent: "map"}
    for event in yaml.parse(text, Loader=SafeLoader):
        cls = type(event)
        mark = event.start_mark
        assert mark is not None and event.end_mark is not None  # libyaml always sets them
        if cls in ends:
            node = stack.pop()[0]
            if node.flow:
                node.end = event.end_mark.index
            else:
                last = node.items[-1] if node.items else (node.pairs[-1][1] if node.pairs else None)
                node.end = last.end if last is not None else mark.index
            continue
        in_flow = bool(stack) and stack[-1][2]
        if cls is scalar:
            assert isinstance(event, yaml.ScalarEvent)
            node = _Node("scalar", mark.index, event.end_mark.index, mark.line, event.anchor, False, in_flow)
            node.value, node.style = event.value, event.style
        elif cls is alias:
            node = _Node("alias", mark.index, event.end_mark.index, mark.line, None, False, in_flow)
            node.value = getattr(event, "anchor", None) or ""
            node.target = anchors.get(node.value)
            aliases.append(node)
        elif cls in starts:
            assert isinstance(event, yaml.CollectionStartEvent)
            node = _Node(
                starts[cls], mark.index, event.end_mark.index, mark.line, event.anchor, bool(event.flow_style)
            )
            node.in_flow = in_flow
        elif cls is yaml.DocumentEndEvent and root is not None:
            break
        else:
            continue
        if node.anchor:
            anchors[node.anchor] = node
            anchored.append(node)
        if stack:
            parent, pending, _ = stack[-1]
            if parent.kind == "seq":
                parent.items.append(node)
            elif pending:
                key = pending.pop()
                parent.pairs.append((key, node))
                if key.value == "<<" and key.kind == "scalar" and not key.style:
                    merged_nodes.append((parent, node))
            else:
                pending.append(node)
        elif root is None:
            root = node
        if node.kind == "seq" or node.kind == "map":
            stack.append((node, [], node.flow or node.in_flow))
    if root is None or root.kind != "map":
        raise ApplyError("config is not a mapping with a model_list to edit")
    merged_into: dict[int, list[_Node]] = {}
    for parent, value in merged_nodes:  # the << values are complete by now
        for source in value.items if value.kind == "seq" else [value]:
            merged_into.setdefault(id(_deref(source)), []).append(parent)
    return _Tree(root, anchored, aliases, merged_into)


def _deref(node: _Node) -> _Node:
    seen = 0
    while node.kind == "alias" and node.target is not None and seen < 100:
        node, seen = node.target, seen + 1
    return node


@dataclass(eq=False)
class _Block:
    text: str
    item: _Node | None  # None for an added or re-rendered entry
    base: int  # offset of ``text`` in the original file, -1 when new
    lead: str = ""  # comment lines directly above the entry (they move with it)
    gap: str = ""  # comments / blank lines after this entry, kept in place
    rerender: bool = False


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    order: int
    text: str
    anchor_of: _Node | None = None  # the anchored scalar this edit changes
    drops_alias: _Node | None = None  # the alias this edit replaces by a value


class _Refuse(Exception):
    """This edit cannot be spliced; the entry is re-rendered instead."""


def _pointer(path: str) -> list[str]:
    if not path.startswith("/"):
        raise ApplyError(f"patch path {path!r} is not a JSON pointer")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _line_no(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


class _ModelListText:
    def __init__(self, text: str, where: str) -> None:
        self.text = text
        self.where = where
        self.tree = _build_tree(text)
        seq = key = None
        for k, v in self.tree.root.pairs:
            if k.kind == "scalar" and k.value == "model_list":
                key, seq = k, _deref(v)
        if seq is None or seq.kind != "seq" or key is None:
            raise ApplyError(f"{where}: config has no model_list sequence to edit")
        if seq.start < key.start:
            raise ApplyError(
                f"{where}:{key.line + 1}: model_list is an alias of line {seq.line + 1}; modelctl "
                "cannot edit a list defined elsewhere",
                hint="write the entries under model_list: itself",
            )
        self.seq, self.key = seq, key
        self.flow = seq.flow
        self.whole = False  # re-render the whole list (an op on model_list itself)
        self.blocks: list[_Block] = []
        self.edits: list[_Edit] = []
        self.prefix_end = 0
        self.prefix_extra = ""
        self.suffix_start = len(text)
        self.indent = 0
        self.seps: list[str] = []
        self.json_style = False
        self.default_sep = ", "
        self.spans: list[tuple[int, int]] = []
        self._spans_cache: list[tuple[int, int]] | None = None
        self._span_starts: list[int] = []
        self._by_owner: dict[tuple[int, int] | None, list[_Edit]] | None = None
        self._owned = 0
        if self.flow:
            self._split_flow()
        else:
            self._split()

    # -- cutting the list into blocks ----------------------------------------------------------
    def _split(self) -> None:
        text, items = self.text, self.seq.items
        starts, dashes = [], []
        for k in range(len(items)):
            pos = self.seq.start if k == 0 else items[k - 1].end
            if k == 0:
                pos = _skip_properties(text, pos)
            pos = _skip_blank_and_comments(text, pos)
            if pos >= len(text) or text[pos] != "-":
                raise ApplyError(
                    f"{self.where}:{_line_no(text, pos)}: cannot find the '-' of a model_list entry"
                )
            dashes.append(pos)
            starts.append(text.rfind("\n", 0, pos) + 1)
        self.indent = dashes[0] - starts[0]
        ends = [_line_end(text, item.end) for item in items]
        leads = [_lead_start(text, starts[k], ends[k - 1] if k else 0) for k in range(len(items))]
        self.prefix_end = leads[0]
        for k, item in enumerate(items):
            gap_end = leads[k + 1] if k + 1 < len(items) else ends[k]
            self.blocks.append(
                _Block(
                    text[starts[k] : ends[k]],
                    item,
                    starts[k],
                    lead=text[leads[k] : starts[k]],
                    gap=text[ends[k] : gap_end],
                )
            )
        self.suffix_start = ends[-1]
        self.spans = [(b.base, b.base + len(b.text)) for b in self.blocks]

    def _split_flow(self) -> None:
        text, items = self.text, self.seq.items
        if not items:
            close = self.seq.end - 1
            self.prefix_end = self.suffix_start = close
            return
        self.prefix_end, self.suffix_start = items[0].start, items[-1].end
        self.seps = [text[items[k].end : items[k + 1].start] for k in range(len(items) - 1)]
        if self.seps and "#" not in self.seps[0]:
            self.default_sep = self.seps[0]
        for item in items:
            self.blocks.append(_Block(text[item.start : item.end], item, item.start))
        self.spans = [(b.base, b.base + len(b.text)) for b in self.blocks]
        first = _deref(items[0])
        self.json_style = bool(first.pairs) and first.pairs[0][0].style == '"'

    # -- ops ---------------------------------------------------------------------------------
    def apply(self, op: PatchOp) -> None:
        parts = _pointer(op["path"])
        kind = op["op"]
        if kind == "test":
            return
        if parts[0] != "model_list":
            raise ApplyError(f"{self.where}: patch op {kind} {op['path']}: only model_list can be edited")
        if self.whole or len(parts) == 1 or kind == "copy":
            self.whole = True
            return
        if len(parts) == 2:
            if kind == "remove":
                self._remove(self._index(parts[1]))
            elif kind == "add":
                index = len(self.blocks) if parts[1] == "-" else self._index(parts[1], insert=True)
                self._insert(index, _Block("", None, -1, rerender=True))
            elif kind == "move":
                src = _pointer(op["from"])
                if len(src) != 2 or src[0] != "model_list":
                    self.whole = True
                    return
                block = self._remove(self._index(src[1]), moving=True)
                self._insert(self._index(parts[1], insert=True), block)
            elif kind == "replace":
                self.blocks[self._index(parts[1])].rerender = True
            else:
                self.whole = True
            return
        block = self.blocks[self._index(parts[1])]
        if block.item is None or block.rerender:
            block.rerender = True
            return
        try:
            self.edits.extend(self._entry_edit(block.item, kind, parts[2:], op.get("value"), len(self.edits)))
        except _Refuse:
            block.rerender = True

    def _index(self, token: str, *, insert: bool = False) -> int:
        limit = len(self.blocks) + (1 if insert else 0)
        if not token.isdigit() or int(token) >= limit:
            raise ApplyError(f"{self.where}: patch index {token!r} is outside model_list")
        return int(token)

    def _remove(self, index: int, *, moving: bool = False) -> _Block:
        block = self.blocks.pop(index)
        kept = block.gap if moving else block.lead + block.gap
        if self.flow:
            if self.seps:
                self.seps.pop(index if index < len(self.seps) else index - 1)
        elif index > 0:
            self.blocks[index - 1].gap += kept
        else:
            self.prefix_extra += kept
        block.gap = ""
        if not moving:
            block.lead = ""
        return block

    def _insert(self, index: int, block: _Block) -> None:
        if self.flow and self.blocks:
            self.seps.insert(min(index, len(self.seps)), self.default_sep)
        self.blocks.insert(index, block)

    # -- edits inside one entry ----------------------------------------------------------------
    def _entry_edit(self, item: _Node, kind: str, path: list[str], value: Any, order: int) -> list[_Edit]:
        if kind not in ("add", "replace"):
            raise _Refuse
        node = _deref(item)
        for depth, key in enumerate(path):
            if node.kind != "map":
                raise _Refuse
            last = depth == len(path) - 1
            found = _lookup(node, key)
            if found is None:
                if not last:
                    raise _Refuse
                self._check_merged(node, key)
                return [self._insert_key(node, key, value, order)]
            local, child = found
            if not last:
                node = _deref(child)
                continue
            self._check_merged(node, key)
            if not local:  # the entry gets the key through a merge key: override it locally
                return [self._insert_key(node, key, value, order)]
            if isinstance(value, (dict, list)):
                raise _Refuse
            if child.kind == "alias":
                return [_Edit(child.start, child.end, order, self._scalar(value, child), drops_alias=child)]
            if child.kind != "scalar":
                raise _Refuse
            start = _skip_properties(self.text, child.start, stop=child.end)
            anchor_of = child if child.anchor else None
            return [_Edit(start, child.end, order, self._scalar(value, child), anchor_of=anchor_of)]
        raise _Refuse

    def _check_merged(self, mapping: _Node, key: str) -> None:
        """Refuse to change ``key`` in a mapping that another mapping merges (``<<: *anchor``)
        without a local ``key`` of its own: the change would reach that mapping too."""
        for merging in self.tree.merged_into.get(id(mapping), []):
            found = _lookup(merging, key)
            if found is not None and found[0]:
                continue  # it has its own value: the change does not reach it
            line = merging.line + 1
            raise ApplyError(
                f"{self.where}:{mapping.line + 1}: {key} changes in the mapping anchored as "
                f"&{mapping.anchor}, which line {line} merges (<<: *{mapping.anchor}) without its "
                f"own {key}; modelctl cannot change one of them alone",
                hint=f"write {key} out in each entry (or at line {line}) instead of merging it",
            )

    def _scalar(self, value: Any, at: _Node) -> str:
        if at.in_flow:
            return _flow_scalar(value, json_style=at.style == '"' or self.json_style)
        rendered = _render_scalar(value)
        if "\n" in rendered:
            rendered = json.dumps(value, ensure_ascii=False)
        return rendered

    def _insert_key(self, mapping: _Node, key: str, value: Any, order: int) -> _Edit:
        text = self.text
        if mapping.flow:
            json_style = self.json_style or any(k.style == '"' for k, _ in mapping.pairs)
            rendered = _flow_pair(key, value, json_style)
            if not mapping.pairs:
                return _Edit(mapping.end - 1, mapping.end - 1, order, rendered)
            last = mapping.pairs[-1][1]
            sep = ", "
            if len(mapping.pairs) > 1:
                sep = text[mapping.pairs[-2][1].end : mapping.pairs[-1][0].start]
                if "#" in sep or "," not in sep:
                    sep = ", "
            return _Edit(last.end, last.end, order, sep + rendered)
        column = mapping.pairs[0][0].start - (text.rfind("\n", 0, mapping.pairs[0][0].start) + 1)
        at = _line_end(text, mapping.end)
        lines = dump_yaml({key: value})
        indented = "".join(" " * column + line for line in lines.splitlines(keepends=True))
        if at > 0 and not text[:at].endswith("\n"):
            indented = "\n" + indented
        return _Edit(at, at, order, indented)

    # -- output --------------------------------------------------------------------------------
    def render(self, expected: list[Any]) -> str:
        if self.whole:
            for block in self.blocks:
                self.prefix_extra += block.lead + block.gap
            self.blocks = [_Block("", None, -1, rerender=True) for _ in expected]
            self.seps = [self.default_sep] * max(len(expected) - 1, 0)
        if len(expected) != len(self.blocks):
            raise ApplyError(
                f"{self.where}: internal error: edited model_list length differs from the patch result; "
                "nothing was written"
            )
        for block, entry in zip(self.blocks, expected, strict=True):
            if block.rerender:
                block.item = None
                block.text = self._render_entry(entry)
        self._check_anchors()
        if self.flow:
            return self._render_flow(expected)
        text = self.text
        if not self.blocks:  # every entry removed: an empty flow list after the key
            at = self._empty_list_at()
            self.edits.append(_Edit(at, at, len(self.edits), " []"))
        out = [self._segment(0, self.prefix_end), self.prefix_extra]
        ends_with_newline = "".join(out).endswith("\n") or not "".join(out)
        for block in self.blocks:
            body = block.lead + self._block_text(block)
            if not ends_with_newline:
                out.append("\n")  # the old last entry ended the file without a newline
            out += [body, block.gap]
            tail = block.gap or body
            ends_with_newline = tail.endswith("\n")
        suffix = self._segment(self.suffix_start, len(text))
        if not ends_with_newline and suffix.strip():
            out.append("\n")
        out.append(suffix)
        return "".join(out)

    def _render_flow(self, expected: list[Any]) -> str:
        text = self.text
        body = [self._block_text(b) for b in self.blocks]
        if not self.seq.items and body and not self.seq.in_flow:
            # a block document with ``model_list: []``: write the new entries as a block list
            start = text.rfind("[", 0, self.seq.end)
            rendered = "".join(self._render_block_entry(e) for e in expected)
            return (
                self._segment(0, start).rstrip(" ")
                + "\n"
                + rendered.rstrip("\n")
                + self._segment(self.seq.end, len(text))
            )
        joined = body[0] if body else ""
        for k in range(1, len(body)):
            joined += (self.seps[k - 1] if k - 1 < len(self.seps) else self.default_sep) + body[k]
        prefix = self._segment(0, self.prefix_end)
        suffix = self._segment(self.suffix_start, len(text))
        if not body and self.seq.items:  # every entry removed: keep the brackets only
            prefix = prefix[: prefix.rfind("[") + 1]
            suffix = suffix[suffix.find("]") :]
        return prefix + joined + suffix

    def _render_entry(self, entry: Any) -> str:
        if self.flow:
            return _flow_value(entry, self.json_style)
        return self._render_block_entry(entry)

    def _render_block_entry(self, entry: Any) -> str:
        lines = dump_yaml([entry]).splitlines(keepends=True)
        return "".join(" " * self.indent + line for line in lines)

    def _block_text(self, block: _Block) -> str:
        if block.item is None:
            return block.text
        return self._segment(block.base, block.base + len(block.text))

    def _segment(self, start: int, end: int) -> str:
        """Original text[start:end] with the edits that fall inside it."""
        out = self.text[start:end]
        if not self.edits:
            return out
        if self._by_owner is None or self._owned != len(self.edits):
            self._by_owner = {}
            for edit in self.edits:
                self._by_owner.setdefault(self._owner(edit), []).append(edit)
            self._owned = len(self.edits)
        inside = self._by_owner.get((start, end), [])
        for edit in sorted(inside, key=lambda e: (e.start, e.order), reverse=True):
            out = out[: edit.start - start] + edit.text + out[edit.end - start :]
        return out

    def _owner(self, edit: _Edit) -> tuple[int, int] | None:
        """The one original segment (prefix, an entry, suffix) an edit belongs to: the first, in
        text order, that holds it (an insertion at an entry's end belongs to that entry)."""
        spans = self._all_spans()
        k = bisect.bisect_right(self._span_starts, edit.start) - 1
        for i in (k - 1, k):  # an insertion at an entry's end also touches the next span's start
            if 0 <= i < len(spans) and spans[i][0] <= edit.start and edit.end <= spans[i][1]:
                return spans[i]
        return None

    def _all_spans(self) -> list[tuple[int, int]]:
        if self._spans_cache is None:
            self._spans_cache = [(0, self.prefix_end), *self.spans, (self.suffix_start, len(self.text))]
            self._span_starts = [sp[0] for sp in self._spans_cache]
        return self._spans_cache

    def _empty_list_at(self) -> int:
        text, seq = self.text, self.seq
        if text[seq.start] in "&!":
            pos = seq.start
            while pos < len(text) and text[pos] in "&!":
                while pos < len(text) and text[pos] not in " \t\n":
                    pos += 1
                last = pos
                while pos < len(text) and text[pos] in " \t":
                    pos += 1
            return last
        return text.index(":", self.key.end) + 1

    def _check_anchors(self) -> None:
        """Refuse a result where an alias would lose its anchor or see an edited anchored scalar."""
        if not self.tree.aliases:
            return
        kept: list[tuple[int, int]] = [(0, self.prefix_end)]
        kept += [(b.base, b.base + len(b.text)) for b in self.blocks if b.item is not None]
        kept.append((self.suffix_start, len(self.text)))
        final_rank = {span: rank for rank, span in enumerate(kept)}

        def where(pos: int) -> tuple[int, int] | None:
            span = self._owner(_Edit(pos, pos, 0, ""))
            return span if span in final_rank else None

        dropped = {id(e.drops_alias) for e in self.edits if e.drops_alias is not None}
        edited = {id(e.anchor_of) for e in self.edits if e.anchor_of is not None}
        for alias in self.tree.aliases:
            span = where(alias.start)
            if span is None or id(alias) in dropped or alias.target is None:
                continue
            anchor = alias.target
            home = where(anchor.start)
            line = alias.line + 1
            if home is None or (final_rank[home], anchor.start) > (final_rank[span], alias.start):
                moved = "removes" if home is None else "moves after it"
                raise ApplyError(
                    f"{self.where}:{line}: the alias *{alias.value} refers to &{anchor.anchor} at line "
                    f"{anchor.line + 1}, which this plan {moved}; modelctl never leaves an alias "
                    "without its anchor",
                    hint=f"write the value out at line {line}, or define the anchor outside model_list",
                )
            if id(anchor) in edited and anchor.kind == "scalar":
                raise ApplyError(
                    f"{self.where}:{anchor.line + 1}: the value anchored as &{anchor.anchor} changes, but "
                    f"the alias *{alias.value} at line {line} still uses it; modelctl cannot change "
                    "one of them alone",
                    hint=f"write the value out at line {line} instead of the alias",
                )


def apply_patch_text(
    text: str,
    root: yaml.Node | None,
    patch: Sequence[PatchOp],
    expected: dict[str, Any],
    where: str = "config",
) -> str:
    """The new text of a config whose parsed data after ``patch`` is ``expected``.

    ``root`` (the composed node tree) is not needed any more: positions come from the event stream.
    """
    del root
    bom = text.startswith(BOM)
    body = text[1:] if bom else text
    crlf = "\r\n" in body and body.count("\r\n") == body.count("\n")
    if crlf:
        body = body.replace("\r\n", "\n")
    was_enabled = gc.isenabled()
    gc.disable()  # the tree is ~1 object per YAML node: no cyclic garbage, 2-3x faster without GC
    try:
        model_list = _ModelListText(body, where)
    finally:
        if was_enabled:
            gc.enable()
    for op in patch:
        model_list.apply(op)
    out = model_list.render(expected["model_list"])
    if body and not body.endswith("\n") and out.endswith("\n"):
        out = out.rstrip("\n")  # the file had no final newline: keep it so
    if crlf:
        out = out.replace("\n", "\r\n")
    return (BOM if bom else "") + out


# -- helpers ---------------------------------------------------------------------------------------
def _lookup(mapping: _Node, key: str) -> tuple[bool, _Node] | None:
    """(is local, value node) of ``key`` in a mapping, following merge keys (local keys win)."""
    merges: list[_Node] = []
    for k, v in mapping.pairs:
        if k.kind == "scalar" and k.value == key and not (key == "<<" and not k.style):
            return True, v
        if k.kind == "scalar" and k.value == "<<" and not k.style:
            merges.append(v)
    for merged in merges:
        source = _deref(merged)
        sources = [_deref(s) for s in source.items] if source.kind == "seq" else [source]
        for src in sources:
            if src.kind == "map":
                found = _lookup(src, key)
                if found is not None:
                    return False, found[1]
    return None


def _skip_properties(text: str, pos: int, stop: int | None = None) -> int:
    """Position after a node's anchor / tag (``&a !!str ``), i.e. where its content starts."""
    stop = len(text) if stop is None else stop
    while pos < stop and text[pos] in "&!":
        if text.startswith("!<", pos):
            pos = text.index(">", pos) + 1
        while pos < stop and text[pos] not in " \t\n":
            pos += 1
        while pos < stop and text[pos] in " \t\n":
            pos += 1
    return pos


def _skip_blank_and_comments(text: str, pos: int) -> int:
    while pos < len(text):
        if text[pos] in " \t\n\r":
            pos += 1
        elif text[pos] == "#":
            newline = text.find("\n", pos)
            pos = len(text) if newline == -1 else newline
        else:
            break
    return pos


def _lead_start(text: str, line_start: int, floor: int) -> int:
    """Start of the comment lines directly above ``line_start`` (no blank line between)."""
    start = line_start
    while start > floor:
        prev = text.rfind("\n", 0, start - 1) + 1
        if prev < floor or not text[prev : start - 1].lstrip(" \t").startswith("#"):
            break
        start = prev
    return start


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


def _flow_scalar(value: Any, json_style: bool) -> str:
    if isinstance(value, (dict, list)):
        return _flow_value(value, json_style)
    if isinstance(value, str):
        return _flow_string(value, json_style)
    return _render_scalar(value)


def _flow_string(value: str, json_style: bool) -> str:
    """A plain scalar where it reads back as this same string, else a JSON (double-quoted) one."""
    if not json_style and _PLAIN.fullmatch(value):
        try:
            if yaml.load(value, Loader=SafeLoader) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def _flow_pair(key: str, value: Any, json_style: bool) -> str:
    rendered_key = _flow_string(key, json_style)
    return f"{rendered_key}: {_flow_value(value, json_style)}"


def _flow_value(value: Any, json_style: bool) -> str:
    """One line of flow YAML (JSON when ``json_style``, with YAML's float spelling)."""
    if isinstance(value, dict):
        return "{" + ", ".join(_flow_pair(str(k), v, json_style) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow_value(v, json_style) for v in value) + "]"
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return _render_scalar(value)
    if isinstance(value, str):
        return _flow_string(value, json_style)
    return yaml.dump(value, Dumper=SafeDumper, default_flow_style=True, width=10**9).strip()
