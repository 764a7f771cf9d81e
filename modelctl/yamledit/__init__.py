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

The steps, one module each: :mod:`.tree` (events -> positioned nodes), :mod:`.layout` (the
list cut into blocks), :mod:`.listedit` (ops on whole entries), :mod:`.entry` (edits inside one
entry), :mod:`.render` (values as YAML text), :mod:`.splice` (edits spliced into the original
segments), :mod:`.anchors` (the alias refusals), :mod:`.output` (the new text), :mod:`.scan`
(text positions).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from modelctl.yamledit.listedit import ModelListText
from modelctl.yamledit.output import render_list

if TYPE_CHECKING:
    import yaml

    from modelctl.plan import PatchOp

__all__ = ["BOM", "apply_patch_text"]

BOM = "\ufeff"


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
    edited = _read(body, where)
    for op in patch:
        edited.apply(op)
    out = render_list(edited, expected["model_list"])
    if body and not body.endswith("\n") and out.endswith("\n"):
        out = out.rstrip("\n")  # the file had no final newline: keep it so
    if crlf:
        out = out.replace("\n", "\r\n")
    return (BOM if bom else "") + out


def _read(text: str, where: str) -> ModelListText:
    was_enabled = gc.isenabled()
    gc.disable()  # the tree is ~1 object per YAML node: no cyclic garbage, 2-3x faster without GC
    try:
        return ModelListText(text, where)
    finally:
        if was_enabled:
            gc.enable()
