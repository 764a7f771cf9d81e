"""``os.environ/NAME`` references: a valid, upper-case name (not a near miss of one providers.yaml
declares), and look-alikes (``os.env/NAME``) that LiteLLM would send as text. A secret's value
is never shown."""

from __future__ import annotations

import re

from modelctl.providers.registry import Registry
from modelctl.redact import is_secret_key
from modelctl.validate.report import Findings

ENV_PREFIX = "os.environ/"
ENV_LOOKALIKE = re.compile(r"^\s*os\s*\.\s*env[a-z]*\s*[/.:\\]", re.IGNORECASE)
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_env_reference(
    findings: Findings, place: str, index: int | None, text: str, declared: frozenset[str] = frozenset()
) -> None:
    secret = is_secret_key(place.rpartition(".")[2])
    if text.startswith(ENV_PREFIX):
        _check_reference(findings, place, index, text, declared, secret)
    elif ENV_LOOKALIKE.match(text):
        _check_lookalike(findings, place, index, text, secret)


def _check_reference(
    findings: Findings, place: str, index: int | None, text: str, declared: frozenset[str], secret: bool
) -> None:
    name = text[len(ENV_PREFIX) :]
    if name != name.rstrip():
        findings.add(
            "error",
            place,
            f"{text!r}: trailing whitespace after the variable name; LiteLLM would look up {name!r}",
            index,
        )
    elif not name:
        findings.add("error", place, f"{text!r}: no environment variable name", index)
    elif not ENV_NAME.fullmatch(name):
        findings.add("error", place, _invalid_name(text, name, secret), index)
    elif name.islower():
        findings.add(
            "warning",
            place,
            f"{text!r}: lowercase variable name; environment "
            f"variables are case-sensitive (did you mean {name.upper()!r}?)",
            index,
        )
    elif name not in declared:
        near = _near_miss(name, declared)
        if near is not None:
            findings.add(
                "warning",
                place,
                f"{text!r}: {name!r} is not {near!r}, which providers.yaml declares; a typo?",
                index,
            )


def _invalid_name(text: str, name: str, secret: bool) -> str:
    if secret:
        return (
            "the value after 'os.environ/' is not a valid environment variable name (letters, digits and _)"
        )
    return f"{text!r}: {name!r} is not a valid environment variable name (letters, digits and _)"


def _check_lookalike(findings: Findings, place: str, index: int | None, text: str, secret: bool) -> None:
    tail = re.split(r"[/.:\\]", text.strip(), maxsplit=2)[-1].strip()
    if secret and not ENV_NAME.fullmatch(tail):
        findings.add(
            "error",
            place,
            "the value looks like a misspelled env reference (value not shown); LiteLLM "
            "would use the text itself (write 'os.environ/NAME')",
            index,
        )
        return
    findings.add(
        "error",
        place,
        f"{text!r} looks like a misspelled env reference; LiteLLM "
        f"would use the text itself (write 'os.environ/{tail}')",
        index,
    )


def declared_env_names(registry: Registry) -> frozenset[str]:
    """The environment variables providers.yaml names (api keys, new-entry values, api bases)."""
    names: set[str] = set()
    for spec in registry.specs.values():
        if spec.api_key_env:
            names.add(spec.api_key_env)
        for value in spec.new_entry.values():
            if value.startswith(ENV_PREFIX):
                names.add(value[len(ENV_PREFIX) :])
        for rule in spec.rules:
            if rule.api_base_contains and ENV_NAME.fullmatch(rule.api_base_contains):
                names.add(rule.api_base_contains)
    return frozenset(names)


def _near_miss(name: str, declared: frozenset[str]) -> str | None:
    """A declared name ``name`` is probably a typo of (``POE_APIKEY`` -> ``POE_API_KEY``)."""
    import difflib

    squashed = name.replace("_", "").upper()
    for candidate in declared:  # POE_API_KEY_2, NOVITA_API_KEY_EU: a second key of multi-key balancing
        rest = name[len(candidate) :]
        if name.startswith(candidate) and (rest.startswith("_") or rest.isdigit()):
            return None
    for candidate in sorted(declared):
        if candidate.replace("_", "").upper() == squashed:
            return candidate
    close = difflib.get_close_matches(name, sorted(declared), n=1, cutoff=0.9)
    return close[0] if close else None
