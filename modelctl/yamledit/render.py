"""Python values as YAML text to splice in: a scalar, a block entry, a ``key: value`` line, or
one line of flow YAML (JSON-looking in a JSON config)."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from modelctl.yamlio import SafeDumper, SafeLoader, dump_yaml

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./@+-]*")


def render_scalar(value: Any) -> str:
    """A scalar as block YAML writes it (``2.0e-07``, ``true``, a quoted string if needed)."""
    dumped = dump_yaml(value)
    if dumped.endswith("\n...\n"):
        dumped = dumped[: -len("\n...\n")]
    return dumped.rstrip("\n")


def inline_scalar(value: Any, *, in_flow: bool, json_style: bool) -> str:
    """A scalar value replacing one in place: flow style inside a flow collection, else one
    line of block YAML (a value that would take more lines is written as a JSON string)."""
    if in_flow:
        return flow_scalar(value, json_style)
    rendered = render_scalar(value)
    if "\n" in rendered:
        rendered = json.dumps(value, ensure_ascii=False)
    return rendered


def block_entry(entry: Any, indent: int) -> str:
    """``- key: value`` lines of one list entry, indented by ``indent`` spaces."""
    return indented(dump_yaml([entry]), indent)


def block_pair(key: str, value: Any, column: int) -> str:
    """``key: value`` lines (a nested value on the lines below), starting at ``column``."""
    return indented(dump_yaml({key: value}), column)


def indented(lines: str, indent: int) -> str:
    return "".join(" " * indent + line for line in lines.splitlines(keepends=True))


def flow_scalar(value: Any, json_style: bool) -> str:
    if isinstance(value, (dict, list)):
        return flow_value(value, json_style)
    if isinstance(value, str):
        return flow_string(value, json_style)
    return render_scalar(value)


def flow_string(value: str, json_style: bool) -> str:
    """A plain scalar where it reads back as this same string, else a JSON (double-quoted) one."""
    if not json_style and _PLAIN.fullmatch(value):
        try:
            if yaml.load(value, Loader=SafeLoader) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def flow_pair(key: str, value: Any, json_style: bool) -> str:
    rendered_key = flow_string(key, json_style)
    return f"{rendered_key}: {flow_value(value, json_style)}"


def flow_value(value: Any, json_style: bool) -> str:
    """One line of flow YAML (JSON when ``json_style``, with YAML's float spelling)."""
    if isinstance(value, dict):
        return "{" + ", ".join(flow_pair(str(k), v, json_style) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_value(v, json_style) for v in value) + "]"
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return render_scalar(value)
    if isinstance(value, str):
        return flow_string(value, json_style)
    return yaml.dump(value, Dumper=SafeDumper, default_flow_style=True, width=10**9).strip()
