"""Raw catalog bodies (live or from a snapshot file) into a :class:`~modelctl.records.Catalog`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from modelctl.providers.base import CatalogFormatError, Provider
from modelctl.providers.spec import ProviderSpec
from modelctl.records import Catalog, CatalogSource, EndpointSource

BODY_PREVIEW = 120


@dataclass(frozen=True)
class Body:
    endpoint: str
    origin: str
    data: bytes
    status: int | None = None  # the HTTP status of a live body; None for a snapshot file


def build_catalog(
    spec: ProviderSpec,
    plugin: Provider,
    bodies: Sequence[Body],
    source: CatalogSource,
    elapsed: float = 0.0,
) -> Catalog:
    """Parse and normalize raw bodies; any problem gives a failed catalog, never a partial one."""
    endpoints = tuple(
        EndpointSource(b.endpoint, b.origin, hashlib.sha256(b.data).hexdigest(), len(b.data)) for b in bodies
    )
    parsed: dict[str, object] = {}
    for body in bodies:
        problem = _parse(body, parsed)
        if problem is not None:
            error = f"{_where(spec, body)}: {problem}"
            return Catalog(spec.name, source, endpoints, error=error, elapsed=elapsed)
    try:
        records = plugin.normalize(parsed, spec)
    except CatalogFormatError as exc:
        error = f"{_culprit(spec, bodies, exc)}: unexpected catalog: {exc}"
        return Catalog(spec.name, source, endpoints, error=error, elapsed=elapsed)
    by_id = {r.id: r for r in records}
    return Catalog(spec.name, source, endpoints, by_id, elapsed=elapsed, resolver=plugin.resolver(by_id))


def _parse(body: Body, parsed: dict[str, object]) -> str | None:
    """Put the JSON of ``body`` in ``parsed``; what is wrong with it, else None."""
    try:
        parsed[body.endpoint] = json.loads(body.data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        preview = body.data[:BODY_PREVIEW].decode("utf-8", "replace")
        return f"the body is not valid JSON ({exc}); it starts with {preview!r}"
    except RecursionError:
        return "JSON nested too deeply"
    return None


def _culprit(spec: ProviderSpec, bodies: Sequence[Body], exc: CatalogFormatError) -> str:
    """The body a format error is about (its ``endpoint`` field), or every body when it names none."""
    culprit = [b for b in bodies if b.endpoint == exc.endpoint]
    if culprit:
        return _where(spec, culprit[0])
    return ", ".join(b.origin for b in bodies)


def _where(spec: ProviderSpec, body: Body) -> str:
    """Where a body came from (the report names the provider: a catalog's error never does)."""
    status = f": HTTP {body.status}" if body.status is not None else ""
    return f"{body.origin}{status}"
