"""The review aids around the tables: removals that take a model_name out of service, protected
entries whose model left, price moves that need a second look, the provider table and the notes.
Each adds its block to the budgeted output, or nothing."""

from __future__ import annotations

from modelctl.plan import Change, Plan
from modelctl.render.markdown.budget import Out
from modelctl.render.markdown.cells import code, text
from modelctl.render.moves import BIG_MOVE, field_move, shown

ATTENTION_MAX = 25  # bullet points listed in the "check these prices" block


def removal_warning(plan: Plan, out: Out) -> None:
    count = plan.summary["remove"]
    if not count:
        return
    entries = "entry" if count == 1 else "entries"
    gone = [c for c in plan.changes if c.out_of_service]
    head = [
        "> [!WARNING]",
        f"> **This plan removes {count} config {entries}.** Requests to a removed "
        "deployment fail once the plan is applied: check every row of *Removals* below.",
    ]
    if not gone:
        out.block([*head, ""], [], [], "")
        return
    by_name: dict[str | None, list[Change]] = {}
    for change in gone:
        by_name.setdefault(change.model_name, []).append(change)
    names = len(by_name)
    head += [
        ">",
        f"> **{names} model_name{'' if names == 1 else 's'} go{'es' if names == 1 else ''} out of "
        "service** (the last entry is removed; requests to the name fail):",
    ]
    rows = [_out_of_service_row(name, changes) for name, changes in by_name.items()]
    out.block(head, rows, [""], "> - … and {n} more in *Removals*")


def _out_of_service_row(name: str | None, changes: list[Change]) -> str:
    """A model_name that goes out of service: its removed models, where it is still named, and
    the suggested successors."""
    models = ", ".join(f"{code(c.model)} ({text(c.provider)})" for c in changes)
    row = f"> - {code(name)}: {models}"
    references = changes[0].references or []
    if references:
        row += "; still named at " + ", ".join(code(r, 120) for r in references[:10])
        if len(references) > 10:
            row += f" and {len(references) - 10} more"
    successors = list(dict.fromkeys(c.successor for c in changes if c.successor))
    if successors:
        label = "suggested successor" + ("s" if len(successors) > 1 else "")
        row += f"; {label} " + ", ".join(code(x) for x in successors)
    return row


def protected_gone(plan: Plan, out: Out) -> None:
    items = plan.review.protected_gone
    if not items:
        return
    rows = [
        f"> - {code(i['model_name'])} {code(i['model'])}: {code(i['id'])} is no longer in the "
        f"{text(i['provider'])} catalog"
        for i in items
    ]
    out.block(
        [
            "> [!WARNING]",
            f"> **{len(items)} protected {'entry' if len(items) == 1 else 'entries'} whose model left "
            "the catalog** (kept, as protected; requests to it may fail):",
        ],
        rows,
        [""],
        "> - … and {n} more",
    )


def attention(plan: Plan, out: Out) -> None:
    flagged = [
        (c, m)
        for c in plan.changes
        if c.action == "update"
        for m in (field_move(k, v) for k, v in c.fields.items())
        if m.flagged
    ]
    if not flagged:
        return
    rows = [
        f"> - {code(c.model_name)} {code(c.model)} ({text(c.provider)}): "
        f"{code(m.name)} {code(shown(m.name, m.before))} → {code(shown(m.name, m.after))} {m.describe()}"
        for c, m in flagged[:ATTENTION_MAX]
    ]
    out.block(
        [
            "> [!IMPORTANT]",
            f"> **{len(flagged)} price {'move needs' if len(flagged) == 1 else 'moves need'} "
            f"a second look** (over ±{BIG_MOVE}%, or between free and paid):",
        ],
        rows,
        [""],
        "> - … and {n} more in *Price and limit changes*",
        len(flagged),
    )


def providers(plan: Plan, out: Out) -> None:
    if not plan.providers and not plan.review.unchecked:
        return
    rows = [
        f"| {text(name)} | {'✅ ok' if st.status == 'ok' else '❌ **failed**'} | "
        f"{text(st.models)} | {st.entries} | {text(st.source)} |"
        for name, st in plan.providers.items()
    ]
    rows += [
        f"| {text(u['provider'])} | ⏸️ {text(u['why'])}: **{u['entries']} "
        f"{'entry' if u['entries'] == 1 else 'entries'} unchecked** | — | "
        f"{u['entries']} | — |"
        for u in plan.review.unchecked
    ]
    out.block(
        ["| provider | status | catalog models | config entries | source |", "|---|---|---:|---:|---|"],
        rows,
        [""],
        "| … | {n} more not shown | | | |",
    )


def notes(plan: Plan, out: Out) -> None:
    if not plan.notes:
        return
    rows = [f"> - {text(note, 400)}" for note in plan.notes]
    out.block(["> [!NOTE]"], rows, [""], "> - … {n} more notes not shown")
