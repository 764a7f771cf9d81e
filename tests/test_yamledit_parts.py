"""The editor's parts on their own: the positioned tree, the text scans, the list layout and
the splicing of edits into segments (the whole editor is table-tested in test_yamledit.py)."""

from __future__ import annotations

from modelctl.yamledit.layout import block_layout, flow_layout
from modelctl.yamledit.listedit import find_model_list
from modelctl.yamledit.scan import end_of_properties, lead_start, line_end, skip_properties
from modelctl.yamledit.splice import SplicedText
from modelctl.yamledit.tree import build_tree, deref, lookup

TEXT = (
    "defaults: &d {rpm: 1, tpm: 2}\n"
    "model_list:\n"
    "  # first\n"
    "  - model_name: a\n"
    "    litellm_params:\n"
    "      <<: *d\n"
    "      model: p/a\n"
    "\n"
    "  - model_name: b\n"
    "    litellm_params: {model: p/b, rpm: &r 5}\n"
    "other: *r\n"
)


def test_tree_keeps_positions_aliases_and_merges() -> None:
    tree = build_tree(TEXT)
    key, seq = find_model_list(tree, "c.yaml")
    assert (key.value, key.line, seq.kind, len(seq.items)) == ("model_list", 1, "seq", 2)
    defaults = tree.root.pairs[0][1]
    assert (defaults.anchor, defaults.flow, TEXT[defaults.start : defaults.end]) == (
        "d",
        True,
        "&d {rpm: 1, tpm: 2}",
    )
    params = lookup(deref(seq.items[0]), "litellm_params")
    assert params is not None and params[0]
    assert lookup(params[1], "model") is not None
    local, rpm = lookup(params[1], "rpm") or (None, None)
    assert local is False and rpm is not None and rpm.value == "1"  # through the merge key
    assert tree.merged_into[id(defaults)] == [params[1]]
    merge, alias = tree.aliases
    assert merge.target is defaults and TEXT[merge.start : merge.end] == "*d"
    assert alias.target is not None and alias.target.value == "5" and alias.target.in_flow
    assert TEXT[alias.start : alias.end] == "*r"
    assert [n.anchor for n in tree.anchored] == ["d", "r"]


def test_block_layout_cuts_entries_with_their_comments() -> None:
    tree = build_tree(TEXT)
    _, seq = find_model_list(tree, "c.yaml")
    layout = block_layout(TEXT, seq, "c.yaml")
    first, second = layout.blocks
    assert first.lead == "  # first\n" and first.text.startswith("  - model_name: a\n")
    assert first.gap == "\n" and second.lead == "" and second.text.startswith("  - model_name: b\n")
    assert layout.indent == 2 and TEXT[layout.suffix_start :] == "other: *r\n"
    assert TEXT[: layout.prefix_end].endswith("model_list:\n")


def test_flow_layout_keeps_separators_and_json_style() -> None:
    text = '{"model_list": [{"model_name": "a"},\n  {"model_name": "b"}]}'
    tree = build_tree(text)
    _, seq = find_model_list(tree, "c.json")
    layout = flow_layout(text, seq)
    assert [b.text for b in layout.blocks] == ['{"model_name": "a"}', '{"model_name": "b"}']
    assert layout.seps == [",\n  "] and layout.default_sep == ",\n  " and layout.json_style


def test_scans() -> None:
    text = "k: &a !!str v\n  # c1\n  # c2\n- x\n"
    assert text[skip_properties(text, 3) :].startswith("v\n")
    assert text[: end_of_properties(text, 3)] == "k: &a !!str"
    start = text.index("- x")
    assert text[lead_start(text, start, 0) : start] == "  # c1\n  # c2\n"
    assert line_end(text, 1) == text.index("\n") + 1 and line_end(text, start) == start


def test_splice_gives_each_edit_to_one_segment() -> None:
    text = "head\nAAAA\nBBBB\ntail\n"
    spliced = SplicedText(text, 5, [(5, 10), (10, 15)], 15)
    spliced.add(6, 8, "xx")
    spliced.add(10, 10, "+")  # at the end of A and the start of B: A's
    spliced.add(10, 10, "!")  # a later insertion at the same place goes after it
    assert spliced.segment(5, 10) == "AxxA\n+!"
    assert spliced.segment(10, 15) == "BBBB\n"
    assert spliced.owner(16, 17) == (15, 20)
