"""The library API in ``modelctl/__init__.py``: its members, its laziness, and a plan from Python."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import pytest

import modelctl
from modelctl import api, errors
from modelctl.planner import ModelRef, PlanRequest

from helpers import EXAMPLE_PROVIDERS, REPO, SEED_CONFIG

MEMBERS = {
    "__version__",
    "load_config",
    "load_providers",
    "fetch_catalogs",
    "load_snapshots",
    "build_plan",
    "render_applied",
    "apply_plan",
    "read_plan",
    "PlanRequest",
    "ApplyResult",
    "Catalog",
    "ConfigDoc",
    "Registry",
    "Plan",
    "Change",
    "ModelctlError",
    "UsageError",
    "ConfigError",
    "ProvidersFileError",
    "ProviderError",
    "PlanBuildError",
    "PlanFileError",
    "PlanRejectedError",
    "ApplyError",
}


def test_all_lists_exactly_the_public_members() -> None:
    assert set(modelctl.__all__) == MEMBERS
    assert len(modelctl.__all__) == len(MEMBERS)
    for name in modelctl.__all__:
        assert getattr(modelctl, name) is not None
    assert set(api.__all__) <= MEMBERS


def test_every_error_exported_is_a_modelctl_error() -> None:
    for name in modelctl.__all__:
        if name.endswith("Error"):
            error = getattr(modelctl, name)
            assert issubclass(error, errors.ModelctlError), name


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'plan_it'"):
        modelctl.plan_it  # noqa: B018


def test_import_modelctl_imports_no_core_module() -> None:
    code = "import sys, modelctl; print(sorted(m for m in sys.modules if m.startswith('modelctl')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['modelctl']"


def test_plan_and_render_from_python_without_the_cli(tmp_path: Path) -> None:
    config_path = tmp_path / "config.yaml"
    config_path.write_bytes(SEED_CONFIG.read_bytes())
    registry = modelctl.load_providers(EXAMPLE_PROVIDERS, env={})
    config = modelctl.load_config(config_path)
    catalogs = modelctl.load_snapshots(REPO / "examples" / "catalogs", registry)
    plan = modelctl.build_plan(
        config, registry, catalogs, now=datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    )
    assert isinstance(plan, modelctl.Plan)
    assert plan.summary["update"] > 0 and plan.summary["remove"] > 0
    new = modelctl.render_applied(plan, config.raw, config.path)
    assert new != config.raw
    assert config_path.read_bytes() == SEED_CONFIG.read_bytes()  # render_applied writes nothing
    result = modelctl.apply_plan(plan, config_path)
    assert result.written and config_path.read_bytes() == new


def test_library_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(modelctl.ConfigError, match="file not found"):
        modelctl.load_config(tmp_path / "missing.yaml")
    registry = modelctl.load_providers(None, env={})
    with pytest.raises(modelctl.UsageError, match="unknown provider"):
        modelctl.load_snapshots(tmp_path, registry, providers=["openruoter"])


@cache
def _example() -> tuple[modelctl.ConfigDoc, modelctl.Registry, dict[str, modelctl.Catalog]]:
    registry = modelctl.load_providers(EXAMPLE_PROVIDERS, env={})
    return (
        modelctl.load_config(SEED_CONFIG),
        registry,
        modelctl.load_snapshots(REPO / "examples" / "catalogs", registry),
    )


OR, NV = "openrouter", "nvidia"


@pytest.mark.parametrize(
    ("request_", "providers", "error", "words"),
    [
        (
            PlanRequest(add=(ModelRef(OR, "z-ai/glm-5"), ModelRef(NV, "z-ai/glm5")), model_name="glm"),
            None,
            errors.UsageError,
            "model_name needs exactly one added model, got 2",
        ),
        (PlanRequest(add=(ModelRef(None, "z-ai/glm-5"),)), None, errors.UsageError, "say which provider"),
        (PlanRequest(add=(ModelRef(NV, "z-ai/glm5"),)), [OR], errors.UsageError, "'nvidia' is not selected"),
        (
            PlanRequest(remove=(ModelRef(OR, "anthropic/claude-3.5-haiqu"),)),
            None,
            errors.PlanBuildError,
            "cannot remove openrouter:anthropic/claude-3.5-haiqu: no entry of openrouter has that id",
        ),
        (
            PlanRequest(remove=(ModelRef("requesty", "smart-task"),)),
            None,
            errors.PlanBuildError,
            "cannot remove requesty:smart-task: the entry is protected",
        ),
        (PlanRequest(track=False, track_only=True), None, errors.UsageError, "contradict each other"),
        (
            PlanRequest(track_only=True, remove=(ModelRef(OR, "x"),)),
            None,
            errors.UsageError,
            "track-rule additions and nothing else",
        ),
    ],
)
def test_library_request_mistakes_name_no_cli_flag(
    request_: PlanRequest, providers: list[str] | None, error: type[errors.ModelctlError], words: str
) -> None:
    """The CLI checks its flags in modelctl.arguments before any fetch; the planner checks a
    library request again, in words a Python caller can act on (no '--flag' in message or hint)."""
    config, registry, catalogs = _example()
    with pytest.raises(error) as caught:
        modelctl.build_plan(config, registry, catalogs, providers=providers, request=request_)
    assert words in caught.value.message
    assert "--" not in str(caught.value), str(caught.value)
