"""Provider faults over real HTTP (tests/faultserver.py): a failing provider is never pruned.

For every provider x fault, through ``fetch_catalogs`` + ``build_plan`` on the real seed config:
the faulted provider is marked failed with an error naming the provider, the URL and the HTTP
status (when there was one), it gets no removal and no repricing, and a healthy provider fetched
in the same run still gets exactly the changes it gets on its own. Retries come from
``fetch_body``'s own loop (modelctl/catalog/request.py). A handful of end-to-end CLI runs check
the exit codes.

Speed: one retry and no backoff; ``--timeout`` is a deadline per provider (body included), so the
healthy runs get a roomy 10 s and the timeout fault 3 s (1 s when no healthy witness shares the
deadline): the server holds that answer until the test ends, so the deadline always runs out
first, however loaded the machine;
``MAX_RETRY_AFTER`` is cut to 0.05 s in the matrix (two tests keep the real ``Retry-After: 1``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from functools import cache, partial
from pathlib import Path

import pytest

from modelctl import http
from modelctl.catalog import Body, build_catalog, fetch_body, fetch_catalogs
from modelctl.config import ConfigDoc, parse_config
from modelctl.errors import ProviderError
from modelctl.http import HttpSettings, make_session
from modelctl.plan import Plan
from modelctl.planner import PlanRequest, build_plan
from modelctl.providers.registry import Registry, load_plugins, load_registry
from modelctl.records import PRICE_FIELDS, Catalog

from faultserver import PROVIDERS, FaultServer, with_negative_prices
from helpers import SEED_CONFIG, run_cli
from provider_catalogs import envelope, real_bodies, real_catalog

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
CAP = 2 * 1024 * 1024  # over every real payload (OpenRouter's is 1.28 MB), under the oversize body
FAST = HttpSettings(timeout=10, retries=1, backoff=0.0, max_bytes=CAP)
PATIENT = HttpSettings(timeout=30, retries=1, backoff=0.0, max_bytes=CAP)  # room for Retry-After: 1
FASTER = HttpSettings(timeout=1.0, retries=1, backoff=0.0, max_bytes=CAP)  # the timeout fault, alone
#: the timeout fault with a healthy witness in the same run: the witness's fetch must fit in the
#: deadline too, so it gets room to spare on a loaded machine (the faulted answer is held anyway)
WITNESSED_TIMEOUT = HttpSettings(timeout=3.0, retries=1, backoff=0.0, max_bytes=CAP)
PLUGINS = load_plugins()
KEY_ENVS = ("REQUESTY_API_KEY", "NANOGPT_API_KEY", "POE_API_KEY", "NOVITA_API_KEY")

#: fault -> text the provider's error must contain (besides its name and URL)
FAILING: dict[str, tuple[str, ...]] = {
    "timeout": ("no answer within 3s",),
    "reset": ("connection failed after retries", "ConnectionResetError"),
    "429_always": ("HTTP 429",),
    "500": ("HTTP 500",),
    "503": ("HTTP 503",),
    "404": ("HTTP 404",),
    "html": ("HTTP 200", "not valid JSON", "<!DOCTYPE html>"),
    "truncated": ("HTTP 200", "not valid JSON"),
    "short_read": ("HTTP 200", "IncompleteRead"),
    "empty_data": ("HTTP 200", "'data' is empty"),
    "data_not_list": ("HTTP 200", "'data' is dict, not a list"),
    "items_not_objects": ("HTTP 200", "data[0] is int, not an object"),
    "oversize": ("HTTP 200", "2,097,152-byte cap"),
    "oversize_chunked": ("HTTP 200", "2,097,152-byte cap"),
}
#: the endpoints a fault is injected into: every provider's model list, and OpenRouter's
#: secondary embeddings list (which must succeed too)
TARGETS = [(p, "models") for p in PROVIDERS] + [("openrouter", "embeddings")]


@pytest.fixture(autouse=True)
def _quick_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "MAX_RETRY_AFTER", 0.05)


@cache
def seed() -> ConfigDoc:
    return parse_config(SEED_CONFIG, SEED_CONFIG.read_bytes())


@cache
def _registry(base_url: str, env: tuple[tuple[str, str], ...]) -> Registry:
    return load_registry(None, env=dict(env))


def registry(server: FaultServer) -> Registry:
    return _registry(server.base_url, tuple(sorted(server.env().items())))


def witness_for(provider: str) -> str:
    """A healthy provider with changes on the seed config, fetched in the same run."""
    return "poe" if provider == "openrouter" else "openrouter"


@cache
def witness_body(provider: str) -> bytes:
    """The real main body cut to the items the seed config uses (keeps the matrix fast)."""
    reg = load_registry(None)
    owned = {
        owner[1]
        for entry in seed().entries
        if (owner := reg.owner(entry["litellm_params"])) and owner[0].name == provider
    }
    items = json.loads(real_bodies(provider)["models"])["data"]
    return envelope(provider, [item for item in items if item["id"] in owned])


@cache
def witness_changes(provider: str) -> list[dict[str, object]]:
    """The changes ``provider`` gets when planned alone from :func:`witness_body`."""
    bodies = {**real_bodies(provider), "models": witness_body(provider)}
    catalog = build_catalog(
        load_registry(None).specs[provider],
        PLUGINS[provider],
        [Body(e, f"{provider}.{e}", b) for e, b in bodies.items()],
        "live",
    )
    assert catalog.ok, catalog.error
    return plan_changes(provider, catalog)


def plan_changes(provider: str, catalog: Catalog) -> list[dict[str, object]]:
    reg = load_registry(None)
    plan = build_plan(
        seed(), reg, [reg.specs[provider]], {provider: catalog}, PlanRequest(allow_mass_removal=True), now=NOW
    )
    return [c.to_json() for c in plan.changes]


def fetch_and_plan(
    server: FaultServer, names: list[str], settings: HttpSettings = FAST
) -> tuple[dict[str, Catalog], Plan]:
    reg = registry(server)
    specs = [reg.specs[n] for n in names]
    with make_session(settings) as session:
        catalogs, _bodies = fetch_catalogs(specs, PLUGINS, session, settings, {})
    plan = build_plan(seed(), reg, specs, catalogs, PlanRequest(allow_mass_removal=True), now=NOW)
    return catalogs, plan


@cache
def healthy_changes(provider: str) -> list[dict[str, object]]:
    """The changes ``provider`` gets when planned alone from its real (unfaulted) payload."""
    return plan_changes(provider, real_catalog(provider))


@cache
def owned_indexes(provider: str) -> set[int]:
    reg = load_registry(None)
    return {
        i
        for i, e in enumerate(seed().entries)
        if (owner := reg.owner(e["litellm_params"])) and owner[0].name == provider
    }


def touched_indexes(plan: Plan) -> set[int]:
    """model_list indexes of the seed touched by non-test ops (the patch applies updates and
    removals before additions, so these indexes are indexes of the original list)."""
    out = set()
    for op in plan.patch:
        parts = op["path"].split("/")
        inside = len(parts) > 3 if op["op"] == "add" else len(parts) > 2  # not a new entry
        if op["op"] in ("replace", "remove", "add") and inside:
            out.add(int(parts[2]))
    return out


# -- the matrix -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", sorted(FAILING))
@pytest.mark.parametrize(("provider", "endpoint"), TARGETS, ids=[f"{p}-{e}" for p, e in TARGETS])
def test_fault_fails_only_that_provider(
    fault_server: FaultServer, provider: str, endpoint: str, fault: str
) -> None:
    fault_server.set_fault(provider, endpoint, fault)
    witness = witness_for(provider)
    fault_server.set_body(witness, "models", witness_body(witness))
    _catalogs, plan = fetch_and_plan(
        fault_server, [provider, witness], WITNESSED_TIMEOUT if fault == "timeout" else FAST
    )

    status = plan.providers[provider]
    assert status.status == "failed"
    assert status.models is None
    error = status.error or ""
    assert error.startswith(fault_server.url(provider, endpoint))  # the report adds the provider's name
    for text in FAILING[fault]:
        assert text in error, error
    assert not [c for c in plan.changes if c.provider == provider]
    assert not touched_indexes(plan) & owned_indexes(provider)
    assert plan.providers[witness].status == "ok"
    assert [c.to_json() for c in plan.changes] == witness_changes(witness)
    actions = {c["action"] for c in witness_changes(witness)}
    assert actions == {"update", "remove"}, "the witness must have changes to keep"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_negative_prices_are_unknown_not_a_failure(fault_server: FaultServer, provider: str) -> None:
    spec = registry(fault_server).specs[provider]
    body = with_negative_prices(fault_server.routes[f"/{provider}/models"].body, spec.price_paths)
    fault_server.set_fault(provider, "models", "negative_prices", body=body)
    catalogs, plan = fetch_and_plan(fault_server, [provider])
    assert plan.providers[provider].status == "ok", plan.providers[provider].error
    records = catalogs[provider].records
    assert records
    prices = [price for r in records.values() for price in r.prices.values()]
    assert all(price is None or price >= 0 for price in prices)
    if provider != "poe":  # Poe reads a free bot's (request "0.00") unknown prices as 0
        assert all(price is None for price in prices) or spec.default_cost is not None
    repriced = [c for c in plan.changes if c.action == "update" and set(c.fields) & set(PRICE_FIELDS)]
    assert not repriced
    healthy_removals = [c for c in healthy_changes(provider) if c["action"] == "remove"]
    assert [c.to_json() for c in plan.changes if c.action == "remove"] == healthy_removals


@pytest.mark.parametrize(("provider", "endpoint"), TARGETS, ids=[f"{p}-{e}" for p, e in TARGETS])
def test_one_429_then_success(fault_server: FaultServer, provider: str, endpoint: str) -> None:
    fault_server.set_fault(provider, endpoint, "429_then_ok", times=1)
    _catalogs, plan = fetch_and_plan(fault_server, [provider])
    assert plan.providers[provider].status == "ok", plan.providers[provider].error
    assert len(fault_server.hits(provider, endpoint)) == 2  # urllib3 Retry asked again
    assert [c.to_json() for c in plan.changes] == healthy_changes(provider)


@pytest.mark.parametrize("fault", ["500", "503", "reset"])
def test_transient_errors_are_retried(fault_server: FaultServer, fault: str) -> None:
    fault_server.set_fault("nvidia", "models", fault, times=1)
    _catalogs, plan = fetch_and_plan(fault_server, ["nvidia"])
    assert plan.providers["nvidia"].status == "ok", plan.providers["nvidia"].error
    assert len(fault_server.hits("nvidia")) == 2


def test_a_timeout_ends_the_provider_at_its_deadline(fault_server: FaultServer) -> None:
    """--timeout is a deadline per provider, retries included: a hung attempt used it all."""
    fault_server.set_fault("nvidia", "models", "timeout", times=1)
    _catalogs, plan = fetch_and_plan(fault_server, ["nvidia"], FASTER)
    assert plan.providers["nvidia"].status == "failed"
    assert "no answer within 1s from 127.0.0.1" in (plan.providers["nvidia"].error or "")
    assert len(fault_server.hits("nvidia")) == 1


@pytest.mark.parametrize(
    ("fault", "status", "body_start", "what"),
    [
        ("404", 404, '{"error": "injected 404"}', "HTTP 404 Not Found"),
        ("500", 500, '{"error": "injected 500"}', "HTTP 500 Internal Server Error"),
        ("timeout", None, None, "no answer within 1s"),
    ],
)
def test_a_provider_error_carries_its_place_as_fields(
    fault_server: FaultServer, fault: str, status: int | None, body_start: str | None, what: str
) -> None:
    """provider, url, status and body start are fields: nobody parses them back out of the text."""
    fault_server.set_fault("nvidia", "models", fault)
    url = fault_server.url("nvidia")
    with make_session(FASTER) as session, pytest.raises(ProviderError) as info:
        fetch_body(session, registry(fault_server).specs["nvidia"], "models", url, FASTER, {})
    error = info.value
    assert (error.provider, error.url, error.status, error.body_start) == ("nvidia", url, status, body_start)
    assert str(error).startswith(f"nvidia: {url}: {what}")


def test_retries_are_bounded(fault_server: FaultServer) -> None:
    fault_server.set_fault("nvidia", "models", "500")
    settings = HttpSettings(timeout=10, retries=3, backoff=0.0)
    _catalogs, plan = fetch_and_plan(fault_server, ["nvidia"], settings)
    assert plan.providers["nvidia"].status == "failed"
    assert len(fault_server.hits("nvidia")) == 4  # the first try and three retries


def test_every_endpoint_of_every_provider_fetched_once_when_healthy(fault_server: FaultServer) -> None:
    _catalogs, plan = fetch_and_plan(fault_server, list(PROVIDERS))
    assert all(s.status == "ok" for s in plan.providers.values())
    assert sorted(s.path for s in fault_server.seen) == sorted(f"/{p}/{e}" for p, e in TARGETS)


# -- the real Retry-After wait --------------------------------------------------------------------


@pytest.fixture
def real_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "MAX_RETRY_AFTER", 30.0)


@pytest.mark.usefixtures("real_retry_after")
def test_retry_after_is_honoured(fault_server: FaultServer) -> None:
    fault_server.set_fault("nvidia", "models", "429_then_ok", times=1)
    _catalogs, plan = fetch_and_plan(fault_server, ["nvidia"], PATIENT)
    assert plan.providers["nvidia"].status == "ok"
    first, second = fault_server.hits("nvidia")
    assert second.at - first.at >= 0.95  # Retry-After: 1


@pytest.mark.usefixtures("real_retry_after")
def test_always_429_fails_after_waiting(fault_server: FaultServer) -> None:
    fault_server.set_fault("poe", "models", "429_always")
    _catalogs, plan = fetch_and_plan(fault_server, ["poe", "nvidia"], PATIENT)
    assert plan.providers["poe"].status == "failed"
    assert "HTTP 429 Too Many Requests" in (plan.providers["poe"].error or "")
    first, second = fault_server.hits("poe")
    assert second.at - first.at >= 0.95
    assert plan.providers["nvidia"].status == "ok"


# -- end to end through the CLI -------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault_server: FaultServer) -> Iterator[Path]:
    """A folder with the seed config, the endpoints pointed at the fault server, no API keys."""
    (tmp_path / "config.yaml").write_bytes(SEED_CONFIG.read_bytes())
    monkeypatch.chdir(tmp_path)
    for name, url in fault_server.env().items():
        monkeypatch.setenv(name, url)
    for name in KEY_ENVS:
        monkeypatch.delenv(name, raising=False)
    # the CLI has no retry option: one retry, no backoff, like FAST
    monkeypatch.setattr(
        "modelctl.commands.fetching.HttpSettings", partial(HttpSettings, retries=1, backoff=0.0)
    )
    yield tmp_path


PLAN = ("plan", "-p", "openrouter", "-p", "nvidia", "--allow-mass-removal", "-o", "p.json")


def plan_args(faulted: str) -> tuple[str, ...]:
    """Plan the faulted provider with a healthy one that has changes on the seed config."""
    healthy = witness_for(faulted)
    return ("plan", "-p", faulted, "-p", healthy, "--allow-mass-removal", "-o", "p.json")


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("Error:")]


@pytest.mark.parametrize(
    ("provider", "endpoint", "fault", "expected"),
    [
        ("nvidia", "models", "html", "HTTP 200"),
        ("nvidia", "models", "503", "HTTP 503"),
        ("openrouter", "embeddings", "404", "HTTP 404"),
    ],
)
def test_cli_plan_exit_codes(
    capsys: pytest.CaptureFixture[str],
    project: Path,
    fault_server: FaultServer,
    provider: str,
    endpoint: str,
    fault: str,
    expected: str,
) -> None:
    fault_server.set_fault(provider, endpoint, fault)
    fault_server.set_body(witness_for(provider), "models", witness_body(witness_for(provider)))
    args = plan_args(provider)
    res = run_cli(capsys, *args)
    assert res.code == 1
    (line,) = _error_lines(res.err)
    assert f"{provider}: {fault_server.url(provider, endpoint)}" in line
    assert expected in line and "--allow-partial" in line
    assert not (project / "p.json").exists()  # no plan when a provider failed

    res = run_cli(capsys, *args, "--allow-partial")
    assert res.code == 0
    assert not _error_lines(res.err)
    assert "Warning: 1 provider(s) failed" in res.err and expected in res.err
    doc = json.loads((project / "p.json").read_text())  # a partial plan, applyable by choice
    assert doc["providers"][provider]["status"] == "failed"
    assert all(c["provider"] != provider for c in doc["changes"])
    assert doc["providers"][witness_for(provider)]["status"] == "ok"
    assert doc["complete"] is False and doc["applyable"] is True
    if fault != "html":
        return  # the exit codes below are the same for every fault

    res = run_cli(capsys, *args, "--allow-partial", "--detailed-exitcode")
    assert res.code == 2  # the healthy provider has changes on the seed config
    res = run_cli(capsys, *args, "--detailed-exitcode")
    assert res.code == 1  # a failure is never "changes present"


def test_cli_partial_without_changes_exits_0(
    capsys: pytest.CaptureFixture[str], project: Path, fault_server: FaultServer
) -> None:
    fault_server.set_fault("openrouter", "models", "500")
    args = (
        "plan",
        "-p",
        "openrouter",
        "-p",
        "nvidia",
        "-o",
        "p.json",
        "--allow-partial",
        "--detailed-exitcode",
    )
    res = run_cli(capsys, *args)
    assert res.code == 0, res.err  # Nvidia alone has no changes on the seed config
    assert json.loads((project / "p.json").read_text())["patch"] == []


def test_cli_timeout_option(
    capsys: pytest.CaptureFixture[str], project: Path, fault_server: FaultServer
) -> None:
    fault_server.set_fault("nvidia", "models", "timeout")
    res = run_cli(capsys, "plan", "-p", "nvidia", "--timeout", "1", "-o", "p.json")
    assert fault_server.holding() == 1  # the command gave up by itself: the server has not answered
    assert res.code == 1
    (line,) = _error_lines(res.err)
    assert f"nvidia: {fault_server.url('nvidia')}: no answer within 1s" in line


def test_cli_in_a_real_process(tmp_path: Path, fault_server: FaultServer) -> None:
    """The installed entry point in a fresh interpreter: exit code and one Error: line."""
    (tmp_path / "config.yaml").write_bytes(SEED_CONFIG.read_bytes())
    fault_server.set_fault("nvidia", "models", "truncated")
    env = {k: v for k, v in os.environ.items() if k not in KEY_ENVS}
    env.update(fault_server.env())
    proc = subprocess.run(
        [sys.executable, "-c", "from modelctl.cli import run; run()", *PLAN],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    (line,) = _error_lines(proc.stderr)
    assert f"nvidia: {fault_server.url('nvidia')}: HTTP 200: the body is not valid JSON" in line
    assert "Traceback" not in proc.stderr
