"""Machine output: the plan document itself (versioned by ``format_version``)."""

from __future__ import annotations

import json as _json
from typing import Any

from modelctl.plan import Plan


def render_json(plan: Plan) -> str:
    return plan.dumps()


def render_result_json(kind: str, payload: dict[str, Any]) -> str:
    return _json.dumps({"format_version": "1", "kind": kind, **payload}, indent=2) + "\n"
