"""The command line: parse options, call the library core, render, map errors to exit codes.

Exit codes (an API; see ``modelctl --help``): 0 success / no changes / already applied, 1 error
(including usage errors), 2 changes present (``plan --detailed-exitcode``), 3 ``apply`` refused
the plan (stale, altered, not applyable), 130 interrupted.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import traceback
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from modelctl import __version__, commands
from modelctl.envfile import load_env_file
from modelctl.errors import ModelctlError, PlanRejectedError
from modelctl.redact import Redactor

if TYPE_CHECKING:
    from modelctl.render.progress import FetchProgress

# the exit codes, here and nowhere else (the module docstring and APP_HELP describe them)
EXIT_OK = 0  # success, no changes, already applied
EXIT_ERROR = 1  # any error, usage errors included
EXIT_CHANGES = 2  # plan --detailed-exitcode: changes present
EXIT_REJECTED = 3  # apply refused the plan (PlanRejectedError: stale, altered, not applyable)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), like a shell
ALL_PROVIDERS = "*"  # what a bare --allow-mass-removal stands for


class _ClickExceptions:
    """The exception classes of the click typer runs on: typer >= 0.20 vendors its own copy
    (``typer._click``, with no ``click`` installed); older typer uses ``click`` itself.

    Looked up when an exception is being handled (an ``except`` clause evaluates its expression
    only then), so ``click`` is imported only if it already was: else nothing raised its errors."""

    @property
    def _modules(self) -> list[ModuleType]:
        modules: list[ModuleType] = []
        for name in ("typer._click.exceptions", "click.exceptions"):
            if name.startswith("click.") and modules and "click" not in sys.modules:
                continue  # nothing can have raised a click exception
            try:
                modules.append(importlib.import_module(name))
            except ImportError:
                continue
        return modules

    @property
    def exit(self) -> tuple[type[typer.Exit]]:
        return (typer.Exit,)

    @property
    def abort(self) -> tuple[type[typer.Abort]]:
        return (typer.Abort,)

    @property
    def usage(self) -> tuple[Any, ...]:
        return tuple(m.UsageError for m in self._modules)

    @property
    def click(self) -> tuple[Any, ...]:
        return tuple(m.ClickException for m in self._modules)


_CLICK = _ClickExceptions()


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


class ReportFormat(str, Enum):
    """validate's formats (it has no Markdown rendering: --format markdown is refused)."""

    text = "text"
    json = "json"


APP_HELP = """Keep a LiteLLM proxy config.yaml in sync with provider model catalogs.

Plan, review, apply, like Terraform: 'plan' fetches the catalogs and writes a plan file
(a JSON patch with guards), 'show' renders it, 'apply' replays exactly that plan.

Exit codes: 0 ok / no changes / already applied, 1 error, 2 changes present
(plan --detailed-exitcode), 3 apply refused the plan (stale, altered or not applyable),
130 interrupted (Ctrl-C).
"""

APP_EPILOG = """\b
Examples:
  modelctl plan                                  # all enabled providers, live
  modelctl plan --catalog-dir examples/catalogs  # offline, from snapshots
  modelctl show plans/20261125T101500Z.plan.json --format markdown
  modelctl apply plans/20261125T101500Z.plan.json
"""

app = typer.Typer(
    help=APP_HELP,
    epilog=APP_EPILOG,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
catalog_app = typer.Typer(
    help="Fetch and save provider catalogs (snapshots for offline plans).",
    epilog="\b\nExample:\n  modelctl catalog fetch -o examples/catalogs\n",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(catalog_app, name="catalog")

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


def _colour(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ


def _progress(quiet: bool) -> FetchProgress | None:
    """The fetch status printer on stderr (None with --quiet: nothing to show)."""
    if quiet:
        return None
    from modelctl.render.progress import FetchProgress

    return FetchProgress(colour=_colour(sys.stderr))


def _echo(text: str, *, err: bool = False) -> None:
    typer.echo(text, err=err, nl=False)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"modelctl {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_print_version, help="Print the version and exit."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Global options (read before the command runs)."""


@app.command(
    epilog="""\b
Examples:
  modelctl plan
  modelctl plan --catalog-dir examples/catalogs --detailed-exitcode
  modelctl plan -p openrouter --add-model qwen/qwen3-coder
  modelctl plan --add-model "openrouter:z-ai/glm-5 nvidia:z-ai/glm5" --format markdown
  modelctl plan -p openrouter --remove-model anthropic/claude-3.5-haiku
  modelctl plan -o plans/ --allow-partial   # a partial plan if a provider is down
"""
)
def plan(
    config: ConfigOpt = Path("config.yaml"),
    providers: ProvidersOpt = None,
    provider: ProviderNamesOpt = None,
    catalog_dir: Annotated[
        Path | None,
        typer.Option(
            "--catalog-dir",
            metavar="DIR",
            envvar="MODELCTL_CATALOG_DIR",
            help="Read catalogs from snapshot files instead of the network.",
        ),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--out",
            metavar="PATH",
            help="Where to write the plan: a file, or a folder (existing, or ending in '/') for "
            "DIR/<UTC time>.plan.json, also copied to DIR/latest.plan.json [default: plans/].",
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="How to print the plan.")] = Format.text,
    detailed_exitcode: Annotated[
        bool, typer.Option("--detailed-exitcode", help="Exit 0 when there are no changes, 2 when there are.")
    ] = False,
    add_model: Annotated[
        list[str] | None,
        typer.Option(
            "--add-model",
            metavar="ID",
            help="Add these catalog ids (provider:id, or bare ids with one "
            "--provider). Repeatable; also splits on spaces.",
        ),
    ] = None,
    model_name: Annotated[
        str | None,
        typer.Option(
            "--model-name", metavar="NAME", help="model_name for the one --add-model id (joins that group)."
        ),
    ] = None,
    remove_model: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-model",
            metavar="ID",
            help="Remove the entries with these ids (provider:id). Repeatable.",
        ),
    ] = None,
    sort: Annotated[
        bool | None,
        typer.Option(
            "--sort/--no-sort",
            help="Keep model_list sorted by (model_name, model) [default: the "
            "config's modelctl.sort, else providers.yaml settings.sort].",
        ),
    ] = None,
    allow_partial: Annotated[
        bool,
        typer.Option(
            "--allow-partial",
            help="When providers fail, still write an applyable plan that leaves their entries "
            "unchanged (its failures are shown by show and apply).",
        ),
    ] = False,
    allow_mass_removal: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-mass-removal",
            metavar="[NAME]",
            help="Allow this provider's catalog to remove more than the set share of its entries "
            "(repeatable); without NAME: every provider.",
        ),
    ] = None,
    no_track: Annotated[
        bool, typer.Option("--no-track", help="Skip the additions of providers.yaml track rules.")
    ] = False,
    track_only: Annotated[
        bool,
        typer.Option(
            "--track-only", help="Plan only the additions of track rules (no price updates, no removals)."
        ),
    ] = False,
    timeout: TimeoutOpt = 30.0,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> int:
    """Fetch the catalogs, compare them with the config and write a plan file."""
    from modelctl.errors import MassRemovalRefused

    try:
        result = commands.plan(
            commands.PlanOptions(
                config=config,
                providers_file=providers,
                providers=provider or [],
                catalog_dir=catalog_dir,
                out=Path(out) if out else None,
                out_folder=bool(out) and str(out).endswith(("/", os.sep)),
                add=_split(add_model),
                model_name=model_name,
                remove=_split(remove_model),
                sort=sort,
                allow_mass_removal=ALL_PROVIDERS in (allow_mass_removal or []),
                allow_mass_removal_for=[n for n in allow_mass_removal or [] if n != ALL_PROVIDERS],
                track=not no_track,
                track_only=track_only,
                allow_partial=allow_partial,
                timeout=timeout,
                progress=_progress(quiet),
                now=datetime.now(timezone.utc),
            )
        )
    except MassRemovalRefused as refused:
        # the would-be plan, so the user sees what the guard stopped; no plan file exists
        _print_plan(refused.plan, fmt, quiet=quiet, verbose=verbose)
        _echo(f"Error: {refused}\n", err=True)
        return EXIT_ERROR
    _print_plan(result.plan, fmt, quiet=quiet, verbose=verbose)
    for line in result.messages:
        _echo(line + "\n", err=True)
    failed = result.plan.failed_providers
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from modelctl.render.annotations import render_annotations

        _echo(render_annotations(result.plan), err=True)
    if failed:
        details = "; ".join(_failure(name, result.plan.providers[name].error) for name in failed)
        if not allow_partial:
            _echo(
                f"Error: {len(failed)} provider(s) failed: {details}; no plan was written (re-run "
                "when they answer, or use --allow-partial to accept a plan that leaves their "
                "entries unchanged).\n",
                err=True,
            )
            return EXIT_ERROR
        _echo(
            f"Warning: {len(failed)} provider(s) failed: {details}; their entries were left "
            "unchanged (--allow-partial).\n",
            err=True,
        )
    if detailed_exitcode and result.plan.has_changes:
        return EXIT_CHANGES
    return EXIT_OK


@app.command(
    epilog="""\b
Examples:
  modelctl show plans/latest.plan.json
  modelctl show plans/latest.plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"
  modelctl show plans/latest.plan.json --format json | jq .summary
  modelctl show plans/latest.plan.json --diff
"""
)
def show(
    plan_file: Annotated[Path, typer.Argument(metavar="PLAN", help="A plan file.")],
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff",
            help="Print only the unified diff apply would write to the config (needs the config "
            "the plan was made for; secret values masked).",
        ),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "-c",
            "--config",
            metavar="PATH",
            help="Config for --diff [default: the path recorded in the plan].",
        ),
    ] = None,
    verbose: VerboseOpt = False,
) -> int:
    """Render a saved plan for people (text, Markdown for a PR comment) or machines (JSON)."""
    if diff:
        _echo(commands.show_diff(plan_file, config))
        return EXIT_OK
    _print_plan(commands.show(plan_file), fmt, quiet=False, verbose=verbose)
    return EXIT_OK


@app.command(
    epilog="""\b
Examples:
  modelctl apply plans/20261125T101500Z.plan.json
  modelctl apply plans/latest.plan.json -c config.yaml
Exit 3: the plan is stale (config.yaml or providers.yaml changed), altered, or was not
applyable (a provider failed): re-run 'modelctl plan' and review again. Applying a plan
twice says "Already applied" and exits 0.
"""
)
def apply(
    plan_file: Annotated[Path, typer.Argument(metavar="PLAN", help="The reviewed plan file.")],
    config: Annotated[
        Path | None,
        typer.Option("-c", "--config", help="Config to apply to [default: the path recorded in the plan]."),
    ] = None,
    quiet: QuietOpt = False,
) -> int:
    """Apply exactly the reviewed plan; refuse a stale or altered one (exit 3)."""
    result = commands.apply(plan_file, config)
    failed = result.plan.failed_providers
    if failed:
        _echo(
            f"Warning: partial plan: {len(failed)} provider(s) had failed when it was made "
            f"({', '.join(failed)}); their entries are left unchanged.\n",
            err=True,
        )
    if result.applied is None:
        target = config or Path(result.plan.config_path)
        _echo(f"Already applied: {target} already holds this plan's result; nothing was written.\n")
        return EXIT_OK
    if not quiet:
        from modelctl.render.text import render_change

        colour = _colour(sys.stdout)
        for change in result.plan.changes:
            _echo("\n".join(render_change(change, colour)[:1]) + "\n")
    from modelctl.render import apply_line

    _echo(apply_line(result.applied.summary) + "\n")
    return EXIT_OK


@catalog_app.command(
    "fetch",
    epilog="""\b
Examples:
  modelctl catalog fetch -o catalogs/
  modelctl catalog fetch -p openrouter -p nvidia -o examples/catalogs
""",
)
def catalog_fetch(
    out: Annotated[Path, typer.Option("-o", "--out", metavar="DIR", help="Folder to write snapshots into.")],
    providers: ProvidersOpt = None,
    provider: ProviderNamesOpt = None,
    timeout: TimeoutOpt = 30.0,
    quiet: QuietOpt = False,
) -> int:
    """Save the exact catalog bodies, for 'modelctl plan --catalog-dir'."""
    written, failed = commands.fetch_snapshots(
        out, providers, provider or [], timeout=timeout, progress=_progress(quiet)
    )
    if not quiet:
        for path in written:
            _echo(f"wrote {path}\n")
    saved = len({path.name.split(".", 1)[0] for path in written})
    summary = f"Saved {len(written)} snapshot file(s) of {saved} provider(s) to {out}"
    _echo(summary + (f"; {len(failed)} provider(s) failed.\n" if failed else ".\n"))
    if failed:
        for name, error in failed.items():
            _echo(f"Error: {_failure(name, error)}\n", err=True)
        return EXIT_ERROR
    return EXIT_OK


@app.command(
    "providers",
    epilog="""\b
Example:
  modelctl providers --providers providers.yaml
""",
)
def list_providers(providers: ProvidersOpt = None) -> int:
    """List the declared providers, whether each is enabled and whether its API key is set."""
    from modelctl.render.providers import render_providers

    _echo(render_providers(commands.provider_rows(providers)))
    return EXIT_OK


@app.command(
    "init",
    epilog="""\b
Examples:
  modelctl init                                  # set up the current folder
  modelctl init my-proxy                         # set up (and create) my-proxy/
  modelctl init --branch trunk                   # workflows for a default branch 'trunk'
  modelctl init --install-spec modelctl==0.1.0   # what the workflows pip install
Existing files are never overwritten: they are listed as skipped.
""",
)
def init_command(
    directory: Annotated[Path, typer.Argument(metavar="[DIR]", help="Folder to set up.")] = Path("."),
    branch: Annotated[
        str | None,
        typer.Option(
            "--branch",
            metavar="NAME",
            help="Default branch the workflows run on. Default: the repository's origin/HEAD, else main.",
        ),
    ] = None,
    install_spec: Annotated[
        str | None,
        typer.Option(
            "--install-spec",
            metavar="SPEC",
            help="Pinned pip requirement the workflows install (name==version, or a"
            " git+https://...@<commit sha> URL). Default: modelctl==<this version>.",
        ),
    ] = None,
) -> int:
    """Write a starter providers.yaml, config.yaml and GitHub workflows (skips existing files)."""
    from modelctl.init import init_project
    from modelctl.render.init import render_init

    shown = None if directory.resolve() == Path.cwd().resolve() else str(directory)
    result = init_project(directory, branch=branch, install_spec=install_spec, shown=shown)
    _echo(render_init(result))
    return EXIT_OK


@app.command(
    epilog="""\b
Examples:
  modelctl validate
  modelctl validate -c config.yaml --format json
"""
)
def validate(
    config: ConfigOpt = Path("config.yaml"),
    providers: ProvidersOpt = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text or json.")] = ReportFormat.text,
) -> int:
    """Check a config offline: YAML and shape, duplicates, costs, prefixes, env references."""
    from modelctl.render.validate import render_report
    from modelctl.validate import validate_config

    report = validate_config(config, commands.registry_for(providers, config))
    _echo(render_report(report, json_output=fmt is ReportFormat.json))
    return EXIT_ERROR if report.errors else EXIT_OK


def _failure(name: str, error: str | None) -> str:
    """A failed provider's error, led by its name (fetch errors already start with it)."""
    error = error or "failed"
    return error if error.startswith(f"{name}:") else f"{name}: {error}"


def _split(values: list[str] | None) -> list[str]:
    return [part for value in values or [] for part in value.split()]


def _print_plan(plan_obj: commands.Plan, fmt: Format, *, quiet: bool, verbose: bool) -> None:
    # each branch imports only its own renderer (start-up time)
    if fmt is Format.json:
        from modelctl.render.json import render_json

        _echo(render_json(plan_obj))
    elif fmt is Format.markdown:
        from modelctl.render.markdown import artifact_hint_from_env, render_markdown

        _echo(render_markdown(plan_obj, artifact_hint=artifact_hint_from_env(os.environ)) + "\n")
    elif quiet:
        from modelctl.render import summary_line

        _echo(summary_line(plan_obj) + "\n")
    else:
        from modelctl.render.text import render_text

        _echo(render_text(plan_obj, colour=_colour(sys.stdout), verbose=verbose))


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; every error becomes a code here and only here."""
    args = list(sys.argv[1:] if argv is None else argv)
    load_env_file()  # ./.env (or a parent folder's); python-dotenv is imported only if there is one
    redactor = Redactor.from_environment()
    debug = "--debug" in args
    # A command is short-lived and its big structures (YAML nodes, config data, catalogs) are
    # acyclic and freed by reference counting: cyclic-GC passes over them cost ~30% of a parse.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _dispatch(args, redactor, debug)
    finally:
        if gc_was_enabled:
            gc.enable()


def _bare_allow(args: list[str]) -> list[str]:
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


def _dispatch(args: list[str], redactor: Redactor, debug: bool) -> int:
    args = _bare_allow(args)
    try:
        result = app(args=args, prog_name="modelctl", standalone_mode=False)
    except _CLICK.exit as exc:
        return int(exc.exit_code or 0)
    except _CLICK.abort as exc:
        if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):  # click turns ^C into Abort
            _echo("Interrupted; nothing was written.\n", err=True)
            return EXIT_INTERRUPTED
        _echo("Aborted.\n", err=True)
        return EXIT_ERROR
    except _CLICK.usage as exc:  # a typo must never look like "changes present" (exit 2)
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare 'modelctl': show the help
            _echo(exc.format_message() + "\n")
            return EXIT_OK
        ctx = getattr(exc, "ctx", None)
        ctx_help = f"\nTry '{ctx.command_path} --help'." if ctx else ""
        _echo(redactor(f"Error: {exc.format_message()}{ctx_help}\n"), err=True)
        return EXIT_ERROR
    except _CLICK.click as exc:
        _echo(redactor(f"Error: {exc.format_message()}\n"), err=True)
        return EXIT_ERROR
    except ModelctlError as exc:
        if debug:
            _echo(redactor(traceback.format_exc()), err=True)
        _echo(redactor(f"Error: {exc}\n"), err=True)
        return EXIT_REJECTED if isinstance(exc, PlanRejectedError) else EXIT_ERROR
    except KeyboardInterrupt:
        _echo("Interrupted; nothing was written.\n", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: still one clear line, traceback with --debug
        if debug:
            _echo(redactor(traceback.format_exc()), err=True)
        _echo(
            redactor(
                f"Error: internal error: {type(exc).__name__}: {exc} (re-run with --debug and report it)\n"
            ),
            err=True,
        )
        return EXIT_ERROR
    if result == EXIT_INTERRUPTED:  # typer >= 0.2x turns ^C into Exit(130) and returns the code
        _echo("Interrupted; nothing was written.\n", err=True)
    return result if isinstance(result, int) else EXIT_OK


def run() -> None:
    sys.exit(main())
