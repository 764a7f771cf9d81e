"""The plan summary: the marker and heading, the summary line and banners, failed providers and
refusals (caution blocks), the note that the comment was shortened, and the footer."""

from __future__ import annotations

from modelctl.plan import Plan
from modelctl.render import banner, providers_file_line, summary_line
from modelctl.render.markdown.budget import Out
from modelctl.render.markdown.cells import clip, code, text

MARKER = "<!-- modelctl-plan -->"
DEFAULT_ARTIFACT_HINT = (
    "The full plan is in the plan file: the `modelctl-plan-…` artifact of "
    "the workflow run that posted this comment "
    "(render it with `modelctl show PLAN`)."
)


def head(plan: Plan) -> list[str]:
    """The marker (workflows find their comment by it: always the first line), heading, summary."""
    lines = [MARKER, "## modelctl plan", "", f"**{summary_line(plan)}**", ""]
    lines += [f"> [!CAUTION]\n> **{text(line)}**\n" for line in banner(plan)]
    source = providers_file_line(plan)
    lines += [text(source), ""] if source else []
    return lines


def footer(plan: Plan) -> list[str]:
    return [
        f"<sub>config {code(plan.config_path, 120)} sha256 "
        f"`{plan.config_sha256[:12]}` · plan checksum `{plan.to_json()['checksum'][:12]}`"
        f" · created {text(plan.created_at)} · modelctl {text(plan.modelctl_version)}"
        "</sub>"
    ]


def shortened(artifact_hint: str | None) -> list[str]:
    """The warning at the end of a comment that had to be cut."""
    return [
        "> [!WARNING]",
        "> **This comment was shortened to fit GitHub's comment size limit.** "
        + clip(artifact_hint or DEFAULT_ARTIFACT_HINT, 500),
        "",
    ]


def failed(plan: Plan, out: Out) -> None:
    for name, status in plan.providers.items():
        if status.status == "ok":
            continue
        out.block(
            [
                "> [!CAUTION]",
                f"> **{text(name)} failed:** {text(status.error or 'unknown error')}",
                ">",
                f"> Its {status.entries} config entries were left unchanged; this plan is "
                "partial. Re-run the plan once the provider answers.",
                "",
            ],
            [],
            [],
            "",
        )


def refused(plan: Plan, out: Out) -> None:
    if not plan.refusals:
        return
    out.block(
        [
            "> [!CAUTION]",
            "> **Refused by the mass-removal guard: this plan was not saved and cannot be applied.** "
            "It is shown so you can see what the catalog would remove.",
        ],
        [f"> - {text(r)}" for r in plan.refusals],
        [""],
        "> - … {n} more",
    )
