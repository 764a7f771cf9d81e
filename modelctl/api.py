"""The library API: plan and apply from Python with the same core the CLI uses.

    import modelctl

    registry = modelctl.load_providers("providers.yaml")
    config = modelctl.load_config("config.yaml")
    catalogs = modelctl.load_snapshots("examples/catalogs", registry)  # or fetch_catalogs(registry)
    plan = modelctl.build_plan(config, registry, catalogs)
    new_bytes = modelctl.render_applied(plan, config.raw, config.path)  # verified, nothing written

Every function raises a :class:`modelctl.ModelctlError` subclass on bad input; nothing here
prints. Names are re-exported lazily by ``modelctl/__init__.py``, so ``import modelctl`` stays
cheap.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from modelctl.apply import ApplyResult, apply_plan, render_applied
from modelctl.config import ConfigDoc, read_config
from modelctl.plan import Plan, read_plan
from modelctl.planner import PlanRequest
from modelctl.planner import build_plan as _build_plan
from modelctl.providers.registry import Registry, load_plugins, load_registry
from modelctl.providers.spec import ProviderSpec
from modelctl.records import Catalog

__all__ = [
    "ApplyResult",
    "Catalog",
    "ConfigDoc",
    "PlanRequest",
    "Registry",
    "apply_plan",
    "build_plan",
    "fetch_catalogs",
    "load_config",
    "load_providers",
    "load_snapshots",
    "read_plan",
    "render_applied",
]


def load_config(path: str | os.PathLike[str]) -> ConfigDoc:
    """Read and check a LiteLLM config (bytes, SHA-256, data and the node tree apply edits)."""
    return read_config(Path(path))


def load_providers(
    path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> Registry:
    """The providers declared in ``path`` (the built-in declarations when None)."""
    return load_registry(None if path is None else Path(path), env)


def _selected(registry: Registry, providers: Sequence[str] | None) -> list[ProviderSpec]:
    return registry.select(list(providers) if providers else None)


def load_snapshots(
    directory: str | os.PathLike[str], registry: Registry, providers: Sequence[str] | None = None
) -> dict[str, Catalog]:
    """Catalogs from a snapshot folder (``modelctl catalog fetch -o DIR``), one per provider."""
    from modelctl.catalog import load_snapshots as _load

    return _load(_selected(registry, providers), load_plugins(), Path(directory))


def fetch_catalogs(
    registry: Registry,
    providers: Sequence[str] | None = None,
    *,
    timeout: float = 30.0,
    env: Mapping[str, str] | None = None,
) -> dict[str, Catalog]:
    """Fetch the live catalogs concurrently; a provider that fails is a failed Catalog."""
    from modelctl.catalog import fetch_catalogs as _fetch
    from modelctl.http import HttpSettings, make_session

    settings = HttpSettings(timeout=timeout)
    with make_session(settings) as session:
        catalogs, _bodies = _fetch(
            _selected(registry, providers),
            load_plugins(),
            session,
            settings,
            os.environ if env is None else env,
        )
    return catalogs


def build_plan(
    config: ConfigDoc,
    registry: Registry,
    catalogs: Mapping[str, Catalog],
    *,
    providers: Sequence[str] | None = None,
    request: PlanRequest | None = None,
    now: datetime | None = None,
) -> Plan:
    """The plan for ``config`` against ``catalogs`` (pure: nothing is fetched or written)."""
    selected = _selected(registry, providers)
    return _build_plan(config, registry, selected, catalogs, request, now=now)


# re-exported as they are
_ = (apply_plan, render_applied, read_plan)
