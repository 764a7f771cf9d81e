"""What each command does, as functions over paths and options returning frozen results
(:mod:`modelctl.commands.results`); no printing. The CLI renders what they return.

One module per job: ``planning`` (plan), ``fetching`` (live catalogs, snapshots), ``applying``
(show, apply), ``providers`` (which providers.yaml, the providers table).
"""

from __future__ import annotations

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
