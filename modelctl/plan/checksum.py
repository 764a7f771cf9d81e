"""The plan file's checksum (SHA-256 of canonical JSON) and its JSON Schema."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body)).hexdigest()


def plan_schema() -> dict[str, Any]:
    from modelctl.schemacheck import bundled_schema

    return bundled_schema("plan-v1.schema.json")
