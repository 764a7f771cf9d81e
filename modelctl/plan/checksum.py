"""The plan file's checksum (SHA-256 of canonical JSON) and its JSON Schema."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body)).hexdigest()


@cache
def plan_schema() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("modelctl").joinpath("schemas/plan-v1.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
