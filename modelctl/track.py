"""Track rules: "every model of this catalog that matches my rule belongs in the config".

A provider in providers.yaml may declare ``track:`` rules and an ``ignore:`` list::

    track:
      - name: free-models              # optional label, shown in reasons and the review
        include: ["*:free"]            # glob(s) over catalog ids (default: every id)
        exclude: ["*-preview*"]        # glob(s) taken out again
        modes: [chat]                  # the record's mode (no mode = chat)
        max_input_per_m: 0.5           # USD per 1M input tokens, at most (unknown price: no match)
        min_context: 32000             # max_input_tokens, at least (unknown context: no match)
        model_name: "{name}"           # a template; default: the provider's naming rule
        limit: 20                      # at most this many additions per plan (the rest noted)
    ignore: ["openai/gpt-4o:free"]     # ids (or globs) never added by a rule

This module parses and matches; the planner turns matches into additions. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fnmatch import fnmatchcase

from modelctl.errors import ProvidersFileError
from modelctl.records import INPUT_COST, MAX_INPUT_TOKENS, ModelRecord

RULE_KEYS = ("name", "include", "exclude", "modes", "max_input_per_m", "min_context", "model_name", "limit")
#: placeholders of a ``model_name`` template
TEMPLATE_FIELDS = ("name", "id", "slug", "last")
#: LiteLLM ``model_info.mode`` values a rule may filter on (a record without a mode is chat)
MODES = (
    "chat",
    "completion",
    "embedding",
    "image_generation",
    "audio_transcription",
    "audio_speech",
    "moderation",
    "rerank",
    "responses",
)
PER_MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class TrackRule:
    label: str  # the rule's ``name``, else ``<provider>.track[<i>]``
    where: str  # ``<provider>.track[<i>]``: the place in providers.yaml
    include: tuple[str, ...] = ("*",)
    exclude: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    max_input_per_m: Decimal | None = None
    min_context: int | None = None
    model_name: str | None = None
    limit: int | None = None

    def matches(self, record: ModelRecord) -> bool:
        if not any(fnmatchcase(record.id, glob) for glob in self.include):
            return False
        if any(fnmatchcase(record.id, glob) for glob in self.exclude):
            return False
        if self.modes and (record.mode or "chat") not in self.modes:
            return False
        if self.max_input_per_m is not None:
            price = record.price(INPUT_COST)
            if price is None or price * PER_MILLION > self.max_input_per_m:
                return False
        if self.min_context is not None:
            context = record.limits.get(MAX_INPUT_TOKENS)
            if context is None or context < self.min_context:
                return False
        return True

    def describe(self) -> str:
        """The rule's criteria in one line, for reasons and notes."""
        parts = ["include " + ", ".join(repr(g) for g in self.include)]
        if self.exclude:
            parts.append("exclude " + ", ".join(repr(g) for g in self.exclude))
        if self.modes:
            parts.append("modes " + ", ".join(self.modes))
        if self.max_input_per_m is not None:
            parts.append(f"input <= ${self.max_input_per_m}/1M")
        if self.min_context is not None:
            parts.append(f"context >= {self.min_context}")
        return "; ".join(parts)

    def model_name_for(self, model_id: str, generated: str) -> str:
        """The ``model_name`` of an added id; ``generated`` is the provider's naming rule result."""
        if self.model_name is None:
            return generated
        return self.model_name.format(
            name=generated,
            id=model_id,
            slug=model_id.replace("/", "-").replace(":", "-"),
            last=model_id.rsplit("/", 1)[-1],
        )


def ignored(model_id: str, ignore: Iterable[str]) -> bool:
    """True when an ``ignore:`` entry names this id (exactly, or as a glob)."""
    return any(model_id == entry or fnmatchcase(model_id, entry) for entry in ignore)


def select(
    rule: TrackRule, records: Iterable[ModelRecord], skip: Iterable[str] = ()
) -> tuple[list[ModelRecord], list[ModelRecord]]:
    """The records a rule matches, in catalog order, minus ``skip``: (within the limit, over it)."""
    skipped = set(skip)
    matched = [r for r in records if r.id not in skipped and rule.matches(r)]
    if rule.limit is None:
        return matched, []
    return matched[: rule.limit], matched[rule.limit :]


# -- parsing -------------------------------------------------------------------------------


def parse_track(raw: object, provider: str, where: str, *, path: str | None = None) -> tuple[TrackRule, ...]:
    """``track:`` of one provider. Errors name the place as ``key`` (``where`` is the provider's
    key, ``providers.<name>``) and the file as ``path`` when given."""
    try:
        return _parse_track(raw, provider, where)
    except ProvidersFileError as exc:
        raise _in_file(exc, path) from None


def parse_ignore(raw: object, where: str, *, path: str | None = None) -> tuple[str, ...]:
    """``ignore:`` of one provider (errors as ``parse_track``'s)."""
    try:
        return _parse_ignore(raw, where)
    except ProvidersFileError as exc:
        raise _in_file(exc, path) from None


def _in_file(exc: ProvidersFileError, path: str | None) -> ProvidersFileError:
    """The error with the providers file's ``path`` (when it has none)."""
    if exc.path is None:
        exc.path = path
    return exc


def _parse_track(raw: object, provider: str, where: str) -> tuple[TrackRule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ProvidersFileError(
            f"expected a list of rules, got {_kind(raw)}",
            key=f"{where}.track",
            hint="write track: [{include: ['*:free']}]",
        )
    rules = [_parse_rule(item, provider, i, f"{where}.track[{i}]") for i, item in enumerate(raw)]
    labels = [r.label for r in rules]
    for label in labels:
        if labels.count(label) > 1:
            raise ProvidersFileError(
                f"two rules are named {label!r}", key=f"{where}.track", hint="give each rule its own name"
            )
    return tuple(rules)


def _parse_ignore(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(s, str) and s for s in raw):
        raise ProvidersFileError(
            "expected a list of catalog ids",
            key=f"{where}.ignore",
            hint="e.g. ignore: ['openai/gpt-4o:free']",
        )
    return tuple(raw)


def _parse_rule(raw: object, provider: str, index: int, where: str) -> TrackRule:
    if not isinstance(raw, Mapping):
        raise ProvidersFileError(
            f"expected a mapping (include, exclude, modes, …), got {_kind(raw)}",
            key=where,
            hint="write - include: ['*:free']",
        )
    for key in raw:
        if key not in RULE_KEYS:
            raise ProvidersFileError(
                f"unknown key {key!r}", key=where, hint=_did_you_mean(str(key), RULE_KEYS)
            )
    label = raw.get("name", f"{provider}.track[{index}]")
    if not isinstance(label, str) or not label.strip():
        raise ProvidersFileError("expected a non-empty string", key=f"{where}.name")
    include = _globs(raw.get("include", ["*"]), f"{where}.include")
    if not include:
        raise ProvidersFileError(
            "empty; the rule would match nothing", key=f"{where}.include", hint="drop the rule"
        )
    modes = _strings(raw.get("modes", []), f"{where}.modes")
    for mode in modes:
        if mode not in MODES:
            raise ProvidersFileError(
                f"unknown mode {mode!r}", key=f"{where}.modes", hint=_did_you_mean(mode, MODES)
            )
    template = raw.get("model_name")
    if template is not None:
        _check_template(template, f"{where}.model_name")
    return TrackRule(
        label=label,
        where=f"{provider}.track[{index}]",
        include=include,
        exclude=_globs(raw.get("exclude", []), f"{where}.exclude"),
        modes=modes,
        max_input_per_m=_price(raw.get("max_input_per_m"), f"{where}.max_input_per_m"),
        min_context=_count(raw.get("min_context"), f"{where}.min_context", minimum=1),
        model_name=template,
        limit=_count(raw.get("limit"), f"{where}.limit", minimum=1),
    )


def _check_template(template: object, where: str) -> None:
    import string  # only for templates: kept off the start-up path

    if not isinstance(template, str) or not template.strip():
        raise ProvidersFileError("expected a template string such as '{name}' or 'free-{last}'", key=where)
    try:
        fields = [f for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise ProvidersFileError(f"{template!r} is not a valid template ({exc})", key=where) from None
    for name in fields:
        if name not in TEMPLATE_FIELDS:
            raise ProvidersFileError(
                f"unknown placeholder {{{name}}} in {template!r}",
                key=where,
                hint=_did_you_mean(name, TEMPLATE_FIELDS, braces=True),
            )


def _did_you_mean(word: str, allowed: Sequence[str], *, braces: bool = False) -> str:
    import difflib  # only on the error path

    shown = [f"{{{a}}}" if braces else a for a in allowed]
    close = difflib.get_close_matches(word, list(allowed), n=1, cutoff=0.6)
    if close:
        best = f"{{{close[0]}}}" if braces else close[0]
        return f"did you mean {best!r}? allowed: {', '.join(shown)}"
    return f"allowed: {', '.join(shown)}"


def _globs(raw: object, where: str) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [raw]
    values = _strings(raw, where)
    if any(not v for v in values):
        raise ProvidersFileError("an empty glob matches nothing", key=where, hint="remove it")
    return values


def _strings(raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
        raise ProvidersFileError(f"expected a list of strings, got {_kind(raw)}", key=where)
    return tuple(raw)


def _price(raw: object, where: str) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ProvidersFileError(f"expected a number of USD per 1M tokens, got {raw!r}", key=where)
    value = Decimal(repr(raw) if isinstance(raw, float) else str(raw))
    if not value.is_finite() or value < 0:
        raise ProvidersFileError(f"must be 0 or more, got {raw!r}", key=where)
    return value


def _count(raw: object, where: str, *, minimum: int) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < minimum:
        raise ProvidersFileError(f"expected a whole number >= {minimum}, got {raw!r}", key=where)
    return raw


def _kind(value: object) -> str:
    return "nothing" if value is None else type(value).__name__
