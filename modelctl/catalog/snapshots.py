"""Snapshot folders: the raw catalog bodies of a fetch, read back for planning offline.

A snapshot folder holds ``<provider>.json`` (the body of the main ``models`` endpoint exactly
as the API returned it) and ``<provider>.<endpoint>.json`` for secondary endpoints. Planning
from a snapshot gives the same changes as planning from the live API that returned it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from modelctl.catalog.build import Body, build_catalog
from modelctl.fileio import write_atomic
from modelctl.providers.base import Provider
from modelctl.providers.spec import MAIN_ENDPOINT, ProviderSpec
from modelctl.records import Catalog


def snapshot_name(provider: str, endpoint: str) -> str:
    return f"{provider}.json" if endpoint == MAIN_ENDPOINT else f"{provider}.{endpoint}.json"


def load_snapshots(
    specs: Sequence[ProviderSpec], plugins: Mapping[str, Provider], directory: Path
) -> dict[str, Catalog]:
    """A catalog per provider from its snapshot files; a missing or unreadable file fails it."""
    catalogs: dict[str, Catalog] = {}
    for spec in specs:
        bodies, error = _read_bodies(spec, directory)
        if error is not None:
            catalogs[spec.name] = Catalog(spec.name, "snapshot", error=error)
        else:
            plugin = plugins.get(spec.name) or Provider()
            catalogs[spec.name] = build_catalog(spec, plugin, bodies, "snapshot")
    return catalogs


def _read_bodies(spec: ProviderSpec, directory: Path) -> tuple[list[Body], str | None]:
    """Every endpoint's snapshot body, or what stopped the reading at the first that failed."""
    bodies: list[Body] = []
    for endpoint, url in spec.endpoints.items():
        path = directory / snapshot_name(spec.name, endpoint)
        try:
            bodies.append(Body(endpoint, str(path), path.read_bytes()))
        except FileNotFoundError:
            return bodies, (
                f"{path}: snapshot file missing (expected the body of the '{endpoint}' endpoint, {url})"
            )
        except OSError as exc:
            return bodies, f"{path}: cannot read: {exc.strerror}"
    return bodies, None


def write_snapshots(directory: Path, bodies: Mapping[str, Sequence[Body]]) -> list[Path]:
    """Write every provider's raw bodies into ``directory`` (atomically, file by file)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for provider, provider_bodies in bodies.items():
        for body in provider_bodies:
            path = directory / snapshot_name(provider, body.endpoint)
            write_atomic(path, body.data)
            written.append(path)
    return written
