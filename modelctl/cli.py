"""The command line: parse options, call the library core, render, map errors to exit codes.

Exit codes (an API; see ``modelctl --help``): 0 success / no changes / already applied, 1 error
(including usage errors), 2 changes present (``plan --detailed-exitcode``), 3 ``apply`` refused
the plan (stale, altered, not applyable), 130 interrupted.

Options are declared in :mod:`modelctl.cliopts`, results rendered by :mod:`modelctl.render`;
the core is imported by each command when it runs (start-up time).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from modelctl import __version__
from modelctl import cliopts as opt
from modelctl.clickcompat import CLICK
from modelctl.clihelp import APP_SETTINGS, CATALOG_SETTINGS, EPILOGS, VERSION_HELP
from modelctl.cliopts import Format, ReportFormat
from modelctl.envfile import load_env_file
from modelctl.errors import ModelctlError, PlanRejectedError
from modelctl.redact import Redactor

if TYPE_CHECKING:
    from modelctl.commands import Plan, PlanResult
    from modelctl.render.outcome import Output
    from modelctl.render.progress import FetchProgress

# the exit codes, here and nowhere else (the module docstring and APP_HELP describe them)
EXIT_OK = 0  # success, no changes, already applied
EXIT_ERROR = 1  # any error, usage errors included
EXIT_CHANGES = 2  # plan --detailed-exitcode: changes present
EXIT_REJECTED = 3  # apply refused the plan (PlanRejectedError: stale, altered, not applyable)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), like a shell

app = typer.Typer(**APP_SETTINGS)
catalog_app = typer.Typer(**CATALOG_SETTINGS)
app.add_typer(catalog_app, name="catalog")


def _plan_exit(result: PlanResult, detailed_exitcode: bool) -> int:
    if result.status == "failed":  # no plan was written
        return EXIT_ERROR
    return EXIT_CHANGES if detailed_exitcode and result.plan.has_changes else EXIT_OK


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


def _print_plan(plan_obj: Plan, fmt: Format, *, quiet: bool, verbose: bool) -> None:
    from modelctl.render import render_plan

    colour = fmt is Format.text and _colour(sys.stdout)
    _echo(render_plan(plan_obj, fmt.value, quiet=quiet, verbose=verbose, colour=colour, env=os.environ))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"modelctl {__version__}")
        raise typer.Exit(0)


VersionOpt = Annotated[bool, typer.Option("--version", is_eager=True, callback=_version, help=VERSION_HELP)]


@app.callback()
def _root(version: VersionOpt = False, debug: opt.DebugOpt = False) -> None:
    """Global options (read before the command runs)."""


@app.command(epilog=EPILOGS["plan"])
def plan(
    config: opt.ConfigOpt = Path("config.yaml"),
    providers: opt.ProvidersOpt = None,
    provider: opt.ProviderNamesOpt = None,
    catalog_dir: opt.CatalogDirOpt = None,
    out: opt.PlanOutOpt = None,
    fmt: opt.PlanFormatOpt = Format.text,
    detailed_exitcode: opt.DetailedExitcodeOpt = False,
    add_model: opt.AddModelOpt = None,
    model_name: opt.ModelNameOpt = None,
    remove_model: opt.RemoveModelOpt = None,
    sort: opt.SortOpt = None,
    allow_partial: opt.AllowPartialOpt = False,
    allow_mass_removal: opt.AllowMassRemovalOpt = None,
    no_track: opt.NoTrackOpt = False,
    track_only: opt.TrackOnlyOpt = False,
    timeout: opt.TimeoutOpt = 30.0,
    quiet: opt.QuietOpt = False,
    verbose: opt.VerboseOpt = False,
) -> int:
    """Fetch the catalogs, compare them with the config and write a plan file."""
    from modelctl import commands
    from modelctl.errors import MassRemovalRefused
    from modelctl.render.outcome import plan_report

    opts = opt.plan_options(locals(), _progress(quiet))
    try:
        result = commands.plan(opts)
    except MassRemovalRefused as refused:  # the would-be plan, so the user sees what the guard stopped
        _print_plan(refused.plan, fmt, quiet=quiet, verbose=verbose)
        _echo(f"Error: {refused}\n", err=True)
        return EXIT_ERROR
    _print_plan(result.plan, fmt, quiet=quiet, verbose=verbose)
    _echo(plan_report(result, os.environ), err=True)
    return _plan_exit(result, detailed_exitcode)


@app.command(epilog=EPILOGS["show"])
def show(
    plan_file: opt.PlanFileArg,
    fmt: opt.ShowFormatOpt = Format.text,
    diff: opt.DiffOpt = False,
    config: opt.ShowConfigOpt = None,
    verbose: opt.VerboseOpt = False,
) -> int:
    """Render a saved plan for people (text, Markdown for a PR comment) or machines (JSON)."""
    from modelctl import commands

    if diff:
        _echo(commands.show_diff(plan_file, config))
    else:
        _print_plan(commands.show(plan_file), fmt, quiet=False, verbose=verbose)
    return EXIT_OK


@app.command(epilog=EPILOGS["apply"])
def apply(plan_file: opt.ApplyPlanArg, config: opt.ApplyConfigOpt = None, quiet: opt.QuietOpt = False) -> int:
    """Apply exactly the reviewed plan; refuse a stale or altered one (exit 3)."""
    from modelctl import commands
    from modelctl.render.outcome import apply_report

    _write(apply_report(commands.apply(plan_file, config), quiet=quiet, colour=_colour(sys.stdout)))
    return EXIT_OK


@catalog_app.command("fetch", epilog=EPILOGS["fetch"])
def catalog_fetch(
    out: opt.SnapshotOutOpt,
    providers: opt.ProvidersOpt = None,
    provider: opt.ProviderNamesOpt = None,
    timeout: opt.TimeoutOpt = 30.0,
    quiet: opt.QuietOpt = False,
) -> int:
    """Save the exact catalog bodies, for 'modelctl plan --catalog-dir'."""
    from modelctl import commands
    from modelctl.render.outcome import snapshot_report

    result = commands.fetch_snapshots(
        out, providers, provider or [], timeout=timeout, progress=_progress(quiet)
    )
    _write(snapshot_report(result, quiet=quiet))
    return EXIT_ERROR if result.failures else EXIT_OK


@app.command("providers", epilog=EPILOGS["providers"])
def list_providers(providers: opt.ProvidersOpt = None) -> int:
    """List the declared providers, whether each is enabled and whether its API key is set."""
    from modelctl import commands
    from modelctl.render.providers import render_providers

    _echo(render_providers(commands.provider_rows(providers)))
    return EXIT_OK


@app.command("init", epilog=EPILOGS["init"])
def init_command(
    directory: opt.InitDirArg = Path("."),
    branch: opt.BranchOpt = None,
    install_spec: opt.InstallSpecOpt = None,
) -> int:
    """Write a starter providers.yaml, config.yaml and GitHub workflows (skips existing files)."""
    from modelctl.init import init_project
    from modelctl.render.init import render_init

    shown = None if directory.resolve() == Path.cwd().resolve() else str(directory)
    _echo(render_init(init_project(directory, branch=branch, install_spec=install_spec, shown=shown)))
    return EXIT_OK


@app.command(epilog=EPILOGS["validate"])
def validate(
    config: opt.ConfigOpt = Path("config.yaml"),
    providers: opt.ProvidersOpt = None,
    fmt: opt.ValidateFormatOpt = ReportFormat.text,
) -> int:
    """Check a config offline: YAML and shape, duplicates, costs, prefixes, env references."""
    from modelctl import commands
    from modelctl.render.validate import render_report
    from modelctl.validate import validate_config

    report = validate_config(config, commands.registry_for(providers, config))
    _echo(render_report(report, json_output=fmt is ReportFormat.json))
    return EXIT_ERROR if report.errors else EXIT_OK


def _write(output: Output) -> None:
    """A command's stdout and stderr text, in the order the renderer says."""
    if output.err_first:
        _echo(output.err, err=True)
    _echo(output.out)
    if not output.err_first:
        _echo(output.err, err=True)


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


def _dispatch(args: list[str], redactor: Redactor, debug: bool) -> int:
    args = opt.bare_allow(args)
    try:
        result = opt.app_for(app, args)(args=args, prog_name="modelctl", standalone_mode=False)
    except CLICK.exit as exc:
        return int(exc.exit_code or 0)
    except CLICK.abort as exc:
        if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):  # click turns ^C into Abort
            return _interrupted()
        _echo("Aborted.\n", err=True)
        return EXIT_ERROR
    except CLICK.usage as exc:  # a typo must never look like "changes present" (exit 2)
        return _usage_error(exc, redactor)
    except CLICK.click as exc:
        _echo(redactor(f"Error: {exc.format_message()}\n"), err=True)
        return EXIT_ERROR
    except ModelctlError as exc:
        _error(redactor, f"Error: {exc}\n", debug)
        return EXIT_REJECTED if isinstance(exc, PlanRejectedError) else EXIT_ERROR
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as exc:  # a bug: still one clear line, traceback with --debug
        why = f"{type(exc).__name__}: {exc}"
        _error(redactor, f"Error: internal error: {why} (re-run with --debug and report it)\n", debug)
        return EXIT_ERROR
    if result == EXIT_INTERRUPTED:  # typer >= 0.2x turns ^C into Exit(130) and returns the code
        return _interrupted()
    return result if isinstance(result, int) else EXIT_OK


def _usage_error(exc: Exception, redactor: Redactor) -> int:
    if type(exc).__name__ == "NoArgsIsHelpError":  # bare 'modelctl': show the help
        _echo(exc.format_message() + "\n")  # type: ignore[attr-defined]
        return EXIT_OK
    ctx = getattr(exc, "ctx", None)
    ctx_help = f"\nTry '{ctx.command_path} --help'." if ctx else ""
    _echo(redactor(f"Error: {exc.format_message()}{ctx_help}\n"), err=True)  # type: ignore[attr-defined]
    return EXIT_ERROR


def _error(redactor: Redactor, line: str, debug: bool) -> None:
    """An error's one line on stderr, after its traceback with --debug (secrets masked)."""
    if debug:
        import traceback

        _echo(redactor(traceback.format_exc()), err=True)
    _echo(redactor(line), err=True)


def _interrupted() -> int:
    _echo("Interrupted; nothing was written.\n", err=True)
    return EXIT_INTERRUPTED


def run() -> None:
    sys.exit(main())
