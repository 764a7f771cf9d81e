"""Issue 16: a provider declared in providers.yaml with no Python module, served from 127.0.0.1.

Two declarations, no code: ``groq`` (Groq's real OpenAI-compatible ``/openai/v1/models`` list,
which has no prices) and ``gateway`` (an OpenAI-compatible router with prices: the real full
Requesty body, read through price paths). ``modelctl plan`` fetches both over HTTP from a local
server, plans removals, updates and track-rule additions, never invents a price, and after
``modelctl apply`` a second plan proposes nothing. The snapshot written by ``catalog fetch``
plans the same changes offline.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from modelctl.providers.registry import load_plugins

from helpers import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "providers"
GROQ_BODY = (FIXTURES / "groq" / "models-list-2026.json").read_bytes()
GATEWAY_BODY = (FIXTURES / "requesty" / "models-full-2026-10-09.json").read_bytes()
PRICES = ("input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost")


class _Handler(BaseHTTPRequestHandler):
    bodies: ClassVar[dict[str, bytes]] = {}
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("Authorization")))
        body = self.bodies.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Server:
    url: str
    seen: list[tuple[str, str | None]]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    handler = type(
        "Handler",
        (_Handler,),
        {"bodies": {"/openai/v1/models": GROQ_BODY, "/router/v1/models": GATEWAY_BODY}, "seen": []},
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", handler.seen)  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()


PROVIDERS_YAML = """\
format_version: 1
providers:
  groq:
    description: Groq (declared only; its model list has no prices)
    endpoints:
      models: {url}/openai/v1/models
    match: {{prefix: groq/}}
    limits:
      max_input_tokens: context_window
      max_output_tokens: max_completion_tokens
    api_key_env: GROQ_API_KEY
    new_entry:
      api_key: os.environ/GROQ_API_KEY
    naming:
      prefix: groq-
      replace: [["/", "-"]]
    track:
      - name: llama
        include: ["llama-*", "meta-llama/llama-4-*"]
        min_context: 100000
  gateway:
    description: an OpenAI-compatible router that publishes prices (USD per token)
    endpoints:
      models: {url}/router/v1/models
    match: {{prefix: openai/, api_base_contains: "127.0.0.1"}}
    pricing:
      input: input_price
      output: output_price
      cache_read: cached_price
      per_tokens: 1
    limits:
      max_input_tokens: context_window
      max_output_tokens: max_output_tokens
    api_key_env: GATEWAY_API_KEY
    new_entry:
      api_base: {url}/router/v1
      api_key: os.environ/GATEWAY_API_KEY
    naming: {{last_segment: true, replace: []}}
    track:
      - name: cheap-claude
        include: ["anthropic/*"]
        max_input_per_m: 1
"""


def in_sync(model_id: str) -> dict[str, float]:
    """The gateway's prices of one model, as the config holds them when nothing drifted."""
    [item] = [i for i in json.loads(GATEWAY_BODY)["data"] if i["id"] == model_id]
    paths = {"input_cost_per_token": "input_price", "output_cost_per_token": "output_price"}
    paths["cache_read_input_token_cost"] = "cached_price"
    return {field: float(item[path]) for field, path in paths.items() if item.get(path) is not None}


def config_yaml(url: str) -> str:
    gateway = {"api_base": f"{url}/router/v1", "api_key": "os.environ/GATEWAY_API_KEY"}
    entries: list[dict[str, Any]] = [
        # Groq: hand-set prices stay (the list has none); two retired ids go
        {"model_name": "llama-70b", "litellm_params": {"model": "groq/llama-3.3-70b-versatile",
                                                       "input_cost_per_token": 5.9e-07,
                                                       "output_cost_per_token": 7.9e-07}},
        {"model_name": "llama-8b", "litellm_params": {"model": "groq/llama-3.1-8b-instant"}},
        {"model_name": "gpt-oss", "litellm_params": {"model": "groq/openai/gpt-oss-120b"}},
        {"model_name": "kimi", "litellm_params": {"model": "groq/moonshotai/kimi-k2-instruct"}},
        {"model_name": "mixtral", "litellm_params": {"model": "groq/mixtral-8x7b-32768"}},
        {"model_name": "gemma", "litellm_params": {"model": "groq/gemma2-9b-it"}},
        # the gateway: one stale price, one retired id, one in sync
        {"model_name": "haiku", "litellm_params": {"model": "openai/anthropic/claude-haiku-5-5", **gateway,
                                                   "input_cost_per_token": 2e-07,
                                                   "output_cost_per_token": 5e-07}},
        {"model_name": "opus-3", "litellm_params": {"model": "openai/anthropic/claude-3-opus", **gateway,
                                                    "input_cost_per_token": 1.5e-05,
                                                    "output_cost_per_token": 7.5e-05}},
        {"model_name": "sonnet", "litellm_params": {"model": "openai/anthropic/claude-sonnet-4-5", **gateway,
                                                    **in_sync("anthropic/claude-sonnet-4-5")}},
    ]  # fmt: skip
    return "general_settings:\n  master_key: os.environ/LITELLM_MASTER_KEY\n" + yaml.safe_dump(
        {"model_list": entries}, sort_keys=False
    )


@dataclass
class World:
    root: Path
    config: Path
    providers: Path
    server: Server


@pytest.fixture
def world(tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROQ_API_KEY", "gsk-test-secret-123456")
    config = tmp_path / "config.yaml"
    config.write_text(config_yaml(server.url), encoding="utf-8")
    providers = tmp_path / "providers.yaml"
    providers.write_text(PROVIDERS_YAML.format(url=server.url), encoding="utf-8")
    return World(tmp_path, config, providers, server)


def plan_json(world: World, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[dict[str, Any], str]:
    out = world.root / "plan.json"
    result = run_cli(
        capsys,
        "plan",
        "-c",
        world.config,
        "--providers",
        world.providers,
        "-o",
        out,
        "--format",
        "json",
        *extra,
    )
    assert result.code == 0, result.err
    return json.loads(out.read_text("utf-8")), result.err


def changes(plan: dict[str, Any], provider: str, action: str) -> list[dict[str, Any]]:
    return [c for c in plan["changes"] if c["provider"] == provider and c["action"] == action]


def test_no_python_module_is_involved() -> None:
    plugins = load_plugins()
    assert "groq" not in plugins and "gateway" not in plugins


def test_declared_providers_plan_removals_updates_and_additions(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, err = plan_json(world, capsys)
    assert plan["providers"]["groq"]["status"] == "ok" and plan["providers"]["groq"]["models"] == 20
    assert plan["providers"]["gateway"]["models"] == 781

    # groq: retired ids removed; no price written anywhere (the list has none)
    assert {c["model"] for c in changes(plan, "groq", "remove")} == {
        "groq/mixtral-8x7b-32768",
        "groq/gemma2-9b-it",
    }
    assert changes(plan, "groq", "update") == []
    groq_items = json.loads(GROQ_BODY)["data"]
    expected = [
        "groq/" + i["id"]
        for i in groq_items
        if (i["id"].startswith("llama-") or i["id"].startswith("meta-llama/llama-4-"))
        and i["context_window"] >= 100_000
        and i["id"] not in ("llama-3.3-70b-versatile", "llama-3.1-8b-instant")
    ]
    groq_adds = changes(plan, "groq", "add")
    assert [c["model"] for c in groq_adds] == expected and len(expected) == 2
    for change in groq_adds:
        assert change["rule"] == "llama"
        assert not set(change["fields"]) & set(PRICES)  # never an invented price
        assert change["fields"]["api_key"]["after"] == "os.environ/GROQ_API_KEY"
        model_id = change["model"].removeprefix("groq/")
        assert change["model_name"] == "groq-" + model_id.replace("/", "-")
        assert any(f"'{model_id}' has no known price" in n for n in plan["notes"])
    added_values = [op["value"] for op in plan["patch"] if op["op"] == "add" and op["path"].count("/") == 2]
    assert all(
        not set(v["litellm_params"]) & set(PRICES)
        for v in added_values
        if v["litellm_params"]["model"].startswith("groq/")
    )

    # the gateway: price update, retired id removed, cheap Claude models added with prices
    [update] = changes(plan, "gateway", "update")
    assert update["model"] == "openai/anthropic/claude-haiku-5-5"
    assert update["fields"]["input_cost_per_token"] == {"before": 2e-07, "after": 1e-07}
    assert [c["model"] for c in changes(plan, "gateway", "remove")] == ["openai/anthropic/claude-3-opus"]
    items = json.loads(GATEWAY_BODY)["data"]
    cheap = [
        i
        for i in items
        if i["id"].startswith("anthropic/")
        and Decimal(str(i["input_price"])) * 1_000_000 <= 1
        and i["id"] not in ("anthropic/claude-haiku-5-5", "anthropic/claude-sonnet-4-5")
    ]
    gateway_adds = changes(plan, "gateway", "add")
    assert [c["model"] for c in gateway_adds] == ["openai/" + i["id"] for i in cheap]
    for change, item in zip(gateway_adds, cheap, strict=True):
        assert change["fields"]["input_cost_per_token"]["after"] == float(item["input_price"])
        assert change["api_base"] == f"{world.server.url}/router/v1"

    # the key went to Groq as a Bearer token and nowhere into the plan or the output
    assert ("/openai/v1/models", "Bearer gsk-test-secret-123456") in world.server.seen
    assert "gsk-test-secret-123456" not in json.dumps(plan) + err


def test_apply_then_plan_again_proposes_nothing(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    first, _ = plan_json(world, capsys)
    assert first["summary"]["add"] >= 3
    applied = run_cli(capsys, "apply", world.root / "plan.json")
    assert applied.code == 0, applied.err
    data = yaml.safe_load(world.config.read_text("utf-8"))
    [scout] = [
        e["litellm_params"]
        for e in data["model_list"]
        if e["litellm_params"]["model"] == "groq/meta-llama/llama-4-scout-17b-16e-instruct"
    ]
    assert scout == {
        "model": "groq/meta-llama/llama-4-scout-17b-16e-instruct",
        "api_key": "os.environ/GROQ_API_KEY",
    }  # no price: set it by hand (the plan's note says so)
    second, _ = plan_json(world, capsys)
    assert second["patch"] == [] and second["changes"] == []


def test_snapshot_of_a_declared_provider_plans_the_same(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    live, _ = plan_json(world, capsys)
    fetched = run_cli(capsys, "catalog", "fetch", "--providers", world.providers, "-o", world.root / "snap")
    assert fetched.code == 0, fetched.err
    assert (world.root / "snap" / "groq.json").read_bytes() == GROQ_BODY
    offline, _ = plan_json(world, capsys, "--catalog-dir", str(world.root / "snap"))
    assert offline["changes"] == live["changes"] and offline["patch"] == live["patch"]
