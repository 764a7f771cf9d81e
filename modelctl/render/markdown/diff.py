"""The YAML diff ``apply`` will write, folded at the end of the comment."""

from __future__ import annotations

import re

from modelctl.plan import Plan
from modelctl.render.markdown.budget import Out


def diff(plan: Plan, out: Out) -> None:
    text = plan.review.diff
    if not text:
        return
    lines = text.splitlines()
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
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
