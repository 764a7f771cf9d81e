"""Renderers: pure functions from a Plan (or results) to text for people or machines."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `modelctl --version` imports this package: it must stay light
    from modelctl.plan import Plan


def flush_output() -> bool:
    """Flush stdout and stderr before a process ends without teardown; False when the reader
    is gone (a closed pipe: ``modelctl show | head -1``)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return False
    return True


def write_version(version: str) -> None:
    """``modelctl --version``'s answer (launch.py's fast path: no CLI framework imported)."""
    sys.stdout.write(f"modelctl {version}\n")
    sys.stdout.flush()


def summary_line(plan: Plan) -> str:
    s = plan.summary
    failed = len(plan.failed_providers)
    answered = len(plan.providers) - failed
    if not plan.has_changes:
        if failed:  # never claim a match with catalogs that were not read
            return f"No changes from the {answered} provider(s) that answered; {failed} failed."
        return "No changes. config.yaml matches the provider catalogs."
    line = f"Plan: {s['add']} to add, {s['update']} to change, {s['remove']} to remove"
    if s["move"]:
        line += f", {s['move']} to move"
    if failed:
        line += f" (partial: {failed} provider(s) failed)"
    return line + "."


def banner(plan: Plan) -> list[str]:
    """Lines that lead every rendering of a partial or unapplyable plan."""
    failed = plan.failed_providers
    if not failed and plan.applyable is not False:
        return []
    lines = []
    if plan.applyable is False:
        lines.append(f"NOT APPLYABLE: {plan.why_not_applyable}; this plan is for reading only.")
    elif failed:
        lines.append(
            f"PARTIAL PLAN (--allow-partial): {len(failed)} provider(s) failed ({', '.join(failed)}); "
            "their entries are left unchanged."
        )
    return lines


def providers_file_line(plan: Plan) -> str | None:
    if plan.providers_file is None:
        return None
    path = plan.providers_file["path"]
    return "Providers file: " + ("built-in providers.yaml" if path == "built-in" else path)


def apply_line(summary: dict[str, int]) -> str:
    line = f"Apply complete: {summary['add']} added, {summary['update']} changed, {summary['remove']} removed"
    if summary.get("move"):
        line += f", {summary['move']} moved"
    return line + "."


def render_plan(
    plan: Plan, fmt: str, *, quiet: bool, verbose: bool, colour: bool, env: Mapping[str, str]
) -> str:
    """A plan as ``fmt`` (text, markdown, json); each branch imports only its own renderer
    (start-up time). ``quiet`` text is the summary line alone."""
    if fmt == "json":
        from modelctl.render.json import render_json

        return render_json(plan)
    if fmt == "markdown":
        from modelctl.render.markdown import artifact_hint_from_env, render_markdown

        return render_markdown(plan, artifact_hint=artifact_hint_from_env(env)) + "\n"
    if quiet:
        return summary_line(plan) + "\n"
    from modelctl.render.text import render_text

    return render_text(plan, colour=colour, verbose=verbose)
