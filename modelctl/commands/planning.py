"""``plan``: check the arguments, read the catalogs and the config, build, prove and write a plan.

Every argument is checked before any request is sent; the partial-failure decision (a failed
provider: no plan, or a partial one with ``allow_partial``) is made here, not by the CLI.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from modelctl.commands.providers import registry_for
from modelctl.commands.results import PlanResult, PlanStatus, ProviderFailure
from modelctl.errors import MassRemovalRefused, ModelctlError, PlanBuildError, UsageError
from modelctl.plan import Plan

if TYPE_CHECKING:  # each command imports what it uses: start-up time, see bench/README.md
    from modelctl.catalog import ProgressCallback
    from modelctl.config import ConfigDoc
    from modelctl.planner import PlanRequest
    from modelctl.providers.registry import Registry
    from modelctl.providers.spec import ProviderSpec
    from modelctl.records import Catalog

LATEST_PLAN = "latest.plan.json"


@dataclass(frozen=True)
class PlanArgs:
    """What to change, as the user spelled it (``provider:id`` texts, provider names); checked
    and resolved against the providers file into a :class:`~modelctl.planner.PlanRequest`."""

    add: Sequence[str] = ()
    model_name: str | None = None
    remove: Sequence[str] = ()
    sort: bool | None = None
    allow_mass_removal: bool = False  # for every provider
    allow_mass_removal_for: Sequence[str] = ()
    track: bool = True
    track_only: bool = False


@dataclass(frozen=True)
class PlanOptions:
    """The inputs of one ``plan``, where it goes, and the request (:class:`PlanArgs`)."""

    config: Path
    now: datetime
    providers_file: Path | None = None
    providers: Sequence[str] = ()
    catalog_dir: Path | None = None
    out: Path | None = None
    out_folder: bool = False  # -o ended in '/': a folder even if it does not exist yet
    request: PlanArgs = PlanArgs()
    allow_partial: bool = False
    timeout: float = 30.0
    progress: ProgressCallback | None = None  # told of each provider's fetch (the CLI renders it)


class _Checked(NamedTuple):
    """The arguments of a plan, checked before any request."""

    registry: Registry
    selected: list[ProviderSpec]
    request: PlanRequest
    out: Path
    latest: bool  # the plan goes to a plans folder: latest.plan.json is updated too


def plan(opts: PlanOptions) -> PlanResult:
    checked = _check(opts)
    config, catalogs = _inputs(opts, checked)
    from modelctl.planner import build_plan

    built = build_plan(config, checked.registry, checked.selected, catalogs, checked.request, now=opts.now)
    failures = tuple(
        ProviderFailure(name, status.error or "failed")
        for name, status in built.providers.items()
        if status.status != "ok"
    )
    status: PlanStatus = "ok" if not failures else "partial" if opts.allow_partial else "failed"
    sealed = _seal(built, config, checked.registry, applyable=status != "failed")
    if sealed.refusals:
        raise MassRemovalRefused(sealed)  # shown to the user, never saved: it cannot be applied
    if status == "failed":
        # Terraform writes no plan when planning fails: nothing here can be applied by mistake
        return PlanResult(sealed, status, failures, None)
    _write_plan(checked.out, sealed.dumps().encode("utf-8"), latest=checked.latest)
    names = [s.name for s in checked.selected]
    hints = ignore_hints(checked.registry, checked.request, names)
    return PlanResult(sealed, status, failures, checked.out, tuple(hints))


def _check(opts: PlanOptions) -> _Checked:
    """Every argument, checked before any request is sent."""
    from modelctl import arguments
    from modelctl.planner import PlanRequest

    args = opts.request
    registry = registry_for(opts.providers_file, opts.config)
    selected = arguments.select_providers(registry, opts.providers)
    adds = arguments.parse_refs(args.add, "--add-model", registry, selected)
    arguments.check_model_name(args.model_name, adds)
    removes = arguments.parse_refs(args.remove, "--remove-model", registry, selected)
    unknown = [n for n in args.allow_mass_removal_for if n not in registry.specs]
    if unknown:
        raise UsageError(
            f"unknown provider {', '.join(repr(n) for n in unknown)} in --allow-mass-removal",
            hint=f"known providers in {registry.path}: {', '.join(registry.specs)}",
        )
    out, latest = arguments.plan_path(opts.out, opts.now, opts.config, folder=opts.out_folder)
    arguments.check_track_options(args.track, args.track_only, adds, removes)
    request = PlanRequest(
        add=adds,
        model_name=args.model_name,
        remove=removes,
        sort=args.sort,
        allow_mass_removal=args.allow_mass_removal,
        track=args.track,
        track_only=args.track_only,
        allow_mass_removal_for=frozenset(args.allow_mass_removal_for),
    )
    return _Checked(registry, selected, request, out, latest)


def _inputs(opts: PlanOptions, checked: _Checked) -> tuple[ConfigDoc, dict[str, Catalog]]:
    """The config and the catalogs: from snapshot files, or fetched while the config is parsed."""
    from modelctl import arguments
    from modelctl.config import read_config
    from modelctl.providers.registry import load_plugins

    if opts.catalog_dir is not None and not opts.catalog_dir.is_dir():
        read_config(opts.config)  # a config error first: it is the user's main input
        raise PlanBuildError(
            "--catalog-dir is not a folder",
            path=str(opts.catalog_dir),
            hint="write one with 'modelctl catalog fetch -o DIR'",
        )
    config: ConfigDoc | None = None
    if opts.catalog_dir is not None or checked.request.remove:
        config = read_config(opts.config)
        arguments.check_removals(config, checked.registry, checked.request.remove)
    plugins = load_plugins([s.name for s in checked.selected])
    if opts.catalog_dir is not None:
        from modelctl.catalog import load_snapshots

        assert config is not None
        return config, load_snapshots(checked.selected, plugins, opts.catalog_dir)
    from modelctl.commands.fetching import read_config_while_fetching

    return read_config_while_fetching(opts, checked.selected, plugins, config)


def _seal(built: Plan, config: ConfigDoc, registry: Registry, *, applyable: bool) -> Plan:
    """The plan with its applyability, providers file, proven result and review diff."""
    from modelctl.config import sha256_bytes
    from modelctl.yamldiff import unified_diff

    complete = not built.failed_providers
    result = dataclasses.replace(
        built,
        complete=complete,
        applyable=complete or applyable,
        providers_file={"path": registry.recorded_path, "sha256": registry.sha256},
    )
    try:
        result.to_json()  # first (its checksum is canonical JSON): a NaN or a date is the clearest error
    except (TypeError, ValueError) as exc:
        raise PlanBuildError(
            f"an affected entry holds a value JSON cannot represent ({exc})",
            path=str(config.path),
            hint="quote dates and special values",
        ) from None
    new = _prove(result, config)
    review = dataclasses.replace(result.review, diff=unified_diff(config.raw, new, config.path.name))
    return dataclasses.replace(result, result_sha256=sha256_bytes(new), review=review)


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
            exc.message,
            hint=exc.hint or "no plan file was written; change that part of the config",
            path=exc.path,
            line=exc.line,
            column=exc.column,
            key=exc.key,
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
            f"cannot write the plan: {exc.strerror or exc}",
            path=str(out),
            hint="pass -o with a folder you can write to",
        ) from None
