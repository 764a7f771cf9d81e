"""``modelctl init``'s report: what was written or skipped, then the next steps."""

from __future__ import annotations

from modelctl.init import SECRETS, InitResult


def render_init(result: InitResult) -> str:
    """What was written or skipped, then the next steps (only what is needed)."""
    lines = [f"Wrote {rel}" for rel in result.written]
    lines += [f"Skipped {rel} (already exists; left untouched)" for rel in result.skipped]
    if not result.written:
        lines.append("Nothing to do: every starter file already exists.")
        return "\n".join(lines) + "\n"
    lines += [
        "",
        f"Workflows: default branch '{result.branch}', modelctl installed as '{result.install_spec}'.",
        "",
        "Next steps:",
    ]
    step = 1
    if result.shown_target:
        lines.append(f"  {step}. cd {result.shown_target}")
        step += 1
    lines += [
        f"  {step}. Try a plan (openrouter, vercel and nvidia are enabled; their catalogs need no key):",
        "       modelctl plan",
        f"  {step + 1}. Commit and push to '{result.branch}', then in GitHub: Settings > Actions > General >",
        "     'Allow GitHub Actions to create and approve pull requests', and open the first plan PR:",
        "       gh workflow run plan.yml -f open-pr=true",
        "     Merging a plan PR runs 'modelctl apply'.",
        "",
        "Optional: to enable a provider that needs a key, add its secret to the GitHub environment",
        "'modelctl-plan' and set 'enabled: true' in providers.yaml:",
    ]
    lines += [f"  {name:<18} {provider}" for name, provider in SECRETS]
    return "\n".join(lines) + "\n"
