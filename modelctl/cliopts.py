"""How the command line is spelled: typer option declarations, help texts and examples, and the
rewrite of a bare ``--allow-mass-removal``. Imported by :mod:`modelctl.cli` only (typer)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from typer.models import CommandInfo

    from modelctl.catalog import ProgressCallback
    from modelctl.commands import PlanOptions

from modelctl.clihelp import APP_SETTINGS

ALL_PROVIDERS = "*"  # what a bare --allow-mass-removal stands for


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


class ReportFormat(str, Enum):
    """validate's formats (it has no Markdown rendering: --format markdown is refused)."""

    text = "text"
    json = "json"


# -- global options ------------------------------------------------------------------------------
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]

# -- shared by several commands ------------------------------------------------------------------
ConfigOpt = Annotated[
    Path, typer.Option("-c", "--config", metavar="PATH", help="The LiteLLM config file.", show_default=True)
]
ProvidersOpt = Annotated[
    Path | None,
    typer.Option(
        "--providers",
        metavar="PATH",
        help="providers.yaml declaring the providers [default: providers.yaml next to the config "
        "if present, else the built-in one].",
    ),
]
ProviderNamesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--provider",
        "-p",
        metavar="NAME",
        help="Only this provider (repeatable). Default: every enabled provider.",
    ),
]
TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=1,
        metavar="SECONDS",
        help="Deadline per provider, retries and waits included.",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line.")]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="Show every move and detail, and the YAML diff (text).")
]
PlanFileArg = Annotated[Path, typer.Argument(metavar="PLAN", help="A plan file.")]

# -- plan ----------------------------------------------------------------------------------------
CatalogDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalog-dir",
        metavar="DIR",
        envvar="MODELCTL_CATALOG_DIR",
        help="Read catalogs from snapshot files instead of the network.",
    ),
]
PlanOutOpt = Annotated[
    str | None,
    typer.Option(
        "-o",
        "--out",
        metavar="PATH",
        help="Where to write the plan: a file, or a folder (existing, or ending in '/') for "
        "DIR/<UTC time>.plan.json, also copied to DIR/latest.plan.json [default: plans/].",
    ),
]
PlanFormatOpt = Annotated[Format, typer.Option("--format", help="How to print the plan.")]
DetailedExitcodeOpt = Annotated[
    bool, typer.Option("--detailed-exitcode", help="Exit 0 when there are no changes, 2 when there are.")
]
AddModelOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--add-model",
        metavar="ID",
        help="Add these catalog ids (provider:id, or bare ids with one "
        "--provider). Repeatable; also splits on spaces.",
    ),
]
ModelNameOpt = Annotated[
    str | None,
    typer.Option(
        "--model-name", metavar="NAME", help="model_name for the one --add-model id (joins that group)."
    ),
]
RemoveModelOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--remove-model",
        metavar="ID",
        help="Remove the entries with these ids (provider:id). Repeatable.",
    ),
]
SortOpt = Annotated[
    bool | None,
    typer.Option(
        "--sort/--no-sort",
        help="Keep model_list sorted by (model_name, model) [default: the "
        "config's modelctl.sort, else providers.yaml settings.sort].",
    ),
]
AllowPartialOpt = Annotated[
    bool,
    typer.Option(
        "--allow-partial",
        help="When providers fail, still write an applyable plan that leaves their entries "
        "unchanged (its failures are shown by show and apply).",
    ),
]
AllowMassRemovalOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-mass-removal",
        metavar="[NAME]",
        help="Allow this provider's catalog to remove more than the set share of its entries "
        "(repeatable); without NAME: every provider.",
    ),
]
NoTrackOpt = Annotated[
    bool, typer.Option("--no-track", help="Skip the additions of providers.yaml track rules.")
]
TrackOnlyOpt = Annotated[
    bool,
    typer.Option(
        "--track-only", help="Plan only the additions of track rules (no price updates, no removals)."
    ),
]

# -- show, apply ---------------------------------------------------------------------------------
ShowFormatOpt = Annotated[Format, typer.Option("--format", help="Output format.")]
DiffOpt = Annotated[
    bool,
    typer.Option(
        "--diff",
        help="Print only the unified diff apply would write to the config (needs the config "
        "the plan was made for; secret values masked).",
    ),
]
ShowConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "-c", "--config", metavar="PATH", help="Config for --diff [default: the path recorded in the plan]."
    ),
]
ApplyPlanArg = Annotated[Path, typer.Argument(metavar="PLAN", help="The reviewed plan file.")]
ApplyConfigOpt = Annotated[
    Path | None,
    typer.Option("-c", "--config", help="Config to apply to [default: the path recorded in the plan]."),
]

# -- catalog fetch, init, validate ---------------------------------------------------------------
SnapshotOutOpt = Annotated[
    Path, typer.Option("-o", "--out", metavar="DIR", help="Folder to write snapshots into.")
]
InitDirArg = Annotated[Path, typer.Argument(metavar="[DIR]", help="Folder to set up.")]
BranchOpt = Annotated[
    str | None,
    typer.Option(
        "--branch",
        metavar="NAME",
        help="Default branch the workflows run on. Default: the repository's origin/HEAD, else main.",
    ),
]
InstallSpecOpt = Annotated[
    str | None,
    typer.Option(
        "--install-spec",
        metavar="SPEC",
        help="Pinned pip requirement the workflows install (name==version, or a"
        " git+https://...@<commit sha> URL). Default: modelctl==<this version>.",
    ),
]
ValidateFormatOpt = Annotated[ReportFormat, typer.Option("--format", help="text or json.")]


def split_words(values: list[str] | None) -> list[str]:
    """Repeatable options that also split on spaces (``--add-model "a b"``)."""
    return [part for value in values or [] for part in value.split()]


def mass_removal(values: list[str] | None) -> tuple[bool, list[str]]:
    """``--allow-mass-removal`` values: (every provider, the named providers)."""
    names = values or []
    return ALL_PROVIDERS in names, [n for n in names if n != ALL_PROVIDERS]


def bare_allow(args: list[str]) -> list[str]:
    """A bare ``--allow-mass-removal`` (the last word, or followed by an option) means every
    provider: click has no optional option values, so it is spelled out here. ``plan`` takes
    no positional argument, so a following word is always the NAME."""
    out: list[str] = []
    for i, arg in enumerate(args):
        if arg == "--":
            return out + args[i:]
        following = args[i + 1] if i + 1 < len(args) else None
        if arg == "--allow-mass-removal" and (following is None or following.startswith("-")):
            out.append(f"--allow-mass-removal={ALL_PROVIDERS}")
        else:
            out.append(arg)
    return out


def plan_options(flags: Mapping[str, Any], progress: ProgressCallback | None) -> PlanOptions:
    """``plan``'s parameters (by their names in :func:`modelctl.cli.plan`) as the library's
    options: repeatable ids split on spaces, a bare ``--allow-mass-removal`` as every provider,
    ``-o`` ending in '/' as a folder; planned now."""
    from datetime import datetime, timezone

    from modelctl.commands import PlanArgs, PlanOptions

    every, named = mass_removal(flags["allow_mass_removal"])
    request = PlanArgs(
        add=split_words(flags["add_model"]),
        model_name=flags["model_name"],
        remove=split_words(flags["remove_model"]),
        sort=flags["sort"],
        allow_mass_removal=every,
        allow_mass_removal_for=named,
        track=not flags["no_track"],
        track_only=flags["track_only"],
    )
    out = flags["out"]
    return PlanOptions(
        config=flags["config"],
        now=datetime.now(timezone.utc),
        providers_file=flags["providers"],
        providers=flags["provider"] or [],
        catalog_dir=flags["catalog_dir"],
        out=Path(out) if out else None,
        out_folder=bool(out) and str(out).endswith(("/", os.sep)),
        request=request,
        allow_partial=flags["allow_partial"],
        timeout=flags["timeout"],
        progress=progress,
    )


def _command_name(info: CommandInfo) -> str | None:
    """A registered command's name as typer spells it (the function's, '_' as '-', if unnamed)."""
    if info.name or info.callback is None:
        return info.name
    return info.callback.__name__.lower().replace("_", "-")


def app_for(app: typer.Typer, args: list[str]) -> typer.Typer:
    """The app with only the command ``args`` name (typer builds a click command for every
    registered one on each run): the whole app when no known command is named."""
    name = next((arg for arg in args if not arg.startswith("-")), None)
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    one = typer.Typer(**APP_SETTINGS)
    one.registered_callback = app.registered_callback
    one.registered_commands, one.registered_groups = commands, groups
    return one
