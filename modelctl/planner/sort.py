"""The sort step: the fewest ``move`` ops that put model_list in (model_name, model) order."""

from __future__ import annotations

from collections.abc import Sequence

from modelctl.plan import Change, PatchOp
from modelctl.planner.view import PlanView, Slot, Step


def sort_step(view: PlanView, slots: Sequence[Slot]) -> Step:
    """Move the fewest entries: those on a longest already-sorted subsequence stay put, each
    other entry moves (in target order) to just after its predecessor in the target order."""
    order = list(slots)
    target = sorted(order, key=lambda s: ((s.model_name or "unnamed").lower(), s.model.lower()))
    rank = {id(slot): r for r, slot in enumerate(target)}
    staying = _longest_increasing([rank[id(s)] for s in order])
    stay_ids = {id(order[i]) for i in staying}
    changes: list[Change] = []
    patch: list[PatchOp] = []
    for t, slot in enumerate(target):
        if id(slot) in stay_ids:
            continue
        current = next(i for i, s in enumerate(order) if s is slot)
        order.pop(current)
        dest = 0 if t == 0 else next(i for i, s in enumerate(order) if s is target[t - 1]) + 1
        order.insert(dest, slot)
        patch.append(
            {"op": "test", "path": f"/model_list/{current}/litellm_params/model", "value": slot.model}
        )
        patch.append({"op": "move", "from": f"/model_list/{current}", "path": f"/model_list/{dest}"})
        changes.append(_move(view, slot, current, dest))
    return Step(tuple(changes), tuple(patch))


def _move(view: PlanView, slot: Slot, current: int, dest: int) -> Change:
    owner = view.registry.owner({"model": slot.model, "api_base": slot.api_base})
    return Change(
        "move",
        owner[0].name if owner else "-",
        slot.model_name,
        slot.model,
        f"sorted: position {current} -> {dest}",
        api_base=slot.api_base if isinstance(slot.api_base, str) else None,
    )


def _longest_increasing(values: Sequence[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence of ``values`` (O(n log n))."""
    import bisect

    tails: list[int] = []  # values[tails[k]] is the smallest tail of an increasing run of length k+1
    tail_values: list[int] = []
    parent = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect.bisect_left(tail_values, value)
        parent[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k], tail_values[k] = i, value
    out: list[int] = []
    i = tails[-1] if tails else -1
    while i != -1:
        out.append(i)
        i = parent[i]
    return out[::-1]
