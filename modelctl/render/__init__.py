"""Renderers: pure functions from a Plan (or results) to text for people or machines."""

from __future__ import annotations

from modelctl.plan import Plan


def summary_line(plan: Plan) -> str:
    s = plan.summary
    if not plan.has_changes:
        return "No changes. config.yaml matches the provider catalogs."
    line = f"Plan: {s['add']} to add, {s['update']} to change, {s['remove']} to remove"
    if s["move"]:
        line += f", {s['move']} to move"
    return line + "."


def apply_line(summary: dict[str, int]) -> str:
    line = f"Apply complete: {summary['add']} added, {summary['update']} changed, {summary['remove']} removed"
    if summary.get("move"):
        line += f", {summary['move']} moved"
    return line + "."
