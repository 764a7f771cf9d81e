"""Read config.yaml once: exact bytes, their SHA-256, the parsed data and the node tree.

The node tree (with source marks) is what lets ``yamledit`` change only the bytes of the entries
a plan touches. One C-parser pass produces both the nodes and the data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from modelctl.errors import ConfigError
from modelctl.yamlio import (
    COMPOSE_SAFE_NESTING,
    MAX_NESTING,
    NestingTooDeep,
    SafeLoader,
    check_nesting,
    check_node_depth,
)

MAX_ALIAS_EXPANSION = 100_000
"""Most values YAML aliases may add when expanded. PyYAML shares an aliased object instead of
copying it, but a plan serialises entries as JSON, which expands every alias: a few hundred
bytes of nested aliases ("billion laughs") would take hours and gigabytes."""


@dataclass
class ConfigDoc:
    path: Path
    raw: bytes
    text: str
    sha256: str
    data: dict[str, Any]
    node: yaml.MappingNode

    @property
    def entries(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = self.data["model_list"]
        return entries

    def settings(self) -> Mapping[str, Any]:
        """The optional top-level ``modelctl:`` block (sort, protected)."""
        block = self.data.get("modelctl")
        return block if isinstance(block, Mapping) else {}


def sha256_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_config(path: Path) -> ConfigDoc:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            "file not found", path=str(path), hint="pass -c/--config PATH, or run 'modelctl init'"
        ) from None
    except IsADirectoryError:
        raise ConfigError(
            "is a directory, not a config file",
            path=str(path),
            hint="pass the config file itself with -c/--config PATH",
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=str(path)) from None
    return parse_config(path, raw)


def parse_config(path: Path, raw: bytes) -> ConfigDoc:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"byte {exc.start}: not valid UTF-8", path=str(path), hint="save the file as UTF-8"
        ) from None
    node, data = compose_and_construct(text, str(path))
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ConfigError(
            "expected a mapping with a 'model_list' key, got "
            f"{'an empty file' if data is None else type(data).__name__}",
            path=str(path),
            hint="write a LiteLLM config: a mapping with a model_list: of entries",
        )
    validate_shape(path, data)
    if data.get("modelctl") is not None:
        from modelctl import strict

        strict.check(
            data["modelctl"],
            strict.CONFIG_BLOCK_SCHEMA,
            shown=str(path),
            error=ConfigError,
            node=node,
            base=("modelctl",),
            see="the modelctl: block takes sort: true|false and protected: [model_name or model, …]",
        )
    return ConfigDoc(path=path, raw=raw, text=text, sha256=sha256_bytes(raw), data=data, node=node)


def compose_and_construct(text: str, where: str) -> tuple[yaml.Node | None, Any]:
    """Parse YAML once with the C parser, returning the node tree and the constructed data."""
    loader = SafeLoader(text)
    try:
        # the event scan only for text that could crash the composer; the MAX_NESTING policy
        # is checked on the composed nodes below (~2% of a parse instead of ~30%)
        check_nesting(text, scan_above=COMPOSE_SAFE_NESTING)
        node = loader.get_single_node()
        if node is not None and "*" in text:
            _check_aliases(node, where)
        if node is not None:
            check_node_depth(node)
        data = loader.construct_document(node) if node is not None else None
    except (NestingTooDeep, yaml.YAMLError, RecursionError) as exc:
        raise _parse_error(exc, where) from None
    finally:
        loader.dispose()
    return node, data


_TOO_DEEP_HINT = "a LiteLLM config is a few levels deep; look for runaway brackets or indentation there"


def _parse_error(exc: Exception, where: str) -> ConfigError:
    """The one-line error for a config the YAML parser refused (its place: "line N, column M")."""
    if isinstance(exc, NestingTooDeep):
        return ConfigError(str(exc), path=where, hint=_TOO_DEEP_HINT)
    if isinstance(exc, RecursionError):
        return ConfigError(
            "YAML nested too deeply", path=where, hint="a LiteLLM config is a few levels deep; flatten it"
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        place = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        if "maximum nesting depth" in str(exc.problem):  # PyYAML >= 6.0.4 has its own limit
            return ConfigError(
                f"{place}nested deeper than {MAX_NESTING} levels", path=where, hint=_TOO_DEEP_HINT
            )
        return ConfigError(
            f"{place}{exc.problem or exc.context or 'invalid YAML'}",
            path=where,
            hint="fix the YAML syntax there; nothing was written",
        )
    return ConfigError(
        f"invalid YAML: {str(exc).splitlines()[0]}",
        path=where,
        hint="fix the YAML syntax; nothing was written",
    )


def _check_aliases(root: yaml.Node, where: str) -> None:
    """Refuse an alias that contains itself, or aliases expanding to a huge document."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    distinct = 0
    while stack:
        node, finished = stack.pop()
        children = _children(node)
        if finished:
            open_nodes.discard(id(node))
            sizes[id(node)] = min(1 + sum(sizes[id(c)] for c in children), 1 << 62)
            continue
        if id(node) in sizes:
            continue
        open_nodes.add(id(node))
        distinct += 1
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                mark = child.start_mark
                raise ConfigError(
                    f"line {mark.line + 1}, column {mark.column + 1}: an "
                    "alias refers to a collection that contains it (a recursive "
                    "structure)",
                    path=where,
                    hint="replace the alias with a plain value",
                )
            if id(child) not in sizes:
                stack.append((child, False))
    added = sizes[id(root)] - distinct
    if added > MAX_ALIAS_EXPANSION:
        raise ConfigError(
            f"YAML aliases expand to over {MAX_ALIAS_EXPANSION:,} extra values ({added:,}; an alias bomb?)",
            path=where,
            hint="write the values out, or remove the nested aliases",
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def validate_shape(path: Path, data: Mapping[str, Any]) -> None:
    """Check the parts of the config modelctl relies on, with the exact place of a problem.

    The error's ``path`` is the file; the place inside it (``model_list[3].litellm_params``) starts
    its message (``modelctl.apply`` quotes the message of a plan that would break the shape)."""
    shown = str(path)
    model_list = data.get("model_list")
    if "model_list" not in data:
        raise ConfigError(
            "no 'model_list' key at the top level",
            path=shown,
            hint="add 'model_list:' with your LiteLLM model entries",
        )
    if not isinstance(model_list, list):
        got = "nothing" if model_list is None else type(model_list).__name__
        raise ConfigError(
            f"model_list: expected a list of entries, got {got}",
            path=shown,
            hint="write model_list: as a YAML list ('- model_name: …')",
        )
    for index, entry in enumerate(model_list):
        _check_entry(shown, f"model_list[{index}]", entry)
    settings = data.get("modelctl")
    if settings is not None and not isinstance(settings, dict):
        raise ConfigError(
            "modelctl: expected a mapping (sort, protected)",
            path=shown,
            hint="write it as 'modelctl: {sort: true, protected: [name, …]}'",
        )


def _check_entry(shown: str, where: str, entry: Any) -> None:
    """One model_list entry: a mapping with litellm_params.model, a string model_name if any, and
    a mapping model_info if any."""
    if not isinstance(entry, dict):
        got = "nothing" if entry is None else type(entry).__name__
        raise ConfigError(
            f"expected a mapping, got {got}",
            key=where,
            path=shown,
            hint="give each entry model_name and litellm_params",
        )
    params = entry.get("litellm_params")
    if not isinstance(params, dict):
        raise ConfigError(
            "missing or not a mapping",
            key=f"{where}.litellm_params",
            path=shown,
            hint="add litellm_params: {model: …} to the entry",
        )
    if not isinstance(params.get("model"), str) or not params["model"]:
        raise ConfigError(
            "missing or not a string",
            key=f"{where}.litellm_params.model",
            path=shown,
            hint="set it to '<provider>/<model id>'",
        )
    name = entry.get("model_name")
    if name is not None and not isinstance(name, str):
        raise ConfigError(
            f"expected a string, got {type(name).__name__}",
            key=f"{where}.model_name",
            path=shown,
            hint='quote it: model_name: "…"',
        )
    info = entry.get("model_info")
    if info is not None and not isinstance(info, dict):
        raise ConfigError(
            f"expected a mapping, got {type(info).__name__}",
            key=f"{where}.model_info",
            path=shown,
            hint="write model_info as a mapping (mode: …) or remove it",
        )
