"""``build_plan``: the planning steps, in order, over one immutable ``PlanView``.

Patch order keeps every index valid: updates (ascending), removals (descending), additions,
then sorting moves. Each mutation is preceded by ``test`` ops that pin the entry it touches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

from modelctl.config import ConfigDoc
from modelctl.plan import Plan, Review
from modelctl.planner.additions import requested_additions, start_additions
from modelctl.planner.catalog import catalog_removals, catalog_updates, checked_entries
from modelctl.planner.removals import (
    explicit_removals,
    mass_removal_refusals,
    removal_patch,
    reviewed_removals,
)
from modelctl.planner.request import PlanRequest, check_track_options
from modelctl.planner.shared import update_step
from modelctl.planner.sort import sort_step
from modelctl.planner.tracking import track_additions
from modelctl.planner.view import PlanView, Slot, Step, make_view, statuses, unchecked
from modelctl.providers.registry import Registry
from modelctl.providers.spec import ProviderSpec
from modelctl.records import Catalog


def build_plan(
    config: ConfigDoc,
    registry: Registry,
    selected: Sequence[ProviderSpec],
    catalogs: Mapping[str, Catalog],
    request: PlanRequest | None = None,
    now: datetime | None = None,
) -> Plan:
    """The plan that brings ``config`` in line with the ``selected`` providers' ``catalogs``."""
    request = request or PlanRequest()
    check_track_options(request)
    view = make_view(config, registry, selected, catalogs, request)
    checked = () if request.track_only else checked_entries(view)
    removals, protected_gone = catalog_removals(view, checked)
    updates, notes = catalog_updates(view, checked)
    refusals = mass_removal_refusals(view, removals)
    removals, removed_on_request = explicit_removals(view, removals)
    updated = update_step(view, updates, removals)
    removing, slots = removal_patch(view, removals)
    adding = start_additions(view, slots)
    requested_additions(view, adding)
    if request.track:
        track_additions(view, adding, removed_on_request)
    added = adding.step()
    removed = reviewed_removals(view, removals, adding.slots)
    moved = _sorting(view, adding.slots)
    created = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return Plan(
        config_path=str(config.path),
        config_sha256=config.sha256,
        created_at=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        providers=statuses(view),
        changes=[*updated.changes, *(removed[i] for i in sorted(removed)), *added.changes, *moved.changes],
        patch=[*updated.patch, *removing, *added.patch, *moved.patch],
        notes=[*notes, *added.notes],
        review=Review(protected_gone=protected_gone, unchecked=unchecked(view)),
        refusals=refusals,
    )


def _sorting(view: PlanView, slots: Sequence[Slot]) -> Step:
    if view.request.track_only or not view.sorting_enabled():
        return Step()
    return sort_step(view, slots)
