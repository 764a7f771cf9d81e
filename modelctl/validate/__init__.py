"""Offline checks of a config: YAML and shape, duplicates, costs, provider prefixes, env references.

Nothing here touches the network or writes a file. Each finding has a level:

- ``error``: LiteLLM or modelctl would misbehave (a negative cost, a misspelled
  ``os.environ/`` reference, a config modelctl cannot read);
- ``warning``: probably a mistake (a cost written as a string, an absurd cost, an unknown
  provider prefix, an exact copy of another entry, a literal secret, a near miss of an
  environment variable providers.yaml declares);
- ``info``: worth knowing (entries no provider in providers.yaml manages, wildcard routes,
  entries that look like a provider no match rule covers).

Entries with the same ``model_name`` and ``model`` but another ``api_key`` (or any other
``litellm_params`` value) are LiteLLM's multi-key load balancing, not duplicates. A finding
carries the line of the config it is about. A secret's value is never shown.
``modelctl validate`` exits 1 when there is at least one error; the report is rendered by
:mod:`modelctl.render.validate`.

Modules: ``report`` (findings, the frozen report), ``prefixes``, ``costs``, ``env`` (env
references), ``secrets`` (literal secrets), ``ownership``, ``places`` (places and their lines).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modelctl.config import read_config
from modelctl.errors import ConfigError
from modelctl.providers.registry import Registry
from modelctl.validate.costs import ABSURD_COST_PER_TOKEN, check_costs
from modelctl.validate.env import check_env_reference, declared_env_names
from modelctl.validate.ownership import check_ownership
from modelctl.validate.places import line_map, strings
from modelctl.validate.prefixes import KNOWN_PREFIXES, check_prefix
from modelctl.validate.report import FORMAT_VERSION, LEVELS, Finding, Findings, Level, ValidateReport
from modelctl.validate.secrets import check_literal_secrets

__all__ = [
    "ABSURD_COST_PER_TOKEN",
    "FORMAT_VERSION",
    "KNOWN_PREFIXES",
    "LEVELS",
    "Finding",
    "Level",
    "ValidateReport",
    "validate_config",
]


def validate_config(path: Path, registry: Registry) -> ValidateReport:
    """Every finding about the config at ``path`` (read once, offline)."""
    findings = Findings()
    try:
        doc = read_config(path)
    except ConfigError as exc:
        findings.found.append(_unreadable(exc, path))
        return findings.report(str(path), 0)
    findings.lines = line_map(doc.text)
    known = KNOWN_PREFIXES | {
        rule.prefix.rstrip("/") for spec in registry.specs.values() for rule in spec.rules
    }
    declared = declared_env_names(registry)
    cost_routing = _routing_strategy(doc.data) == "cost-based-routing"
    seen: dict[str, int] = {}
    for index, entry in enumerate(doc.entries):
        place = f"model_list[{index}]"
        params: Mapping[str, Any] = entry["litellm_params"]
        _check_entry(findings, seen, place, index, entry)
        check_prefix(findings, place, index, params["model"], known)
        check_costs(findings, place, index, entry, cost_routing)
        for where, text in strings(entry, place):
            check_env_reference(findings, where, index, text, declared)
        check_ownership(findings, registry, place, index, params)
    for where, text in strings({k: v for k, v in doc.data.items() if k != "model_list"}, ""):
        check_env_reference(findings, where.lstrip("."), None, text, declared)
    check_literal_secrets(findings, doc.data)
    return findings.report(str(path), len(doc.entries))


def _check_entry(
    findings: Findings, seen: dict[str, int], place: str, index: int, entry: Mapping[str, Any]
) -> None:
    """A model_name, and not an exact copy of an earlier entry (``seen``: copies' first index).
    Same model_name and model with another api_key is load balancing, not a copy."""
    if entry.get("model_name") is None:
        findings.add("error", place, "no model_name: LiteLLM routes requests by model_name; add one", index)
    key = json.dumps([entry.get("model_name"), entry["litellm_params"]], sort_keys=True, default=repr)
    if key in seen:
        findings.add(
            "warning",
            place,
            f"exact copy of model_list[{seen[key]}] (same model_name and every litellm_params "
            "value); LiteLLM counts it twice when balancing load; remove one",
            index,
        )
    else:
        seen[key] = index


def _routing_strategy(data: Mapping[str, Any]) -> object:
    router = data.get("router_settings")
    return router.get("routing_strategy") if isinstance(router, Mapping) else None


def _unreadable(error: ConfigError, path: Path) -> Finding:
    """The one finding of a config that cannot be read: its place and line from the error's
    fields (the report names the file once)."""
    if error.path != str(path):  # about another file: keep all of it
        return Finding("error", "", str(error), None, None)
    text = f"{error.message} ({error.hint})" if error.hint else error.message
    if error.column is not None and error.line is None:
        text = f"column {error.column}: {text}"
    return Finding("error", error.key or "", text, None, error.line)
