"""PyYAML with the libyaml C parser, required for speed; one place that picks the classes."""

from __future__ import annotations

from typing import Any, Protocol

import yaml

from modelctl.errors import ModelctlError

try:
    from yaml import CSafeDumper as SafeDumper
    from yaml import CSafeLoader as SafeLoader
except ImportError as exc:  # pragma: no cover - depends on how PyYAML was built
    raise ModelctlError(
        "PyYAML was installed without libyaml (yaml.CSafeLoader is missing)",
        hint="install libyaml and reinstall PyYAML: pip install --force-reinstall --no-binary "
        "pyyaml pyyaml, or use the PyPI wheel",
    ) from exc

__all__ = [
    "COMPOSE_SAFE_NESTING",
    "MAX_NESTING",
    "NestingTooDeep",
    "SafeDumper",
    "SafeLoader",
    "check_nesting",
    "check_node_depth",
    "dump_yaml",
    "load_yaml_text",
]

MAX_NESTING = 1000
"""Deepest collection nesting accepted. PyYAML composes nodes recursively in C: about 100,000
nested ``[`` crash the interpreter (SIGSEGV) instead of raising, so deeper text is refused before
it is composed. Real LiteLLM configs and providers.yaml files are under 10 levels deep."""


COMPOSE_SAFE_NESTING = 10_000
"""Nesting PyYAML's recursive C composer handles without risk (it crashes near 100,000). Text
whose cheap bound stays under this may be composed first and its depth checked on the nodes."""


class _Mark(Protocol):
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


class NestingTooDeep(yaml.YAMLError):
    """YAML nested deeper than :data:`MAX_NESTING` levels (refused before composing).

    ``line`` and ``column`` (1-based) are where the collection one level too deep starts;
    ``str(error)`` is ``line L, column C: nested deeper than N levels``.
    """

    def __init__(self, limit: int, mark: _Mark | None) -> None:
        self.limit = limit
        self.line = mark.line + 1 if mark else None
        self.column = mark.column + 1 if mark else None
        place = f"line {self.line}, column {self.column}: " if mark else ""
        super().__init__(f"{place}nested deeper than {limit} levels")


def check_nesting(text: str, limit: int = MAX_NESTING, *, scan_above: int | None = None) -> None:
    """Raise :class:`NestingTooDeep` when ``text`` nests collections deeper than ``limit``.

    Cheap bound first: block nesting needs indentation or ``- `` on a line (at most two levels
    per column) and flow nesting needs a ``[`` or ``{`` per level; only text that could exceed
    the limit (or ``scan_above``, for a caller that checks the composed nodes with
    :func:`check_node_depth` itself) is scanned with the (non-recursive) libyaml event parser.
    """
    longest = max((len(line) for line in text.splitlines()), default=0)
    if 2 * longest + 2 + text.count("[") + text.count("{") <= max(limit, scan_above or 0):
        return
    depth = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                raise NestingTooDeep(limit, event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def check_node_depth(root: yaml.Node, limit: int = MAX_NESTING) -> None:
    """:func:`check_nesting` on a composed tree: an iterative walk in document order, O(nodes),
    instead of a second parse into event objects. Same error and place."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise NestingTooDeep(limit, node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            continue
        stack.extend(
            (child, depth + 1) for child in reversed(children) if not isinstance(child, yaml.ScalarNode)
        )


def load_yaml_text(text: str) -> Any:
    check_nesting(text)
    return yaml.load(text, Loader=SafeLoader)


def dump_yaml(data: object) -> str:
    return yaml.dump(
        data, Dumper=SafeDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000
    )
