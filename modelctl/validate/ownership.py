"""Which provider manages an entry: a note for wildcard routes, look-alikes no match rule covers,
and entries no provider in providers.yaml manages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from modelctl.providers.registry import Registry
from modelctl.validate.report import Findings


def check_ownership(
    findings: Findings, registry: Registry, place: str, index: int, params: Mapping[str, Any]
) -> None:
    if registry.owner(params) is not None:
        return
    model = params["model"]
    wildcard = registry.wildcard(params)
    if wildcard is not None:
        findings.add(
            "info",
            place,
            f"{model!r}: wildcard route, not managed (modelctl never adds, reprices or removes "
            f"it; {wildcard.name} entries next to it are)",
            index,
        )
        return
    looks = registry.resembles(params)
    if looks is not None:
        forms = ", ".join(rule.describe() for rule in looks.rules)
        findings.add(
            "info",
            place,
            f"{model!r} looks like {looks.name} but no match rule covers it (rules in "
            f"{registry.path}: {forms}); modelctl plan leaves it alone",
            index,
        )
        return
    findings.add(
        "info",
        place,
        f"{model!r} is not managed by any provider in {registry.path} (modelctl plan leaves it alone)",
        index,
    )
