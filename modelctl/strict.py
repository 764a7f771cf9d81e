"""Strict settings: providers.yaml and the config's ``modelctl:`` block checked against the JSON
Schemas shipped in ``modelctl/schemas``; the first problem becomes one line naming file:line.

A typo in a safety setting (``enabeld: false``, ``protect: [...]``) must never be ignored.
"""

from __future__ import annotations

from typing import Any

import yaml

from modelctl.errors import ModelctlError
from modelctl.schemacheck import SchemaIssue, bundled_schema, first_issue, where
from modelctl.yamlio import SafeLoader

PROVIDERS_SCHEMA = "providers-v1.schema.json"
CONFIG_BLOCK_SCHEMA = "config-modelctl-v1.schema.json"
PLAN_SCHEMA = "plan-v1.schema.json"


def schema(name: str) -> dict[str, Any]:
    return bundled_schema(name)


def check(
    data: Any,
    schema_name: str,
    *,
    shown: str,
    error: type[ModelctlError],
    text: str | None = None,
    node: yaml.Node | None = None,
    base: tuple[str | int, ...] = (),
    see: str,
) -> None:
    """Raise ``error`` for the first schema issue of ``data``, at its ``file:line`` when the YAML
    ``text`` (or its composed ``node``) is given. ``base`` is where ``data`` sits in the file;
    ``see`` ends the hint (where the allowed settings are described)."""
    issue = first_issue(data, schema(schema_name))
    if issue is not None:
        raise issue_error(issue, error, shown, text=text, node=node, base=base, see=see)


def issue_error(
    issue: SchemaIssue,
    error: type[ModelctlError],
    shown: str,
    *,
    text: str | None = None,
    node: yaml.Node | None = None,
    base: tuple[str | int, ...] = (),
    see: str,
) -> ModelctlError:
    """The error for a schema issue: the file and line as ``path``/``line``, the place inside the
    file as ``key`` (``providers.openrouter.match[0]``), the issue and its did-you-mean as text."""
    path = (*base, *issue.path)
    unknown = issue.unknown_key is not None
    if node is None and text is not None:
        try:
            node = yaml.compose(text, Loader=SafeLoader)
        except yaml.YAMLError:
            node = None
    line = line_of(node, path, key=unknown) if node is not None else None
    fix = "fix or remove that key" if unknown else "fix that value"
    return error(_described(issue), path=shown, line=line, key=where(path), hint=f"{fix}; {see}")


def _described(issue: SchemaIssue) -> str:
    suggestion = issue.suggestion()
    if suggestion:
        return f"{issue.message} (did you mean {suggestion!r}?)"
    if issue.unknown_key is not None and issue.allowed:
        return f"{issue.message} (allowed: {', '.join(issue.allowed)})"
    return issue.message


def line_of(root: yaml.Node, path: tuple[str | int, ...], *, key: bool = False) -> int | None:
    """The 1-based line of the value at ``path`` (of its key, with ``key``), or of the deepest
    ancestor found."""
    node = root
    line = node.start_mark.line + 1
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    line = (k if key and last else v).start_mark.line + 1
                    node = v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line
