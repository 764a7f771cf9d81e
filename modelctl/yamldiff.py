"""The unified diff of what ``apply`` writes, with secret-bearing values masked.

A removed entry may hold a literal ``api_key``: the diff shows its lines, so every value under a
key that names a secret (``api_key``, ``*_key``, ``*secret*``, ``*token`` but not token counts or
costs, ``*password*``, ``*credentials*``, ``aws_*``, ``vertex_credentials``) is replaced by
``***`` unless it is an ``os.environ/...`` reference. Block scalars and nested mappings under
such a key are masked line by line, and any literal secret found is masked wherever else it
appears. Masking keeps the line count, so the diff of the masked texts is the masked diff.
"""

from __future__ import annotations

import re
from functools import cache

from modelctl import linediff

MASK = "***"
_KEY = re.compile(r"""(?P<lead>(?:^|[\s{,\[])-?\s*)(?P<q>["']?)(?P<key>[A-Za-z_][\w.-]*)(?P=q)\s*:(?=\s|$)""")
_SECRET_PART = re.compile(r"key|apikey|secret|token|password|passwd|pwd|credential|credentials")
_SECRET_WORD = ("secret", "password", "apikey", "credential")  # also inside a longer word
_MAYBE_SECRET = re.compile(r"key|secret|passw|pwd|credential|aws_|vertex|(?<!per_)token(?!s|_cost)")
"""A cheap test a line must pass before its keys are looked at: every key :func:`is_secret_key`
accepts contains one of these (``*_per_token``, ``*tokens`` and ``*token_cost`` never name one)."""


@cache  # a config repeats the same few keys on every entry
def is_secret_key(key: str) -> bool:
    """Whether a YAML key names a secret (``api_key``, ``aws_secret_access_key``, ...)."""
    k = key.lower()
    if k.startswith("aws_") or k == "vertex_credentials":
        return True
    parts = [p for p in re.split(r"[_\-.]", k) if p]
    if any(p in ("cost", "per", "max", "tokens") for p in parts):
        return False  # input_cost_per_token, max_tokens: counts and prices
    if k.endswith(("_env", "_name")):
        return False  # the name of a variable or credential, not the value
    return any(_SECRET_PART.fullmatch(p) for p in parts) or any(w in k for w in _SECRET_WORD)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def mask_secrets(text: str) -> str:
    """``text`` with every secret value masked; same number of lines."""
    masked, literals = _mask(text)
    return _mask_literals(masked, literals)


def _mask_literals(text: str, literals: set[str]) -> str:
    for literal in sorted((v for v in literals if len(v) >= 6), key=len, reverse=True):
        text = text.replace(literal, MASK)
    return text


def _mask(text: str) -> tuple[str, set[str]]:
    lines = text.split("\n")
    out: list[str] = []
    literals: set[str] = set()
    block_over: int | None = None  # mask the lines indented deeper than this
    for line in lines:
        if block_over is not None:
            if not line.strip() or _indent(line) > block_over:
                if line.strip():
                    literals.add(line.strip())
                out.append(line[: _indent(line)] + MASK if line.strip() else line)
                continue
            block_over = None
        if ":" not in line or not _MAYBE_SECRET.search(line.lower()):
            out.append(line)  # no key, or none that could name a secret: most lines of a config
            continue
        out.append(_mask_line(line, literals))
        match = _last_secret_key(line)
        if match is not None:
            rest = line[match.end() :].split(" #")[0].strip()
            if rest == "" or rest[0] in "|>" or rest in ("&", "!"):
                block_over = _indent(line) if not line.lstrip().startswith("- ") else _indent(line) + 2
    return "\n".join(out), literals


def _last_secret_key(line: str) -> re.Match[str] | None:
    last = None
    for match in _KEY.finditer(line):
        if is_secret_key(match.group("key")):
            last = match
    return last


def _mask_line(line: str, literals: set[str]) -> str:
    if line.lstrip().startswith("#"):
        return line
    pieces: list[str] = []
    pos = 0
    for match in _KEY.finditer(line):
        if match.start() < pos or not is_secret_key(match.group("key")):
            continue
        start = match.end()
        value, end = _value_at(line, start)
        stripped = value.strip().strip("\"'")
        if not stripped or stripped[0] in "|>" or stripped.startswith("os.environ/"):
            continue
        literals.add(stripped)
        pieces.append(line[pos:start])
        pieces.append(" " + MASK)
        pos = end
    pieces.append(line[pos:])
    return "".join(pieces)


def _value_at(line: str, start: int) -> tuple[str, int]:
    """The scalar after a key: to the end of line, a comment, or (in a flow mapping) a ``,``/``}``."""
    flow = "{" in line[:start]
    quote = None
    i = start
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'" and not line[start:i].strip():
            quote = ch
        elif (ch == "#" and i > 0 and line[i - 1] in " \t") or (flow and ch in ",}]"):
            break
        i += 1
    end = i
    while end > start and line[end - 1] in " \t\r":
        end -= 1
    return line[start:end], end


def unified_diff(old: bytes, new: bytes, path: str) -> str:
    """``git diff``-style text of old -> new (secrets masked); empty when nothing changes."""
    old_text, old_secrets = _mask(old.decode("utf-8"))
    new_text, new_secrets = _mask(new.decode("utf-8"))
    secrets = old_secrets | new_secrets  # a secret only the old text holds is masked in both
    a = _mask_literals(old_text, secrets).splitlines(keepends=True)
    b = _mask_literals(new_text, secrets).splitlines(keepends=True)
    lines = linediff.unified_diff(a, b, f"a/{path}", f"b/{path}")
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)
