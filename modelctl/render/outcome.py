"""What the commands report besides a plan: where a plan went and what to do next, failed
providers (an error, or a warning for a partial plan), GitHub annotations under Actions, an
apply's lines, a snapshot fetch's summary. Pure functions from results to text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from modelctl.commands.results import ApplyOutcome, PlanResult, ProviderFailure, SnapshotResult


class Output(NamedTuple):
    """Text for stdout and stderr; ``err_first``: stderr's text comes before stdout's."""

    out: str = ""
    err: str = ""
    err_first: bool = False


def failure_line(failure: ProviderFailure) -> str:
    """A failed provider's error, led by its name (a catalog's error never starts with it)."""
    return f"{failure.provider}: {failure.error}"


def _failures(failures: Sequence[ProviderFailure]) -> str:
    return "; ".join(failure_line(f) for f in failures)


def plan_report(result: PlanResult, env: Mapping[str, str]) -> str:
    """plan's stderr after the plan itself: where it was saved, hints, annotations under GitHub
    Actions, and the failed providers (an error when no plan was written, else a warning)."""
    lines = []
    if result.path is not None:
        lines.append(f"Plan saved to {result.path}.")
        if result.plan.has_changes:
            lines.append(f"Review it, then apply it with: modelctl apply {result.path}")
    lines.extend(result.messages)
    text = "".join(line + "\n" for line in lines)
    if env.get("GITHUB_ACTIONS") == "true":
        from modelctl.render.annotations import render_annotations

        text += render_annotations(result.plan)
    count = len(result.failures)
    if result.status == "failed":
        text += (
            f"Error: {count} provider(s) failed: {_failures(result.failures)}; no plan was written (re-run "
            "when they answer, or use --allow-partial to accept a plan that leaves their "
            "entries unchanged).\n"
        )
    elif result.status == "partial":
        text += (
            f"Warning: {count} provider(s) failed: {_failures(result.failures)}; their entries were left "
            "unchanged (--allow-partial).\n"
        )
    return text


def apply_report(outcome: ApplyOutcome, *, quiet: bool, colour: bool) -> Output:
    """apply's warning about a partial plan (stderr), then its changes and summary (stdout)."""
    failed = outcome.plan.failed_providers
    err = ""
    if failed:
        err = (
            f"Warning: partial plan: {len(failed)} provider(s) had failed when it was made "
            f"({', '.join(failed)}); their entries are left unchanged.\n"
        )
    if outcome.applied is None:
        out = f"Already applied: {outcome.target} already holds this plan's result; nothing was written.\n"
        return Output(out, err, err_first=True)
    lines = []
    if not quiet:
        from modelctl.render.text import render_change

        lines = [render_change(change, colour)[0] for change in outcome.plan.changes]
    from modelctl.render import apply_line

    lines.append(apply_line(outcome.applied.summary))
    return Output("".join(line + "\n" for line in lines), err, err_first=True)


def snapshot_report(result: SnapshotResult, *, quiet: bool) -> Output:
    """catalog fetch: the files written, a summary line; each failed provider's error (stderr)."""
    lines = [] if quiet else [f"wrote {path}" for path in result.written]
    saved = f"{len(result.written)} snapshot file(s) of {result.providers_saved} provider(s)"
    summary = f"Saved {saved} to {result.out}"
    lines.append(summary + (f"; {len(result.failures)} provider(s) failed." if result.failures else "."))
    err = "".join(f"Error: {failure_line(f)}\n" for f in result.failures)
    return Output("".join(line + "\n" for line in lines), err)
