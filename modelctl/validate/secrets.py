"""Secrets written into the config instead of ``os.environ/NAME``: a warning, value never shown.
Empty values, ``${VAR}``/``{{ }}`` templates and obvious placeholders are not secrets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from modelctl.redact import is_secret_key
from modelctl.validate.env import ENV_LOOKALIKE, ENV_PREFIX
from modelctl.validate.places import entry_index, keyed_strings
from modelctl.validate.report import Findings

_OTHER_ENV_SYNTAX = re.compile(r"(?:env|\$env|environ)[:.]([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)
_PLACEHOLDERS = frozenset(
    {"none", "null", "dummy", "fake", "fake-key", "fake_key", "not-needed", "not_needed", "na", "n/a", "x"}
)


def check_literal_secrets(findings: Findings, data: Mapping[str, Any]) -> None:
    """A secret written into the config (not ``os.environ/NAME``): a warning; the value is never
    shown."""
    for place, key, value in keyed_strings(data, ""):
        if not is_secret_key(key) or key.lower().endswith(("_name", "_region", "_header")):
            continue
        text = value.strip()
        if not _may_be_secret(key, text):
            continue
        index = entry_index(place)
        other_syntax = _OTHER_ENV_SYNTAX.fullmatch(text)
        if other_syntax is not None:
            findings.add(
                "warning",
                place,
                f"{text!r} is not an env reference LiteLLM reads (it would send the text itself); "
                f"write 'os.environ/{other_syntax.group(1)}'",
                index,
            )
            continue
        findings.add(
            "warning",
            place,
            f"a literal secret is written in the config ({key}, value not shown); plan files and "
            f"CI logs are shared: write 'os.environ/NAME' and set NAME in the environment",
            index,
        )


def _may_be_secret(key: str, text: str) -> bool:
    """False for what is surely not a literal secret: empty, an env reference (or a look-alike,
    reported elsewhere), a template, a placeholder, a credentials file name."""
    return not (
        not text
        or text.startswith(ENV_PREFIX)
        or ENV_LOOKALIKE.match(text)
        or (text.startswith("${") and text.endswith("}"))
        or (text.startswith("{{") and text.endswith("}}"))  # Helm/Jinja templating
        or text.lower() in _PLACEHOLDERS
        or (key.lower().endswith("credentials") and text.endswith(".json"))
    )
