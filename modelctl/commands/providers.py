"""Which providers.yaml a command reads, and ``modelctl providers``'s rows."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from modelctl.commands.results import ProviderRow

if TYPE_CHECKING:
    from modelctl.providers.registry import Registry

DEFAULT_PROVIDERS_FILE = Path("providers.yaml")


def resolve_providers_file(providers_file: Path | None, config: Path | None = None) -> Path | None:
    """``--providers``, else providers.yaml next to the config, else None (the built-in one)."""
    if providers_file is not None:
        return providers_file
    beside = (config.parent if config is not None else Path(".")) / DEFAULT_PROVIDERS_FILE
    return beside if beside.exists() else None


def registry_for(providers_file: Path | None, config: Path | None = None) -> Registry:
    from modelctl.providers.registry import load_registry

    return load_registry(resolve_providers_file(providers_file, config))


def provider_rows(providers_file: Path | None) -> list[ProviderRow]:
    registry = registry_for(providers_file)
    return [
        ProviderRow(
            name=spec.name,
            enabled=spec.enabled,
            api_key_env=spec.api_key_env or None,
            key_set=bool(spec.api_key_env and os.environ.get(spec.api_key_env)),
            endpoints=tuple(spec.endpoints.values()),
        )
        for spec in registry.specs.values()
    ]
