"""Places in a config (``model_list[3].litellm_params.api_key``): its strings, and their lines."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from modelctl.yamlio import SafeLoader


def strings(value: Any, place: str) -> Iterator[tuple[str, str]]:
    """(place, text) of every string value (places start with ``.`` under a mapping root)."""
    if isinstance(value, str):
        yield place, value
    elif isinstance(value, Mapping):
        for key, child in value.items():
            yield from strings(child, f"{place}.{key}")
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from strings(child, f"{place}[{i}]")


def keyed_strings(value: Any, place: str, key: str = "") -> Iterator[tuple[str, str, str]]:
    """(place, the key holding it, text) of every string value."""
    if isinstance(value, str):
        yield place, key, value
    elif isinstance(value, Mapping):
        for child_key, child in value.items():
            sub = f"{place}.{child_key}" if place else str(child_key)
            yield from keyed_strings(child, sub, str(child_key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from keyed_strings(child, f"{place}[{i}]", key)


def entry_index(place: str) -> int | None:
    found = re.match(r"model_list\[(\d+)\]", place)
    return int(found.group(1)) if found else None


def line_map(text: str) -> dict[str, int]:
    """Place (``model_list[3].litellm_params.api_key``) -> 1-based line, from the YAML nodes."""
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    seen: set[int] = set()  # an alias is walked once (no billion laughs); its places keep their anchor's line
    while stack:
        node, place = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for sub, line, child in _children(node, place):
            lines.setdefault(sub, line)
            stack.append((child, sub))
    return lines


def _children(node: yaml.Node, place: str) -> Iterator[tuple[str, int, yaml.Node]]:
    """(place, 1-based line, node) of the values of a mapping (at their key's line) or a list."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                sub = f"{place}.{key_node.value}" if place else str(key_node.value)
                yield sub, key_node.start_mark.line + 1, value_node
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield f"{place}[{i}]", item.start_mark.line + 1, item
