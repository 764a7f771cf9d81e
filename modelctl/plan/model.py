"""The plan vocabulary: frozen ``Plan``, ``Change``, ``ProviderStatus``, ``Review`` and the
literal types of their fields. Values are never changed after they are built: make a new one
with ``dataclasses.replace``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from modelctl import __version__
from modelctl.plan.checksum import checksum

if TYPE_CHECKING:
    from modelctl.records import CatalogSource

FORMAT_VERSION = "1"
Action = Literal["add", "update", "remove", "move"]
"""What a change does to its config entry (``ACTIONS``, in summary order)."""
ACTIONS: tuple[Action, ...] = ("add", "update", "remove", "move")
FetchStatus = Literal["ok", "failed"]
"""Whether a provider's catalog was read."""

PatchOpName = Literal["add", "remove", "replace", "move", "copy", "test"]
"""An RFC 6902 operation (modelctl writes all but ``copy``; apply accepts every one)."""

# "from" is a keyword: the optional members are declared with the functional syntax
_PatchOpArguments = TypedDict("_PatchOpArguments", {"value": Any, "from": str}, total=False)


class PatchOp(_PatchOpArguments):
    """One RFC 6902 operation of ``Plan.patch``: ``value`` for add/replace/test, ``from`` for
    move/copy."""

    op: PatchOpName
    path: str


@dataclass(frozen=True, slots=True)
class Change:
    """One affected entry, described for people."""

    __hash__ = None  # type: ignore[assignment]  # holds lists and dicts: unhashable, as before

    action: Action
    provider: str
    model_name: str | None
    model: str
    reason: str
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    api_base: str | None = None
    index: int | None = None
    rule: str | None = None  # the track rule that proposed an addition
    # review aids of a removal (advice, never applied)
    remaining: int | None = None  # entries still serving model_name after the plan
    successor: str | None = None  # the closest catalog id of the same family
    references: list[str] | None = None  # settings key paths still naming model_name

    @property
    def out_of_service(self) -> bool:
        """A removal of the last entry of its model_name: requests to that name fail."""
        return self.action == "remove" and self.remaining == 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "action": self.action,
            "provider": self.provider,
            "model_name": self.model_name,
            "model": self.model,
            "reason": self.reason,
            "fields": self.fields,
        }
        if self.api_base is not None:
            out["api_base"] = self.api_base
        if self.index is not None:
            out["index"] = self.index
        if self.rule is not None:
            out["rule"] = self.rule
        if self.remaining is not None:
            out["remaining"] = self.remaining
        if self.successor is not None:
            out["successor"] = self.successor
        if self.references:
            out["references"] = self.references
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Change:
        return cls(
            action=raw["action"],
            provider=raw["provider"],
            model_name=raw["model_name"],
            model=raw["model"],
            reason=raw["reason"],
            fields=raw["fields"],
            api_base=raw.get("api_base"),
            index=raw.get("index"),
            rule=raw.get("rule"),
            remaining=raw.get("remaining"),
            successor=raw.get("successor"),
            references=raw.get("references"),
        )


@dataclass(frozen=True, slots=True)
class ProviderStatus:
    __hash__ = None  # type: ignore[assignment]  # holds lists and dicts: unhashable, as before
    status: FetchStatus
    source: CatalogSource
    endpoints: list[dict[str, Any]]
    models: int | None
    entries: int
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "source": self.source,
            "endpoints": self.endpoints,
            "models": self.models,
            "entries": self.entries,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class Review:
    """Plan-wide review aids (the optional ``review`` key of a plan file)."""

    __hash__ = None  # type: ignore[assignment]  # holds lists and dicts: unhashable, as before

    protected_gone: list[dict[str, Any]] = field(default_factory=list)
    """Protected entries whose model left the catalog: kept (prevent_destroy), but a warning."""
    unchecked: list[dict[str, Any]] = field(default_factory=list)
    """Providers not checked by this plan that own entries: {provider, entries, why}."""
    diff: str | None = None
    """The unified diff apply writes (secret values masked)."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.protected_gone:
            out["protected_gone"] = self.protected_gone
        if self.unchecked:
            out["unchecked"] = self.unchecked
        if self.diff is not None:
            out["diff"] = self.diff
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Review:
        return cls(raw.get("protected_gone", []), raw.get("unchecked", []), raw.get("diff"))


@dataclass(frozen=True, slots=True)
class Plan:
    __hash__ = None  # type: ignore[assignment]  # holds lists and dicts: unhashable, as before
    config_path: str
    config_sha256: str
    created_at: str
    providers: dict[str, ProviderStatus]
    changes: list[Change]
    patch: list[PatchOp]
    notes: list[str] = field(default_factory=list)
    modelctl_version: str = __version__
    format_version: str = FORMAT_VERSION
    review: Review = field(default_factory=Review)
    refusals: list[str] = field(default_factory=list)
    """Why the plan must not be saved (mass-removal guard); never part of a plan file."""
    complete: bool | None = None
    """Every selected provider answered (Terraform's ``complete``); None in older plans."""
    applyable: bool | None = None
    """``apply`` may replay it: complete, or partial by choice (``--allow-partial``)."""
    providers_file: dict[str, str] | None = None
    """The providers.yaml the plan was made with: ``{"path": …, "sha256": …}`` (path
    ``built-in`` for the one shipped with modelctl); apply refuses the plan if it changed."""
    result_sha256: str | None = None
    """SHA-256 of the config after this plan is applied: a second apply says 'already applied'."""

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(ACTIONS, 0)
        for change in self.changes:
            counts[change.action] += 1
        return counts

    @property
    def has_changes(self) -> bool:
        return bool(self.patch)

    @property
    def failed_providers(self) -> list[str]:
        return [name for name, st in self.providers.items() if st.status != "ok"]

    def body(self) -> dict[str, Any]:
        """Every key but ``checksum``, in file order."""
        body: dict[str, Any] = {
            "format_version": self.format_version,
            "modelctl_version": self.modelctl_version,
            "created_at": self.created_at,
            "config": self._config_json(),
            "providers": {name: st.to_json() for name, st in self.providers.items()},
            "summary": self.summary,
            "changes": [c.to_json() for c in self.changes],
            "notes": self.notes,
            **({"review": review} if (review := self.review.to_json()) else {}),
            "patch": self.patch,
        }
        if self.complete is not None:
            body["complete"] = self.complete
        if self.applyable is not None:
            body["applyable"] = self.applyable
        if self.providers_file is not None:
            body["providers_file"] = self.providers_file
        return body

    def _config_json(self) -> dict[str, str]:
        config = {"path": self.config_path, "sha256": self.config_sha256}
        if self.result_sha256 is not None:
            config["result_sha256"] = self.result_sha256
        return config

    @property
    def why_not_applyable(self) -> str | None:
        """Why ``apply`` must refuse this plan, or None when it may replay it."""
        if self.applyable is not False:
            return None
        failed = self.failed_providers
        if failed:
            return f"{len(failed)} provider(s) failed ({', '.join(failed)}) and --allow-partial was not given"
        return "it was marked not applyable when it was made"

    def to_json(self) -> dict[str, Any]:
        body = self.body()
        return {**body, "checksum": checksum(body)}

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
