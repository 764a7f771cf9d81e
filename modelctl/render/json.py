"""Machine output: the plan document itself (versioned by ``format_version``)."""

from __future__ import annotations

import json as _json

from modelctl.plan import Plan


def render_json(plan: Plan) -> str:
    """The plan file's text; a plan the guard refused gets ``refused`` and no ``checksum``, so
    it is not a plan file: ``apply`` rejects it if someone saves it."""
    if plan.refusals:
        return _json.dumps({**plan.body(), "refused": plan.refusals}, indent=2, ensure_ascii=False) + "\n"
    return plan.dumps()
