"""Steps over the entries the selected catalogs check: removals (the id left the catalog) and
updates (a price or limit differs).

Rules, per owned entry of a provider whose catalog is complete:
- the id is not in the catalog (and not special or protected): remove;
- a catalog price differs by more than a relative 1e-9: update (free 0 -> 1e-9; an unknown
  price never overwrites a known one); a limit in ``model_info`` differs: update.
Entries of failed providers and of providers not selected are never touched.
"""

from typing import Any, NamedTuple

from modelctl.moves import update_reason
from modelctl.plan import Change, PatchOp
from modelctl.planner.view import Json, PlanView
from modelctl.pricing import config_cost, costs_equal, effective_cost, to_yaml_number
from modelctl.providers.spec import ProviderSpec
from modelctl.records import LIMIT_FIELDS, PRICE_FIELDS, Catalog, IdMatch, ModelRecord


class Checked(NamedTuple):
    """An owned entry whose provider's catalog is complete, and what the catalog says of it."""

    position: int
    """the entry's index in model_list"""
    spec: ProviderSpec
    model_id: str
    catalog: Catalog
    match: IdMatch | None


class Update(NamedTuple):
    position: int
    """the entry's index in model_list"""
    change: Change
    ops: tuple[PatchOp, ...]


def checked_entries(view: PlanView) -> tuple[Checked, ...]:
    """Every owned entry of a selected provider whose catalog was read, in config order."""
    out: list[Checked] = []
    for index, (spec, model_id) in view.owned.items():
        catalog = view.catalogs.get(spec.name)
        if spec.name not in view.selected or catalog is None or not catalog.ok:
            continue
        out.append(Checked(index, spec, model_id, catalog, catalog.lookup(model_id)))
    return tuple(out)


def catalog_removals(view: PlanView, checked: tuple[Checked, ...]) -> tuple[dict[int, Change], list[Json]]:
    """(removals by config index, protected entries whose id left the catalog)."""
    removals: dict[int, Change] = {}
    protected_gone: list[Json] = []
    for c in checked:
        if c.match is not None:
            continue
        if view.is_protected(c.position, c.spec, c.model_id):
            if c.model_id not in c.spec.special_models:
                entry = view.entries[c.position]
                protected_gone.append(
                    {
                        "provider": c.spec.name,
                        "model_name": entry.get("model_name"),
                        "model": entry["litellm_params"]["model"],
                        "id": c.model_id,
                    }
                )
            continue
        assert c.catalog.records is not None
        reason = f"'{c.model_id}' is no longer in the {c.spec.name} catalog ({len(c.catalog.records)} models)"
        removals[c.position] = view.change("remove", c.position, c.spec, reason)
    return removals, protected_gone


def catalog_updates(view: PlanView, checked: tuple[Checked, ...]) -> tuple[list[Update], list[str]]:
    """(updates in config order, notes on ids the catalog matched by the provider's own rule)."""
    updates: list[Update] = []
    notes: list[str] = []
    for c in checked:
        if c.match is None:
            continue
        if c.match.note is not None:
            notes.append(f"{c.spec.name}: model_list[{c.position}]: {c.match.note}")
        update = entry_update(view, c.position, c.spec, c.match.record, reprice=c.match.reprice)
        if update is not None:
            updates.append(update)
    return updates, notes


def entry_update(
    view: PlanView, index: int, spec: ProviderSpec, record: ModelRecord, *, reprice: bool = True
) -> Update | None:
    """The update of one entry to its catalog record, or None when nothing differs."""
    entry = view.entries[index]
    params = entry["litellm_params"]
    base = f"/model_list/{index}"
    fields: dict[str, dict[str, Any]] = {}
    ops: list[PatchOp] = []
    if reprice:
        _price_ops(params, record, base, fields, ops)
    _limit_ops(entry.get("model_info") or {}, record, base, fields, ops)
    if not ops:
        return None
    pins: list[PatchOp] = [{"op": "test", "path": f"{base}/litellm_params/model", "value": params["model"]}]
    if "api_base" in params:
        pins.append({"op": "test", "path": f"{base}/litellm_params/api_base", "value": params["api_base"]})
    change = view.change("update", index, spec, update_reason(fields, spec.name), fields=fields)
    return Update(index, change, (*pins, *ops))


def _price_ops(
    params: Json, record: ModelRecord, base: str, fields: dict[str, dict[str, Any]], ops: list[PatchOp]
) -> None:
    for name in PRICE_FIELDS:
        target = effective_cost(record.price(name))
        if target is None:
            continue  # unknown: never overwrite, never invent
        path = f"{base}/litellm_params/{name}"
        if name in params:
            current = config_cost(params[name])
            if current is not None and costs_equal(current, target):
                continue
            ops.append({"op": "test", "path": path, "value": params[name]})
            ops.append({"op": "replace", "path": path, "value": to_yaml_number(target)})
        else:
            ops.append({"op": "add", "path": path, "value": to_yaml_number(target)})
        fields[name] = {"before": params.get(name), "after": to_yaml_number(target)}


def _limit_ops(
    info: Json, record: ModelRecord, base: str, fields: dict[str, dict[str, Any]], ops: list[PatchOp]
) -> None:
    for name in LIMIT_FIELDS:
        limit = record.limits.get(name)
        if name in info and limit is not None and info[name] != limit:
            path = f"{base}/model_info/{name}"
            ops.append({"op": "test", "path": path, "value": info[name]})
            ops.append({"op": "replace", "path": path, "value": limit})
            fields[name] = {"before": info[name], "after": limit}
