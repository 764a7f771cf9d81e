"""Which providers exist: providers.yaml declarations joined with plugins from entry points.

Built-in providers register through the ``modelctl.providers`` entry-point group exactly as a
third-party plugin does; a command imports them directly, and scans the group only for a
provider that is not built in. A declared provider with no plugin uses the generic :class:`Provider`.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from modelctl.errors import ProvidersFileError, UsageError
from modelctl.providers.base import Provider
from modelctl.providers.spec import ProviderSpec, parse_provider_spec
from modelctl.yamlio import load_yaml_text

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint, EntryPoints

ENTRY_POINT_GROUP = "modelctl.providers"
BUILTIN_PROVIDERS_FILE = Path(__file__).resolve().parent.parent / "data" / "providers.yaml"
DEFAULT_MASS_REMOVAL_THRESHOLD = 0.5


@dataclass(frozen=True)
class Settings:
    mass_removal_threshold: float = DEFAULT_MASS_REMOVAL_THRESHOLD
    sort: bool = False


@dataclass(frozen=True)
class Registry:
    specs: dict[str, ProviderSpec]
    settings: Settings
    path: str

    def select(self, names: list[str] | None) -> list[ProviderSpec]:
        """The specs to plan: the named ones (enabled or not), or every enabled one."""
        if not names:
            return [s for s in self.specs.values() if s.enabled]
        unknown = [n for n in names if n not in self.specs]
        if unknown:
            raise UsageError(
                f"unknown provider {', '.join(repr(n) for n in unknown)} in --provider",
                hint=f"known providers in {self.path}: {', '.join(self.specs)}",
            )
        return [self.specs[n] for n in dict.fromkeys(names)]

    def owner(self, litellm_params: Mapping[str, object]) -> tuple[ProviderSpec, str] | None:
        for spec in self.specs.values():
            model_id = spec.owns(litellm_params)
            if model_id is not None:
                return spec, model_id
        return None


BUILTIN_PLUGINS = ("openrouter", "requesty", "novita", "nano_gpt", "vercel", "poe", "nvidia")


def load_plugins(names: Iterable[str] | None = None) -> dict[str, Provider]:
    """Plugins by provider name: every plugin of the entry-point group (``names`` None), or the
    plugins of just these providers.

    Built-ins are imported directly by module name, so a command over built-in providers never
    scans the installed distributions' entry points (a scan costs milliseconds at every start);
    the scan happens only when a provider that is not built in is asked for. With ``names`` None
    built-ins are found in the group when modelctl is installed, and imported directly when it
    runs from a source tree without package metadata."""
    plugins: dict[str, Provider] = {}
    if names is not None:
        wanted = list(dict.fromkeys(names))
        for name in wanted:
            if name in BUILTIN_PLUGINS:
                plugins[name] = _builtin(name)
        others = {name for name in wanted if name not in BUILTIN_PLUGINS}
        if others:
            for ep in _entry_points():
                if ep.name in others:
                    plugins[ep.name] = _load_entry_point(ep)
        return plugins
    eps = _entry_points()
    for name in BUILTIN_PLUGINS:
        if name not in eps.names:
            plugins[name] = _builtin(name)
    for ep in eps:
        plugins[ep.name] = _load_entry_point(ep)
    return plugins


def _entry_points() -> EntryPoints:
    """One scan of the installed distributions (importlib.metadata itself costs ~10 ms to import)."""
    from importlib.metadata import entry_points

    return entry_points(group=ENTRY_POINT_GROUP)


def _builtin(name: str) -> Provider:
    module = importlib.import_module(f"modelctl.providers.{name}")
    plugin: Provider = module.PROVIDER
    return plugin


def _load_entry_point(ep: EntryPoint) -> Provider:
    plugin = ep.load()
    if isinstance(plugin, type):
        plugin = plugin()
    if not isinstance(plugin, Provider):
        raise ProvidersFileError(f"entry point {ep.name} = {ep.value} is not a modelctl Provider")
    return plugin


def plugin_for(name: str, plugins: Mapping[str, Provider] | None = None) -> Provider:
    found = (plugins if plugins is not None else load_plugins([name])).get(name)
    return found if found is not None else Provider()


def load_registry(path: Path | None, env: Mapping[str, str] | None = None) -> Registry:
    """Read providers.yaml (or the built-in one when ``path`` is None)."""
    file = path or BUILTIN_PROVIDERS_FILE
    shown = str(path) if path else "built-in providers.yaml"
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProvidersFileError(
            f"{shown}: file not found", hint="pass --providers PATH, or run 'modelctl init'"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProvidersFileError(f"{shown}: cannot read: {exc}") from None
    try:
        raw = load_yaml_text(text)
    except yaml.YAMLError as exc:
        raise ProvidersFileError(
            f"{shown}: {_yaml_problem(exc)}", hint="fix the YAML syntax at that place"
        ) from None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("providers"), Mapping):
        raise ProvidersFileError(
            f"{shown}: expected a top-level 'providers:' mapping",
            hint="see the README's providers.yaml section",
        )
    version = raw.get("format_version", 1)
    if version != 1:
        raise ProvidersFileError(
            f"{shown}: format_version {version!r} is not supported (expected 1)", hint="upgrade modelctl"
        )
    specs: dict[str, ProviderSpec] = {}
    for name, body in raw["providers"].items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise ProvidersFileError(f"{shown}: provider name {name!r} must be lower_snake_case")
        spec = parse_provider_spec(name, body, f"{shown}: providers.{name}")
        specs[name] = _override_endpoints(spec, env if env is not None else os.environ)
    _check_no_overlap(specs, shown)
    settings_raw = raw.get("settings") or {}
    if not isinstance(settings_raw, Mapping):
        raise ProvidersFileError(f"{shown}: settings: expected a mapping")
    threshold = settings_raw.get("mass_removal_threshold", DEFAULT_MASS_REMOVAL_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        raise ProvidersFileError(f"{shown}: settings.mass_removal_threshold must be 0..1, got {threshold!r}")
    settings = Settings(mass_removal_threshold=float(threshold), sort=bool(settings_raw.get("sort", False)))
    return Registry(specs=specs, settings=settings, path=shown)


def endpoint_env_var(provider: str, endpoint: str) -> str:
    return f"MODELCTL_{provider.upper()}_{endpoint.upper()}_URL"


def _override_endpoints(spec: ProviderSpec, env: Mapping[str, str]) -> ProviderSpec:
    endpoints = {e: env.get(endpoint_env_var(spec.name, e), url) for e, url in spec.endpoints.items()}
    return replace(spec, endpoints=endpoints) if endpoints != spec.endpoints else spec


def _check_no_overlap(specs: Mapping[str, ProviderSpec], shown: str) -> None:
    items = list(specs.values())
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if not (a.prefix.startswith(b.prefix) or b.prefix.startswith(a.prefix)):
                continue
            if (
                a.api_base_contains is None
                or b.api_base_contains is None
                or a.api_base_contains == b.api_base_contains
            ):
                raise ProvidersFileError(
                    f"{shown}: providers {a.name} and {b.name} could both own entries with "
                    f"model prefix {b.prefix!r}",
                    hint="give each an api_base_contains that tells their entries apart",
                )


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return str(problem)
