"""Which provider an entry no provider owns looks like: validate's hint for a forgotten match rule."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from modelctl.providers.spec import ProviderSpec


def resembles(specs: Iterable[ProviderSpec], litellm_params: Mapping[str, object]) -> ProviderSpec | None:
    """A provider an unowned entry looks like (its host, key variable or prefix), if any."""
    model = litellm_params.get("model")
    prefix = model.partition("/")[0] if isinstance(model, str) and "/" in model else ""
    texts = [
        v.lower()
        for k, v in litellm_params.items()
        if k in ("api_base", "base_url", "api_key") and isinstance(v, str)
    ]
    for spec in specs:
        native = {_squash(r.prefix) for r in spec.rules if r.api_base_contains is None}
        if _squash(prefix) and _squash(prefix) in native | {_squash(spec.name)}:
            return spec
        if any(marker in text for marker in _markers(spec) for text in texts):
            return spec
    return None


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _markers(spec: ProviderSpec) -> set[str]:
    """Lower-case texts in an api_base or api_key that point at a provider: its endpoint hosts
    (without ``api.``/``router.``), its match hosts, its key variable and its name."""
    from urllib.parse import urlsplit  # only validate asks

    found: set[str] = set()
    for url in spec.endpoints.values():
        host = urlsplit(url).hostname or ""
        parts = host.split(".")
        if len(parts) >= 2:
            found.add(".".join(parts[-2:]))
    for rule in spec.rules:
        if rule.api_base_contains:
            found.add(rule.api_base_contains.lower())
    if spec.api_key_env:
        found.add(spec.api_key_env.lower())
    found.add(spec.name.upper().replace("_", "").lower() + "_")
    found.add(spec.name.lower() + "_")
    return {m for m in found if len(m) >= 4}
