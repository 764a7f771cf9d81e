"""Markdown rendering of a plan for a pull-request comment or a job summary.

Layout, most important first: the hidden marker ``<!-- modelctl-plan -->`` (workflows find
their PR comment by it, so it is always the first line), the summary line, failed providers
(a caution block), removals (a warning block), price moves that need a second look (over
±50%, or crossing between free and paid), the provider table, then one table per action.
Tables longer than ``COLLAPSE_OVER`` rows fold into ``<details>``; removals never fold.

The result is always shorter than ``limit`` (at most GitHub's 65,535-character comment limit):
when the plan does not fit, sections are cut with a "… N more not shown" row and a warning at
the end points to the full plan file (the workflow artifact).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from modelctl.plan import Change, Plan
from modelctl.render import banner, providers_file_line, summary_line
from modelctl.render.moves import BIG_MOVE, field_move, shown

MARKER = "<!-- modelctl-plan -->"
GITHUB_COMMENT_LIMIT = 65_535
DEFAULT_LIMIT = 60_000  # room for a workflow to add a header or footer
COLLAPSE_OVER = 10
CELL_MAX = 200  # characters of one table cell or quoted message
ATTENTION_MAX = 25  # bullet points listed in the "check these prices" block
DEFAULT_ARTIFACT_HINT = (
    "The full plan is in the plan file: the `modelctl-plan-…` artifact of "
    "the workflow run that posted this comment "
    "(render it with `modelctl show PLAN`)."
)


# -- cells ---------------------------------------------------------------------------------


def _clip(text: str, limit: int = CELL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: Any, limit: int = CELL_MAX) -> str:
    """Plain table-cell text: one line, no HTML tags, no column breaks."""
    if value is None:
        return "—"
    return _clip(str(value), limit).replace("<", "&lt;").replace("|", "\\|")


def _code(value: Any, limit: int = CELL_MAX) -> str:
    """Inline code for ids and values (``|`` still escaped: GitHub splits table cells first)."""
    if value is None:
        return "—"
    text = _clip(str(value), limit).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# -- budgeted output -----------------------------------------------------------------------


class _Out:
    """Lines with a character budget (each line costs its length plus a newline)."""

    def __init__(self, budget: int) -> None:
        self.lines: list[str] = []
        self.left = budget
        self.held = 0  # kept back for the stubs of sections still to come
        self.truncated = False

    @staticmethod
    def cost(lines: Sequence[str]) -> int:
        return sum(len(line) + 1 for line in lines)

    def fits(self, lines: Sequence[str], reserve: int = 0) -> bool:
        return self.cost(lines) + reserve <= self.left - self.held

    def put(self, lines: Sequence[str]) -> None:
        self.lines.extend(lines)
        self.left -= self.cost(lines)

    def block(
        self,
        prologue: list[str],
        rows: Sequence[str],
        epilogue: list[str],
        more: str,
        total: int | None = None,
    ) -> None:
        """prologue, as many rows as fit, a ``more`` line (``{n}``: items left out), epilogue.

        ``total`` is how many items ``rows`` stand for when the caller listed only some of them
        (default: one item a row).
        """
        total = len(rows) if total is None else total
        closing = self.cost(epilogue) + len(more.format(n=total)) + 1
        if not self.fits(prologue, closing):
            self.truncated = True
            return
        self.put(prologue)
        shown = 0
        for row in rows:
            if not self.fits([row], closing):
                self.truncated = True
                break
            self.put([row])
            shown += 1
        if shown < total:
            self.put([more.format(n=total - shown)])
        self.put(epilogue)


# -- sections ------------------------------------------------------------------------------


def _failed(plan: Plan, out: _Out) -> None:
    for name, status in plan.providers.items():
        if status.status == "ok":
            continue
        out.block(
            [
                "> [!CAUTION]",
                f"> **{_text(name)} failed:** {_text(status.error or 'unknown error')}",
                ">",
                f"> Its {status.entries} config entries were left unchanged; this plan is "
                "partial. Re-run the plan once the provider answers.",
                "",
            ],
            [],
            [],
            "",
        )


def _refused(plan: Plan, out: _Out) -> None:
    if not plan.refusals:
        return
    out.block(
        [
            "> [!CAUTION]",
            "> **Refused by the mass-removal guard: this plan was not saved and cannot be applied.** "
            "It is shown so you can see what the catalog would remove.",
        ],
        [f"> - {_text(r)}" for r in plan.refusals],
        [""],
        "> - … {n} more",
    )


def _removal_warning(plan: Plan, out: _Out) -> None:
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
    rows = []
    for name, changes in by_name.items():
        models = ", ".join(f"{_code(c.model)} ({_text(c.provider)})" for c in changes)
        row = f"> - {_code(name)}: {models}"
        references = changes[0].references or []
        if references:
            row += "; still named at " + ", ".join(_code(r, 120) for r in references[:10])
            if len(references) > 10:
                row += f" and {len(references) - 10} more"
        successors = list(dict.fromkeys(c.successor for c in changes if c.successor))
        if successors:
            label = "suggested successor" + ("s" if len(successors) > 1 else "")
            row += f"; {label} " + ", ".join(_code(x) for x in successors)
        rows.append(row)
    out.block(head, rows, [""], "> - … and {n} more in *Removals*")


def _protected_gone(plan: Plan, out: _Out) -> None:
    items = plan.review.protected_gone
    if not items:
        return
    rows = [
        f"> - {_code(i['model_name'])} {_code(i['model'])}: {_code(i['id'])} is no longer in the "
        f"{_text(i['provider'])} catalog"
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


def _attention(plan: Plan, out: _Out) -> None:
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
        f"> - {_code(c.model_name)} {_code(c.model)} ({_text(c.provider)}): "
        f"{_code(m.name)} {_code(shown(m.name, m.before))} → {_code(shown(m.name, m.after))} {m.describe()}"
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


def _providers(plan: Plan, out: _Out) -> None:
    if not plan.providers and not plan.review.unchecked:
        return
    rows = [
        f"| {_text(name)} | {'✅ ok' if st.status == 'ok' else '❌ **failed**'} | "
        f"{_text(st.models)} | {st.entries} | {_text(st.source)} |"
        for name, st in plan.providers.items()
    ]
    rows += [
        f"| {_text(u['provider'])} | ⏸️ {_text(u['why'])}: **{u['entries']} "
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


def _update_rows(change: Change) -> list[str]:
    rows = []
    for i, (name, values) in enumerate(change.fields.items()):
        move = field_move(name, values)
        who = (
            f"{_code(change.model_name)} | {_code(change.model)} | {_text(change.provider)}"
            if i == 0
            else " |  | "
        )
        before, after = _code(shown(name, move.before)), _code(shown(name, move.after))
        rows.append(f"| {who} | {_code(name)} | {before} | {after} | {move.describe()} |")
    return rows


def _add_row(change: Change) -> str:
    details = "<br>".join(
        f"{_code(k)} {_code(shown(k, v.get('after')), 80)}" for k, v in change.fields.items()
    )
    return (
        f"| {_code(change.model_name)} | {_code(change.model)} | {_text(change.provider)} | "
        f"{details or '—'} |"
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
        f"| {_code(change.model_name)} | {_code(change.model)} | {_text(change.provider)} | {effect} | "
        f"{_code(change.successor)} | {_text(change.reason)} |"
    )


def _plain_row(change: Change) -> str:
    return (
        f"| {_code(change.model_name)} | {_code(change.model)} | {_text(change.provider)} | "
        f"{_text(change.reason)} |"
    )


@dataclass(frozen=True)
class _Section:
    action: str
    title: str
    header: tuple[str, str]
    blurb: str = ""
    fold: bool = True


SECTIONS = (
    _Section(
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
    _Section(
        "update",
        "🟡 Price and limit changes",
        (
            "| model_name | model | provider | field | before | after | change |",
            "|---|---|---|---|---:|---:|---|",
        ),
    ),
    _Section("add", "🟢 Additions", ("| model_name | model | provider | values |", "|---|---|---|---|")),
    _Section(
        "move",
        "↕️ Moves",
        ("| model_name | model | provider | reason |", "|---|---|---|---|"),
        "Sorting only: these entries change position, nothing else.",
    ),
)
_NOUNS = {
    "remove": ("removal", "removals"),
    "update": ("change", "changes"),
    "add": ("addition", "additions"),
    "move": ("move", "moves"),
}


def _stub(section: _Section, count: int) -> list[str]:
    """What is left of a section when nothing else of it fits."""
    return [
        f"### {section.title} ({count})",
        "",
        "*Not shown: the comment size limit was reached (see the note at the end).*",
        "",
    ]


def _of(plan: Plan, action: str) -> list[Change]:
    """The changes of one section; track-rule additions have their own ("New models")."""
    return [c for c in plan.changes if c.action == action and not (action == "add" and c.rule)]


def _section(plan: Plan, section: _Section, out: _Out) -> None:
    changes = _of(plan, section.action)
    if not changes:
        return
    out.held -= _Out.cost(_stub(section, len(changes)))
    rows: list[str] = []
    for change in changes:
        if section.action == "update":
            rows.extend(_update_rows(change))
        elif section.action == "add":
            rows.append(_add_row(change))
        elif section.action == "remove":
            rows.append(_removal_row(change))
        else:
            rows.append(_plain_row(change))
    prologue = [f"### {section.title} ({len(changes)})", ""]
    if section.blurb:
        prologue += [section.blurb, ""]
    epilogue = [""]
    if section.fold and len(rows) > COLLAPSE_OVER:
        noun = _NOUNS[section.action][len(changes) != 1]
        prologue += [f"<details><summary>Show {len(changes)} {noun}</summary>", ""]
        epilogue = ["", "</details>", ""]
    columns = section.header[0].count("|") - 1
    more = "| … | **{n} more rows not shown** |" + " |" * (columns - 2)
    if out.fits(prologue + list(section.header), _Out.cost(epilogue) + len(more) + 8):
        out.block(prologue + list(section.header), rows, epilogue, more)
    else:
        out.put(_stub(section, len(changes)))
        out.truncated = True


NEW_MODELS = _Section(
    "add",
    "🆕 New models",
    ("| model_name | model | provider | values |", "|---|---|---|---|"),
    "Proposed by the track rules of providers.yaml, grouped by rule.",
)


def _new_models(plan: Plan, out: _Out) -> None:
    """Track-rule additions, one table per (provider, rule); long tables fold."""
    groups: dict[tuple[str, str], list[Change]] = {}
    for change in plan.changes:
        if change.action == "add" and change.rule:
            groups.setdefault((change.provider, change.rule), []).append(change)
    if not groups:
        return
    total = sum(len(g) for g in groups.values())
    out.held -= _Out.cost(_stub(NEW_MODELS, total))
    prologue = [f"### {NEW_MODELS.title} ({total})", "", NEW_MODELS.blurb, ""]
    if not out.fits(prologue, 200):
        out.put(_stub(NEW_MODELS, total))
        out.truncated = True
        return
    out.put(prologue)
    for (provider, rule), changes in groups.items():
        noun = "model" if len(changes) == 1 else "models"
        head = [f"#### {_text(provider)}: rule {_code(rule)} ({len(changes)} {noun})", ""]
        epilogue = [""]
        if len(changes) > COLLAPSE_OVER:
            head += [f"<details><summary>Show {len(changes)} new {noun}</summary>", ""]
            epilogue = ["", "</details>", ""]
        more = "| … | **{n} more rows not shown** | | |"
        out.block(head + list(NEW_MODELS.header), [_add_row(c) for c in changes], epilogue, more)


def _diff(plan: Plan, out: _Out) -> None:
    diff = plan.review.diff
    if not diff:
        return
    lines = diff.splitlines()
    longest = max((len(run) for run in re.findall(r"`+", diff)), default=0)
    fence = "`" * max(3, longest + 1)
    out.block(
        [
            f"<details><summary>YAML diff that apply will write ({len(lines)} lines; secret values "
            "masked)</summary>",
            "",
            fence + "diff",
        ],
        lines,
        [fence, "", "</details>", ""],
        "… {n} more lines not shown (modelctl show PLAN --diff prints all)",
    )


def _notes(plan: Plan, out: _Out) -> None:
    if not plan.notes:
        return
    rows = [f"> - {_text(note, 400)}" for note in plan.notes]
    out.block(["> [!NOTE]"], rows, [""], "> - … {n} more notes not shown")


# -- the document --------------------------------------------------------------------------


def render_markdown(plan: Plan, *, limit: int = DEFAULT_LIMIT, artifact_hint: str | None = None) -> str:
    """The plan as GitHub-flavoured Markdown, at most ``limit`` characters (no final newline)."""
    limit = min(limit, GITHUB_COMMENT_LIMIT)
    head = [MARKER, "## modelctl plan", "", f"**{summary_line(plan)}**", ""]
    head += [f"> [!CAUTION]\n> **{_text(line)}**\n" for line in banner(plan)]
    source = providers_file_line(plan)
    head += [_text(source), ""] if source else []
    footer = [
        f"<sub>config {_code(plan.config_path, 120)} sha256 "
        f"`{plan.config_sha256[:12]}` · plan checksum `{plan.to_json()['checksum'][:12]}`"
        f" · created {_text(plan.created_at)} · modelctl {_text(plan.modelctl_version)}"
        "</sub>"
    ]
    cut = [
        "> [!WARNING]",
        "> **This comment was shortened to fit GitHub's comment size limit.** "
        + _clip(artifact_hint or DEFAULT_ARTIFACT_HINT, 500),
        "",
    ]
    out = _Out(limit - _Out.cost(footer) - _Out.cost(cut))
    out.put(head)
    out.held = sum(_Out.cost(_stub(s, n)) for s in SECTIONS if (n := len(_of(plan, s.action))))
    tracked = sum(1 for c in plan.changes if c.action == "add" and c.rule)
    if tracked:
        out.held += _Out.cost(_stub(NEW_MODELS, tracked))
    _refused(plan, out)
    _failed(plan, out)
    _removal_warning(plan, out)
    _protected_gone(plan, out)
    _attention(plan, out)
    _providers(plan, out)
    for section in SECTIONS:
        _section(plan, section, out)
        if section.action == "add":
            _new_models(plan, out)
    _notes(plan, out)
    _diff(plan, out)
    lines = out.lines + (cut if out.truncated else []) + footer
    text = "\n".join(lines)
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
