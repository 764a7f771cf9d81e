"""``modelctl init``: write the starter files of a modelctl project, never overwriting any.

The files are package data (``modelctl/data``): a providers.yaml, an example LiteLLM
config.yaml and the three GitHub workflows (CI, plan on pull requests and weekly, apply after
merge). The workflow templates carry placeholders that ``init`` fills in: the repository's
default branch and a pinned modelctl install spec (never a bare package name).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import modelctl
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
PLANS_GITIGNORE = (
    "plans/.gitignore",
    "# Plan files are build output: CI uploads them as run artifacts; never commit them.\n*\n!.gitignore\n",
)

SECRETS: tuple[tuple[str, str], ...] = (
    ("REQUESTY_API_KEY", "requesty"),
    ("NANOGPT_API_KEY", "nano_gpt"),
    ("POE_API_KEY", "poe"),
    ("NOVITA_API_KEY", "novita"),
)

# Placeholders in modelctl/data/workflows/*.yml.
BRANCH_TOKEN = "__DEFAULT_BRANCH__"
INSTALL_TOKEN = "__MODELCTL_INSTALL__"
PROTECTED_TOKEN = "__PROTECTED_PATHS__"
# A pull request touching these ran its own plan code: apply.yml refuses its plan.
PROTECTED_PATHS = ".github/workflows/ .github/actions/ action.yml action.yaml"
# In modelctl's own repository the plan also runs the PR's modelctl (installed from the checkout).
OWN_REPOSITORY_PROTECTED_PATHS = f"{PROTECTED_PATHS} modelctl/ pyproject.toml setup.py setup.cfg MANIFEST.in"
DEFAULT_BRANCH = "main"
_BRANCH = re.compile(r"^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}(?<![./])$")
_BARE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9_,-]+\])?$")


@dataclass(frozen=True)
class InitResult:
    target: Path
    written: tuple[Path, ...] = ()  # relative to target
    skipped: tuple[Path, ...] = ()  # already there; left untouched
    branch: str = DEFAULT_BRANCH
    install_spec: str = ""
    shown_target: str | None = None  # the folder as the user gave it, when not the current one


def template_bytes(name: str) -> bytes:
    """A starter file: package data under modelctl/data, or a shipped schema (``schemas/…``)."""
    path = name if name.startswith("schemas/") else f"data/{name}"
    return resources.files("modelctl").joinpath(path).read_bytes()


def default_install_spec() -> str:
    return f"modelctl=={modelctl.__version__}"


def schema_url() -> str:
    """The providers.yaml JSON Schema of exactly this release (the tag the release workflow builds)."""
    raw = modelctl.REPOSITORY.replace("https://github.com/", "https://raw.githubusercontent.com/", 1)
    return f"{raw}/v{modelctl.__version__}/modelctl/schemas/providers-v1.schema.json"


def check_branch(branch: str) -> str:
    if not _BRANCH.match(branch):
        raise UsageError(
            "not a branch name",
            key=f"--branch {branch!r}",
            hint="pass the repository's default branch, e.g. main",
        )
    return branch


def check_install_spec(spec: str) -> str:
    """A pinned pip requirement: ``name==version``, a direct reference/URL or a local path."""
    if not spec or any(c in spec for c in "\"'\\$`\n\r"):
        raise UsageError(
            "quotes, backslashes, '$', '`' and newlines are not allowed",
            key=f"--install-spec {spec!r}",
            hint="pass e.g. modelctl==0.1.0 or git+https://github.com/OWNER/modelctl@<commit sha>",
        )
    if _BARE_NAME.match(spec):
        raise UsageError(
            "a bare package name installs whatever is published under it",
            key=f"--install-spec {spec!r}",
            hint=f"pin it, e.g. {default_install_spec()}",
        )
    pinned = (
        "==" in spec
        or re.search(r"@[0-9a-f]{40}(#.*)?$", spec) is not None  # a VCS URL at a commit
        or spec.endswith((".whl", ".tar.gz", ".zip"))
        or spec.startswith((".", "/"))
    )
    if not pinned:
        raise UsageError(
            "not pinned to one version",
            key=f"--install-spec {spec!r}",
            hint="use name==version, a git+https://...@<40-hex commit sha> URL, a wheel or a local path",
        )
    return spec


def detect_default_branch(target: Path) -> str:
    """The repository's ``origin/HEAD`` (as `git clone` sets it), else ``main``."""
    folder = target
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        proc = subprocess.run(
            ["git", "-C", str(folder), "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return DEFAULT_BRANCH
    ref = proc.stdout.strip()
    if proc.returncode != 0 or not ref.startswith("origin/"):
        return DEFAULT_BRANCH
    branch = ref.removeprefix("origin/")
    return branch if _BRANCH.match(branch) else DEFAULT_BRANCH


def render_workflow(
    text: str, *, branch: str, install_spec: str, protected_paths: str = PROTECTED_PATHS
) -> str:
    """Fill a workflow template's placeholders (every one of them must be there to fill)."""
    for token in (BRANCH_TOKEN, INSTALL_TOKEN):
        if token not in text:
            raise AssertionError(f"workflow template without {token}")
    text = text.replace(BRANCH_TOKEN, branch).replace(INSTALL_TOKEN, install_spec)
    return text.replace(PROTECTED_TOKEN, protected_paths)


def starter_providers(text: str) -> str:
    """The built-in providers.yaml with only keyless providers enabled, plus the schema comment.

    Providers that need an API key stay declared but ``enabled: false``, their line naming the key,
    so the first ``modelctl plan`` works without any secret.
    """
    import yaml

    declared = (yaml.safe_load(text) or {}).get("providers") or {}
    keys = {name: spec["api_key_env"] for name, spec in declared.items() if spec.get("api_key_env")}
    # the built-in file's first line already points editors at the schema copy init writes into
    # .modelctl/ (the version this modelctl reads, available offline); else the released one
    modeline = "# yaml-language-server: $schema="
    out = [] if text.startswith(modeline) else [f"{modeline}{schema_url()}\n"]
    section = current = None
    for line in text.splitlines(keepends=True):
        if re.match(r"^\S", line) and not line.startswith("#"):
            section, current = line.split(":", 1)[0], None
        elif section == "providers" and (m := re.match(r"^  ([^\s#][^:]*):\s*(#.*)?$", line)):
            current = m.group(1)
        elif current in keys and re.match(r"^    enabled:\s*true\b", line):
            line = f"    enabled: false  # needs {keys[current]} (a secret of environment modelctl-plan)\n"
        out.append(line)
    return "".join(out)


def _render(source: str, branch: str, install_spec: str) -> bytes:
    data = template_bytes(source)
    if source.startswith("workflows/"):
        return render_workflow(data.decode("utf-8"), branch=branch, install_spec=install_spec).encode()
    if source == "providers.yaml":
        return starter_providers(data.decode("utf-8")).encode()
    return data


def init_project(
    target: Path, *, branch: str | None = None, install_spec: str | None = None, shown: str | None = None
) -> InitResult:
    """Write every starter file that does not exist yet under ``target`` (created if needed)."""
    if target.exists() and not target.is_dir():
        raise UsageError("not a folder", path=str(target), hint="pass the folder to set up")
    spec = check_install_spec(install_spec) if install_spec is not None else default_install_spec()
    branch = check_branch(branch) if branch is not None else detect_default_branch(target)
    files = [(rel, _render(source, branch, spec)) for source, rel in TEMPLATES]
    files.append((PLANS_GITIGNORE[0], PLANS_GITIGNORE[1].encode()))
    written = [Path(rel) for rel, data in files if _write_new(target / rel, data)]
    skipped = [Path(rel) for rel, _data in files if Path(rel) not in written]
    return InitResult(target, tuple(written), tuple(skipped), branch, spec, shown)


def _write_new(dest: Path, data: bytes) -> bool:
    """Write ``dest`` unless it exists (False: skipped, left untouched)."""
    if dest.exists() or dest.is_symlink():
        return False
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with dest.open("xb") as handle:  # exclusive: never clobber a file made meanwhile
            handle.write(data)
    except FileExistsError:
        return False
    except OSError as exc:
        raise ModelctlError(
            f"cannot write: {exc.strerror or exc}", path=str(dest), hint="check the folder's permissions"
        ) from None
    return True
