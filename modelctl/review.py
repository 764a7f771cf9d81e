"""Review aids for removals: where a removed ``model_name`` is still named, and what replaces it.

Both are advice for the reviewer, recorded in the plan and never applied.

- :func:`dangling_references` lists every place in ``router_settings`` and ``litellm_settings``
  that names a model group: the fallback lists of every kind (``fallbacks``,
  ``context_window_fallbacks``, ``content_policy_fallbacks``, ``default_fallbacks``, and any
  other ``*fallbacks`` key LiteLLM may add) and ``model_group_alias`` (``alias: name`` or
  ``alias: {model: name, hidden: ...}``), as key paths like
  ``router_settings.fallbacks[0].gpt-4o[1]``.
- :func:`suggest_successor` picks the closest catalog id of the same family: the id without its
  date or variant suffix, else the newest version of the same words (``claude-3-5-haiku`` ->
  ``claude-haiku-4.5``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

SETTINGS_BLOCKS = ("router_settings", "litellm_settings")
ALIAS_KEY = "model_group_alias"


def dangling_references(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, list[str]]:
    """``{model_name: [key path, ...]}`` for each of ``names`` the settings still mention."""
    wanted = set(names)
    found: dict[str, list[str]] = {}
    if not wanted:
        return found

    def hit(name: object, path: str) -> None:
        if isinstance(name, str) and name in wanted:
            found.setdefault(name, []).append(path)

    for block_name in SETTINGS_BLOCKS:
        block = data.get(block_name)
        if not isinstance(block, Mapping):
            continue
        for key, value in block.items():
            if not isinstance(key, str):
                continue
            base = f"{block_name}.{key}"
            if key == ALIAS_KEY and isinstance(value, Mapping):
                for alias, target in value.items():
                    hit(alias, f"{base}.{alias}")
                    if isinstance(target, Mapping):
                        hit(target.get("model"), f"{base}.{alias}.model")
                    else:
                        hit(target, f"{base}.{alias}")
            elif key.endswith("fallbacks"):
                _walk(value, base, hit)
    return found


def _walk(value: Any, path: str, hit: Any) -> None:
    """Names in a fallback value: ``[{group: [fallback, ...]}, ...]`` or ``[fallback, ...]``."""
    if isinstance(value, str):
        hit(value, path)
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            hit(key, f"{path}.{key}")
            _walk(inner, f"{path}.{key}", hit)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, f"{path}[{i}]", hit)


# -- successors ----------------------------------------------------------------------------

_VARIANT_WORDS = frozenset({"preview", "exp", "experimental", "latest", "beta", "alpha", "rc", "snapshot"})
_DATE = re.compile(r"\d{4,8}")  # 0613, 2411, 20241022 (a date split at '-' is three tokens)
_YEAR = re.compile(r"20\d\d")
_TWO_DIGITS = re.compile(r"\d\d")
_V_VERSION = re.compile(r"v\d+")
_TOKENS = re.compile(r"[-_/.@\s]+")


@cache  # every removal compares against the same catalog ids
def _split(model_id: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], bool]:
    """(family words, version numbers, date numbers, has a variant) of a catalog id.

    ``anthropic/claude-3-5-haiku-20241022`` -> (('anthropic', 'claude', 'haiku'), (3, 5),
    (20241022,), False); ``:free``-style routing variants and words such as ``preview`` count as
    a variant, not as part of the family.
    """
    base, colon, _variant = model_id.lower().partition(":")
    words: list[str] = []
    version: list[int] = []
    dates: list[int] = []
    variant = bool(colon)
    tokens = [t for t in _TOKENS.split(base) if t]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        # 2024-10-22 as three tokens
        if (
            _YEAR.fullmatch(token)
            and i + 2 < len(tokens)
            and _TWO_DIGITS.fullmatch(tokens[i + 1])
            and _TWO_DIGITS.fullmatch(tokens[i + 2])
        ):
            dates.append(int(token + tokens[i + 1] + tokens[i + 2]))
            i += 3
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if _TWO_DIGITS.fullmatch(token) and _YEAR.fullmatch(following):  # 09-2025
            dates.append(int(following + token))
            i += 2
            continue
        if _YEAR.fullmatch(token) and _TWO_DIGITS.fullmatch(following):  # 2025-09
            dates.append(int(token + following))
            i += 2
            continue
        if _DATE.fullmatch(token):
            dates.append(int(token))
        elif token.isdigit():
            version.append(int(token))
        elif _V_VERSION.fullmatch(token):
            version.append(int(token[1:]))
        elif token in _VARIANT_WORDS:
            variant = True
        else:
            words.append(token)
        i += 1
    return tuple(sorted(words)), tuple(version), tuple(dates), variant


def suggest_successor(model_id: str, catalog_ids: Iterable[str]) -> str | None:
    """The closest catalog id of the same family that is newer or the same without a suffix.

    Same family means the same words (vendor, name, size such as ``70b``) once version numbers,
    dates and variant words are set aside. The same version without a date or variant suffix
    wins (``gpt-4o-2024-05-13`` -> ``gpt-4o``); else the highest version, then an id without
    suffix, then the newest date, then the shortest id.
    """
    return _closest(model_id, [(candidate, candidate.lower()) for candidate in catalog_ids])


def _closest(model_id: str, candidates: Iterable[tuple[str, str]]) -> str | None:
    """:func:`suggest_successor` over ``(catalog id, the id lower-cased)`` pairs."""
    words, version, dates, _variant = _split(model_id)
    if not words:
        return None
    longest = max(words, key=len)
    best: tuple[tuple[Any, ...], str] | None = None
    for candidate, lowered in candidates:
        # cheap: a same-family id contains every family word (the longest first; no split needed)
        if longest not in lowered or candidate == model_id or any(w not in lowered for w in words):
            continue
        c_words, c_version, c_dates, c_variant = _split(candidate)
        if c_words != words or c_version < version:
            continue
        bare = not c_dates and not c_variant
        if c_version == version and not bare and c_dates < dates:
            continue  # an older snapshot of the same version is no successor
        dropped_suffix = bare and c_version == version  # the same model without date or variant
        key = (dropped_suffix, c_version, bare, c_dates, -len(candidate), candidate)
        if best is None or key > best[0]:
            best = (key, candidate)
    return best[1] if best else None


INDEX_AFTER = 5_000
"""Comparisons (removals x catalog ids) after which a catalog's ids are indexed by word."""


class Successors:
    """:func:`suggest_successor` for many removals against one catalog, in linear time overall.

    A few removals scan the ids (cheap); once removals x ids passes :data:`INDEX_AFTER`, the ids
    are indexed by the words of their base id, and only ids holding every family word of the
    removed id are compared (a same-family id holds each of them as a word).
    """

    def __init__(self, catalog_ids: Iterable[str]) -> None:
        self.ids = [(candidate, candidate.lower()) for candidate in catalog_ids]
        self.index: dict[str, list[tuple[str, str]]] | None = None
        self.compared = 0

    def suggest(self, model_id: str) -> str | None:
        if self.index is None:
            self.compared += len(self.ids)
            if self.compared <= INDEX_AFTER:
                return _closest(model_id, self.ids)
            self.index = {}
            for pair in self.ids:
                for word in set(_TOKENS.split(pair[1].partition(":")[0])):
                    self.index.setdefault(word, []).append(pair)
        words = _split(model_id)[0]
        if not words:
            return None
        empty: list[tuple[str, str]] = []
        fewest = min((self.index.get(w, empty) for w in words), key=len)
        return _closest(model_id, fewest)
