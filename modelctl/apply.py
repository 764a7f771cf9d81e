"""Apply a plan: verify (hash, checksum, test ops) -> edit the text -> atomic write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonpatch
import jsonpointer

from modelctl.config import ConfigDoc, parse_config, sha256_bytes, validate_shape
from modelctl.errors import ApplyError, ConfigError, ModelctlError, PlanRejectedError
from modelctl.fileio import exclusive_lock, write_atomic
from modelctl.plan import Plan
from modelctl.yamledit import apply_patch_text


@dataclass(frozen=True)
class ApplyResult:
    config_path: Path
    summary: dict[str, int]
    written: bool
    sha256_before: str
    sha256_after: str


def render_applied(plan: Plan, raw: bytes, path: Path) -> bytes:
    """The new config bytes for ``plan`` applied to ``raw`` (verifies everything, writes nothing)."""
    if sha256_bytes(raw) != plan.config_sha256:
        raise PlanRejectedError(
            f"the config changed since the plan was made (sha256 "
            f"{sha256_bytes(raw)[:12]}… ≠ planned {plan.config_sha256[:12]}…); the plan is stale",
            hint="re-run 'modelctl plan' against the current config and review the new plan",
            path=str(path),
        )
    try:
        doc = parse_config(path, raw)
    except ConfigError as exc:  # bytes match the plan, so this only happens for odd inputs
        raise ApplyError(
            exc.message, hint=exc.hint, path=exc.path, line=exc.line, column=exc.column, key=exc.key
        ) from None
    return render_doc(plan, doc, in_place=True)


def render_doc(plan: Plan, doc: ConfigDoc, *, in_place: bool = False) -> bytes:
    """:func:`render_applied` for a config already read (plan's proof); ``doc.data`` is left
    as it was unless ``in_place``."""
    path = doc.path
    if doc.sha256 != plan.config_sha256:
        raise PlanRejectedError(
            "the plan was made for other bytes than these", hint="re-run 'modelctl plan'", path=str(path)
        )
    if not plan.patch:
        return doc.raw
    try:
        expected = jsonpatch.apply_patch(doc.data, plan.patch, in_place=in_place)
    except jsonpatch.JsonPatchTestFailed as exc:
        raise PlanRejectedError(
            f"a 'test' guard of the plan failed ({exc}); the plan does not match this config",
            hint="re-run 'modelctl plan'",
            path=str(path),
        ) from None
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
        raise PlanRejectedError(
            f"the plan's patch cannot be applied ({exc})", hint="re-run 'modelctl plan'", path=str(path)
        ) from None
    try:  # modelctl never writes such a patch; a hand-edited plan with a recomputed checksum can
        validate_shape(path, expected)
    except ConfigError as exc:
        raise PlanRejectedError(
            f"the plan would leave a config modelctl cannot read ({_in_file(exc)})",
            hint="the plan was altered; re-run 'modelctl plan'",
            path=str(path),
        ) from None
    text = apply_patch_text(doc.text, doc.node, plan.patch, expected, where=str(path))
    new = text.encode("utf-8")
    verify_output(path, new, expected)
    return new


def verify_output(path: Path, new: bytes, expected: Any) -> None:
    """Refuse ``new`` unless it parses, with the same loader, to exactly ``expected``.

    The one check that makes a silent wrong write impossible whatever the text editor does:
    the whole new document is read back like any config (same parser, same shape checks) and
    compared type-exactly (``True`` is not ``1``, ``1`` is not ``1.0``) with the patch's result.
    """
    hint = "nothing was written; please report this config shape (a copy of the file helps)"
    try:
        doc = parse_config(path, new)
    except ConfigError as exc:
        raise ApplyError(
            f"internal check failed: the edited text would not be a valid config ({_in_file(exc)})",
            hint=hint,
            path=str(path),
        ) from None
    where = first_difference(doc.data, expected)
    if where is not None:
        raise ApplyError(
            f"internal check failed: the edited text would differ from the plan's patch at {where}",
            hint=hint,
            path=str(path),
        )


def _in_file(exc: ModelctlError) -> str:
    """An error's text without its file and hint (``line:column: key: message``), to quote
    inside an error that names the file itself."""
    return str(ModelctlError(exc.message, line=exc.line, column=exc.column, key=exc.key))


def first_difference(got: Any, want: Any, where: str = "") -> str | None:
    """The JSON pointer of the first type-exact difference between two parsed documents, or None."""
    if type(got) is not type(want):
        return where or "/"
    if isinstance(got, dict):
        return _dict_difference(got, want, where)
    if isinstance(got, list):
        return _list_difference(got, want, where)
    if isinstance(got, float) and got != got and want != want:  # NaN
        return None
    return None if got == want else (where or "/")


def _dict_difference(got: dict[Any, Any], want: dict[Any, Any], where: str) -> str | None:
    got_keys = {(type(k), k) for k in got}
    want_keys = {(type(k), k) for k in want}
    if got_keys != want_keys:
        return f"{where}/{sorted(str(k) for _, k in got_keys ^ want_keys)[0]}"
    for key, value in got.items():
        found = first_difference(value, want[key], f"{where}/{key}")
        if found is not None:
            return found
    return None


def _list_difference(got: list[Any], want: list[Any], where: str) -> str | None:
    if len(got) != len(want):
        return f"{where} (length {len(got)} != {len(want)})"
    for index, (a, b) in enumerate(zip(got, want, strict=True)):
        found = first_difference(a, b, f"{where}/{index}")
        if found is not None:
            return found
    return None


def apply_plan(plan: Plan, config_path: Path) -> ApplyResult:
    with exclusive_lock(config_path):
        try:
            raw = config_path.read_bytes()
        except OSError as exc:
            raise ApplyError(f"cannot read: {exc.strerror}", path=str(config_path)) from None
        new = render_applied(plan, raw, config_path)
        written = new != raw
        if written:
            try:
                write_atomic(config_path, new)
            except OSError as exc:
                raise ApplyError(
                    f"cannot write: {exc.strerror}",
                    hint="check permissions and free space; the file is unchanged",
                    path=str(config_path),
                ) from None
    return ApplyResult(config_path, plan.summary, written, sha256_bytes(raw), sha256_bytes(new))
