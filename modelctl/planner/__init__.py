"""Planning: a pure function from (config, catalogs, requests) to a Plan.

Rules, per owned entry of a provider whose catalog is complete:
- the id is not in the catalog (and not special or protected): remove;
- a catalog price differs by more than a relative 1e-9: update (free 0 -> 1e-9; an unknown
  price never overwrites a known one); a limit in ``model_info`` differs: update.
Entries of failed providers and of providers not selected are never touched.

Patch order keeps every index valid: updates (ascending), removals (descending), additions,
then sorting moves. Each mutation is preceded by ``test`` ops that pin the entry it touches.

The steps, each a function over one read-only ``PlanView`` returning new values:
``catalog`` (removals and updates the catalogs call for), ``removals`` (mass-removal guard,
removals on request, review aids), ``shared`` (updates of YAML-aliased mappings), ``additions``
and ``tracking`` (models added on request or by track rules), ``sort``; ``build`` runs them.
"""

from modelctl.planner.build import build_plan
from modelctl.planner.request import (
    ModelRef,
    PlanRequest,
    check_track_options,
    is_protected,
    protected_names,
)

__all__ = ["ModelRef", "PlanRequest", "build_plan", "check_track_options", "is_protected", "protected_names"]
