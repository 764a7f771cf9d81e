"""What each command does, as functions over paths and options; no printing of results.

The CLI turns options into these calls and renders what they return.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from modelctl.errors import (
    MassRemovalRefused,
    ModelctlError,
    PlanBuildError,
    PlanFileError,
    PlanRejectedError,
    UsageError,
)
from modelctl.http import HttpSettings, make_session  # light: requests is imported by make_session
from modelctl.plan import Plan, read_plan

if TYPE_CHECKING:  # each command imports what it uses: start-up time, see bench/README.md
    from modelctl.apply import ApplyResult
    from modelctl.catalog import ProgressCallback, ProgressEvent
    from modelctl.config import ConfigDoc
    from modelctl.planner import PlanRequest
    from modelctl.providers.base import Provider
    from modelctl.providers.registry import Registry
    from modelctl.providers.spec import ProviderSpec
    from modelctl.records import Catalog

__all__ = ["Plan", "PlanOptions", "PlanResult", "apply", "fetch_snapshots", "plan", "show"]

DEFAULT_PROVIDERS_FILE = Path("providers.yaml")
LATEST_PLAN = "latest.plan.json"


@dataclass
class PlanOptions:
    config: Path
    now: datetime
    providers_file: Path | None = None
    providers: list[str] = field(default_factory=list)
    catalog_dir: Path | None = None
    out: Path | None = None
    out_folder: bool = False  # -o ended in '/': a folder even if it does not exist yet
    add: list[str] = field(default_factory=list)
    model_name: str | None = None
    remove: list[str] = field(default_factory=list)
    sort: bool | None = None
    allow_mass_removal: bool = False
    track: bool = True
    track_only: bool = False
    allow_mass_removal_for: list[str] = field(default_factory=list)
    allow_partial: bool = False
    timeout: float = 30.0
    progress: ProgressCallback | None = None  # told of each provider's fetch (the CLI renders it)


@dataclass
class PlanResult:
    plan: Plan
    path: Path | None  # None: not written (a provider failed without --allow-partial)
    messages: list[str]


@dataclass
class ApplyOutcome:
    plan: Plan
    applied: ApplyResult | None  # None: the config already holds the plan's result


def resolve_providers_file(providers_file: Path | None, config: Path | None = None) -> Path | None:
    """``--providers``, else providers.yaml next to the config, else None (the built-in one)."""
    if providers_file is not None:
        return providers_file
    beside = (config.parent if config is not None else Path(".")) / DEFAULT_PROVIDERS_FILE
    return beside if beside.exists() else None


def registry_for(providers_file: Path | None, config: Path | None = None) -> Registry:
    from modelctl.providers.registry import load_registry

    return load_registry(resolve_providers_file(providers_file, config))


def plan(opts: PlanOptions) -> PlanResult:
    from modelctl import arguments
    from modelctl.catalog import load_snapshots
    from modelctl.config import read_config, sha256_bytes
    from modelctl.planner import PlanRequest, build_plan
    from modelctl.providers.registry import load_plugins
    from modelctl.yamldiff import unified_diff

    registry = registry_for(opts.providers_file, opts.config)
    # every argument is checked before any request is sent
    selected = arguments.select_providers(registry, opts.providers)
    adds = arguments.parse_refs(opts.add, "--add-model", registry, selected)
    arguments.check_model_name(opts.model_name, adds)
    removes = arguments.parse_refs(opts.remove, "--remove-model", registry, selected)
    unknown = [n for n in opts.allow_mass_removal_for if n not in registry.specs]
    if unknown:
        raise UsageError(
            f"unknown provider {', '.join(repr(n) for n in unknown)} in --allow-mass-removal",
            hint=f"known providers in {registry.path}: {', '.join(registry.specs)}",
        )
    out, in_plans_folder = arguments.plan_path(opts.out, opts.now, opts.config, folder=opts.out_folder)
    arguments.check_track_options(opts.track, opts.track_only, adds, removes)
    request = PlanRequest(
        add=adds,
        model_name=opts.model_name,
        remove=removes,
        sort=opts.sort,
        allow_mass_removal=opts.allow_mass_removal,
        track=opts.track,
        track_only=opts.track_only,
        allow_mass_removal_for=frozenset(opts.allow_mass_removal_for),
    )
    if opts.catalog_dir is not None and not opts.catalog_dir.is_dir():
        read_config(opts.config)  # a config error first: it is the user's main input
        raise PlanBuildError(
            f"{opts.catalog_dir}: --catalog-dir is not a folder",
            hint="write one with 'modelctl catalog fetch -o DIR'",
        )
    config: ConfigDoc | None = None
    if opts.catalog_dir is not None or removes:
        config = read_config(opts.config)
        arguments.check_removals(config, registry, removes)
    plugins = load_plugins([s.name for s in selected])
    if opts.catalog_dir is not None:
        assert config is not None
        catalogs = load_snapshots(selected, plugins, opts.catalog_dir)
    else:
        config, catalogs = _read_config_while_fetching(opts, selected, plugins, config)
    result = build_plan(config, registry, selected, catalogs, request, now=opts.now)
    complete = not result.failed_providers
    result = replace(
        result,
        complete=complete,
        applyable=complete or opts.allow_partial,
        providers_file={"path": registry.recorded_path, "sha256": registry.sha256},
    )
    try:
        result.to_json()  # first (its checksum is canonical JSON): a NaN or a date is the clearest error
    except (TypeError, ValueError) as exc:
        raise PlanBuildError(
            f"{opts.config}: an affected entry holds a value JSON cannot represent ({exc})",
            hint="quote dates and special values",
        ) from None
    new = _prove(result, config)
    result = replace(
        result,
        result_sha256=sha256_bytes(new),
        review=replace(result.review, diff=unified_diff(config.raw, new, config.path.name)),
    )
    if result.refusals:
        raise MassRemovalRefused(result)  # shown to the user, never saved: it cannot be applied
    text = result.dumps()
    if not result.applyable:
        # Terraform writes no plan when planning fails: nothing here can be applied by mistake
        return PlanResult(result, None, [])  # the CLI says why, in its one error line
    _write_plan(out, text.encode("utf-8"), latest=in_plans_folder)
    messages = [f"Plan saved to {out}."]
    if result.has_changes:
        messages.append(f"Review it, then apply it with: modelctl apply {out}")
    messages.extend(ignore_hints(registry, request, [s.name for s in selected]))
    return PlanResult(result, out, messages)


def ignore_hints(registry: Registry, request: PlanRequest, selected: list[str]) -> list[str]:
    """For each --remove-model id of a provider with track rules: how to keep it out for good."""
    hints = []
    for ref in request.remove:
        for name in [ref.provider] if ref.provider else selected[:1]:
            spec = registry.specs.get(name)
            if spec is None or not spec.track or ref.id in spec.ignore:
                continue
            hints.append(
                f"Hint: a track rule of {name} may propose '{ref.id}' again in a later plan; to keep it "
                f"out, add it to {name}'s ignore list in {registry.path}:  ignore: [{ref.id!r}]"
            )
    return hints


def _prove(plan_obj: Plan, config: ConfigDoc) -> bytes:
    """The config's bytes after ``plan_obj`` is applied, computed (and verified) in memory, once,
    before the plan is written: the proof that it applies (its SHA-256 is recorded so a second
    apply says 'already applied', and the review diff is made from it).

    A plan that apply would refuse on these same bytes is never written: the refusal is raised
    now, at plan time, naming the line and the construct.
    """
    from modelctl.apply import render_doc

    try:
        return render_doc(plan_obj, config)  # render_applied without parsing the config again
    except ModelctlError as exc:
        raise PlanBuildError(
            exc.message, hint=exc.hint or "no plan file was written; change that part of the config"
        ) from None


def _write_plan(out: Path, data: bytes, *, latest: bool) -> None:
    """Write the plan atomically; in a plans folder also ``latest.plan.json`` (an atomic copy)."""
    from modelctl.fileio import write_atomic

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, data)
        if latest:
            write_atomic(out.parent / LATEST_PLAN, data)
    except OSError as exc:
        raise PlanBuildError(
            f"{out}: cannot write the plan: {exc.strerror or exc}",
            hint="pass -o with a folder you can write to",
        ) from None


def _read_config_while_fetching(
    opts: PlanOptions,
    selected: list[ProviderSpec],
    plugins: dict[str, Provider],
    config: ConfigDoc | None = None,
) -> tuple[ConfigDoc, dict[str, Catalog]]:
    """Send the catalog requests, then parse the config while they are in flight.

    A live plan's time is mostly the providers' round trips; the parse (CPU) fits inside them.
    A config error is still raised as soon as the parse fails: requests not yet sent are not
    sent, those in flight are abandoned, and the fetch's progress lines are silenced.
    """
    from modelctl.catalog import fetch_catalogs
    from modelctl.config import read_config

    settings = HttpSettings(timeout=opts.timeout)
    progress = opts.progress
    import threading

    cancel = threading.Event()

    def notify(event: ProgressEvent) -> None:
        if progress is not None and not cancel.is_set():
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
            doc = config if config is not None else read_config(opts.config)
        except BaseException:
            cancel.set()
            raise
        fetching.join()
    if errors:
        raise errors[0]
    return doc, fetched[0]


def show(path: Path) -> Plan:
    """Read a plan for rendering. A damaged or altered file is an error (exit 1), never exit 3:
    that code means 'apply refused the plan'."""
    try:
        return read_plan(path)
    except PlanRejectedError as exc:
        raise PlanFileError(
            exc.message, hint=exc.hint, path=exc.path, line=exc.line, column=exc.column, key=exc.key
        ) from None


def show_diff(plan_path: Path, config: Path | None) -> str:
    """The diff ``apply`` would write now (secrets masked); the config must be the planned one."""
    from modelctl.apply import render_applied
    from modelctl.yamldiff import unified_diff

    plan_obj = read_plan(plan_path)
    target = config or Path(plan_obj.config_path)
    try:
        raw = target.read_bytes()
    except OSError as exc:
        raise PlanBuildError(
            f"{target}: cannot read the config the plan was made for: {exc.strerror}",
            hint="pass it with -c/--config PATH",
        ) from None
    return unified_diff(raw, render_applied(plan_obj, raw, target), target.name)


def apply(plan_path: Path, config: Path | None) -> ApplyOutcome:
    """Replay a plan; refuse an unapplyable one or one whose providers.yaml changed (exit 3);
    a plan whose result the config already is applies as 'already applied' (nothing written)."""
    from modelctl.apply import apply_plan

    plan_obj = read_plan(plan_path)
    target = config or Path(plan_obj.config_path)
    why = plan_obj.why_not_applyable
    if why is not None:
        raise PlanRejectedError(
            f"{plan_path}: this plan is not applyable: {why}",
            hint="re-run 'modelctl plan' once every provider answers (or with --allow-partial)",
        )
    if _already_applied(plan_obj, target):
        return ApplyOutcome(plan_obj, None)
    _check_providers_file(plan_obj, plan_path)
    try:
        return ApplyOutcome(plan_obj, apply_plan(plan_obj, target))
    except PlanRejectedError:
        if _already_applied(plan_obj, target):  # another apply of this plan finished meanwhile
            return ApplyOutcome(plan_obj, None)
        raise


def _already_applied(plan_obj: Plan, target: Path) -> bool:
    from modelctl.config import sha256_bytes

    if plan_obj.result_sha256 is None or plan_obj.result_sha256 == plan_obj.config_sha256:
        return False  # an old plan, or one without changes (which applies as a no-op anyway)
    try:
        return sha256_bytes(target.read_bytes()) == plan_obj.result_sha256
    except OSError:
        return False


def _check_providers_file(plan_obj: Plan, plan_path: Path) -> None:
    """The providers.yaml the plan was made with must be unchanged (its declarations decide
    what is protected, disabled and owned)."""
    recorded = plan_obj.providers_file
    if recorded is None:
        return
    from modelctl.providers.registry import providers_file_sha256

    current = providers_file_sha256(recorded["path"])
    if current == recorded["sha256"]:
        return
    shown = "the built-in providers.yaml" if recorded["path"] == "built-in" else recorded["path"]
    what = "is gone" if current is None else "changed"
    raise PlanRejectedError(
        f"{plan_path}: {shown} {what} since the plan was made (sha256 {recorded['sha256'][:12]}… "
        f"planned); the plan is stale",
        hint="re-run 'modelctl plan' with the current providers.yaml and review the new plan",
    )


def fetch_snapshots(
    out: Path,
    providers_file: Path | None,
    names: list[str],
    *,
    timeout: float,
    progress: ProgressCallback | None = None,
) -> tuple[list[Path], dict[str, str]]:
    from modelctl.arguments import check_folder, select_providers
    from modelctl.catalog import fetch_catalogs, write_snapshots
    from modelctl.providers.registry import load_plugins

    registry = registry_for(providers_file)
    selected = select_providers(registry, names)
    check_folder(out, "-o")  # before any request
    settings = HttpSettings(timeout=timeout)
    with make_session(settings) as session:
        catalogs, bodies = fetch_catalogs(
            selected, load_plugins([s.name for s in selected]), session, settings, os.environ, progress
        )
    failed = {n: c.error or "failed" for n, c in catalogs.items() if not c.ok}
    healthy = {n: b for n, b in bodies.items() if n not in failed}
    return write_snapshots(out, healthy), failed


@dataclass(frozen=True)
class ProviderRow:
    """One declared provider as ``modelctl providers`` lists it."""

    name: str
    enabled: bool
    api_key_env: str | None  # None: the provider needs no key
    key_set: bool
    endpoints: tuple[str, ...]


def provider_rows(providers_file: Path | None) -> list[ProviderRow]:
    registry = registry_for(providers_file)
    return [
        ProviderRow(
            name=spec.name,
            enabled=spec.enabled,
            api_key_env=spec.api_key_env or None,
            key_set=bool(spec.api_key_env and os.environ.get(spec.api_key_env)),
            endpoints=tuple(spec.endpoints.values()),
        )
        for spec in registry.specs.values()
    ]
