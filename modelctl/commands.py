"""What each command does, as functions over paths and options; no printing of results.

The CLI turns options into these calls and renders what they return.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from modelctl.apply import ApplyResult, apply_plan, render_doc
from modelctl.catalog import ProgressEvent, fetch_catalogs, load_snapshots, write_snapshots
from modelctl.config import ConfigDoc, read_config
from modelctl.errors import ModelctlError, PlanningError
from modelctl.fileio import write_atomic
from modelctl.http import HttpSettings, make_session
from modelctl.plan import Plan, read_plan
from modelctl.planner import ModelRef, PlanRequest, build_plan
from modelctl.progress import FetchProgress
from modelctl.providers.base import Provider
from modelctl.providers.registry import Registry, load_plugins, load_registry
from modelctl.providers.spec import ProviderSpec
from modelctl.records import Catalog

__all__ = ["Plan", "PlanOptions", "PlanResult", "apply", "fetch_snapshots", "plan", "show"]

DEFAULT_PROVIDERS_FILE = Path("providers.yaml")
DEFAULT_PLAN_DIR = Path("plans")


@dataclass
class PlanOptions:
    config: Path
    now: datetime
    providers_file: Path | None = None
    providers: list[str] = field(default_factory=list)
    catalog_dir: Path | None = None
    out: Path | None = None
    add: list[str] = field(default_factory=list)
    model_name: str | None = None
    remove: list[str] = field(default_factory=list)
    sort: bool | None = None
    allow_mass_removal: bool = False
    timeout: float = 30.0
    quiet: bool = False
    colour: bool = False


@dataclass
class PlanResult:
    plan: Plan
    path: Path
    messages: list[str]


@dataclass
class ApplyOutcome:
    plan: Plan
    applied: ApplyResult


def registry_for(providers_file: Path | None) -> Registry:
    if providers_file is None and DEFAULT_PROVIDERS_FILE.exists():
        providers_file = DEFAULT_PROVIDERS_FILE
    return load_registry(providers_file)


def plan(opts: PlanOptions) -> PlanResult:
    registry = registry_for(opts.providers_file)
    selected = registry.select(opts.providers)
    known = list(registry.specs)
    request = PlanRequest(
        add=tuple(ModelRef.parse(a, known) for a in opts.add),
        model_name=opts.model_name,
        remove=tuple(ModelRef.parse(r, known) for r in opts.remove),
        sort=opts.sort,
        allow_mass_removal=opts.allow_mass_removal,
    )
    plugins = load_plugins()
    if opts.catalog_dir is not None:
        config = read_config(opts.config)  # fail fast
        if not opts.catalog_dir.is_dir():
            raise PlanningError(
                f"{opts.catalog_dir}: --catalog-dir is not a folder",
                hint="write one with 'modelctl catalog fetch -o DIR'",
            )
        catalogs = load_snapshots(selected, plugins, opts.catalog_dir)
    else:
        config, catalogs = _read_config_while_fetching(opts, selected, plugins)
    result = build_plan(config, registry, selected, catalogs, request, now=opts.now)
    out = opts.out or DEFAULT_PLAN_DIR / f"{opts.now.strftime('%Y%m%dT%H%M%SZ')}.plan.json"
    try:
        text = result.dumps()
    except (TypeError, ValueError) as exc:
        raise PlanningError(
            f"{opts.config}: an affected entry holds a value JSON cannot represent ({exc})",
            hint="quote dates and special values",
        ) from None
    _prove(result, config)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, text.encode("utf-8"))
    messages = [f"Plan saved to {out}."]
    if result.has_changes:
        messages.append(f"Review it, then apply it with: modelctl apply {out}")
    return PlanResult(result, out, messages)


def _prove(plan_obj: Plan, config: ConfigDoc) -> bytes:
    """The config's bytes after ``plan_obj`` is applied, computed (and verified) in memory.

    A plan that apply would refuse on these same bytes is never written: the refusal is raised
    now, at plan time, naming the line and the construct.
    """
    try:
        return render_doc(plan_obj, config)  # render_applied without parsing the config again
    except ModelctlError as exc:
        raise PlanningError(
            exc.message, hint=exc.hint or "no plan file was written; change that part of the config"
        ) from None


def _read_config_while_fetching(
    opts: PlanOptions,
    selected: list[ProviderSpec],
    plugins: dict[str, Provider],
) -> tuple[ConfigDoc, dict[str, Catalog]]:
    """Send the catalog requests, then parse the config while they are in flight.

    A live plan's time is mostly the providers' round trips; the parse (CPU) fits inside them.
    A config error is still raised as soon as the parse fails: requests not yet sent are not
    sent, those in flight are abandoned, and the fetch's progress lines are silenced.
    """
    settings = HttpSettings(timeout=opts.timeout)
    progress = FetchProgress([s.name for s in selected], colour=opts.colour, quiet=opts.quiet)
    cancel = threading.Event()

    def notify(event: ProgressEvent) -> None:
        if not cancel.is_set():
            progress(event)

    fetched: list[dict[str, Catalog]] = []
    errors: list[BaseException] = []

    def fetch() -> None:
        try:
            fetched.append(
                fetch_catalogs(selected, plugins, session, settings, os.environ, notify, cancel=cancel)[0]
            )
        except BaseException as exc:  # re-raised below, in the caller's thread
            errors.append(exc)

    with make_session(settings) as session:
        # a daemon thread: after a config error the command returns (and the process exits)
        # at once instead of waiting for the requests in flight
        fetching = threading.Thread(target=fetch, name="modelctl-fetch", daemon=True)
        fetching.start()
        try:
            config = read_config(opts.config)
        except BaseException:
            cancel.set()
            raise
        fetching.join()
    if errors:
        raise errors[0]
    return config, fetched[0]


def show(path: Path) -> Plan:
    return read_plan(path)


def apply(plan_path: Path, config: Path | None) -> ApplyOutcome:
    plan_obj = read_plan(plan_path)
    target = config or Path(plan_obj.config_path)
    return ApplyOutcome(plan_obj, apply_plan(plan_obj, target))


def fetch_snapshots(
    out: Path, providers_file: Path | None, names: list[str], *, timeout: float, quiet: bool, colour: bool
) -> tuple[list[Path], dict[str, str]]:
    registry = registry_for(providers_file)
    selected = registry.select(names)
    progress = FetchProgress([s.name for s in selected], colour=colour, quiet=quiet)
    settings = HttpSettings(timeout=timeout)
    with make_session(settings) as session:
        catalogs, bodies = fetch_catalogs(selected, load_plugins(), session, settings, os.environ, progress)
    failed = {n: c.error or "failed" for n, c in catalogs.items() if not c.ok}
    healthy = {n: b for n, b in bodies.items() if n not in failed}
    return write_snapshots(out, healthy), failed


def provider_rows(providers_file: Path | None) -> list[str]:
    registry = registry_for(providers_file)
    rows = [f"{'provider':<12} {'enabled':<8} {'api key':<24} endpoints"]
    for spec in registry.specs.values():
        if spec.api_key_env:
            key = f"{spec.api_key_env} {'set' if os.environ.get(spec.api_key_env) else 'unset'}"
        else:
            key = "(none needed)"
        rows.append(
            f"{spec.name:<12} {'yes' if spec.enabled else 'no':<8} {key:<24} "
            f"{', '.join(spec.endpoints.values())}"
        )
    return rows
