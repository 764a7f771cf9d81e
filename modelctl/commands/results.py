"""What each command returns: frozen results the renderers (``modelctl.render``) turn into text.

Nothing here prints; the CLI renders these and maps them to exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from modelctl.apply import ApplyResult
    from modelctl.plan import Plan

PlanStatus = Literal["ok", "partial", "failed"]
"""ok: every provider answered; partial: some failed and the plan was written anyway
(``allow_partial``); failed: some failed and no plan was written."""


@dataclass(frozen=True)
class ProviderFailure:
    """A provider whose catalog could not be read, and why (secrets already redacted)."""

    provider: str
    error: str


@dataclass(frozen=True)
class PlanResult:
    plan: Plan
    status: PlanStatus
    failures: tuple[ProviderFailure, ...]
    path: Path | None  # None: not written (status "failed")
    messages: tuple[str, ...] = ()  # advice for the user (e.g. how to keep a removed id out)


@dataclass(frozen=True)
class ApplyOutcome:
    plan: Plan
    target: Path  # the config applied to
    applied: ApplyResult | None  # None: the config already holds the plan's result


@dataclass(frozen=True)
class SnapshotResult:
    """``catalog fetch``: the snapshot files written, and the providers that failed."""

    out: Path
    written: tuple[Path, ...]
    failures: tuple[ProviderFailure, ...]

    @property
    def providers_saved(self) -> int:
        return len({path.name.split(".", 1)[0] for path in self.written})


@dataclass(frozen=True)
class ProviderRow:
    """One declared provider as ``modelctl providers`` lists it."""

    name: str
    enabled: bool
    api_key_env: str | None  # None: the provider needs no key
    key_set: bool
    endpoints: tuple[str, ...]
