"""Providers are plugins: built-ins and third-party ones come through the same entry points."""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from modelctl.providers.base import Provider
from modelctl.providers.registry import BUILTIN_PLUGINS, ENTRY_POINT_GROUP, load_plugins

from helpers import run_cli

PLUGIN_SOURCE = '''
from modelctl.providers.base import Provider


class Acme(Provider):
    """A third-party provider whose catalog marks embedding models with 'kind'."""

    name = "acme"

    def mode(self, item, endpoint):
        return "embedding" if item.get("kind") == "embed" else None


PROVIDER = Acme()
'''

PROVIDERS_YAML = """\
format_version: 1
providers:
  acme:
    endpoints: {models: https://acme.invalid/v1/models}
    match: {prefix: acme/}
    pricing: {input: price.in, output: price.out, per_tokens: 1000000}
    naming: {prefix: acme-}
"""


def test_builtins_are_registered_as_entry_points() -> None:
    names = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert names >= set(BUILTIN_PLUGINS)
    plugins = load_plugins()
    assert all(isinstance(plugins[name], Provider) for name in BUILTIN_PLUGINS)


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site = tmp_path / "site"
    (site / "acme_modelctl").mkdir(parents=True)
    (site / "acme_modelctl" / "__init__.py").write_text(PLUGIN_SOURCE)
    dist = site / "acme_modelctl-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-modelctl\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nacme = acme_modelctl:PROVIDER\n")
    monkeypatch.syspath_prepend(str(site))
    project = tmp_path / "project"
    project.mkdir()
    (project / "providers.yaml").write_text(PROVIDERS_YAML)
    (project / "config.yaml").write_text(
        "model_list:\n"
        "- model_name: acme-chat\n"
        "  litellm_params: {model: acme/chat-1, input_cost_per_token: 1.0e-06}\n"
        "- model_name: acme-old\n"
        "  litellm_params: {model: acme/old-1}\n"
        "- model_name: acme-keep\n"
        "  litellm_params: {model: acme/keep-1}\n"
    )
    catalogs = project / "catalogs"
    catalogs.mkdir()
    (catalogs / "acme.json").write_text(
        json.dumps(
            {
                "data": [
                    {"id": "chat-1", "price": {"in": 2.5, "out": 10}},
                    {"id": "keep-1", "price": {"in": 1, "out": 1}},
                    {"id": "embed-1", "kind": "embed", "price": {"in": 0.02}},
                ]
            }
        )
    )
    monkeypatch.chdir(project)
    return project


def test_third_party_plugin_plans_adds_and_applies(capsys: pytest.CaptureFixture[str], acme: Path) -> None:
    assert type(load_plugins()["acme"]).__name__ == "Acme"
    res = run_cli(
        capsys,
        "plan",
        "--catalog-dir",
        "catalogs",
        "-o",
        "p.json",
        "--add-model",
        "embed-1",
        "--allow-mass-removal",
        "--format",
        "json",
    )
    assert res.code == 0, res.err
    plan = json.loads(res.out)
    by_action = {c["action"]: c for c in plan["changes"] if c["action"] != "update"}
    assert by_action["remove"]["model"] == "acme/old-1"
    assert by_action["add"]["model"] == "acme/embed-1"
    assert by_action["add"]["model_name"] == "acme-embed-1"
    assert by_action["add"]["fields"]["model_info.mode"]["after"] == "embedding"  # the plugin's hook
    update = next(c for c in plan["changes"] if c["model"] == "acme/chat-1")
    assert update["fields"]["input_cost_per_token"] == {"before": 1e-06, "after": 2.5e-06}
    assert run_cli(capsys, "apply", "p.json").code == 0
    assert "model: acme/embed-1" in (acme / "config.yaml").read_text()
