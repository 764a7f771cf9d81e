"""A provider's declaration from providers.yaml, parsed and validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from modelctl.errors import ProvidersFileError
from modelctl.records import PRICE_FIELDS
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


def parse_provider_spec(name: str, raw: Mapping[str, Any], shown: str) -> ProviderSpec:
    """Build a ProviderSpec from one providers.yaml mapping that passed the providers schema
    (``modelctl/schemas/providers-v1.schema.json``: :func:`~modelctl.providers.registry.load_registry`
    checks the whole file first). ``shown`` names the file in errors.

    Left to check here is only what that schema cannot express: keys of a string map that YAML
    read as something else than a string (``1: https://…``; JSON has string keys only), an empty
    ``api_base_contains`` (it would match every api_base), and ``per_tokens``/``default_cost``
    being a finite positive decimal (the schema allows a number or a number-like string)."""
    key = f"providers.{name}"
    rules = tuple(_match_rule(item, shown, at) for at, item in _match_items(raw["match"], f"{key}.match"))
    pricing = raw.get("pricing") or {}
    return ProviderSpec(
        name=name,
        enabled=raw.get("enabled", True),
        endpoints=_str_map(raw["endpoints"], shown, f"{key}.endpoints"),
        prefix=rules[0].prefix,
        api_base_contains=rules[0].api_base_contains,
        match_rules=rules,
        price_paths={field: pricing[k] for k, field in _PRICE_KEYS.items() if pricing.get(k) is not None},
        per_tokens=_decimal(pricing.get("per_tokens", 1), shown, f"{key}.pricing.per_tokens"),
        default_cost=(
            None
            if pricing.get("default_cost") is None
            else _decimal(pricing["default_cost"], shown, f"{key}.pricing.default_cost")
        ),
        limit_paths=dict(raw.get("limits") or {}),
        api_key_env=raw.get("api_key_env"),
        new_entry=_str_map(raw.get("new_entry"), shown, f"{key}.new_entry"),
        naming=_naming(raw.get("naming") or {}),
        special_models=tuple(raw.get("special_models") or ()),
        protected=tuple(raw.get("protected") or ()),
        free_suffix=raw.get("free_suffix"),
        description=raw.get("description", ""),
        track=parse_track(raw.get("track"), name, key, path=shown),
        ignore=parse_ignore(raw.get("ignore"), key, path=shown),
    )


def _match_items(raw: object, key: str) -> list[tuple[str, Mapping[str, Any]]]:
    """``match:`` is one rule (a mapping) or a list of rules; each with its place in the file."""
    if isinstance(raw, list):
        return [(f"{key}[{i}]", item) for i, item in enumerate(raw)]
    assert isinstance(raw, Mapping)  # the schema allows nothing else
    return [(key, raw)]


def _match_rule(item: Mapping[str, Any], shown: str, key: str) -> MatchRule:
    api_base = item.get("api_base_contains")
    if api_base == "":
        raise ProvidersFileError("must be a non-empty string", path=shown, key=f"{key}.api_base_contains")
    return MatchRule(item["prefix"], api_base)


def _naming(raw: Mapping[str, Any]) -> NamingSpec:
    replace = raw.get("replace", [["/", "-"], [":", "-"]])
    return NamingSpec(
        prefix=raw.get("prefix", ""),
        replace=tuple((old, new) for old, new in replace),
        lowercase=raw.get("lowercase", False),
        last_segment=raw.get("last_segment", False),
    )


def _str_map(raw: Mapping[object, str] | None, shown: str, key: str) -> dict[str, str]:
    """A mapping the schema checked the values of: its keys must be strings too."""
    if raw is None:
        return {}
    if not all(isinstance(k, str) for k in raw):
        raise ProvidersFileError("expected a mapping of strings to strings", path=shown, key=key)
    return {str(k): v for k, v in raw.items()}


def _decimal(raw: object, shown: str, key: str) -> Decimal:
    """A finite positive decimal from what the schema let by: a number or a number-like string."""
    try:
        value = Decimal(repr(raw) if isinstance(raw, float) else str(raw))
    except ArithmeticError:
        raise ProvidersFileError(f"expected a number, got {raw!r}", path=shown, key=key) from None
    if not value.is_finite() or value <= 0:
        raise ProvidersFileError(f"must be a positive number, got {raw!r}", path=shown, key=key)
    return value
