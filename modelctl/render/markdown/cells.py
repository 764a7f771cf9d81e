"""Table cells and quoted text: one line, clipped, safe inside a GitHub table."""

from __future__ import annotations

from typing import Any

CELL_MAX = 200  # characters of one table cell or quoted message


def clip(text: str, limit: int = CELL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text(value: Any, limit: int = CELL_MAX) -> str:
    """Plain table-cell text: one line, no HTML tags, no column breaks."""
    if value is None:
        return "—"
    return clip(str(value), limit).replace("<", "&lt;").replace("|", "\\|")


def code(value: Any, limit: int = CELL_MAX) -> str:
    """Inline code for ids and values (``|`` still escaped: GitHub splits table cells first)."""
    if value is None:
        return "—"
    out = clip(str(value), limit).replace("|", "\\|")
    fence = "``" if "`" in out else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{out}{pad}{fence}"
