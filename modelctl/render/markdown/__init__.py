"""Markdown rendering of a plan for a pull-request comment or a job summary.

Layout, most important first: the hidden marker ``<!-- modelctl-plan -->`` (workflows find
their PR comment by it, so it is always the first line), the summary line, failed providers
(a caution block), removals (a warning block), price moves that need a second look (over
±50%, or crossing between free and paid), the provider table, then one table per action.
Tables longer than ``COLLAPSE_OVER`` rows fold into ``<details>``; removals never fold.

The result is always shorter than ``limit`` (at most GitHub's 65,535-character comment limit):
when the plan does not fit, sections are cut with a "… N more not shown" row and a warning at
the end points to the full plan file (the workflow artifact).

Modules: ``summary`` (heading, banners, failures, footer), ``review`` (the review aids),
``changes`` (the change tables), ``diff`` (the YAML diff), ``budget`` (the size limit),
``cells`` (table-cell text).
"""

from __future__ import annotations

from collections.abc import Mapping

from modelctl.plan import Plan
from modelctl.render.markdown import review, summary
from modelctl.render.markdown.budget import Out
from modelctl.render.markdown.cells import CELL_MAX
from modelctl.render.markdown.changes import COLLAPSE_OVER, SECTIONS, held_for_stubs, new_models, section
from modelctl.render.markdown.diff import diff
from modelctl.render.markdown.review import ATTENTION_MAX
from modelctl.render.markdown.summary import DEFAULT_ARTIFACT_HINT, MARKER

__all__ = [
    "ATTENTION_MAX",
    "CELL_MAX",
    "COLLAPSE_OVER",
    "DEFAULT_ARTIFACT_HINT",
    "DEFAULT_LIMIT",
    "GITHUB_COMMENT_LIMIT",
    "MARKER",
    "artifact_hint_from_env",
    "render_markdown",
]

GITHUB_COMMENT_LIMIT = 65_535
DEFAULT_LIMIT = 60_000  # room for a workflow to add a header or footer


def render_markdown(plan: Plan, *, limit: int = DEFAULT_LIMIT, artifact_hint: str | None = None) -> str:
    """The plan as GitHub-flavoured Markdown, at most ``limit`` characters (no final newline)."""
    limit = min(limit, GITHUB_COMMENT_LIMIT)
    footer = summary.footer(plan)
    cut = summary.shortened(artifact_hint)
    out = Out(limit - Out.cost(footer) - Out.cost(cut))
    out.put(summary.head(plan))
    out.held = held_for_stubs(plan)
    summary.refused(plan, out)
    summary.failed(plan, out)
    review.removal_warning(plan, out)
    review.protected_gone(plan, out)
    review.attention(plan, out)
    review.providers(plan, out)
    for each in SECTIONS:
        section(plan, each, out)
        if each.action == "add":
            new_models(plan, out)
    review.notes(plan, out)
    diff(plan, out)
    text = "\n".join(out.lines + (cut if out.truncated else []) + footer)
    if len(text) > limit:  # unreachable by construction; never post an over-long comment
        text = text[: limit - 1] + "…"
    return text


def artifact_hint_from_env(env: Mapping[str, str]) -> str | None:
    """A link to the current GitHub Actions run (where the plan artifact is), if in one."""
    server, repo, run = (env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_RUN_ID"))
    if not (server and repo and run):
        return None
    return (
        f"The full plan is in the `modelctl-plan-…` artifact of [workflow run {run}]"
        f"({server}/{repo}/actions/runs/{run}) (render it with `modelctl show PLAN`)."
    )
