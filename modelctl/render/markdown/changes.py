"""The change tables: removals, price and limit changes, additions, moves (one table per action),
and the track-rule additions ("New models", one table per provider and rule). Long tables fold
into ``<details>``; removals never fold. A section that does not fit leaves a stub."""

from __future__ import annotations

from typing import NamedTuple

from modelctl.plan import Change, Plan
from modelctl.render.markdown.budget import Out
from modelctl.render.markdown.cells import code, text
from modelctl.render.moves import field_move, shown

COLLAPSE_OVER = 10


class Section(NamedTuple):
    """One change table (a NamedTuple: cheap to define at import, on the show path)."""

    action: str
    title: str
    header: tuple[str, str]
    blurb: str = ""
    fold: bool = True


SECTIONS = (
    Section(
        "remove",
        "🔴 Removals",
        (
            "| model_name | model | provider | effect | suggested successor | reason |",
            "|---|---|---|---|---|---|",
        ),
        "**These entries will be deleted from the config.** Successors are suggestions only: "
        "nothing is added for them.",
        fold=False,
    ),
    Section(
        "update",
        "🟡 Price and limit changes",
        (
            "| model_name | model | provider | field | before | after | change |",
            "|---|---|---|---|---:|---:|---|",
        ),
    ),
    Section("add", "🟢 Additions", ("| model_name | model | provider | values |", "|---|---|---|---|")),
    Section(
        "move",
        "↕️ Moves",
        ("| model_name | model | provider | reason |", "|---|---|---|---|"),
        "Sorting only: these entries change position, nothing else.",
    ),
)
NEW_MODELS = Section(
    "add",
    "🆕 New models",
    ("| model_name | model | provider | values |", "|---|---|---|---|"),
    "Proposed by the track rules of providers.yaml, grouped by rule.",
)
_NOUNS = {
    "remove": ("removal", "removals"),
    "update": ("change", "changes"),
    "add": ("addition", "additions"),
    "move": ("move", "moves"),
}


# -- rows ----------------------------------------------------------------------------------


def _update_rows(change: Change) -> list[str]:
    rows = []
    for i, (name, values) in enumerate(change.fields.items()):
        move = field_move(name, values)
        who = (
            f"{code(change.model_name)} | {code(change.model)} | {text(change.provider)}"
            if i == 0
            else " |  | "
        )
        before, after = code(shown(name, move.before)), code(shown(name, move.after))
        rows.append(f"| {who} | {code(name)} | {before} | {after} | {move.describe()} |")
    return rows


def _add_row(change: Change) -> str:
    details = "<br>".join(f"{code(k)} {code(shown(k, v.get('after')), 80)}" for k, v in change.fields.items())
    return (
        f"| {code(change.model_name)} | {code(change.model)} | {text(change.provider)} | {details or '—'} |"
    )


def _removal_row(change: Change) -> str:
    if change.out_of_service:
        effect = "🚫 **out of service**"
        if change.references:
            effect += f" (still named at {len(change.references)} place{'s' * (len(change.references) != 1)})"
    elif change.remaining is not None:
        effect = f"group shrinks ({change.remaining} left)"
    else:
        effect = "—"
    return (
        f"| {code(change.model_name)} | {code(change.model)} | {text(change.provider)} | {effect} | "
        f"{code(change.successor)} | {text(change.reason)} |"
    )


def _plain_row(change: Change) -> str:
    who = f"{code(change.model_name)} | {code(change.model)} | {text(change.provider)}"
    return f"| {who} | {text(change.reason)} |"


def _rows(action: str, changes: list[Change]) -> list[str]:
    if action == "update":
        return [row for change in changes for row in _update_rows(change)]
    row = {"add": _add_row, "remove": _removal_row}.get(action, _plain_row)
    return [row(change) for change in changes]


# -- sections ------------------------------------------------------------------------------


def stub(section: Section, count: int) -> list[str]:
    """What is left of a section when nothing else of it fits."""
    return [
        f"### {section.title} ({count})",
        "",
        "*Not shown: the comment size limit was reached (see the note at the end).*",
        "",
    ]


def changes_of(plan: Plan, action: str) -> list[Change]:
    """The changes of one section; track-rule additions have their own ("New models")."""
    return [c for c in plan.changes if c.action == action and not (action == "add" and c.rule)]


def held_for_stubs(plan: Plan) -> int:
    """What the stubs of every section of ``plan`` cost: kept back until each section is shown."""
    held = sum(Out.cost(stub(s, n)) for s in SECTIONS if (n := len(changes_of(plan, s.action))))
    tracked = sum(1 for c in plan.changes if c.action == "add" and c.rule)
    if tracked:
        held += Out.cost(stub(NEW_MODELS, tracked))
    return held


def _fold(section: Section, count: int, rows: int) -> tuple[list[str], list[str]]:
    """The prologue and epilogue of a section's table (a ``<details>`` fold when long)."""
    prologue = [f"### {section.title} ({count})", ""]
    if section.blurb:
        prologue += [section.blurb, ""]
    epilogue = [""]
    if section.fold and rows > COLLAPSE_OVER:
        noun = _NOUNS[section.action][count != 1]
        prologue += [f"<details><summary>Show {count} {noun}</summary>", ""]
        epilogue = ["", "</details>", ""]
    return prologue, epilogue


def section(plan: Plan, section: Section, out: Out) -> None:
    changes = changes_of(plan, section.action)
    if not changes:
        return
    out.held -= Out.cost(stub(section, len(changes)))
    rows = _rows(section.action, changes)
    prologue, epilogue = _fold(section, len(changes), len(rows))
    columns = section.header[0].count("|") - 1
    more = "| … | **{n} more rows not shown** |" + " |" * (columns - 2)
    if out.fits(prologue + list(section.header), Out.cost(epilogue) + len(more) + 8):
        out.block(prologue + list(section.header), rows, epilogue, more)
    else:
        out.put(stub(section, len(changes)))
        out.truncated = True


def new_models(plan: Plan, out: Out) -> None:
    """Track-rule additions, one table per (provider, rule); long tables fold."""
    groups: dict[tuple[str, str], list[Change]] = {}
    for change in plan.changes:
        if change.action == "add" and change.rule:
            groups.setdefault((change.provider, change.rule), []).append(change)
    if not groups:
        return
    total = sum(len(g) for g in groups.values())
    out.held -= Out.cost(stub(NEW_MODELS, total))
    prologue = [f"### {NEW_MODELS.title} ({total})", "", NEW_MODELS.blurb, ""]
    if not out.fits(prologue, 200):
        out.put(stub(NEW_MODELS, total))
        out.truncated = True
        return
    out.put(prologue)
    for (provider, rule), changes in groups.items():
        noun = "model" if len(changes) == 1 else "models"
        head = [f"#### {text(provider)}: rule {code(rule)} ({len(changes)} {noun})", ""]
        epilogue = [""]
        if len(changes) > COLLAPSE_OVER:
            head += [f"<details><summary>Show {len(changes)} new {noun}</summary>", ""]
            epilogue = ["", "</details>", ""]
        more = "| … | **{n} more rows not shown** | | |"
        out.block(head + list(NEW_MODELS.header), [_add_row(c) for c in changes], epilogue, more)
