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


WILDCARD_CHARS = frozenset("*?[")
"""LiteLLM routes ``openrouter/*`` (and glob patterns) as wildcard deployments: never owned."""


def is_wildcard(model_id: str) -> bool:
    return any(c in WILDCARD_CHARS for c in model_id)


@dataclass(frozen=True)
class MatchRule:
    """One form of config entry a provider owns: ``litellm_params.model`` starts with ``prefix``
    and, when ``api_base_contains`` is given, ``litellm_params.api_base`` contains it."""

    prefix: str
    api_base_contains: str | None = None

    def id_of(self, litellm_params: Mapping[str, Any]) -> str | None:
        """The id after the prefix when this rule covers the entry (wildcards included)."""
        model = litellm_params.get("model")
        if not isinstance(model, str) or not model.startswith(self.prefix) or len(model) == len(self.prefix):
            return None
        if self.api_base_contains is not None:
            api_base = litellm_params.get("api_base")
            if not isinstance(api_base, str) or self.api_base_contains not in api_base:
                return None
        return model[len(self.prefix) :]

    def describe(self) -> str:
        if self.api_base_contains is None:
            return repr(self.prefix)
        return f"{self.prefix!r} with api_base containing {self.api_base_contains!r}"


@dataclass(frozen=True)
class ProviderSpec:
    name: str
    enabled: bool
    endpoints: dict[str, str]
    prefix: str
    """The canonical prefix (the first match rule's): what ``--add-model`` writes."""
    api_base_contains: str | None = None
    match_rules: tuple[MatchRule, ...] = ()
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

    @property
    def rules(self) -> tuple[MatchRule, ...]:
        return self.match_rules or (MatchRule(self.prefix, self.api_base_contains),)

    def matches(self, litellm_params: Mapping[str, Any]) -> str | None:
        """The id of an entry one of the match rules covers (a wildcard too), else None."""
        for rule in self.rules:
            model_id = rule.id_of(litellm_params)
            if model_id is not None:
                return model_id
        return None

    def owns(self, litellm_params: Mapping[str, Any]) -> str | None:
        """The catalog id of an entry if this provider owns it, else None (never a wildcard)."""
        model_id = self.matches(litellm_params)
        return None if model_id is None or is_wildcard(model_id) else model_id


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
    rules = _match_rules(raw.get("match"), f"{where}.match")
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
        prefix=rules[0].prefix,
        api_base_contains=rules[0].api_base_contains,
        match_rules=rules,
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


def _match_rules(raw: object, where: str) -> tuple[MatchRule, ...]:
    """``match:`` is one rule (a mapping) or a list of rules; the first is the canonical form."""
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise ProvidersFileError(f"{where}: the list of match rules is empty", hint="add at least one prefix")
    rules: list[MatchRule] = []
    for i, item in enumerate(items):
        at = f"{where}[{i}]" if isinstance(raw, list) else where
        if not isinstance(item, Mapping) or not isinstance(item.get("prefix"), str) or not item["prefix"]:
            raise ProvidersFileError(
                f"{at}.prefix: required, e.g. 'openrouter/'",
                hint="say which litellm_params.model prefix this provider owns",
            )
        unknown = set(item) - {"prefix", "api_base_contains"}
        if unknown:
            raise ProvidersFileError(
                f"{at}: unknown key(s) {sorted(map(str, unknown))}", hint="allowed: prefix, api_base_contains"
            )
        api_base = item.get("api_base_contains")
        if api_base is not None and (not isinstance(api_base, str) or not api_base):
            raise ProvidersFileError(f"{at}.api_base_contains: must be a non-empty string")
        rules.append(MatchRule(item["prefix"], api_base))
    return tuple(rules)


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
