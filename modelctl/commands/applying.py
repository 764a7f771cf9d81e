"""``show`` and ``apply``: read a plan file, render it, or replay it on the config."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from modelctl.errors import PlanBuildError, PlanFileError, PlanRejectedError
from modelctl.plan import Plan, read_plan

if TYPE_CHECKING:
    from modelctl.commands.results import ApplyOutcome


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
            f"cannot read the config the plan was made for: {exc.strerror}",
            path=str(target),
            hint="pass it with -c/--config PATH",
        ) from None
    return unified_diff(raw, render_applied(plan_obj, raw, target), target.name)


def apply(plan_path: Path, config: Path | None) -> ApplyOutcome:
    """Replay a plan; refuse an unapplyable one or one whose providers.yaml changed (exit 3);
    a plan whose result the config already is applies as 'already applied' (nothing written)."""
    from modelctl.apply import apply_plan
    from modelctl.commands.results import ApplyOutcome  # here: show needs no result types

    plan_obj = read_plan(plan_path)
    target = config or Path(plan_obj.config_path)
    why = plan_obj.why_not_applyable
    if why is not None:
        raise PlanRejectedError(
            f"this plan is not applyable: {why}",
            path=str(plan_path),
            hint="re-run 'modelctl plan' once every provider answers (or with --allow-partial)",
        )
    if _already_applied(plan_obj, target):
        return ApplyOutcome(plan_obj, target, None)
    _check_providers_file(plan_obj, plan_path)
    try:
        return ApplyOutcome(plan_obj, target, apply_plan(plan_obj, target))
    except PlanRejectedError:
        if _already_applied(plan_obj, target):  # another apply of this plan finished meanwhile
            return ApplyOutcome(plan_obj, target, None)
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
        f"{shown} {what} since the plan was made (sha256 {recorded['sha256'][:12]}… planned); "
        "the plan is stale",
        path=str(plan_path),
        hint="re-run 'modelctl plan' with the current providers.yaml and review the new plan",
    )
