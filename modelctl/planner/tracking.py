"""The track step: every catalog model a provider's track rule matches that the config lacks
is added (see ``modelctl.track`` for the rules)."""

from __future__ import annotations

from collections.abc import Set

from modelctl.naming import generate_model_name
from modelctl.planner.additions import Additions
from modelctl.planner.view import PlanView
from modelctl.providers.spec import ProviderSpec
from modelctl.records import ModelRecord
from modelctl.track import TrackRule, ignored, select


def track_additions(view: PlanView, adding: Additions, removed_on_request: Set[tuple[str, str]]) -> None:
    """Every track rule of every selected provider, in providers.yaml order."""
    for spec in view.selected.values():
        for rule in spec.track:
            _track(view, adding, spec, rule, removed_on_request)


def _track(
    view: PlanView,
    adding: Additions,
    spec: ProviderSpec,
    rule: TrackRule,
    removed_on_request: Set[tuple[str, str]],
) -> None:
    catalog = view.catalogs.get(spec.name)
    if catalog is None or not catalog.ok:
        return  # a failed provider proposes nothing
    assert catalog.records is not None
    records = list(catalog.records.values())
    if not any(rule.matches(r) for r in records):
        adding.notes.append(
            f"{spec.name}: track rule '{rule.label}' ({rule.where}) matches no model of the "
            f"catalog ({len(records)} models): check its globs and filters ({rule.describe()})"
        )
        return
    names = _config_names(view, spec)
    skip = {
        r.id
        for r in records
        if r.id in names
        or (spec.name, r.id) in adding.added
        or (spec.name, r.id) in removed_on_request
        or ignored(r.id, spec.ignore)
    }
    take, rest = select(rule, records, skip)
    for record in take:
        name, reason = _name_and_reason(adding, spec, rule, record, names)
        adding.add(spec, record, name, reason, rule=rule.label)
    if rest:
        shown = ", ".join(r.id for r in rest[:5]) + (", …" if len(rest) > 5 else "")
        adding.notes.append(
            f"{spec.name}: track rule '{rule.label}' matched {len(take) + len(rest)} new models; "
            f"{len(take)} proposed (limit {rule.limit}), {len(rest)} left for later plans: {shown}"
        )


def _config_names(view: PlanView, spec: ProviderSpec) -> dict[str, str | None]:
    """catalog id -> model_name of the provider's entries (the first entry of an id wins)."""
    names: dict[str, str | None] = {}
    for i, (s, model_id) in view.owned.items():
        if s.name == spec.name:
            names.setdefault(model_id, view.entries[i].get("model_name"))
    return names


def _name_and_reason(
    adding: Additions,
    spec: ProviderSpec,
    rule: TrackRule,
    record: ModelRecord,
    names: dict[str, str | None],
) -> tuple[str, str]:
    """The model_name of a tracked addition (its twin's group when it has one) and its reason."""
    name = rule.model_name_for(record.id, generate_model_name(record.id, spec.naming))
    reason = f"track rule '{rule.label}' ({rule.where}): {rule.describe()}"
    twin = _twin(spec, record.id)
    if rule.model_name is None and twin is not None:
        group = names.get(twin) or adding.added.get((spec.name, twin))
        if group:
            name = group
            reason += f"; joins the '{group}' group of its twin '{twin}'"
    return name, reason


def _twin(spec: ProviderSpec, model_id: str) -> str | None:
    """The free/paid twin of an id (``x`` <-> ``x:free``), when the provider has free twins."""
    suffix = spec.free_suffix
    if not suffix:
        return None
    return model_id[: -len(suffix)] if model_id.endswith(suffix) else model_id + suffix
