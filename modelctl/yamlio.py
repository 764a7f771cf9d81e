"""PyYAML with the libyaml C parser, required for speed; one place that picks the classes."""

from __future__ import annotations

from typing import Any

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

__all__ = ["SafeDumper", "SafeLoader", "dump_yaml", "load_yaml_text"]


def load_yaml_text(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader)


def dump_yaml(data: object) -> str:
    return yaml.dump(data, Dumper=SafeDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=1000)
