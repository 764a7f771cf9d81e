"""The update step, and YAML-shared mappings: entries whose ``litellm_params`` or ``model_info``
is one aliased mapping get one ``test``/``replace`` pair, or a plan-time refusal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from modelctl.config import ConfigDoc
from modelctl.errors import PlanBuildError
from modelctl.plan import Change, PatchOp
from modelctl.planner.catalog import Update
from modelctl.planner.view import PlanView, Step


def update_step(view: PlanView, updates: Sequence[Update], removals: Mapping[int, Change]) -> Step:
    """The updates in config order (an entry removed on request is not updated: its update
    would break the remove guard), shared mappings written once."""
    shared = SharedNodes(view.config)
    changes: list[Change] = []
    patch: list[PatchOp] = []
    for update in sorted(updates, key=lambda u: u.position):
        if update.position in removals:
            continue
        changes.append(update.change)
        patch.extend(shared.filter(update.position, update.ops))
    shared.check()
    return Step(tuple(changes), tuple(patch))


class SharedNodes:
    """Updates of a mapping that several entries share through a YAML alias (``litellm_params:
    *p``) or merge key: one ``test``/``replace`` pair when every sharer gets the same change (the
    parsed data holds one object for all of them), a plan-time refusal otherwise."""

    def __init__(self, config: ConfigDoc) -> None:
        self.config = config
        self.sharers: dict[int, list[int]] = {}
        for index, entry in enumerate(config.entries):
            for section in ("litellm_params", "model_info"):
                value = entry.get(section)
                if isinstance(value, dict):
                    self.sharers.setdefault(id(value), []).append(index)
        self.done: dict[tuple[int, str], Any] = {}  # (id(mapping), field) -> value written
        self.wanted: dict[tuple[int, str], dict[int, Any]] = {}

    def filter(self, index: int, ops: Sequence[PatchOp]) -> list[PatchOp]:
        entry = self.config.entries[index]
        out: list[PatchOp] = []
        for op in ops:
            parts = op["path"].split("/")
            if op["op"] == "test" and parts[-1] in ("model", "api_base"):
                out.append(op)
                continue
            section = entry.get(parts[3])
            group = self.sharers.get(id(section), []) if isinstance(section, dict) else []
            if len(group) < 2:
                out.append(op)
                continue
            key = (id(section), parts[4])
            if op["op"] == "test":
                if key not in self.done:
                    out.append(op)
                continue
            self.wanted.setdefault(key, {})[index] = op.get("value")
            if key in self.done:
                if self.done[key] != op.get("value"):
                    self._refuse(index, parts[3], group)
                continue
            self.done[key] = op.get("value")
            out.append(op)
        return out

    def check(self) -> None:
        """Every sharer of an updated shared mapping must itself be updated the same way."""
        for (section_id, _name), by_entry in self.wanted.items():
            group = self.sharers[section_id]
            missing = [i for i in group if i not in by_entry]
            if missing:
                first = min(by_entry)
                section = next(
                    s
                    for s in ("litellm_params", "model_info")
                    if id(self.config.entries[first].get(s)) == section_id
                )
                self._refuse(first, section, group)

    def _refuse(self, index: int, section: str, group: list[int]) -> None:
        line, anchor = self._places(index, section)
        others = len(group) - 1
        raise PlanBuildError(
            f"the entry's {section} is {anchor}, shared with {others} other "
            f"entr{'y' if others == 1 else 'ies'}; modelctl cannot update one of them alone",
            path=str(self.config.path),
            line=line,
            hint=f"give each entry its own {section}",
        )

    def _places(self, index: int, section: str) -> tuple[int | None, str]:
        """(the 1-based line of the entry's ``section`` key, how the shared mapping is written)."""
        try:
            entry_node = self.config.node.value
            seq = next(v for k, v in entry_node if getattr(k, "value", None) == "model_list")
            item = seq.value[index]
            key_node, value_node = next((k, v) for k, v in item.value if getattr(k, "value", None) == section)
        except (StopIteration, AttributeError, IndexError, TypeError):
            return None, "an alias"
        text = self.config.text.lstrip("\ufeff")
        mark = value_node.start_mark
        name = ""
        if text.startswith("&", mark.index):
            end = mark.index
            while end < len(text) and text[end] not in " \t\r\n":
                end += 1
            name = f" ({text[mark.index : end]})"
        return key_node.start_mark.line + 1, f"an alias of line {mark.line + 1}{name}"
