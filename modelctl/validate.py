"""Offline checks of a config: YAML and shape, duplicates, costs, provider prefixes, env references.

Nothing here touches the network or writes a file. Each finding has a level:

- ``error``: LiteLLM or modelctl would misbehave (a negative cost, a misspelled
  ``os.environ/`` reference, a config modelctl cannot read);
- ``warning``: probably a mistake (a cost written as a string, an absurd cost, an unknown
  provider prefix, an exact copy of another entry, a literal secret, a near miss of an
  environment variable providers.yaml declares);
- ``info``: worth knowing (entries no provider in providers.yaml manages, wildcard routes,
  entries that look like a provider no match rule covers).

Entries with the same ``model_name`` and ``model`` but another ``api_key`` (or any other
``litellm_params`` value) are LiteLLM's multi-key load balancing, not duplicates. A finding
carries the line of the config it is about. A secret's value is never shown.
``modelctl validate`` exits 1 when there is at least one error.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import yaml

from modelctl.config import read_config
from modelctl.errors import ConfigError
from modelctl.providers.registry import Registry
from modelctl.redact import is_secret_key
from modelctl.yamlio import SafeLoader

FORMAT_VERSION = "1"
Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")
"""How serious a finding is (``LEVELS``, most serious first)."""

ABSURD_COST_PER_TOKEN = Decimal("0.01")
"""More than $0.01 per token ($10,000 per million) is almost surely a per-1M price."""

#: LiteLLM provider prefixes (``litellm_params.model: <prefix>/<model>``); the prefixes of the
#: providers declared in providers.yaml are added to these.
KNOWN_PREFIXES: frozenset[str] = frozenset(
    {
        "ai21",
        "ai21_chat",
        "aiml",
        "aiohttp_openai",
        "amazon_nova",
        "anthropic",
        "anthropic_text",
        "anyscale",
        "assemblyai",
        "azure",
        "azure_ai",
        "azure_text",
        "baseten",
        "bedrock",
        "bytez",
        "cerebras",
        "chatgpt",
        "clarifai",
        "cloudflare",
        "codestral",
        "cohere",
        "cohere_chat",
        "custom",
        "custom_openai",
        "dashscope",
        "databricks",
        "deepgram",
        "deepinfra",
        "deepseek",
        "elevenlabs",
        "empower",
        "featherless_ai",
        "fireworks_ai",
        "friendliai",
        "galadriel",
        "gemini",
        "github",
        "github_copilot",
        "gradient_ai",
        "groq",
        "heroku",
        "hosted_vllm",
        "huggingface",
        "hyperbolic",
        "infinity",
        "jina_ai",
        "lambda_ai",
        "litellm_proxy",
        "llamafile",
        "lm_studio",
        "meta_llama",
        "minimax",
        "mistral",
        "moonshot",
        "morph",
        "nano-gpt",
        "nebius",
        "nlp_cloud",
        "novita",
        "nscale",
        "nvidia_nim",
        "oci",
        "ollama",
        "ollama_chat",
        "oobabooga",
        "openai",
        "openai_like",
        "openrouter",
        "ovhcloud",
        "perplexity",
        "petals",
        "poe",
        "predibase",
        "recraft",
        "replicate",
        "sagemaker",
        "sagemaker_chat",
        "sambanova",
        "snowflake",
        "text-completion-codestral",
        "text-completion-openai",
        "together_ai",
        "triton",
        "vercel_ai_gateway",
        "vertex_ai",
        "vertex_ai_beta",
        "vllm",
        "volcengine",
        "voyage",
        "watsonx",
        "watsonx_text",
        "xai",
        "xinference",
        "zai",
    }
)

_COST_KEY = re.compile(r"(^|_)cost(_|$)")
_PER_TOKEN_KEY = re.compile(r"(_per_token|_token_cost)$")
_ENV_PREFIX = "os.environ/"
_ENV_LOOKALIKE = re.compile(r"^\s*os\s*\.\s*env[a-z]*\s*[/.:\\]", re.IGNORECASE)
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Finding:
    level: Level
    place: str  # "model_list[3].litellm_params.input_cost_per_token", or "" for the file
    message: str
    index: int | None = None  # the model_list index, when the finding is about one entry
    line: int | None = None  # 1-based line in the config, when known

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "place": self.place,
            "line": self.line,
            "index": self.index,
            "message": self.message,
        }


@dataclass
class Report:
    path: str = ""
    entries: int = 0
    findings: list[Finding] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    def add(self, level: Level, place: str, message: str, index: int | None = None) -> None:
        self.findings.append(Finding(level, place, message, index, self._line(place)))

    def _line(self, place: str) -> int | None:
        """The line of ``place`` or of the nearest enclosing node the map knows."""
        while place:
            if place in self.lines:
                return self.lines[place]
            cut = max(place.rfind("."), place.rfind("["))
            if cut <= 0:
                break
            place = place[:cut]
        return self.lines.get(place)

    def of(self, level: Level) -> list[Finding]:
        return [f for f in self.findings if f.level == level]

    @property
    def errors(self) -> list[Finding]:
        return self.of("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.of("warning")

    @property
    def infos(self) -> list[Finding]:
        return self.of("info")


def validate_config(path: Path, registry: Registry) -> Report:
    """Every finding about the config at ``path`` (read once, offline)."""
    report = Report(path=str(path))
    try:
        doc = read_config(path)
    except ConfigError as exc:
        report.add("error", "", _strip_path(str(exc), path))
        return report
    report.lines = _line_map(doc.text)
    entries = doc.entries
    report.entries = len(entries)
    known = KNOWN_PREFIXES | {
        rule.prefix.rstrip("/") for spec in registry.specs.values() for rule in spec.rules
    }
    declared = _declared_env_names(registry)
    cost_routing = _routing_strategy(doc.data) == "cost-based-routing"
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        place = f"model_list[{index}]"
        params: Mapping[str, Any] = entry["litellm_params"]
        model: str = params["model"]
        if entry.get("model_name") is None:
            report.add("error", place, "no model_name: LiteLLM routes requests by model_name; add one", index)
        key = json.dumps([entry.get("model_name"), params], sort_keys=True, default=repr)
        if key in seen:
            report.add(
                "warning",
                place,
                f"exact copy of model_list[{seen[key]}] (same model_name and every litellm_params "
                "value); LiteLLM counts it twice when balancing load; remove one",
                index,
            )
        else:
            seen[key] = index
        _check_prefix(report, place, index, model, known)
        for section in ("litellm_params", "model_info"):
            block = entry.get(section)
            if isinstance(block, Mapping):
                for name, value in block.items():
                    if isinstance(name, str) and _COST_KEY.search(name):
                        _check_cost(report, f"{place}.{section}.{name}", index, name, value, cost_routing)
        for where, text in _strings(entry, place):
            _check_env_reference(report, where, index, text, declared)
        _check_ownership(report, registry, place, index, params)
    for where, text in _strings({k: v for k, v in doc.data.items() if k != "model_list"}, ""):
        _check_env_reference(report, where.lstrip("."), None, text, declared)
    _check_literal_secrets(report, doc.data)
    return report


def _check_ownership(
    report: Report, registry: Registry, place: str, index: int, params: Mapping[str, Any]
) -> None:
    if registry.owner(params) is not None:
        return
    model = params["model"]
    wildcard = registry.wildcard(params)
    if wildcard is not None:
        report.add(
            "info",
            place,
            f"{model!r}: wildcard route, not managed (modelctl never adds, reprices or removes "
            f"it; {wildcard.name} entries next to it are)",
            index,
        )
        return
    looks = registry.resembles(params)
    if looks is not None:
        forms = ", ".join(rule.describe() for rule in looks.rules)
        report.add(
            "info",
            place,
            f"{model!r} looks like {looks.name} but no match rule covers it (rules in "
            f"{registry.path}: {forms}); modelctl plan leaves it alone",
            index,
        )
        return
    report.add(
        "info",
        place,
        f"{model!r} is not managed by any provider in {registry.path} (modelctl plan leaves it alone)",
        index,
    )


# -- checks ----------------------------------------------------------------------------------------


def _check_prefix(report: Report, place: str, index: int, model: str, known: frozenset[str]) -> None:
    prefix, sep, rest = model.partition("/")
    where = f"{place}.litellm_params.model"
    if not sep:
        report.add(
            "info",
            where,
            f"{model!r} has no provider prefix; LiteLLM infers the provider from the model name",
            index,
        )
    elif prefix not in known:
        close = [p for p in sorted(known) if _similar(prefix, p)]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        report.add("warning", where, f"unknown LiteLLM provider prefix {prefix!r}{hint}", index)
    elif not rest:
        report.add("error", where, f"{model!r} names no model after the provider prefix", index)


def _check_cost(report: Report, place: str, index: int, name: str, value: Any, cost_routing: bool) -> None:
    per_token = bool(_PER_TOKEN_KEY.search(name))
    if value is None:
        report.add("warning", place, "cost is empty (null); set a number or remove the key", index)
        return
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        report.add("error", place, f"cost is a {_kind(value)}, not a number", index)
        return
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            report.add("error", place, f"cost {value!r} is not a number", index)
            return
        if not number.is_finite():
            report.add("error", place, f"cost {value!r} is not a finite number", index)
            return
        report.add(
            "warning",
            place,
            f"cost written as a string ({value!r}); write it as a YAML number ({_as_yaml_number(number)})",
            index,
        )
    else:
        if isinstance(value, float) and not math.isfinite(value):
            report.add("error", place, f"cost {value!r} is not a finite number", index)
            return
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number < 0:
        report.add("error", place, f"cost {value!r} is negative", index)
    elif per_token and number > ABSURD_COST_PER_TOKEN:
        report.add(
            "warning",
            place,
            f"cost {value!r} per token is absurd (over "
            f"${ABSURD_COST_PER_TOKEN}/token); a per-1M price written as per-token?",
            index,
        )
    elif per_token and number == 0 and cost_routing:
        report.add(
            "warning",
            place,
            "cost 0 reads as unset in cost-based routing; write 1e-9 for a free model",
            index,
        )


def _check_env_reference(
    report: Report, place: str, index: int | None, text: str, declared: frozenset[str] = frozenset()
) -> None:
    secret = is_secret_key(place.rpartition(".")[2])
    if text.startswith(_ENV_PREFIX):
        name = text[len(_ENV_PREFIX) :]
        if name != name.rstrip():
            report.add(
                "error",
                place,
                f"{text!r}: trailing whitespace after the variable name; LiteLLM would look up {name!r}",
                index,
            )
        elif not name:
            report.add("error", place, f"{text!r}: no environment variable name", index)
        elif not _ENV_NAME.fullmatch(name):
            shown = "the value" if secret else repr(text)
            report.add(
                "error",
                place,
                f"{shown}: {name!r} is not a valid environment variable name (letters, digits and _)"
                if not secret
                else f"{shown} after 'os.environ/' is not a valid environment variable name "
                "(letters, digits and _)",
                index,
            )
        elif name.islower():
            report.add(
                "warning",
                place,
                f"{text!r}: lowercase variable name; environment "
                f"variables are case-sensitive (did you mean {name.upper()!r}?)",
                index,
            )
        elif name not in declared:
            near = _near_miss(name, declared)
            if near is not None:
                report.add(
                    "warning",
                    place,
                    f"{text!r}: {name!r} is not {near!r}, which providers.yaml declares; a typo?",
                    index,
                )
        return
    if _ENV_LOOKALIKE.match(text):
        tail = re.split(r"[/.:\\]", text.strip(), maxsplit=2)[-1].strip()
        if secret and not _ENV_NAME.fullmatch(tail):
            report.add(
                "error",
                place,
                "the value looks like a misspelled env reference (value not shown); LiteLLM "
                "would use the text itself (write 'os.environ/NAME')",
                index,
            )
            return
        report.add(
            "error",
            place,
            f"{text!r} looks like a misspelled env reference; LiteLLM "
            f"would use the text itself (write 'os.environ/{tail}')",
            index,
        )


_OTHER_ENV_SYNTAX = re.compile(r"(?:env|\$env|environ)[:.]([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)
_PLACEHOLDERS = frozenset(
    {"none", "null", "dummy", "fake", "fake-key", "fake_key", "not-needed", "not_needed", "na", "n/a", "x"}
)


def _check_literal_secrets(report: Report, data: Mapping[str, Any]) -> None:
    """A secret written into the config (not ``os.environ/NAME``): a warning; the value is never
    shown. Empty values, ``${VAR}`` templates and obvious placeholders are not secrets."""
    for place, key, value in _keyed_strings(data, ""):
        if not is_secret_key(key) or key.lower().endswith(("_name", "_region", "_header")):
            continue
        text = value.strip()
        if (
            not text
            or text.startswith(_ENV_PREFIX)
            or _ENV_LOOKALIKE.match(text)
            or (text.startswith("${") and text.endswith("}"))
            or (text.startswith("{{") and text.endswith("}}"))  # Helm/Jinja templating
            or text.lower() in _PLACEHOLDERS
            or (key.lower().endswith("credentials") and text.endswith(".json"))
        ):
            continue
        index = _entry_index(place)
        other_syntax = _OTHER_ENV_SYNTAX.fullmatch(text)
        if other_syntax is not None:
            report.add(
                "warning",
                place,
                f"{text!r} is not an env reference LiteLLM reads (it would send the text itself); "
                f"write 'os.environ/{other_syntax.group(1)}'",
                index,
            )
            continue
        report.add(
            "warning",
            place,
            f"a literal secret is written in the config ({key}, value not shown); plan files and "
            f"CI logs are shared: write 'os.environ/NAME' and set NAME in the environment",
            index,
        )


def _declared_env_names(registry: Registry) -> frozenset[str]:
    names: set[str] = set()
    for spec in registry.specs.values():
        if spec.api_key_env:
            names.add(spec.api_key_env)
        for value in spec.new_entry.values():
            if value.startswith(_ENV_PREFIX):
                names.add(value[len(_ENV_PREFIX) :])
        for rule in spec.rules:
            if rule.api_base_contains and _ENV_NAME.fullmatch(rule.api_base_contains):
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


# -- helpers ---------------------------------------------------------------------------------------


def _strings(value: Any, place: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield place, value
    elif isinstance(value, Mapping):
        for key, child in value.items():
            yield from _strings(child, f"{place}.{key}")
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _strings(child, f"{place}[{i}]")


def _keyed_strings(value: Any, place: str, key: str = "") -> Iterator[tuple[str, str, str]]:
    """(place, the key holding it, text) of every string value."""
    if isinstance(value, str):
        yield place, key, value
    elif isinstance(value, Mapping):
        for child_key, child in value.items():
            sub = f"{place}.{child_key}" if place else str(child_key)
            yield from _keyed_strings(child, sub, str(child_key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _keyed_strings(child, f"{place}[{i}]", key)


def _entry_index(place: str) -> int | None:
    found = re.match(r"model_list\[(\d+)\]", place)
    return int(found.group(1)) if found else None


def _line_map(text: str) -> dict[str, int]:
    """Place (``model_list[3].litellm_params.api_key``) -> 1-based line, from the YAML nodes."""
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    seen: set[int] = set()  # an alias is walked once (no billion laughs); its places keep their anchor's line
    while stack:
        node, place = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                sub = f"{place}.{key_node.value}" if place else str(key_node.value)
                lines.setdefault(sub, key_node.start_mark.line + 1)
                stack.append((value_node, sub))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                sub = f"{place}[{i}]"
                lines.setdefault(sub, item.start_mark.line + 1)
                stack.append((item, sub))
    return lines


def _routing_strategy(data: Mapping[str, Any]) -> object:
    router = data.get("router_settings")
    return router.get("routing_strategy") if isinstance(router, Mapping) else None


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else repr(value)


def _as_yaml_number(number: Decimal) -> str:
    text = repr(float(number))
    return text if "." in text or "e" not in text else text.replace("e", ".0e", 1)


def _similar(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 2:
        return False
    import difflib

    return difflib.SequenceMatcher(a=a, b=b).ratio() >= 0.8


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", bool: "boolean"}.get(type(value), type(value).__name__)


def _strip_path(message: str, path: Path) -> str:
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message
