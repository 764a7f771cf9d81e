"""What a schema check reports: one :class:`SchemaIssue`, where it is, and the did-you-mean."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

Path = tuple[str | int, ...]
"""From the document root to a value: mapping keys and list indexes."""


class SchemaIssue(NamedTuple):
    """One way a document fails its schema. ``path`` leads from the document root to the value.
    (A NamedTuple: immutable, and a tenth of a frozen dataclass's import cost on every command.)"""

    path: Path
    message: str
    unknown_key: str | None = None
    allowed: tuple[str, ...] = ()

    def suggestion(self) -> str | None:
        """The closest allowed key to an unknown one, if any is close."""
        if self.unknown_key is None:
            return None
        return closest(self.unknown_key, self.allowed)


@lru_cache(maxsize=512)
def closest(value: str, words: tuple[str, ...]) -> str | None:
    """The closest of ``words`` to a wrong value or key, if any is close (cached: an ``if``/``anyOf``
    branch tests the same values against the same enums once per item of a long list)."""
    import difflib  # only when a value is wrong

    close = difflib.get_close_matches(value, words, n=1, cutoff=0.6)
    return close[0] if close else None


def where(path: Path) -> str:
    """``providers.openrouter.match`` / ``patch[3].op``; ``(top level)`` for the root."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
