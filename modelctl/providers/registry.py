"""Which providers exist: providers.yaml declarations joined with plugins from entry points.

Built-in providers register through the ``modelctl.providers`` entry-point group exactly as a
third-party plugin does; a command imports them directly, and scans the group only for a
provider that is not built in. A declared provider with no plugin uses the generic :class:`Provider`.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from modelctl.errors import ProvidersFileError, UsageError
from modelctl.providers.base import Provider
from modelctl.providers.spec import ProviderSpec, is_wildcard, parse_provider_spec
from modelctl.yamlio import load_yaml_text

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint, EntryPoints

ENTRY_POINT_GROUP = "modelctl.providers"
BUILTIN_PROVIDERS_FILE = Path(__file__).resolve().parent.parent / "data" / "providers.yaml"
DEFAULT_MASS_REMOVAL_THRESHOLD = 0.5
DEFAULT_MASS_REMOVAL_MIN_ENTRIES = 4


@dataclass(frozen=True)
class Settings:
    mass_removal_threshold: float = DEFAULT_MASS_REMOVAL_THRESHOLD
    mass_removal_min_entries: int = DEFAULT_MASS_REMOVAL_MIN_ENTRIES
    """The guard counts only for providers owning at least this many entries."""
    sort: bool = False


@dataclass(frozen=True)
class Registry:
    specs: dict[str, ProviderSpec]
    settings: Settings
    path: str
    sha256: str = ""
    """SHA-256 of the providers.yaml bytes (a plan records it; apply checks it)."""
    recorded_path: str = "built-in"
    """The file as a plan records it: the path given, or ``built-in``."""

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
        """The provider that owns an entry and the entry's id; wildcard routes are never owned."""
        for spec in self.specs.values():
            model_id = spec.owns(litellm_params)
            if model_id is not None:
                return spec, model_id
        return None

    def wildcard(self, litellm_params: Mapping[str, object]) -> ProviderSpec | None:
        """The provider whose match rule covers a wildcard route (``openrouter/*``), if any."""
        for spec in self.specs.values():
            model_id = spec.matches(litellm_params)
            if model_id is not None and is_wildcard(model_id):
                return spec
        return None

    def resembles(self, litellm_params: Mapping[str, object]) -> ProviderSpec | None:
        """A provider an unowned entry looks like (its host, key variable or prefix), if any."""
        from modelctl.providers.resemble import resembles  # only validate asks

        return resembles(self.specs.values(), litellm_params)


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


def load_registry(path: Path | None, env: Mapping[str, str] | None = None) -> Registry:
    """Read providers.yaml (or the built-in one when ``path`` is None): checked against the
    providers schema first, then built into specs; what the schema cannot express (a provider
    name YAML read as a non-string, two providers owning the same entries, a NaN or a ``2.0``
    for the mass-removal settings) is checked here and in :func:`parse_provider_spec`."""
    shown = str(path) if path else "built-in providers.yaml"
    data, text = _read(path or BUILTIN_PROVIDERS_FILE, shown)
    raw = _parse(text, shown)
    _check_schema(raw, text, shown)
    specs: dict[str, ProviderSpec] = {}
    for name, body in raw["providers"].items():
        if not isinstance(name, str):  # a YAML key like 1 or true: the schema sees only strings
            raise ProvidersFileError(f"provider name {name!r} must be lower_snake_case", path=shown)
        spec = parse_provider_spec(name, body, shown)
        specs[name] = _override_endpoints(spec, env if env is not None else os.environ)
    _check_no_overlap(specs, shown)
    return Registry(
        specs=specs,
        settings=_settings(raw.get("settings") or {}, shown),
        path=shown,
        sha256=hashlib.sha256(data).hexdigest(),
        recorded_path=str(path) if path else "built-in",
    )


def _read(file: Path, shown: str) -> tuple[bytes, str]:
    """The bytes of providers.yaml and their text."""
    try:
        data = file.read_bytes()
        return data, data.decode("utf-8")
    except IsADirectoryError:
        raise ProvidersFileError(
            "is a directory, not a providers.yaml",
            path=shown,
            hint="pass the file itself with --providers PATH",
        ) from None
    except FileNotFoundError:
        raise ProvidersFileError(
            "file not found", path=shown, hint="pass --providers PATH, or run 'modelctl init'"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProvidersFileError(f"cannot read: {exc}", path=shown) from None


def _parse(text: str, shown: str) -> Mapping[str, Any]:
    """The YAML document: a mapping of format_version 1 (the schema would say less clearly)."""
    try:
        raw = load_yaml_text(text)
    except yaml.YAMLError as exc:
        raise ProvidersFileError(
            _yaml_problem(exc), path=shown, hint="fix the YAML syntax at that place"
        ) from None
    if not isinstance(raw, Mapping):
        raise ProvidersFileError(
            "expected a top-level 'providers:' mapping",
            path=shown,
            hint="see the README's providers.yaml section",
        )
    version = raw.get("format_version", 1)
    if version != 1:
        raise ProvidersFileError(
            f"format_version {version!r} is not supported (expected 1)", path=shown, hint="upgrade modelctl"
        )
    return raw


def _check_schema(raw: Mapping[str, Any], text: str, shown: str) -> None:
    """The first problem the providers schema finds, at its line (the YAML is composed only then)."""
    from modelctl import strict
    from modelctl.schemacheck import first_issue

    issue = first_issue(raw, strict.schema(strict.PROVIDERS_SCHEMA))
    if issue is not None:
        see = "see the comments at the top of the built-in providers.yaml"
        raise strict.issue_error(issue, ProvidersFileError, shown, text=text, see=see)


def _settings(raw: Mapping[str, Any], shown: str) -> Settings:
    """``settings:``, typed by the schema; a NaN threshold or a ``2.0`` count are refused here."""
    threshold = raw.get("mass_removal_threshold", DEFAULT_MASS_REMOVAL_THRESHOLD)
    if not 0 <= threshold <= 1:  # NaN: every comparison with it is false, so the schema lets it by
        raise ProvidersFileError(
            f"settings.mass_removal_threshold must be 0..1, got {threshold!r}", path=shown
        )
    min_entries = raw.get("mass_removal_min_entries", DEFAULT_MASS_REMOVAL_MIN_ENTRIES)
    if not isinstance(min_entries, int):  # the schema counts 2.0 as an integer
        raise ProvidersFileError(
            f"settings.mass_removal_min_entries must be a whole number >= 1, got {min_entries!r}", path=shown
        )
    return Settings(
        mass_removal_threshold=float(threshold),
        mass_removal_min_entries=min_entries,
        sort=raw.get("sort", False),
    )


def providers_file_sha256(recorded_path: str) -> str | None:
    """SHA-256 of a providers.yaml as a plan recorded it (``built-in`` or a path); None if gone."""
    file = BUILTIN_PROVIDERS_FILE if recorded_path == "built-in" else Path(recorded_path)
    try:
        return hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:
        return None


def endpoint_env_var(provider: str, endpoint: str) -> str:
    return f"MODELCTL_{provider.upper()}_{endpoint.upper()}_URL"


def _override_endpoints(spec: ProviderSpec, env: Mapping[str, str]) -> ProviderSpec:
    endpoints = {e: env.get(endpoint_env_var(spec.name, e), url) for e, url in spec.endpoints.items()}
    return replace(spec, endpoints=endpoints) if endpoints != spec.endpoints else spec


def _check_no_overlap(specs: Mapping[str, ProviderSpec], shown: str) -> None:
    rules = [(spec.name, rule) for spec in specs.values() for rule in spec.rules]
    for i, (a_name, a) in enumerate(rules):
        for b_name, b in rules[i + 1 :]:
            if a_name == b_name or not (a.prefix.startswith(b.prefix) or b.prefix.startswith(a.prefix)):
                continue
            if (
                a.api_base_contains is None
                or b.api_base_contains is None
                or a.api_base_contains in b.api_base_contains
                or b.api_base_contains in a.api_base_contains
            ):
                raise ProvidersFileError(
                    f"providers {a_name} and {b_name} could both own entries with model prefix {b.prefix!r}",
                    path=shown,
                    hint="give each an api_base_contains that tells their entries apart",
                )


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return str(problem)
