"""Check every ``plan`` argument before any network request: a typo must cost nothing.

Provider names (``--provider``, ``--add-model``, ``--remove-model``) with a did-you-mean,
``--model-name`` arity, ``--track-only`` conflicts, ``--remove-model`` ids present in the config
and not protected, and where ``-o`` writes. (The planner checks a library request again, in
words without flag names.)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from modelctl.config import ConfigDoc
from modelctl.errors import PlanBuildError, UsageError
from modelctl.planner import ModelRef, is_protected, protected_names
from modelctl.providers.registry import Registry
from modelctl.providers.spec import ProviderSpec

DEFAULT_PLAN_DIR = Path("plans")
PROVIDER_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    import difflib  # only on a mistake

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def select_providers(registry: Registry, names: Sequence[str]) -> list[ProviderSpec]:
    """The providers to plan; an unknown ``--provider`` is a one-line error with a suggestion."""
    for name in names:
        if name not in registry.specs:
            raise UsageError(
                f"unknown provider {name!r}{did_you_mean(name, list(registry.specs))}",
                key=f"--provider {name}",
                hint=f"known providers in {registry.path}: {', '.join(registry.specs)}",
            )
    return registry.select(list(names))


def parse_refs(
    texts: Sequence[str], option: str, registry: Registry, selected: Sequence[ProviderSpec]
) -> tuple[ModelRef, ...]:
    """``provider:id`` (or a bare id with one selected provider) -> refs to selected providers."""
    chosen = {s.name for s in selected}
    refs = []
    for text in texts:
        ref = _parse_ref(text, option, registry, chosen)
        if ref.provider not in chosen:
            raise UsageError(
                f"provider {ref.provider!r} is not selected for this plan"
                + ("" if registry.specs[str(ref.provider)].enabled else " (it is disabled)"),
                key=f"{option} {text}",
                hint=f"add --provider {ref.provider}",
            )
        refs.append(ref)
    return tuple(refs)


def _parse_ref(text: str, option: str, registry: Registry, chosen: set[str]) -> ModelRef:
    head, sep, rest = text.partition(":")
    key = f"{option} {text}"
    if sep and head in registry.specs and rest:
        return ModelRef(head, rest)
    if sep and head in registry.specs:
        raise UsageError(f"the model id after '{head}:' is missing", key=key, hint="write provider:id")
    if (
        sep
        and rest
        and head
        and set(head) <= PROVIDER_NAME_CHARS
        and (did_you_mean(head, list(registry.specs)) or len(chosen) != 1)
    ):
        raise UsageError(
            f"unknown provider {head!r}{did_you_mean(head, list(registry.specs))}",
            key=key,
            hint=f"write provider:id with a provider of {registry.path}: {', '.join(registry.specs)}",
        )
    if len(chosen) != 1:
        raise UsageError(
            "say which provider, as provider:id",
            key=key,
            hint="or select exactly one provider with --provider NAME",
        )
    return ModelRef(next(iter(chosen)), text)


def check_model_name(model_name: str | None, adds: Sequence[ModelRef]) -> None:
    if model_name is not None and len(adds) != 1:
        raise UsageError(
            f"--model-name needs exactly one --add-model id, got {len(adds)} (--model-name {model_name})",
            hint="add the ids one plan at a time to give each its own name",
        )


def check_track_options(
    track: bool, track_only: bool, adds: Sequence[ModelRef], removes: Sequence[ModelRef]
) -> None:
    if track_only and not track:
        raise UsageError("--track-only and --no-track contradict each other", hint="pick one")
    if track_only and (adds or removes):
        raise UsageError(
            "--track-only plans track-rule additions and nothing else",
            hint="drop --add-model/--remove-model, or drop --track-only",
        )


def check_removals(config: ConfigDoc, registry: Registry, refs: Sequence[ModelRef]) -> None:
    """Every ``--remove-model`` id names an entry of the config that is not protected (checked
    before fetching)."""
    if not refs:
        return
    owned: dict[str, list[str]] = {}
    protected: set[tuple[str, str]] = set()
    names = protected_names(config)
    for entry in config.entries:
        found = registry.owner(entry["litellm_params"])
        if found is not None:
            owned.setdefault(found[0].name, []).append(found[1])
            if is_protected(entry, found[0], found[1], names):
                protected.add((found[0].name, found[1]))
    for ref in refs:
        ids = owned.get(str(ref.provider), [])
        if ref.id not in ids:
            raise PlanBuildError(
                f"no entry of {ref.provider} has that id in {config.path}{did_you_mean(ref.id, ids)}",
                key=f"--remove-model {ref.provider}:{ref.id}",
                hint=f"check litellm_params.model in {config.path} ({len(ids)} {ref.provider} entries)",
            )
        if (str(ref.provider), ref.id) in protected:
            raise PlanBuildError(
                "the entry is protected",
                key=f"--remove-model {ref.provider}:{ref.id}",
                hint="drop it from 'protected' first if you really mean it",
            )


def _existing_ancestor(folder: Path) -> Path:
    """``folder`` itself or the nearest ancestor that exists (what a write there depends on)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def check_folder(folder: Path, option: str) -> None:
    """A folder to write into (made if missing): refused before any request when it is a file
    or under one, or cannot be written."""
    key = f"{option} {folder}"
    if folder.exists() and not folder.is_dir():
        raise UsageError("is a file, not a folder", key=key, hint=f"pass a folder to {option}")
    ancestor = _existing_ancestor(folder)
    if not ancestor.is_dir():
        raise UsageError(
            f"cannot write there: {ancestor} is a file, not a folder",
            key=key,
            hint=f"pass a folder to {option}",
        )
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise UsageError(f"{ancestor} is not writable", key=key, hint="pass a folder you can write to")


def plan_path(out: Path | None, now: datetime, config: Path, *, folder: bool = False) -> tuple[Path, bool]:
    """Where the plan goes, and whether it is in a plans folder (then latest.plan.json is updated).

    No ``-o``: ``plans/<UTC time>.plan.json``; ``-o DIR`` (an existing folder, or ``folder``: the
    option ended in '/'): ``DIR/<UTC time>.plan.json``. Refused before any request: a path under
    a file, the config itself, a folder that cannot be written.
    """
    name = f"{now.strftime('%Y%m%dT%H%M%SZ')}.plan.json"
    if out is None:
        target, in_folder = DEFAULT_PLAN_DIR / name, True
    elif folder or out.is_dir():
        target, in_folder = out / name, True
    else:
        target, in_folder = out, False
    # the place an error names: the -o option as given, else the default plans folder
    key, path = (f"-o {out}", None) if out is not None else (None, target.parent.as_posix())
    if target.exists() and config.exists() and target.resolve() == config.resolve():
        raise UsageError(
            "that is the config file itself", hint="write the plan to plans/ or a .json", key=key, path=path
        )
    ancestor = _existing_ancestor(target.parent)
    if not ancestor.is_dir():
        raise UsageError(
            f"cannot write the plan there: {ancestor} is a file, not a folder",
            hint="pass -o DIR or -o DIR/NAME.plan.json in a folder",
            key=key,
            path=path,
        )
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise UsageError(
            f"cannot write the plan there: {ancestor} is not writable",
            hint="pass -o with a folder you can write to",
            key=key,
            path=path,
        )
    return target, in_folder
