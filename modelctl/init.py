"""``modelctl init``: write the starter files of a modelctl project, never overwriting any.

The files are package data (``modelctl/data``): a providers.yaml, an example LiteLLM
config.yaml and the three GitHub workflows (CI, plan on pull requests and weekly, apply after
merge).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from modelctl.errors import ModelctlError, UsageError

TEMPLATES: tuple[tuple[str, str], ...] = (
    # (package data under modelctl/data, path in the project)
    ("providers.yaml", "providers.yaml"),
    # providers.yaml's first line points editors (yaml-language-server) at this copy of its schema
    ("schemas/providers-v1.schema.json", ".modelctl/providers-v1.schema.json"),
    ("config.example.yaml", "config.yaml"),
    ("workflows/ci.yml", ".github/workflows/ci.yml"),
    ("workflows/plan.yml", ".github/workflows/plan.yml"),
    ("workflows/apply.yml", ".github/workflows/apply.yml"),
)

SECRETS: tuple[tuple[str, str], ...] = (
    ("REQUESTY_API_KEY", "requesty"),
    ("NANOGPT_API_KEY", "nano_gpt"),
    ("POE_API_KEY", "poe"),
    ("NOVITA_API_KEY", "novita"),
)


@dataclass
class InitResult:
    target: Path
    written: list[Path] = field(default_factory=list)  # relative to target
    skipped: list[Path] = field(default_factory=list)  # already there; left untouched


def template_bytes(name: str) -> bytes:
    """A starter file: package data under modelctl/data, or a shipped schema (``schemas/…``)."""
    path = name if name.startswith("schemas/") else f"data/{name}"
    return resources.files("modelctl").joinpath(path).read_bytes()


def init_project(target: Path) -> InitResult:
    """Write every starter file that does not exist yet under ``target`` (created if needed)."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: not a folder", hint="pass the folder to set up")
    result = InitResult(target)
    for source, rel in TEMPLATES:
        dest = target / rel
        if dest.exists() or dest.is_symlink():
            result.skipped.append(Path(rel))
            continue
        data = template_bytes(source)
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            with dest.open("xb") as handle:  # exclusive: never clobber a file made meanwhile
                handle.write(data)
        except FileExistsError:
            result.skipped.append(Path(rel))
            continue
        except OSError as exc:
            raise ModelctlError(
                f"{dest}: cannot write: {exc.strerror or exc}", hint="check the folder's permissions"
            ) from None
        result.written.append(Path(rel))
    return result


def render_init(result: InitResult) -> str:
    """What was written or skipped, then the next steps."""
    lines = [f"Wrote {rel}" for rel in result.written]
    lines += [f"Skipped {rel} (already exists; left untouched)" for rel in result.skipped]
    if not result.written:
        lines.append("Nothing to do: every starter file already exists.")
    lines += [
        "",
        "Next steps:",
        "  1. Review providers.yaml (enable the providers you use) and config.yaml (your LiteLLM",
        "     config; the example entries show what modelctl manages).",
        "  2. Add an API key as a repository secret for each enabled provider that needs one",
        "     (GitHub: Settings > Secrets and variables > Actions > New repository secret):",
    ]
    lines += [
        f"       {name:<18} {provider} (optional: only if {provider} is enabled)"
        for name, provider in SECRETS
    ]
    lines += [
        "     openrouter, vercel and nvidia catalogs are public: no key needed.",
        "  3. Try a plan locally (keys from the environment or a .env file):",
        "       modelctl providers",
        "       modelctl plan",
        "  4. Commit and push these files to the default branch, then open the first plan PR:",
        "     Actions > 'modelctl plan' > Run workflow with 'open-pr' ticked, or",
        "       gh workflow run plan.yml -f open-pr=true",
        "     (allow GitHub Actions to create pull requests in Settings > Actions > General, or",
        "     add a MODELCTL_BOT_TOKEN secret). Merging the PR runs 'modelctl apply'.",
    ]
    return "\n".join(lines) + "\n"
