"""Markdown rendering of a plan for a pull-request comment or a job summary.

Always under GitHub's 65,535-character comment limit: long sections are cut with a note that
points to the plan artifact.
"""

from __future__ import annotations

from typing import Any

from modelctl.plan import Change, Plan
from modelctl.pricing import config_cost
from modelctl.render import summary_line

MARKER = "<!-- modelctl-plan -->"
GITHUB_COMMENT_LIMIT = 65_535
DEFAULT_LIMIT = 60_000  # room for a workflow to add a header or footer
COLLAPSE_OVER = 10
BIG_MOVE = 50


def _cell(value: Any) -> str:
    text = "—" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _price_cell(before: Any, after: Any) -> str:
    old, new = config_cost(before), config_cost(after)
    text = f"{_cell(before)} → {_cell(after)}"
    if old is not None and new is not None and old != 0:
        pct = (new - old) / old * 100
        text += f" ({pct:+.1f}%)"
        if abs(pct) > BIG_MOVE:
            text += " ⚠️ big move"
    if old is not None and new is not None and (old == 0) != (new == 0):
        text += " ⚠️ crosses zero"
    return text


def _row(change: Change) -> str:
    if change.action == "update":
        detail = "<br>".join(f"`{k}` {_price_cell(v['before'], v['after'])}"
                             for k, v in change.fields.items())
    elif change.action == "add":
        detail = "<br>".join(f"`{k}` {_cell(v['after'])}" for k, v in change.fields.items())
    else:
        detail = _cell(change.reason)
    return (f"| `{_cell(change.model_name)}` | `{_cell(change.model)}` | {change.provider} | "
            f"{detail} |")


SECTIONS = (
    ("remove", "🔴 Removals", "These entries will be deleted from the config."),
    ("update", "🟡 Price and limit changes", ""),
    ("add", "🟢 Additions", ""),
    ("move", "↕️ Moves (sorting)", ""),
)


def render_markdown(plan: Plan, *, limit: int = DEFAULT_LIMIT, artifact_hint: str | None = None
                    ) -> str:
    limit = min(limit, GITHUB_COMMENT_LIMIT)
    head = [MARKER, "## modelctl plan", "", f"**{summary_line(plan)}**", ""]
    failed = [(n, s) for n, s in plan.providers.items() if s.status != "ok"]
    for name, status in failed:
        head.append(f"> [!CAUTION]\n> **{name} failed**: {_cell(status.error)} — its "
                    f"{status.entries} entries were left unchanged.\n")
    head.append("| provider | status | catalog models | config entries | source |")
    head.append("|---|---|---|---|---|")
    for name, status in plan.providers.items():
        head.append(f"| {name} | {'✅ ok' if status.status == 'ok' else '❌ failed'} | "
                    f"{_cell(status.models)} | {status.entries} | {status.source} |")
    head.append("")
    footer = [f"<sub>config `{plan.config_path}` sha256 `{plan.config_sha256[:12]}` · "
              f"plan checksum `{plan.to_json()['checksum'][:12]}` · created {plan.created_at}"
              "</sub>", ""]
    body: list[str] = []
    for note in plan.notes:
        body.append(f"> [!NOTE]\n> {_cell(note)}\n")
    cut_note = ("\n> [!WARNING]\n> This comment was shortened to fit GitHub's limit. "
                + (artifact_hint or "The full plan is in the plan file (workflow artifact).")
                + "\n")
    budget = limit - len("\n".join(head)) - len("\n".join(footer)) - len(cut_note) - 200
    truncated = False
    for action, title, blurb in SECTIONS:
        changes = [c for c in plan.changes if c.action == action]
        if not changes:
            continue
        section = [f"### {title} ({len(changes)})", ""]
        if blurb:
            section += [f"**{blurb}**", ""]
        rows = ["| model_name | model | provider | details |", "|---|---|---|---|"]
        collapsed = len(changes) > COLLAPSE_OVER
        if collapsed:
            section += [f"<details><summary>Show {len(changes)} {action}s</summary>", ""]
        used = len("\n".join(body)) + len("\n".join(section))
        shown = 0
        for change in changes:
            row = _row(change)
            if used + len(row) + 1 > budget:
                truncated = True
                break
            rows.append(row)
            used += len(row) + 1
            shown += 1
        if shown < len(changes):
            rows.append(f"| … | {len(changes) - shown} more not shown | | |")
        section += rows + [""]
        if collapsed:
            section += ["</details>", ""]
        body += section
    text = "\n".join(head + body + ([cut_note] if truncated else []) + footer)
    return text[:limit] if len(text) > limit else text
