"""The new text of the config: the prefix, the blocks in their new order (original text with its
edits spliced in, or re-rendered entries), the suffix."""

from __future__ import annotations

from typing import Any

from modelctl.errors import ApplyError
from modelctl.yamledit.anchors import check_anchors
from modelctl.yamledit.layout import Block
from modelctl.yamledit.listedit import ModelListText
from modelctl.yamledit.render import block_entry, flow_value
from modelctl.yamledit.scan import end_of_properties
from modelctl.yamledit.splice import Span


def render_list(edited: ModelListText, expected: list[Any]) -> str:
    """The whole new text; ``expected`` is the new ``model_list`` data (the patch's result)."""
    _settle(edited, expected)
    layout = edited.layout
    kept: list[Span] = [(0, layout.prefix_end), *layout.spans, (layout.suffix_start, len(edited.text))]
    check_anchors(edited.tree.aliases, edited.spliced, kept, edited.where)
    if edited.flow:
        return _flow_list(edited, expected)
    return _block_list(edited)


def _settle(edited: ModelListText, expected: list[Any]) -> None:
    """Give every block marked for re-rendering (or all of them) its text from ``expected``."""
    layout = edited.layout
    if edited.whole:
        for block in layout.blocks:
            layout.prefix_extra += block.lead + block.gap
        layout.blocks = [Block("", None, -1, rerender=True) for _ in expected]
        layout.seps = [layout.default_sep] * max(len(expected) - 1, 0)
    if len(expected) != len(layout.blocks):
        raise ApplyError(
            "internal error: edited model_list length differs from the patch result; nothing was written",
            path=edited.where,
        )
    for block, entry in zip(layout.blocks, expected, strict=True):
        if block.rerender:
            block.item = None
            if edited.flow:
                block.text = flow_value(entry, layout.json_style)
            else:
                block.text = block_entry(entry, layout.indent)


def _body(edited: ModelListText, block: Block) -> str:
    if block.item is None:
        return block.text
    return edited.spliced.segment(block.base, block.base + len(block.text))


def _block_list(edited: ModelListText) -> str:
    layout, spliced = edited.layout, edited.spliced
    if not layout.blocks:  # every entry removed: an empty flow list after the key
        at = _empty_list_at(edited)
        spliced.add(at, at, " []")
    out = [spliced.segment(0, layout.prefix_end), layout.prefix_extra]
    ends_with_newline = "".join(out).endswith("\n") or not "".join(out)
    for block in layout.blocks:
        body = block.lead + _body(edited, block)
        if not ends_with_newline:
            out.append("\n")  # the old last entry ended the file without a newline
        out += [body, block.gap]
        ends_with_newline = (block.gap or body).endswith("\n")
    suffix = spliced.segment(layout.suffix_start, len(edited.text))
    if not ends_with_newline and suffix.strip():
        out.append("\n")
    out.append(suffix)
    return "".join(out)


def _empty_list_at(edited: ModelListText) -> int:
    """Where `` []`` goes when every entry is removed: after the list's anchor / tag, if any,
    else right after ``model_list:``."""
    text, seq = edited.text, edited.seq
    if text[seq.start] in "&!":
        return end_of_properties(text, seq.start)
    return text.index(":", edited.key.end) + 1


def _flow_list(edited: ModelListText, expected: list[Any]) -> str:
    text, seq, layout, spliced = edited.text, edited.seq, edited.layout, edited.spliced
    body = [_body(edited, b) for b in layout.blocks]
    if not seq.items and body and not seq.in_flow:
        # a block document with ``model_list: []``: write the new entries as a block list
        start = text.rfind("[", 0, seq.end)
        rendered = "".join(block_entry(e, layout.indent) for e in expected)
        return (
            spliced.segment(0, start).rstrip(" ")
            + "\n"
            + rendered.rstrip("\n")
            + spliced.segment(seq.end, len(text))
        )
    joined = body[0] if body else ""
    for k in range(1, len(body)):
        joined += (layout.seps[k - 1] if k - 1 < len(layout.seps) else layout.default_sep) + body[k]
    prefix = spliced.segment(0, layout.prefix_end)
    suffix = spliced.segment(layout.suffix_start, len(text))
    if not body and seq.items:  # every entry removed: keep the brackets only
        prefix = prefix[: prefix.rfind("[") + 1]
        suffix = suffix[suffix.find("]") :]
    return prefix + joined + suffix
