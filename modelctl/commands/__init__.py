"""What each command does, as functions over paths and options returning frozen results
(:mod:`modelctl.commands.results`); no printing. The CLI renders what they return.

One module per job: ``planning`` (plan), ``fetching`` (live catalogs, snapshots), ``applying``
(show, apply), ``providers`` (which providers.yaml, the providers table). Names are re-exported
lazily: ``show`` imports neither the planning nor the fetching code (start-up time).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "apply": "applying",
    "show": "applying",
    "show_diff": "applying",
    "fetch_snapshots": "fetching",
    "PlanArgs": "planning",
    "PlanOptions": "planning",
    "ignore_hints": "planning",
    "plan": "planning",
    "provider_rows": "providers",
    "registry_for": "providers",
    "resolve_providers_file": "providers",
    "ApplyOutcome": "results",
    "PlanResult": "results",
    "PlanStatus": "results",
    "ProviderFailure": "results",
    "ProviderRow": "results",
    "SnapshotResult": "results",
}

__all__ = [
    "ApplyOutcome",
    "Plan",
    "PlanArgs",
    "PlanOptions",
    "PlanResult",
    "PlanStatus",
    "ProviderFailure",
    "ProviderRow",
    "SnapshotResult",
    "apply",
    "fetch_snapshots",
    "ignore_hints",
    "plan",
    "provider_rows",
    "registry_for",
    "resolve_providers_file",
    "show",
    "show_diff",
]


def __getattr__(name: str) -> Any:
    if name == "Plan":
        from modelctl.plan import Plan

        value: Any = Plan
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(f"modelctl.commands.{_EXPORTS[name]}"), name)
    else:
        raise AttributeError(f"module 'modelctl.commands' has no attribute {name!r}")
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from modelctl.commands.applying import apply, show, show_diff
    from modelctl.commands.fetching import fetch_snapshots
    from modelctl.commands.planning import PlanArgs, PlanOptions, ignore_hints, plan
    from modelctl.commands.providers import provider_rows, registry_for, resolve_providers_file
    from modelctl.commands.results import (
        ApplyOutcome,
        PlanResult,
        PlanStatus,
        ProviderFailure,
        ProviderRow,
        SnapshotResult,
    )
    from modelctl.plan import Plan
