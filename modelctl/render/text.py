"""Terminal rendering of a plan: Terraform-like symbols, optional colour."""

from __future__ import annotations

from typing import Any

from modelctl.plan import Change, Plan
from modelctl.render import banner, providers_file_line, summary_line
from modelctl.render.moves import field_move, shown

SYMBOLS = {"add": "+", "update": "~", "remove": "-", "move": "↕"}
COLOURS = {
    "add": "32",
    "update": "33",
    "remove": "31",
    "move": "36",
    "failed": "31;1",
    "dim": "2",
    "bold": "1",
}


def _paint(text: str, colour: str, enabled: bool) -> str:
    return f"\x1b[{COLOURS[colour]}m{text}\x1b[0m" if enabled else text


def _value(value: Any) -> str:
    return "(none)" if value is None else str(value)


def _move(name: str, values: dict[str, Any]) -> str:
    """``  (+12.5%)``, ``  (+150.0%, big move)`` or ``  (free → paid)`` after a price change."""
    move = field_move(name, values)
    if move.zero_crossing:
        return f"  ({move.direction})"
    if move.pct is None:
        return ""
    flag = ", big move" if move.big and move.is_price else ""
    return f"  ({move.pct:+.1f}%{flag})"


def render_change(change: Change, colour: bool) -> list[str]:
    symbol = SYMBOLS[change.action]
    where = f"  [{change.api_base}]" if change.api_base else ""
    head = f"  {symbol} {change.model_name or '(unnamed)'}  {change.model}{where}"
    lines = [_paint(head, change.action, colour), _paint(f"      {change.reason}", "dim", colour)]
    for name, values in change.fields.items():
        before, after = shown(name, values["before"]), shown(name, values["after"])
        if change.action == "add":
            lines.append(f"      {name}: {_value(after)}")
        else:
            lines.append(f"      {name}: {_value(before)} -> {_value(after)}{_move(name, values)}")
    if change.action == "remove":
        lines.extend(_removal_aids(change, colour))
    return lines


def _removal_aids(change: Change, colour: bool) -> list[str]:
    lines = []
    if change.out_of_service:
        lines.append(
            _paint(f"      OUT OF SERVICE: the last entry of '{change.model_name}'", "failed", colour)
        )
        for path in change.references or []:
            lines.append(_paint(f"      still named at {path}", "failed", colour))
    elif change.remaining:
        entries = "entry" if change.remaining == 1 else "entries"
        lines.append(f"      group shrinks: {change.remaining} {entries} of '{change.model_name}' left")
    if change.successor:
        lines.append(f"      suggested successor: {change.successor} (not applied)")
    return lines


def _new_models(plan: Plan, colour: bool) -> list[str]:
    """Track-rule additions, grouped by (provider, rule)."""
    groups: dict[tuple[str, str], list[Change]] = {}
    for change in plan.changes:
        if change.action == "add" and change.rule:
            groups.setdefault((change.provider, change.rule), []).append(change)
    if not groups:
        return []
    total = sum(len(g) for g in groups.values())
    lines = [_paint(f"New models from track rules ({total}):", "bold", colour)]
    for (provider, rule), changes in groups.items():
        lines.append(f"  {provider}: rule '{rule}' ({len(changes)})")
        for change in changes:
            lines.extend("  " + line for line in render_change(change, colour))
    lines.append("")
    return lines


TITLES = {"update": "Changes", "remove": "Removals", "add": "Additions", "move": "Moves"}
MOVES_SHOWN = 10  # moves listed without --verbose


def _providers(plan: Plan, colour: bool) -> list[str]:
    """Each provider's catalog and entries (or its failure), then providers left unchecked."""
    lines: list[str] = []
    for name, status in plan.providers.items():
        if status.status == "ok":
            lines.append(
                f"  {name}: {status.models} models in catalog, {status.entries} "
                f"entries in config ({status.source})"
            )
        else:
            lines.append(_paint(f"  {name}: FAILED: {status.error}", "failed", colour))
            lines.append(f"      {status.entries} {name} entries left unchanged")
    for item in plan.review.unchecked:
        entries = "entry" if item["entries"] == 1 else "entries"
        lines.append(f"  {item['provider']}: {item['why']}, {item['entries']} {entries} left unchecked")
    return [_paint("Providers:", "bold", colour), *lines, ""] if lines else []


def _refusals(plan: Plan, colour: bool) -> list[str]:
    if not plan.refusals:
        return []
    lines = [_paint("REFUSED: this plan was not saved and cannot be applied:", "failed", colour)]
    lines.extend(_paint(f"  {r}", "failed", colour) for r in plan.refusals)
    return [*lines, ""]


def _warnings(plan: Plan, colour: bool) -> list[str]:
    gone = plan.review.protected_gone
    if not gone:
        return []
    lines = [_paint(f"Warnings ({len(gone)}):", "bold", colour)]
    for item in gone:
        lines.append(
            f"  ! {item['model_name'] or '(unnamed)'}  {item['model']}: protected, but "
            f"'{item['id']}' is no longer in the {item['provider']} catalog (kept)"
        )
    return [*lines, ""]


def _head(plan: Plan, colour: bool) -> list[str]:
    """The partial/unapplyable banner and the providers file, before everything else."""
    source = providers_file_line(plan)
    head = [_paint(line, "failed", colour) for line in banner(plan)] + ([source] if source else [])
    return [*head, ""] if head else []


def _section(action: str, changes: list[Change], colour: bool, verbose: bool) -> list[str]:
    """One action's changes under their title (moves cut short without ``verbose``)."""
    count = str(len(changes))
    if action == "remove" and (gone := len({c.model_name for c in changes if c.out_of_service})):
        count += f"; {gone} model_name{'' if gone == 1 else 's'} out of service"
    lines = [_paint(f"{TITLES[action]} ({count}):", "bold", colour)]
    if action == "move" and not verbose and len(changes) > MOVES_SHOWN:
        lines.extend(render_change(c, colour)[0] for c in changes[:MOVES_SHOWN])
        lines.append(f"  … and {len(changes) - MOVES_SHOWN} more moves (--verbose shows all)")
    else:
        for change in changes:
            lines.extend(render_change(change, colour))
    return [*lines, ""]


def _changes(plan: Plan, colour: bool, verbose: bool) -> list[str]:
    lines: list[str] = []
    for action in ("update", "remove", "add", "move"):
        changes = [c for c in plan.changes if c.action == action and not (action == "add" and c.rule)]
        if action == "add":
            lines.extend(_new_models(plan, colour))
        if changes:
            lines.extend(_section(action, changes, colour, verbose))
    return lines


def _tail(plan: Plan, colour: bool, verbose: bool) -> list[str]:
    """Notes, the YAML diff (``verbose``) and the summary line."""
    lines = [_paint(f"Note: {note}", "dim", colour) for note in plan.notes]
    if plan.notes:
        lines.append("")
    if verbose and plan.review.diff:
        lines.append(_paint("YAML diff apply will write (secret values masked):", "bold", colour))
        lines.extend(plan.review.diff.splitlines())
        lines.append("")
    lines.append(_paint(summary_line(plan), "bold", colour))
    return lines


def render_text(plan: Plan, *, colour: bool = False, verbose: bool = False) -> str:
    lines = [
        *_head(plan, colour),
        *_providers(plan, colour),
        *_refusals(plan, colour),
        *_warnings(plan, colour),
        *_changes(plan, colour, verbose),
        *_tail(plan, colour, verbose),
    ]
    return "\n".join(lines) + "\n"
