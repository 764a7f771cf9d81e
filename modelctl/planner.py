"""Planning: a pure function from (config, catalogs, requests) to a Plan.

Rules, per owned entry of a provider whose catalog is complete:
- the id is not in the catalog (and not special or protected): remove;
- a catalog price differs by more than a relative 1e-9: update (free 0 -> 1e-9; an unknown
  price never overwrites a known one); a limit in ``model_info`` differs: update.
Entries of failed providers and of providers not selected are never touched.

Patch order keeps every index valid: updates (ascending), removals (descending), additions,
then sorting moves. Each mutation is preceded by ``test`` ops that pin the entry it touches.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from modelctl.config import ConfigDoc
from modelctl.errors import PlanBuildError, UsageError
from modelctl.moves import update_reason
from modelctl.naming import generate_model_name
from modelctl.plan import Action, Change, PatchOp, Plan, ProviderStatus, Review
from modelctl.pricing import config_cost, costs_equal, effective_cost, to_yaml_number
from modelctl.providers.registry import Registry
from modelctl.providers.spec import ProviderSpec
from modelctl.records import (
    INPUT_COST,
    LIMIT_FIELDS,
    OUTPUT_COST,
    PRICE_FIELDS,
    Catalog,
    ModelRecord,
)
from modelctl.review import Successors, dangling_references
from modelctl.track import TrackRule, ignored, select

Json = dict[str, Any]


@dataclass(frozen=True)
class ModelRef:
    """A model named on the command line: ``provider:id`` or a bare id."""

    provider: str | None
    id: str


@dataclass(frozen=True)
class PlanRequest:
    add: tuple[ModelRef, ...] = ()
    model_name: str | None = None
    remove: tuple[ModelRef, ...] = ()
    sort: bool | None = None
    allow_mass_removal: bool = False
    """Lift the mass-removal guard for every provider."""
    allow_mass_removal_for: frozenset[str] = frozenset()
    """Lift it for these providers only (``--allow-mass-removal NAME``)."""
    track: bool = True  # False: --no-track
    track_only: bool = False  # --track-only: track additions and nothing else


@dataclass(eq=False)
class _Slot:
    """An entry of the simulated model_list while the patch is built."""

    model_name: str | None
    model: str
    api_base: object = None


def check_track_options(request: PlanRequest) -> None:
    """``track_only`` conflicts of a library request (the CLI checks its flags in
    ``modelctl.arguments`` before any fetch, so this never fires from the command line)."""
    if request.track_only and not request.track:
        raise UsageError("track_only and track=False contradict each other", hint="pick one")
    if request.track_only and (request.add or request.remove):
        raise UsageError(
            "track_only plans track-rule additions and nothing else",
            hint="drop add/remove from the request, or drop track_only",
        )


def protected_names(config: ConfigDoc) -> set[str]:
    """The models and model_names the config's ``protected`` setting lists."""
    protected = config.settings().get("protected") or []
    return {p for p in protected if isinstance(p, str)}


def is_protected(entry: Mapping[str, Any], spec: ProviderSpec, model_id: str, names: Set[str]) -> bool:
    """The entry must never be removed: a special or protected id of its provider, or its model
    or model_name in ``names`` (``protected_names`` of the config)."""
    return (
        model_id in spec.special_models
        or model_id in spec.protected
        or entry["litellm_params"]["model"] in names
        or entry.get("model_name") in names
    )


def build_plan(
    config: ConfigDoc,
    registry: Registry,
    selected: Sequence[ProviderSpec],
    catalogs: Mapping[str, Catalog],
    request: PlanRequest | None = None,
    now: datetime | None = None,
) -> Plan:
    request = request or PlanRequest()
    builder = _Builder(config, registry, selected, catalogs, request)
    builder.run()
    created = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return Plan(
        config_path=str(config.path),
        config_sha256=config.sha256,
        created_at=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        providers=builder.statuses(),
        changes=builder.changes,
        patch=builder.patch,
        notes=builder.notes,
        review=Review(protected_gone=builder.protected_gone, unchecked=builder.unchecked()),
        refusals=builder.refusals,
    )


class _Builder:
    def __init__(
        self,
        config: ConfigDoc,
        registry: Registry,
        selected: Sequence[ProviderSpec],
        catalogs: Mapping[str, Catalog],
        request: PlanRequest,
    ) -> None:
        self.config = config
        self.registry = registry
        self.selected = {s.name: s for s in selected}
        self.catalogs = catalogs
        self.request = request
        self.entries = config.entries
        self.changes: list[Change] = []
        self.patch: list[PatchOp] = []
        self.notes: list[str] = []
        self.refusals: list[str] = []
        self.protected_gone: list[Json] = []
        self.owned: dict[int, tuple[ProviderSpec, str]] = {}
        for index, entry in enumerate(self.entries):
            owner = registry.owner(entry["litellm_params"])
            if owner is not None:
                self.owned[index] = owner
        self.protected_config = protected_names(config)
        self.removed_on_request: set[tuple[str, str]] = set()

    # -- the steps -------------------------------------------------------------------------
    def run(self) -> None:
        check_track_options(self.request)
        updates: list[tuple[int, Change, list[PatchOp]]] = []
        removals: dict[int, Change] = {}
        for index, (spec, model_id) in self.owned.items():
            if self.request.track_only:
                break
            catalog = self.catalogs.get(spec.name)
            if spec.name not in self.selected or catalog is None or not catalog.ok:
                continue
            assert catalog.records is not None
            match = catalog.lookup(model_id)
            if match is None:
                if self._is_protected(index, spec, model_id):
                    if model_id not in spec.special_models:
                        self.protected_gone.append(
                            {
                                "provider": spec.name,
                                "model_name": self.entries[index].get("model_name"),
                                "model": self.entries[index]["litellm_params"]["model"],
                                "id": model_id,
                            }
                        )
                    continue
                removals[index] = self._change(
                    "remove",
                    index,
                    spec,
                    f"'{model_id}' is no longer in the {spec.name} catalog ({len(catalog.records)} models)",
                )
                continue
            if match.note is not None:
                self.notes.append(f"{spec.name}: model_list[{index}]: {match.note}")
            update = self._update(index, spec, match.record, reprice=match.reprice)
            if update is not None:
                updates.append(update)
        self._guard_mass_removal(removals)
        for ref in self.request.remove:
            self._explicit_removal(ref, removals)
        shared = _SharedNodes(self.config)
        for index, change, ops in sorted(updates, key=lambda u: u[0]):
            if index in removals:  # removed on request: its update would break the remove guard
                continue
            self.changes.append(change)
            self.patch.extend(shared.filter(index, ops))
        shared.check()
        slots = [
            _Slot(e.get("model_name"), e["litellm_params"]["model"], e["litellm_params"].get("api_base"))
            for e in self.entries
        ]
        self.changes.extend(removals[i] for i in sorted(removals))  # shown in config order
        for index in sorted(removals, reverse=True):  # applied from the end: indices stay valid
            self.patch.extend(self._removal_guard(index))
            self.patch.append({"op": "remove", "path": f"/model_list/{index}"})
            del slots[index]
        self._additions(slots)
        self._review_removals(removals, slots)
        if self._sorting_enabled() and not self.request.track_only:
            self._sort(slots)

    def _update(
        self, index: int, spec: ProviderSpec, record: ModelRecord, *, reprice: bool = True
    ) -> tuple[int, Change, list[PatchOp]] | None:
        entry = self.entries[index]
        params = entry["litellm_params"]
        base = f"/model_list/{index}"
        fields: dict[str, dict[str, Any]] = {}
        ops: list[PatchOp] = []
        for name in PRICE_FIELDS if reprice else ():
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
        info = entry.get("model_info") or {}
        for name in LIMIT_FIELDS:
            limit = record.limits.get(name)
            if name in info and limit is not None and info[name] != limit:
                path = f"{base}/model_info/{name}"
                ops.append({"op": "test", "path": path, "value": info[name]})
                ops.append({"op": "replace", "path": path, "value": limit})
                fields[name] = {"before": info[name], "after": limit}
        if not ops:
            return None
        pins: list[PatchOp] = [
            {"op": "test", "path": f"{base}/litellm_params/model", "value": params["model"]}
        ]
        if "api_base" in params:
            pins.append(
                {"op": "test", "path": f"{base}/litellm_params/api_base", "value": params["api_base"]}
            )
        change = self._change("update", index, spec, update_reason(fields, spec.name))
        change.fields = fields
        return index, change, pins + ops

    def _additions(self, slots: list[_Slot]) -> None:
        refs = self.request.add
        if self.request.model_name is not None and len(refs) != 1:
            raise UsageError(
                f"model_name needs exactly one added model, got {len(refs)}",
                hint="add the models one request at a time to name each",
            )
        present = {
            (spec.name, model_id, self.entries[i]["litellm_params"].get("api_base"))
            for i, (spec, model_id) in self.owned.items()
        }
        added: dict[tuple[str, str], str] = {}  # (provider, id) -> model_name, this plan's additions
        for ref in refs:
            spec = self._resolve(ref, "add")
            record = self._lookup(spec, ref.id)
            name = self.request.model_name or generate_model_name(ref.id, spec.naming)
            done = self._add_one(spec, record, name, present, slots, "added on request (--add-model)")
            if done:
                added[(spec.name, record.id)] = name
            # the twin joins the group of the entry just added; an id already in the config
            # keeps its own name, so its twin is not added under a generated one
            if done and spec.free_suffix and not ref.id.endswith(spec.free_suffix):
                catalog = self.catalogs[spec.name]
                assert catalog.records is not None
                twin = catalog.records.get(ref.id + spec.free_suffix)
                if twin is not None and self._add_one(
                    spec,
                    twin,
                    name,
                    present,
                    slots,
                    f"free twin of '{ref.id}' (same model_name, load-balanced)",
                ):
                    added[(spec.name, twin.id)] = name
        if self.request.track:
            for spec in self.selected.values():
                for rule in spec.track:
                    self._track(spec, rule, present, slots, added)

    def _track(
        self,
        spec: ProviderSpec,
        rule: TrackRule,
        present: set[tuple[str, str, Any]],
        slots: list[_Slot],
        added: dict[tuple[str, str], str],
    ) -> None:
        """Add every catalog model the rule matches that the config lacks (see modelctl.track)."""
        catalog = self.catalogs.get(spec.name)
        if catalog is None or not catalog.ok:
            return  # a failed provider proposes nothing
        assert catalog.records is not None
        records = list(catalog.records.values())
        if not any(rule.matches(r) for r in records):
            self.notes.append(
                f"{spec.name}: track rule '{rule.label}' ({rule.where}) matches no model of the "
                f"catalog ({len(records)} models): check its globs and filters ({rule.describe()})"
            )
            return
        names: dict[str, str | None] = {}
        for i, (s, model_id) in self.owned.items():
            if s.name == spec.name:
                names.setdefault(model_id, self.entries[i].get("model_name"))
        skip = {
            r.id
            for r in records
            if r.id in names
            or (spec.name, r.id) in added
            or (spec.name, r.id) in self.removed_on_request
            or ignored(r.id, spec.ignore)
        }
        take, rest = select(rule, records, skip)
        for record in take:
            generated = generate_model_name(record.id, spec.naming)
            name = rule.model_name_for(record.id, generated)
            reason = f"track rule '{rule.label}' ({rule.where}): {rule.describe()}"
            twin = _twin(spec, record.id)
            if rule.model_name is None and twin is not None:
                group = names.get(twin) or added.get((spec.name, twin))
                if group:
                    name = group
                    reason += f"; joins the '{group}' group of its twin '{twin}'"
            if self._add_one(spec, record, name, present, slots, reason, rule=rule.label):
                added[(spec.name, record.id)] = name
        if rest:
            shown = ", ".join(r.id for r in rest[:5]) + (", …" if len(rest) > 5 else "")
            self.notes.append(
                f"{spec.name}: track rule '{rule.label}' matched {len(take) + len(rest)} new models; "
                f"{len(take)} proposed (limit {rule.limit}), {len(rest)} left for later plans: {shown}"
            )

    def _add_one(
        self,
        spec: ProviderSpec,
        record: ModelRecord,
        name: str,
        present: set[tuple[str, str, Any]],
        slots: list[_Slot],
        reason: str,
        rule: str | None = None,
    ) -> bool:
        api_base = spec.new_entry.get("api_base")
        key = (spec.name, record.id, api_base)
        if key in present:
            self.notes.append(f"{spec.name}: '{record.id}' is already in the config; not added again")
            return False
        present.add(key)
        entry = _new_entry(spec, record, name)
        if INPUT_COST not in entry["litellm_params"] or OUTPUT_COST not in entry["litellm_params"]:
            self.notes.append(
                f"{spec.name}: '{record.id}' has no known price in the catalog; "
                "set its costs by hand after apply"
            )
        position = len(slots)
        for i in range(len(slots) - 1, -1, -1):
            if slots[i].model_name == name:
                position = i + 1
                break
        slots.insert(position, _Slot(name, entry["litellm_params"]["model"], api_base))
        self.patch.append({"op": "add", "path": f"/model_list/{position}", "value": entry})
        params = entry["litellm_params"]
        fields = {k: {"before": None, "after": v} for k, v in params.items() if k != "model"}
        fields.update(
            {f"model_info.{k}": {"before": None, "after": v} for k, v in entry.get("model_info", {}).items()}
        )
        self.changes.append(
            Change("add", spec.name, name, params["model"], reason, fields, api_base=api_base, rule=rule)
        )
        return True

    def _explicit_removal(self, ref: ModelRef, removals: dict[int, Change]) -> None:
        spec = self._resolve(ref, "remove")
        hits = [i for i, (s, model_id) in self.owned.items() if s.name == spec.name and model_id == ref.id]
        if not hits:
            raise PlanBuildError(
                f"cannot remove {spec.name}:{ref.id}: no entry of {spec.name} has that id",
                hint="check 'litellm_params.model' in the config",
            )
        self.removed_on_request.add((spec.name, ref.id))
        for index in hits:
            if self._is_protected(index, spec, ref.id):
                raise PlanBuildError(
                    f"cannot remove {spec.name}:{ref.id}: the entry is protected",
                    hint="drop it from 'protected' first if you really mean it",
                )
            removals.setdefault(
                index, self._change("remove", index, spec, "removed on request (--remove-model)")
            )

    def _guard_mass_removal(self, removals: Mapping[int, Change]) -> None:
        """Record a refusal per provider whose catalog would remove too many of its entries.

        Counted only for providers owning at least ``settings.mass_removal_min_entries``
        entries (one stale entry of two is no outage). A refused plan is still built, so the
        user sees what it would do; the caller must not save it.
        """
        if self.request.allow_mass_removal:
            return
        settings = self.registry.settings
        threshold = settings.mass_removal_threshold
        per_provider: dict[str, int] = {}
        for index in removals:
            name = self.owned[index][0].name
            per_provider[name] = per_provider.get(name, 0) + 1
        for name, count in per_provider.items():
            if name in self.request.allow_mass_removal_for:
                continue
            total = sum(1 for s, _ in self.owned.values() if s.name == name)
            if total < settings.mass_removal_min_entries:
                continue
            if count / total > threshold:
                self.refusals.append(
                    f"{name}: the catalog would remove {count} of its {total} entries "
                    f"({count / total:.0%}, over the {threshold:.0%} limit); refusing"
                )

    def _review_removals(self, removals: Mapping[int, Change], slots: Sequence[_Slot]) -> None:
        """Out-of-service flags, dangling settings references and successors of removals."""
        serving: dict[str | None, int] = {}
        for slot in slots:
            serving[slot.model_name] = serving.get(slot.model_name, 0) + 1
        gone: set[str] = set()
        finders: dict[str, Successors] = {}
        for index, change in removals.items():
            change.remaining = serving.get(change.model_name, 0)
            if change.remaining == 0 and change.model_name is not None:
                gone.add(change.model_name)
            spec, model_id = self.owned[index]
            catalog = self.catalogs.get(spec.name)
            if catalog is not None and catalog.records is not None:
                finder = finders.get(spec.name)
                if finder is None:
                    finder = finders[spec.name] = Successors(catalog.records)
                change.successor = finder.suggest(model_id)
        references = dangling_references(self.config.data, sorted(gone))
        for change in removals.values():
            if change.remaining == 0 and change.model_name in references:
                change.references = references[change.model_name]

    def unchecked(self) -> list[Json]:
        """Providers this plan does not check that own entries in the config."""
        out: list[Json] = []
        for name, spec in self.registry.specs.items():
            if name in self.selected:
                continue
            entries = sum(1 for s, _ in self.owned.values() if s.name == name)
            if entries:
                why = "not selected" if spec.enabled else "disabled"
                out.append({"provider": name, "entries": entries, "why": why})
        return out

    def _removal_guard(self, index: int) -> list[PatchOp]:
        """``test`` ops pinning the entry a removal deletes: its model, and its model_name and
        api_base when present. Never the whole entry (secrets, non-string keys); the config's
        SHA-256 already pins every byte."""
        entry = self.entries[index]
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

    def _sort(self, slots: list[_Slot]) -> None:
        """Move the fewest entries: those on a longest already-sorted subsequence stay put, each
        other entry moves (in target order) to just after its predecessor in the target order."""
        target = sorted(slots, key=lambda s: ((s.model_name or "unnamed").lower(), s.model.lower()))
        rank = {id(slot): r for r, slot in enumerate(target)}
        staying = _longest_increasing([rank[id(s)] for s in slots])
        stay_ids = {id(slots[i]) for i in staying}
        for t, slot in enumerate(target):
            if id(slot) in stay_ids:
                continue
            current = next(i for i, s in enumerate(slots) if s is slot)
            slots.pop(current)
            dest = 0 if t == 0 else next(i for i, s in enumerate(slots) if s is target[t - 1]) + 1
            slots.insert(dest, slot)
            self.patch.append(
                {"op": "test", "path": f"/model_list/{current}/litellm_params/model", "value": slot.model}
            )
            self.patch.append({"op": "move", "from": f"/model_list/{current}", "path": f"/model_list/{dest}"})
            owner = self.registry.owner({"model": slot.model, "api_base": slot.api_base})
            self.changes.append(
                Change(
                    "move",
                    owner[0].name if owner else "-",
                    slot.model_name,
                    slot.model,
                    f"sorted: position {current} -> {dest}",
                    api_base=slot.api_base if isinstance(slot.api_base, str) else None,
                )
            )

    # -- helpers ---------------------------------------------------------------------------
    def _sorting_enabled(self) -> bool:
        if self.request.sort is not None:
            return self.request.sort
        configured = self.config.settings().get("sort")
        if isinstance(configured, bool):
            return configured
        return self.registry.settings.sort

    def _is_protected(self, index: int, spec: ProviderSpec, model_id: str) -> bool:
        return is_protected(self.entries[index], spec, model_id, self.protected_config)

    def _resolve(self, ref: ModelRef, verb: str) -> ProviderSpec:
        if ref.provider is None:
            if len(self.selected) != 1:
                raise UsageError(
                    f"cannot {verb} {ref.id}: say which provider (ModelRef.provider)",
                    hint="or select exactly one provider for this plan",
                )
            return next(iter(self.selected.values()))
        spec = self.registry.specs.get(ref.provider)
        if spec is None or spec.name not in self.selected:
            raise UsageError(
                f"cannot {verb} {ref.provider}:{ref.id}: provider {ref.provider!r} is not selected",
                hint=f"select {ref.provider!r} too",
            )
        return spec

    def _lookup(self, spec: ProviderSpec, model_id: str) -> ModelRecord:
        catalog = self.catalogs.get(spec.name)
        if catalog is None or catalog.records is None:
            raise PlanBuildError(
                f"cannot add {spec.name}:{model_id}: the {spec.name} catalog is unavailable",
                hint="fix the provider error above and re-run",
            )
        record = catalog.records.get(model_id)
        if record is None:
            close = difflib.get_close_matches(model_id, list(catalog.records), n=3, cutoff=0.5)
            raise PlanBuildError(
                f"{spec.name}: '{model_id}' is not in the catalog",
                hint=("did you mean: " + ", ".join(close))
                if close
                else "run 'modelctl catalog fetch' to see the ids",
            )
        return record

    def _change(self, action: Action, index: int, spec: ProviderSpec, reason: str) -> Change:
        entry = self.entries[index]
        params = entry["litellm_params"]
        api_base = params.get("api_base")
        return Change(
            action,
            spec.name,
            entry.get("model_name"),
            params["model"],
            reason,
            api_base=api_base if isinstance(api_base, str) else None,
            index=index,
        )

    def statuses(self) -> dict[str, ProviderStatus]:
        out: dict[str, ProviderStatus] = {}
        for name in self.selected:
            catalog = self.catalogs.get(name)
            entries = sum(1 for s, _ in self.owned.values() if s.name == name)
            if catalog is None:
                out[name] = ProviderStatus("failed", "live", [], None, entries, "not fetched")
                continue
            out[name] = ProviderStatus(
                "ok" if catalog.ok else "failed",
                catalog.source,
                [
                    {"name": e.name, "origin": e.origin, "sha256": e.sha256, "bytes": e.size}
                    for e in catalog.endpoints
                ],
                len(catalog.records) if catalog.records is not None else None,
                entries,
                catalog.error,
            )
        return out


def _longest_increasing(values: Sequence[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence of ``values`` (O(n log n))."""
    import bisect

    tails: list[int] = []  # values[tails[k]] is the smallest tail of an increasing run of length k+1
    tail_values: list[int] = []
    parent = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect.bisect_left(tail_values, value)
        parent[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k], tail_values[k] = i, value
    out: list[int] = []
    i = tails[-1] if tails else -1
    while i != -1:
        out.append(i)
        i = parent[i]
    return out[::-1]


class _SharedNodes:
    """Updates of a mapping that several entries share through a YAML alias (``litellm_params:
    *p``) or merge key: one ``test``/``replace`` pair when every sharer gets the same change (the
    parsed data holds one object for all of them), a plan-time refusal otherwise."""

    def __init__(self, config: ConfigDoc) -> None:
        self.config = config
        self.sharers: dict[int, list[int]] = {}
        for index, entry in enumerate(config.entries):
            for section in ("litellm_params", "model_info"):
                value = entry.get(section)
                if isinstance(value, dict):
                    self.sharers.setdefault(id(value), []).append(index)
        self.done: dict[tuple[int, str], Any] = {}  # (id(mapping), field) -> value written
        self.wanted: dict[tuple[int, str], dict[int, Any]] = {}

    def filter(self, index: int, ops: list[PatchOp]) -> list[PatchOp]:
        entry = self.config.entries[index]
        out: list[PatchOp] = []
        for op in ops:
            parts = op["path"].split("/")
            if op["op"] == "test" and parts[-1] in ("model", "api_base"):
                out.append(op)
                continue
            section = entry.get(parts[3])
            group = self.sharers.get(id(section), []) if isinstance(section, dict) else []
            if len(group) < 2:
                out.append(op)
                continue
            key = (id(section), parts[4])
            if op["op"] == "test":
                if key not in self.done:
                    out.append(op)
                continue
            self.wanted.setdefault(key, {})[index] = op.get("value")
            if key in self.done:
                if self.done[key] != op.get("value"):
                    self._refuse(index, parts[3], group)
                continue
            self.done[key] = op.get("value")
            out.append(op)
        return out

    def check(self) -> None:
        """Every sharer of an updated shared mapping must itself be updated the same way."""
        for (section_id, _name), by_entry in self.wanted.items():
            group = self.sharers[section_id]
            missing = [i for i in group if i not in by_entry]
            if missing:
                first = min(by_entry)
                section = next(
                    s
                    for s in ("litellm_params", "model_info")
                    if id(self.config.entries[first].get(s)) == section_id
                )
                self._refuse(first, section, group)

    def _refuse(self, index: int, section: str, group: list[int]) -> None:
        where, anchor = self._places(index, section)
        others = len(group) - 1
        raise PlanBuildError(
            f"{where}: the entry's {section} is {anchor}, shared with {others} other "
            f"entr{'y' if others == 1 else 'ies'}; modelctl cannot update one of them alone",
            hint=f"give each entry its own {section}",
        )

    def _places(self, index: int, section: str) -> tuple[str, str]:
        path = self.config.path
        try:
            entry_node = self.config.node.value
            seq = next(v for k, v in entry_node if getattr(k, "value", None) == "model_list")
            item = seq.value[index]
            key_node, value_node = next((k, v) for k, v in item.value if getattr(k, "value", None) == section)
        except (StopIteration, AttributeError, IndexError, TypeError):
            return str(path), "an alias"
        text = self.config.text.lstrip("\ufeff")
        mark = value_node.start_mark
        name = ""
        if text.startswith("&", mark.index):
            end = mark.index
            while end < len(text) and text[end] not in " \t\r\n":
                end += 1
            name = f" ({text[mark.index : end]})"
        return f"{path}:{key_node.start_mark.line + 1}", f"an alias of line {mark.line + 1}{name}"


def _new_entry(spec: ProviderSpec, record: ModelRecord, name: str) -> Json:
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


def _twin(spec: ProviderSpec, model_id: str) -> str | None:
    """The free/paid twin of an id (``x`` <-> ``x:free``), when the provider has free twins."""
    suffix = spec.free_suffix
    if not suffix:
        return None
    return model_id[: -len(suffix)] if model_id.endswith(suffix) else model_id + suffix
