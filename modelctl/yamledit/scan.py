"""Positions in YAML text: where a node's content starts, where a line ends, comments above."""

from __future__ import annotations


def line_no(text: str, index: int) -> int:
    """The 1-based line of ``index``."""
    return text.count("\n", 0, index) + 1


def skip_properties(text: str, pos: int, stop: int | None = None) -> int:
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


def end_of_properties(text: str, pos: int) -> int:
    """Position right after the last anchor / tag starting at ``pos`` (before the space that
    follows it): where ``&a !t`` ends on the line."""
    last = pos
    while pos < len(text) and text[pos] in "&!":
        while pos < len(text) and text[pos] not in " \t\n":
            pos += 1
        last = pos
        while pos < len(text) and text[pos] in " \t":
            pos += 1
    return last


def skip_blank_and_comments(text: str, pos: int) -> int:
    while pos < len(text):
        if text[pos] in " \t\n\r":
            pos += 1
        elif text[pos] == "#":
            newline = text.find("\n", pos)
            pos = len(text) if newline == -1 else newline
        else:
            break
    return pos


def lead_start(text: str, line_start: int, floor: int) -> int:
    """Start of the comment lines directly above ``line_start`` (no blank line between)."""
    start = line_start
    while start > floor:
        prev = text.rfind("\n", 0, start - 1) + 1
        if prev < floor or not text[prev : start - 1].lstrip(" \t").startswith("#"):
            break
        start = prev
    return start


def line_end(text: str, index: int) -> int:
    """Start of the line after the one ``index`` is on (``index`` itself at a line start)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline == -1 else newline + 1


def column_of(text: str, index: int) -> int:
    """0-based column of ``index``."""
    return index - (text.rfind("\n", 0, index) + 1)
