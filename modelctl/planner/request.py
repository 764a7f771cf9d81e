"""What a plan is asked to do (``PlanRequest``, ``ModelRef``) and which entries it must never remove."""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any

from modelctl.config import ConfigDoc
from modelctl.errors import UsageError
from modelctl.providers.spec import ProviderSpec


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
