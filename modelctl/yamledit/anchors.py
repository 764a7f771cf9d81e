"""The refusal that keeps aliases sound: no alias may lose its anchor (removed, or moved after
it) or keep pointing at an anchored scalar that one edit changes under it."""

from __future__ import annotations

from typing import NoReturn

from modelctl.errors import ApplyError
from modelctl.yamledit.splice import Span, SplicedText
from modelctl.yamledit.tree import Node


def check_anchors(aliases: list[Node], spliced: SplicedText, kept: list[Span], where: str) -> None:
    """Refuse a result where an alias would lose its anchor or see an edited anchored scalar.

    ``kept`` lists the original segments still in the result, in their final order.
    """
    if not aliases:
        return
    rank = {span: k for k, span in enumerate(kept)}

    def place(pos: int) -> tuple[int, int] | None:
        """(final rank of the segment, position) of an original text position still written."""
        span = spliced.owner(pos, pos)
        return (rank[span], pos) if span in rank else None

    dropped = {id(e.drops_alias) for e in spliced.edits if e.drops_alias is not None}
    edited = {id(e.anchor_of) for e in spliced.edits if e.anchor_of is not None}
    for alias in aliases:
        at = place(alias.start)
        if at is None or id(alias) in dropped or alias.target is None:
            continue
        anchor_at = place(alias.target.start)
        if anchor_at is None or anchor_at > at:
            _lost_anchor(alias, alias.target, "removes" if anchor_at is None else "moves after it", where)
        if id(alias.target) in edited and alias.target.kind == "scalar":
            _shared_scalar(alias, alias.target, where)


def _lost_anchor(alias: Node, anchor: Node, moved: str, where: str) -> NoReturn:
    line = alias.line + 1
    raise ApplyError(
        f"the alias *{alias.value} refers to &{anchor.anchor} at line {anchor.line + 1}, which this plan "
        f"{moved}; modelctl never leaves an alias without its anchor",
        hint=f"write the value out at line {line}, or define the anchor outside model_list",
        path=where,
        line=line,
    )


def _shared_scalar(alias: Node, anchor: Node, where: str) -> NoReturn:
    line = alias.line + 1
    raise ApplyError(
        f"the value anchored as &{anchor.anchor} changes, but the alias *{alias.value} at line {line} "
        "still uses it; modelctl cannot change one of them alone",
        hint=f"write the value out at line {line} instead of the alias",
        path=where,
        line=anchor.line + 1,
    )
