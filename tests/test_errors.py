"""modelctl/errors.py: errors carry their place as fields and render it in one way."""

from __future__ import annotations

import pytest

from modelctl.errors import ConfigError, ModelctlError, PlanRejectedError, ProviderError, ProvidersFileError


def test_fields_render_as_one_location_prefix() -> None:
    error = ProvidersFileError(
        "unknown key 'prefx'",
        hint="did you mean 'prefix'?",
        path="providers.yaml",
        line=12,
        column=5,
        key="providers.openrouter.match[0]",
    )
    assert error.message == "unknown key 'prefx'"
    assert (error.path, error.line, error.column) == ("providers.yaml", 12, 5)
    assert error.location == "providers.yaml:12:5: providers.openrouter.match[0]"
    assert str(error) == (
        "providers.yaml:12:5: providers.openrouter.match[0]: unknown key 'prefx' (did you mean 'prefix'?)"
    )


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({}, "bad"),
        ({"path": "config.yaml"}, "config.yaml: bad"),
        ({"path": "config.yaml", "line": 3}, "config.yaml:3: bad"),
        ({"key": "model_list[2]"}, "model_list[2]: bad"),
        ({"path": "c.yaml", "key": "model_list[2]"}, "c.yaml: model_list[2]: bad"),
    ],
)
def test_partial_locations(fields: dict[str, object], shown: str) -> None:
    assert str(ConfigError("bad", **fields)) == shown  # type: ignore[arg-type]


def test_provider_error_keeps_provider_fields() -> None:
    error = ProviderError("HTTP 401", provider="poe", url="https://api.poe.com/v1/models", status=401)
    assert (error.provider, error.url, error.status) == ("poe", "https://api.poe.com/v1/models", 401)
    assert str(error) == "poe: https://api.poe.com/v1/models: HTTP 401"
    assert error.detail == "https://api.poe.com/v1/models: HTTP 401"  # what a per-provider report shows
    assert ProviderError("gone", provider="x", hint="retry").detail == "gone (retry)"
    assert isinstance(PlanRejectedError("x"), ModelctlError)
