"""The planner's immutable inputs (``PlanView``) and the values its steps return (``Step``, ``Slot``)."""

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from modelctl.config import ConfigDoc
from modelctl.errors import PlanBuildError, UsageError
from modelctl.plan import Action, Change, PatchOp, ProviderStatus
from modelctl.planner.request import ModelRef, PlanRequest, is_protected, protected_names
from modelctl.providers.registry import Registry
from modelctl.providers.spec import ProviderSpec
from modelctl.records import Catalog, ModelRecord

Json = dict[str, Any]


class Slot(NamedTuple):
    """An entry of the simulated model_list while the patch is built (the sort step tells
    entries apart by identity, never by value)."""

    model_name: str | None
    model: str
    api_base: object = None


class Step(NamedTuple):
    """What one planning step contributes to the plan, in order."""

    changes: tuple[Change, ...] = ()
    patch: tuple[PatchOp, ...] = ()
    notes: tuple[str, ...] = ()


class PlanView(NamedTuple):
    """Everything a plan is made from, read-only: the config, the providers and their catalogs."""

    config: ConfigDoc
    registry: Registry
    selected: Mapping[str, ProviderSpec]
    catalogs: Mapping[str, Catalog]
    request: PlanRequest
    entries: Sequence[Json]
    owned: Mapping[int, tuple[ProviderSpec, str]]
    """config index -> (owning provider, catalog id), for entries a provider owns"""
    protected: frozenset[str] = frozenset()
    """``protected_names`` of the config"""

    def entries_of(self, provider: str) -> int:
        return sum(1 for s, _ in self.owned.values() if s.name == provider)

    def is_protected(self, index: int, spec: ProviderSpec, model_id: str) -> bool:
        return is_protected(self.entries[index], spec, model_id, self.protected)

    def sorting_enabled(self) -> bool:
        if self.request.sort is not None:
            return self.request.sort
        configured = self.config.settings().get("sort")
        if isinstance(configured, bool):
            return configured
        return self.registry.settings.sort

    def change(self, action: Action, index: int, spec: ProviderSpec, reason: str, **more: Any) -> Change:
        """A Change describing config entry ``index``."""
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
            **more,
        )

    def resolve(self, ref: ModelRef, verb: str) -> ProviderSpec:
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

    def lookup(self, spec: ProviderSpec, model_id: str) -> ModelRecord:
        catalog = self.catalogs.get(spec.name)
        if catalog is None or catalog.records is None:
            raise PlanBuildError(
                f"cannot add {spec.name}:{model_id}: the {spec.name} catalog is unavailable",
                hint="fix the provider error above and re-run",
            )
        record = catalog.records.get(model_id)
        if record is None:
            import difflib  # only on the error path

            close = difflib.get_close_matches(model_id, list(catalog.records), n=3, cutoff=0.5)
            raise PlanBuildError(
                f"{spec.name}: '{model_id}' is not in the catalog",
                hint=("did you mean: " + ", ".join(close))
                if close
                else "run 'modelctl catalog fetch' to see the ids",
            )
        return record


def make_view(
    config: ConfigDoc,
    registry: Registry,
    selected: Sequence[ProviderSpec],
    catalogs: Mapping[str, Catalog],
    request: PlanRequest,
) -> PlanView:
    owned: dict[int, tuple[ProviderSpec, str]] = {}
    for index, entry in enumerate(config.entries):
        owner = registry.owner(entry["litellm_params"])
        if owner is not None:
            owned[index] = owner
    return PlanView(
        config=config,
        registry=registry,
        selected={s.name: s for s in selected},
        catalogs=catalogs,
        request=request,
        entries=config.entries,
        owned=owned,
        protected=frozenset(protected_names(config)),
    )


def statuses(view: PlanView) -> dict[str, ProviderStatus]:
    """The ``providers`` of the plan: how each selected provider's catalog was read."""
    out: dict[str, ProviderStatus] = {}
    for name in view.selected:
        catalog = view.catalogs.get(name)
        entries = view.entries_of(name)
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


def unchecked(view: PlanView) -> list[Json]:
    """Providers this plan does not check that own entries in the config."""
    out: list[Json] = []
    for name, spec in view.registry.specs.items():
        if name in view.selected:
            continue
        entries = view.entries_of(name)
        if entries:
            why = "not selected" if spec.enabled else "disabled"
            out.append({"provider": name, "entries": entries, "why": why})
    return out
