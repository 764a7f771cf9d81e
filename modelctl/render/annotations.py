"""GitHub Actions annotations (``::error``/``::warning`` workflow commands) for a plan: failed
providers, removals and model_names that lose their last entry. The CLI writes them on stderr
when it runs under GitHub Actions (GitHub reads both streams; stdout stays the plan alone, valid
JSON with --format json)."""

from __future__ import annotations

from modelctl.plan import Plan

MAX_NAMES = 20  # model_names listed in the out-of-service warning before "and N more"


def render_annotations(plan: Plan) -> str:
    lines = []
    for name, status in plan.providers.items():
        if status.status != "ok":
            lines.append(f"::error title=modelctl: {name} failed::{escape(status.error or '')}")
    removals = plan.summary["remove"]
    if removals:
        lines.append(
            f"::warning title=modelctl removals::this plan removes {removals} config "
            "entries; review them before applying"
        )
    gone = list(dict.fromkeys(str(c.model_name) for c in plan.changes if c.out_of_service))
    if gone:
        more = len(gone) - MAX_NAMES
        names = ", ".join(gone[:MAX_NAMES]) + (f" and {more} more" if more > 0 else "")
        lines.append(
            f"::warning title=modelctl out of service::{len(gone)} model_name(s) lose their last "
            f"entry: {escape(names)}"
        )
    return "".join(line + "\n" for line in lines)


def escape(text: str) -> str:
    """A workflow command's message with its line breaks and ``%`` escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
