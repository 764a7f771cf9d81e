"""Reading a plan file: JSON, format version, schema and checksum, each checked in its own step.

Every error names the file in its ``path`` field (and the place inside it in ``key``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from modelctl import __version__
from modelctl.errors import PlanFileError, PlanRejectedError
from modelctl.plan.checksum import checksum, plan_schema
from modelctl.plan.model import FORMAT_VERSION, Change, Plan, ProviderStatus, Review

_RERUN = "re-run 'modelctl plan'"
_ALTERED = f"the plan file was altered or damaged; {_RERUN}"


def parse_plan(text: str, where: str) -> Plan:
    """Parse and verify a plan file: JSON, format version, schema, checksum."""
    raw = _load_json(text, where)
    _check_version(raw, where)
    _check_schema(raw, where)
    _check_checksum(raw, where)
    return plan_from_json(raw)


def _load_json(text: str, where: str) -> dict[str, Any]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanRejectedError(
            f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})",
            path=where,
            hint=f"the plan file is damaged or truncated; {_RERUN}",
        ) from None
    except RecursionError:
        raise PlanRejectedError(
            "JSON nested too deeply to be a modelctl plan",
            path=where,
            hint=f"the plan file is damaged; {_RERUN}",
        ) from None
    if not isinstance(raw, dict):
        raise PlanRejectedError(
            "not a modelctl plan (expected a JSON object)",
            path=where,
            hint="pass a file written by 'modelctl plan'",
        )
    return raw


def _check_version(raw: dict[str, Any], where: str) -> None:
    version = raw.get("format_version")
    if version != FORMAT_VERSION:
        raise PlanRejectedError(
            f"plan format_version {version!r} is not supported by modelctl "
            f"{__version__} (supports {FORMAT_VERSION!r})",
            path=where,
            hint=f"{_RERUN} with this modelctl version",
        )


def _check_schema(raw: dict[str, Any], where: str) -> None:
    from modelctl.schemacheck import first_issue
    from modelctl.schemacheck import where as place_of

    try:
        issue = first_issue(raw, plan_schema())
    except RecursionError:
        raise PlanRejectedError(
            "a value is nested too deeply for a modelctl plan", path=where, hint=_ALTERED
        ) from None
    if issue is not None:
        raise PlanRejectedError(issue.message, path=where, key=place_of(issue.path), hint=_ALTERED)


def _check_checksum(raw: dict[str, Any], where: str) -> None:
    body = {k: v for k, v in raw.items() if k != "checksum"}
    try:
        actual = checksum(body)
    except ValueError:  # NaN or Infinity: json.loads accepts them, canonical JSON does not
        raise PlanRejectedError(
            "holds NaN or Infinity, which a modelctl plan never does",
            path=where,
            hint=f"the plan file was altered; {_RERUN}",
        ) from None
    if actual != raw["checksum"]:
        raise PlanRejectedError(
            "checksum mismatch: the plan was altered after it was written",
            path=where,
            hint=f"{_RERUN} and review the new plan",
        )


def plan_from_json(raw: dict[str, Any]) -> Plan:
    """The Plan of a verified plan-file body."""
    return Plan(
        config_path=raw["config"]["path"],
        config_sha256=raw["config"]["sha256"],
        created_at=raw["created_at"],
        providers={name: ProviderStatus(**st) for name, st in raw["providers"].items()},
        changes=[Change.from_json(c) for c in raw["changes"]],
        patch=raw["patch"],
        notes=raw.get("notes", []),
        review=Review.from_json(raw.get("review", {})),
        modelctl_version=raw["modelctl_version"],
        format_version=raw["format_version"],
        complete=raw.get("complete"),
        applyable=raw.get("applyable"),
        providers_file=raw.get("providers_file"),
        result_sha256=raw["config"].get("result_sha256"),
    )


def read_plan(path: Path) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanFileError(
            "plan file not found", path=str(path), hint="pass the path printed by 'modelctl plan'"
        ) from None
    except UnicodeDecodeError:
        raise PlanRejectedError(
            "not a text file (a plan is UTF-8 JSON)",
            path=str(path),
            hint=f"the plan file is damaged; {_RERUN}",
        ) from None
    except OSError as exc:
        raise PlanFileError(
            f"cannot read: {exc.strerror}",
            path=str(path),
            hint="pass the path of the plan file printed by 'modelctl plan'",
        ) from None
    return parse_plan(text, str(path))
