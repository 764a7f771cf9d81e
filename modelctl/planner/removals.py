"""Removal steps: the mass-removal guard, removals on request, the patch that deletes entries,
and the review aids of each removal (out of service, successor, dangling references)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from modelctl.errors import PlanBuildError
from modelctl.plan import Change, PatchOp
from modelctl.planner.view import PlanView, Slot
from modelctl.review import Successors, dangling_references


def mass_removal_refusals(view: PlanView, removals: Mapping[int, Change]) -> list[str]:
    """A refusal per provider whose catalog would remove too many of its entries.

    Counted only for providers owning at least ``settings.mass_removal_min_entries``
    entries (one stale entry of two is no outage). A refused plan is still built, so the
    user sees what it would do; the caller must not save it.
    """
    if view.request.allow_mass_removal:
        return []
    settings = view.registry.settings
    threshold = settings.mass_removal_threshold
    per_provider: dict[str, int] = {}
    for index in removals:
        name = view.owned[index][0].name
        per_provider[name] = per_provider.get(name, 0) + 1
    refusals: list[str] = []
    for name, count in per_provider.items():
        if name in view.request.allow_mass_removal_for:
            continue
        total = view.entries_of(name)
        if total < settings.mass_removal_min_entries:
            continue
        if count / total > threshold:
            refusals.append(
                f"{name}: the catalog would remove {count} of its {total} entries "
                f"({count / total:.0%}, over the {threshold:.0%} limit); refusing"
            )
    return refusals


def explicit_removals(
    view: PlanView, removals: Mapping[int, Change]
) -> tuple[dict[int, Change], set[tuple[str, str]]]:
    """``removals`` plus the removals on request; and the (provider, id) pairs removed on request."""
    out = dict(removals)
    removed: set[tuple[str, str]] = set()
    for ref in view.request.remove:
        spec = view.resolve(ref, "remove")
        hits = [i for i, (s, model_id) in view.owned.items() if s.name == spec.name and model_id == ref.id]
        if not hits:
            raise PlanBuildError(
                f"cannot remove {spec.name}:{ref.id}: no entry of {spec.name} has that id",
                hint="check 'litellm_params.model' in the config",
            )
        removed.add((spec.name, ref.id))
        for index in hits:
            if view.is_protected(index, spec, ref.id):
                raise PlanBuildError(
                    f"cannot remove {spec.name}:{ref.id}: the entry is protected",
                    hint="drop it from 'protected' first if you really mean it",
                )
            if index not in out:
                out[index] = view.change("remove", index, spec, "removed on request (--remove-model)")
    return out, removed


def removal_patch(view: PlanView, removals: Mapping[int, Change]) -> tuple[tuple[PatchOp, ...], list[Slot]]:
    """The ops deleting the removed entries (from the end: indices stay valid), and the
    simulated model_list left after them."""
    slots = [
        Slot(e.get("model_name"), e["litellm_params"]["model"], e["litellm_params"].get("api_base"))
        for e in view.entries
    ]
    patch: list[PatchOp] = []
    for index in sorted(removals, reverse=True):
        patch.extend(_removal_guard(view, index))
        patch.append({"op": "remove", "path": f"/model_list/{index}"})
        del slots[index]
    return tuple(patch), slots


def _removal_guard(view: PlanView, index: int) -> list[PatchOp]:
    """``test`` ops pinning the entry a removal deletes: its model, and its model_name and
    api_base when present. Never the whole entry (secrets, non-string keys); the config's
    SHA-256 already pins every byte."""
    entry = view.entries[index]
    base = f"/model_list/{index}"
    ops: list[PatchOp] = [
        {"op": "test", "path": f"{base}/litellm_params/model", "value": entry["litellm_params"]["model"]}
    ]
    if "model_name" in entry:
        ops.append({"op": "test", "path": f"{base}/model_name", "value": entry["model_name"]})
    if "api_base" in entry["litellm_params"]:
        api_base = entry["litellm_params"]["api_base"]
        ops.append({"op": "test", "path": f"{base}/litellm_params/api_base", "value": api_base})
    return ops


def reviewed_removals(
    view: PlanView, removals: Mapping[int, Change], slots: Sequence[Slot]
) -> dict[int, Change]:
    """Each removal with its review aids: entries left serving its model_name (``slots``: the
    model_list after the plan), the closest catalog successor, settings still naming it."""
    serving: dict[str | None, int] = {}
    for slot in slots:
        serving[slot.model_name] = serving.get(slot.model_name, 0) + 1
    finders: dict[str, Successors] = {}
    out: dict[int, Change] = {}
    for index, change in removals.items():
        spec, model_id = view.owned[index]
        catalog = view.catalogs.get(spec.name)
        successor = change.successor
        if catalog is not None and catalog.records is not None:
            finder = finders.get(spec.name)
            if finder is None:
                finder = finders[spec.name] = Successors(catalog.records)
            successor = finder.suggest(model_id)
        out[index] = replace(change, remaining=serving.get(change.model_name, 0), successor=successor)
    gone = {c.model_name for c in out.values() if c.remaining == 0 and c.model_name is not None}
    references = dangling_references(view.config.data, sorted(gone))
    for index, change in out.items():
        if change.remaining == 0 and change.model_name in references:
            out[index] = replace(change, references=references[change.model_name])
    return out
