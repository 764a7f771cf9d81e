"""The plan file: a versioned JSON document, its checksum, and its JSON Schema.

A plan is data. ``modelctl apply`` replays ``patch`` and nothing else; every other key is there
for people (``changes``) or for verification (``config.sha256``, ``checksum``).

``model`` holds the frozen vocabulary, ``checksum`` the canonical JSON and schema, ``parse``
the reading and verifying of a plan file; this package re-exports all of it.
"""

from modelctl.plan.checksum import canonical_json, checksum, plan_schema
from modelctl.plan.model import (
    ACTIONS,
    FORMAT_VERSION,
    Action,
    Change,
    FetchStatus,
    PatchOp,
    PatchOpName,
    Plan,
    ProviderStatus,
    Review,
)
from modelctl.plan.parse import parse_plan, plan_from_json, read_plan

__all__ = [
    "ACTIONS",
    "FORMAT_VERSION",
    "Action",
    "Change",
    "FetchStatus",
    "PatchOp",
    "PatchOpName",
    "Plan",
    "ProviderStatus",
    "Review",
    "canonical_json",
    "checksum",
    "parse_plan",
    "plan_from_json",
    "plan_schema",
    "read_plan",
]
