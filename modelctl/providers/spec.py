"""A provider's declaration from providers.yaml, parsed and validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from modelctl.errors import ProvidersFileError
from modelctl.records import LIMIT_FIELDS, PRICE_FIELDS
from modelctl.track import TrackRule, parse_ignore, parse_track

MAIN_ENDPOINT = "models"

_PRICE_KEYS = {
    "input": PRICE_FIELDS[0],
    "output": PRICE_FIELDS[1],
    "cache_read": PRICE_FIELDS[2],
    "cache_write": PRICE_FIELDS[3],
}


@dataclass(frozen=True)
class NamingSpec:
    """How a generated ``model_name`` is made from a catalog id."""

    prefix: str = ""
    replace: tuple[tuple[str, str], ...] = (("/", "-"), (":", "-"))
    lowercase: bool = False
    last_segment: bool = False


@dataclass(frozen=True)
class ProviderSpec:
    name: str
    enabled: bool
    endpoints: dict[str, str]
    prefix: str
    api_base_contains: str | None = None
    price_paths: dict[str, str] = field(default_factory=dict)
    per_tokens: Decimal = Decimal(1)
    default_cost: Decimal | None = None
    limit_paths: dict[str, str] = field(default_factory=dict)
    api_key_env: str | None = None
    new_entry: dict[str, str] = field(default_factory=dict)
    naming: NamingSpec = NamingSpec()
    special_models: tuple[str, ...] = ()
    protected: tuple[str, ...] = ()
    free_suffix: str | None = None
    description: str = ""
    track: tuple[TrackRule, ...] = ()
    ignore: tuple[str, ...] = ()

    def owns(self, litellm_params: Mapping[str, Any]) -> str | None:
        """The catalog id of an entry if this provider owns it, else None."""
        model = litellm_params.get("model")
        if not isinstance(model, str) or not model.startswith(self.prefix):
            return None
        if self.api_base_contains is not None:
            api_base = litellm_params.get("api_base")
            if not isinstance(api_base, str) or self.api_base_contains not in api_base:
                return None
        return model[len(self.prefix) :]


def parse_provider_spec(name: str, raw: object, where: str) -> ProviderSpec:
    """Build a ProviderSpec from one providers.yaml mapping; ``where`` names it in errors."""
    if not isinstance(raw, Mapping):
        raise ProvidersFileError(
            f"{where}: expected a mapping of settings, got {_kind(raw)}",
            hint="see the README's providers.yaml section",
        )
    endpoints = _str_map(raw.get("endpoints"), f"{where}.endpoints")
    if MAIN_ENDPOINT not in endpoints:
        raise ProvidersFileError(
            f"{where}.endpoints: missing '{MAIN_ENDPOINT}' (the model list URL)",
            hint="add endpoints: {models: https://…/v1/models}",
        )
    match = raw.get("match")
    if not isinstance(match, Mapping) or not isinstance(match.get("prefix"), str) or not match["prefix"]:
        raise ProvidersFileError(
            f"{where}.match.prefix: required, e.g. 'openrouter/'",
            hint="say which litellm_params.model prefix this provider owns",
        )
    api_base = match.get("api_base_contains")
    if api_base is not None and not isinstance(api_base, str):
        raise ProvidersFileError(f"{where}.match.api_base_contains: must be a string")
    pricing = raw.get("pricing") or {}
    if not isinstance(pricing, Mapping):
        raise ProvidersFileError(f"{where}.pricing: expected a mapping, got {_kind(pricing)}")
    price_paths: dict[str, str] = {}
    for key, field_name in _PRICE_KEYS.items():
        path = pricing.get(key)
        if path is not None:
            if not isinstance(path, str):
                raise ProvidersFileError(f"{where}.pricing.{key}: must be a dotted path string")
            price_paths[field_name] = path
    unknown = set(pricing) - set(_PRICE_KEYS) - {"per_tokens", "default_cost"}
    if unknown:
        raise ProvidersFileError(
            f"{where}.pricing: unknown key(s) {sorted(unknown)}",
            hint=f"allowed: {sorted([*_PRICE_KEYS, 'per_tokens', 'default_cost'])}",
        )
    limits = _str_map(raw.get("limits"), f"{where}.limits")
    bad_limits = set(limits) - set(LIMIT_FIELDS)
    if bad_limits:
        raise ProvidersFileError(
            f"{where}.limits: unknown key(s) {sorted(bad_limits)}", hint=f"allowed: {list(LIMIT_FIELDS)}"
        )
    naming_raw = raw.get("naming") or {}
    if not isinstance(naming_raw, Mapping):
        raise ProvidersFileError(f"{where}.naming: expected a mapping")
    replace = naming_raw.get("replace", [["/", "-"], [":", "-"]])
    if not isinstance(replace, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in replace
    ):
        raise ProvidersFileError(f"{where}.naming.replace: expected a list of [old, new] pairs")
    naming = NamingSpec(
        prefix=str(naming_raw.get("prefix", "")),
        replace=tuple((p[0], p[1]) for p in replace),
        lowercase=bool(naming_raw.get("lowercase", False)),
        last_segment=bool(naming_raw.get("last_segment", False)),
    )
    api_key_env = raw.get("api_key_env")
    if api_key_env is not None and not isinstance(api_key_env, str):
        raise ProvidersFileError(f"{where}.api_key_env: must be an environment variable name")
    return ProviderSpec(
        name=name,
        enabled=bool(raw.get("enabled", True)),
        endpoints=endpoints,
        prefix=match["prefix"],
        api_base_contains=api_base,
        price_paths=price_paths,
        per_tokens=_decimal(pricing.get("per_tokens", 1), f"{where}.pricing.per_tokens"),
        default_cost=(
            None
            if pricing.get("default_cost") is None
            else _decimal(pricing["default_cost"], f"{where}.pricing.default_cost")
        ),
        limit_paths=limits,
        api_key_env=api_key_env,
        new_entry=_str_map(raw.get("new_entry"), f"{where}.new_entry"),
        naming=naming,
        special_models=_str_tuple(raw.get("special_models"), f"{where}.special_models"),
        protected=_str_tuple(raw.get("protected"), f"{where}.protected"),
        free_suffix=raw.get("free_suffix") if isinstance(raw.get("free_suffix"), str) else None,
        description=str(raw.get("description", "")),
        track=parse_track(raw.get("track"), name, where),
        ignore=parse_ignore(raw.get("ignore"), where),
    )


def _kind(value: object) -> str:
    return "nothing" if value is None else type(value).__name__


def _str_map(raw: object, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise ProvidersFileError(f"{where}: expected a mapping of strings to strings")
    return dict(raw)


def _str_tuple(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
        raise ProvidersFileError(f"{where}: expected a list of strings")
    return tuple(raw)


def _decimal(raw: object, where: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ProvidersFileError(f"{where}: expected a number, got {_kind(raw)}")
    try:
        value = Decimal(repr(raw) if isinstance(raw, float) else str(raw))
    except ArithmeticError:
        raise ProvidersFileError(f"{where}: expected a number, got {raw!r}") from None
    if not value.is_finite() or value <= 0:
        raise ProvidersFileError(f"{where}: must be a positive number, got {raw!r}")
    return value
