"""``modelctl providers``: the declared providers as a fixed-width table."""

from __future__ import annotations

from collections.abc import Sequence

from modelctl.commands.results import ProviderRow


def render_providers(rows: Sequence[ProviderRow]) -> str:
    lines = [f"{'provider':<12} {'enabled':<8} {'api key':<24} endpoints"]
    for row in rows:
        lines.append(
            f"{row.name:<12} {'yes' if row.enabled else 'no':<8} {_key(row):<24} {', '.join(row.endpoints)}"
        )
    return "".join(line + "\n" for line in lines)


def _key(row: ProviderRow) -> str:
    if not row.api_key_env:
        return "(none needed)"
    return f"{row.api_key_env} {'set' if row.key_set else 'unset'}"
