"""The addition steps: models added on request (with their free twins) and by track rules.

Each addition is inserted after the last entry of its model_name group in the simulated
model_list (``Slot``s), so a later sort moves as little as possible.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from modelctl.errors import UsageError
from modelctl.naming import generate_model_name
from modelctl.plan import Change, PatchOp
from modelctl.planner.view import Json, PlanView, Slot, Step
from modelctl.pricing import effective_cost, to_yaml_number
from modelctl.providers.spec import ProviderSpec
from modelctl.records import INPUT_COST, OUTPUT_COST, PRICE_FIELDS, ModelRecord


class Additions:
    """The working state of the addition steps (local to one plan): the simulated model_list,
    what it holds, and what the additions contribute to the plan so far."""

    __slots__ = ("added", "changes", "notes", "patch", "present", "slots")

    def __init__(self, slots: list[Slot], present: set[tuple[str, str, Any]]) -> None:
        self.slots = slots
        self.present = present
        self.added: dict[tuple[str, str], str] = {}
        """(provider, id) -> model_name of this plan's additions"""
        self.changes: list[Change] = []
        self.patch: list[PatchOp] = []
        self.notes: list[str] = []

    def step(self) -> Step:
        return Step(tuple(self.changes), tuple(self.patch), tuple(self.notes))

    def add(
        self, spec: ProviderSpec, record: ModelRecord, name: str, reason: str, rule: str | None = None
    ) -> bool:
        """Add ``record`` as ``name`` unless the config already has it; True when added."""
        api_base = spec.new_entry.get("api_base")
        key = (spec.name, record.id, api_base)
        if key in self.present:
            self.notes.append(f"{spec.name}: '{record.id}' is already in the config; not added again")
            return False
        self.present.add(key)
        entry = new_entry(spec, record, name)
        params = entry["litellm_params"]
        if INPUT_COST not in params or OUTPUT_COST not in params:
            self.notes.append(
                f"{spec.name}: '{record.id}' has no known price in the catalog; "
                "set its costs by hand after apply"
            )
        position = _group_end(self.slots, name)
        self.slots.insert(position, Slot(name, params["model"], api_base))
        self.patch.append({"op": "add", "path": f"/model_list/{position}", "value": entry})
        fields = {k: {"before": None, "after": v} for k, v in params.items() if k != "model"}
        fields.update(
            {f"model_info.{k}": {"before": None, "after": v} for k, v in entry.get("model_info", {}).items()}
        )
        self.changes.append(
            Change("add", spec.name, name, params["model"], reason, fields, api_base=api_base, rule=rule)
        )
        self.added[(spec.name, record.id)] = name
        return True


def start_additions(view: PlanView, slots: Sequence[Slot]) -> Additions:
    present = {
        (spec.name, model_id, view.entries[i]["litellm_params"].get("api_base"))
        for i, (spec, model_id) in view.owned.items()
    }
    return Additions(list(slots), present)


def requested_additions(view: PlanView, adding: Additions) -> None:
    """``request.add``: each model, and its free twin (same model_name, load-balanced)."""
    refs = view.request.add
    if view.request.model_name is not None and len(refs) != 1:
        raise UsageError(
            f"model_name needs exactly one added model, got {len(refs)}",
            hint="add the models one request at a time to name each",
        )
    for ref in refs:
        spec = view.resolve(ref, "add")
        record = view.lookup(spec, ref.id)
        name = view.request.model_name or generate_model_name(ref.id, spec.naming)
        done = adding.add(spec, record, name, "added on request (--add-model)")
        # the twin joins the group of the entry just added; an id already in the config
        # keeps its own name, so its twin is not added under a generated one
        if done and spec.free_suffix and not ref.id.endswith(spec.free_suffix):
            records = view.catalogs[spec.name].records
            assert records is not None
            twin = records.get(ref.id + spec.free_suffix)
            if twin is not None:
                adding.add(spec, twin, name, f"free twin of '{ref.id}' (same model_name, load-balanced)")


def new_entry(spec: ProviderSpec, record: ModelRecord, name: str) -> Json:
    """The config entry of an added catalog model."""
    params: Json = {"model": spec.prefix + record.id}
    params.update(spec.new_entry)
    for field_name in PRICE_FIELDS:
        cost = effective_cost(record.price(field_name))
        if cost is not None:
            params[field_name] = to_yaml_number(cost)
    entry: Json = {"model_name": name, "litellm_params": params}
    info: Json = {}
    if record.mode:
        info["mode"] = record.mode
    info.update(record.limits)
    if info:
        entry["model_info"] = info
    return entry


def _group_end(slots: Sequence[Slot], name: str) -> int:
    """Just after the last entry named ``name``, else the end."""
    for i in range(len(slots) - 1, -1, -1):
        if slots[i].model_name == name:
            return i + 1
    return len(slots)
