"""modelctl: keep a LiteLLM proxy config.yaml in sync with provider model catalogs.

Data flows one way: catalogs + config -> planner -> plan file -> applier -> config.

The public API (see the README's "Library" section) is re-exported here lazily, so that
``import modelctl`` (and with it every CLI start) does not import the whole core.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
# Where the project lives (also [project.urls] in pyproject.toml): init's schema comment points here.
REPOSITORY = "https://github.com/modelctl/modelctl"

_EXPORTS: dict[str, str] = {
    "load_config": "modelctl.api",
    "load_providers": "modelctl.api",
    "fetch_catalogs": "modelctl.api",
    "load_snapshots": "modelctl.api",
    "build_plan": "modelctl.api",
    "render_applied": "modelctl.api",
    "apply_plan": "modelctl.api",
    "read_plan": "modelctl.api",
    "PlanRequest": "modelctl.api",
    "ApplyResult": "modelctl.api",
    "Catalog": "modelctl.api",
    "ConfigDoc": "modelctl.api",
    "Registry": "modelctl.api",
    "Plan": "modelctl.plan",
    "Change": "modelctl.plan",
    "ModelctlError": "modelctl.errors",
    "UsageError": "modelctl.errors",
    "ConfigError": "modelctl.errors",
    "ProvidersFileError": "modelctl.errors",
    "ProviderError": "modelctl.errors",
    "PlanBuildError": "modelctl.errors",
    "PlanFileError": "modelctl.errors",
    "PlanRejectedError": "modelctl.errors",
    "ApplyError": "modelctl.errors",
}

__all__ = [
    "ApplyError",
    "ApplyResult",
    "Catalog",
    "Change",
    "ConfigDoc",
    "ConfigError",
    "ModelctlError",
    "Plan",
    "PlanBuildError",
    "PlanFileError",
    "PlanRejectedError",
    "PlanRequest",
    "ProviderError",
    "ProvidersFileError",
    "Registry",
    "UsageError",
    "__version__",
    "apply_plan",
    "build_plan",
    "fetch_catalogs",
    "load_config",
    "load_providers",
    "load_snapshots",
    "read_plan",
    "render_applied",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'modelctl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # what static checkers and IDEs see
    from modelctl.api import (
        ApplyResult,
        Catalog,
        ConfigDoc,
        PlanRequest,
        Registry,
        apply_plan,
        build_plan,
        fetch_catalogs,
        load_config,
        load_providers,
        load_snapshots,
        read_plan,
        render_applied,
    )
    from modelctl.errors import (
        ApplyError,
        ConfigError,
        ModelctlError,
        PlanBuildError,
        PlanFileError,
        PlanRejectedError,
        ProviderError,
        ProvidersFileError,
        UsageError,
    )
    from modelctl.plan import Change, Plan
