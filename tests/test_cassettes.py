"""Recorded HTTP per provider (vcrpy), replayed through the live fetch path.

The cassettes are built by tests/make_cassettes.py from the real payloads. vcrpy matches a
request on method, scheme, host, port, path and query (its default ``match_on``), so the
cassette URLs must be exactly the ones providers.yaml declares; headers are not matched, so a
request carrying an API key still finds its interaction, and with ``record_mode="none"`` nothing
is ever written back.

The key test: planning from a cassette (``fetch_catalogs`` over a real ``requests.Session``)
gives the same ``changes`` and ``patch`` as planning from a snapshot folder holding the same
bodies (``load_snapshots``).

vcrpy is not thread-safe (kevin1024/vcrpy#295, #212, #849): OpenRouter's two endpoints, fetched
at once by ``fetch_catalogs``, sometimes fail during replay. The tests therefore give
``fetch_catalogs`` a session from ``make_session`` whose requests run one at a time
(``serialized``); everything else (adapters, retries, headers, streaming) is modelctl's own.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests
import vcr
from vcr.serialize import deserialize
from vcr.serializers import yamlserializer

from modelctl.catalog import fetch_catalogs, load_snapshots
from modelctl.commands import fetching
from modelctl.config import parse_config
from modelctl.http import HttpSettings, make_session
from modelctl.plan import PatchOp, Plan, read_plan
from modelctl.planner import PlanRequest, build_plan
from modelctl.records import Catalog

from helpers import run_cli
from make_cassettes import FAKE_KEY, FILTER_HEADERS, render_cassette
from provider_catalogs import (
    ALL_PROVIDERS,
    NOW,
    PLUGINS,
    REGISTRY,
    SEED_CONFIG_COPY,
    all_enabled_providers_file,
    real_bodies,
    real_snapshot_dir,
)

CASSETTES = Path(__file__).resolve().parent / "cassettes"
SECRET = "sk-live-0123456789abcdef-never-recorded"
GENEROUS = 600.0
"""Client deadline for replays: a loaded machine must never turn a slow replay into a retry (a
cassette holds one response per request, so a retry could only fail)."""


def cassette(provider: str) -> Path:
    return CASSETTES / f"{provider}.yaml"


@contextlib.contextmanager
def replaying(provider: str) -> Iterator[None]:
    path = cassette(provider)
    before = path.read_bytes()
    with vcr.use_cassette(str(path), record_mode="none", filter_headers=list(FILTER_HEADERS)):
        yield
    assert path.read_bytes() == before  # replay never rewrites a cassette


def serialized(session: requests.Session) -> requests.Session:
    """The same session, but one request at a time, each body read before the next starts."""
    lock = threading.Lock()
    send = session.request

    @functools.wraps(send)
    def request(*args: object, **kwargs: object) -> requests.Response:
        with lock:
            response = send(*args, **kwargs)  # type: ignore[arg-type]
            _ = response.content
            return response

    setattr(session, "request", request)  # noqa: B010 - assigning a method needs setattr for mypy
    return session


def make_serial_session(settings: HttpSettings) -> requests.Session:
    return serialized(make_session(settings))


def _env() -> dict[str, str]:
    """Every provider's key set, so Authorization headers are really sent during replay."""
    return {s.api_key_env: SECRET for s in REGISTRY.specs.values() if s.api_key_env}


def fetch_live(provider: str) -> tuple[Catalog, dict[str, bytes]]:
    settings = HttpSettings(retries=0, timeout=GENEROUS)
    spec = REGISTRY.specs[provider]
    with replaying(provider), make_serial_session(settings) as session:
        catalogs, bodies = fetch_catalogs([spec], PLUGINS, session, settings, _env())
    return catalogs[provider], {b.endpoint: b.data for b in bodies[provider]}


# -- the cassette files ------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ALL_PROVIDERS)
def test_cassette_urls_are_the_declared_endpoints(provider: str) -> None:
    requests_, responses = deserialize(cassette(provider).read_text("utf-8"), yamlserializer)
    spec = REGISTRY.specs[provider]
    assert [r.uri for r in requests_] == list(spec.endpoints.values())
    assert all(r.method == "GET" for r in requests_)
    assert [r["status"]["code"] for r in responses] == [200] * len(spec.endpoints)
    assert [r["body"]["string"] for r in responses] == list(real_bodies(provider).values())


@pytest.mark.parametrize("provider", ALL_PROVIDERS)
def test_cassettes_hold_no_credentials(provider: str) -> None:
    text = cassette(provider).read_text("utf-8")
    requests_, _ = deserialize(text, yamlserializer)
    for request in requests_:
        assert {h.lower() for h in request.headers} & set(FILTER_HEADERS) == set()
        assert request.headers["User-Agent"].startswith("modelctl/")
    for needle in ("Bearer", FAKE_KEY, SECRET, "Authorization", "x-api-key", "nvapi-"):
        assert needle not in text


@pytest.mark.parametrize("provider", ALL_PROVIDERS)
def test_cassette_bodies_are_readable_text(provider: str) -> None:
    text = cassette(provider).read_text("utf-8")
    assert "!!binary" not in text
    assert text.count("      string: |") == len(REGISTRY.specs[provider].endpoints)
    assert "Content-Encoding" not in text
    assert '"data": [' in text or '"data":[' in text  # the JSON is greppable as is


@pytest.mark.parametrize("provider", ALL_PROVIDERS)
def test_cassettes_are_up_to_date(provider: str) -> None:
    """Regenerate with: python tests/make_cassettes.py"""
    assert cassette(provider).read_text("utf-8") == render_cassette(provider)


# -- replay through the live path --------------------------------------------------------------


@pytest.mark.parametrize("provider", ALL_PROVIDERS)
def test_replay_gives_the_real_bodies(provider: str) -> None:
    catalog, bodies = fetch_live(provider)
    assert catalog.ok, catalog.error
    assert catalog.source == "live"
    assert bodies == real_bodies(provider)
    assert [e.origin for e in catalog.endpoints] == list(REGISTRY.specs[provider].endpoints.values())


def test_unrecorded_url_is_not_fetched() -> None:
    """record_mode='none': a request without an interaction fails instead of going out."""
    spec = REGISTRY.specs["nvidia"]
    moved = replace(spec, endpoints={"models": "https://integrate.api.nvidia.com/v2/models"})
    settings = HttpSettings(retries=0, timeout=GENEROUS)
    with (
        replaying("nvidia"),
        make_serial_session(settings) as session,
        pytest.raises(vcr.errors.CannotOverwriteExistingCassetteException),
    ):
        fetch_catalogs([moved], PLUGINS, session, settings, {})


def _comparable(plan: Plan) -> tuple[list[dict[str, object]], list[PatchOp]]:
    return [c.to_json() for c in plan.changes], plan.patch


def test_live_and_snapshot_plans_are_identical(tmp_path: Path) -> None:
    """All seven providers on the seed config: cassettes (live) == snapshot folder."""
    raw = SEED_CONFIG_COPY.read_bytes()
    doc = parse_config(tmp_path / "config.yaml", raw)
    specs = [REGISTRY.specs[p] for p in ALL_PROVIDERS]
    live = {p: fetch_live(p)[0] for p in ALL_PROVIDERS}
    snapshots = load_snapshots(specs, PLUGINS, real_snapshot_dir(tmp_path / "catalogs"))
    request = PlanRequest(allow_mass_removal=True)
    live_plan = build_plan(doc, REGISTRY, specs, live, request, now=NOW)
    snapshot_plan = build_plan(doc, REGISTRY, specs, snapshots, request, now=NOW)
    assert live_plan.summary == {"add": 0, "update": 41, "remove": 38, "move": 0}
    assert _comparable(live_plan) == _comparable(snapshot_plan)
    assert {n: s.source for n, s in live_plan.providers.items()} == dict.fromkeys(ALL_PROVIDERS, "live")
    for name in ALL_PROVIDERS:  # same bytes: the recorded sha256 of every endpoint agrees
        assert [e["sha256"] for e in live_plan.providers[name].endpoints] == [
            e["sha256"] for e in snapshot_plan.providers[name].endpoints
        ]


@pytest.mark.parametrize(
    ("provider", "add"),
    [
        ("openrouter", "z-ai/glm-5.2"),
        ("requesty", "alibaba/qwen3.7-max"),
        ("novita", "lzlv_70b"),
        ("nano_gpt", "zai-org/glm-5"),
        ("vercel", "zai/glm-5"),
        ("poe", "glm-5"),
        ("nvidia", "z-ai/glm5"),
    ],
)
def test_cli_live_plan_equals_snapshot_plan(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    provider: str,
    add: str,
) -> None:
    """``modelctl plan`` without --catalog-dir (the network path) under the cassette."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fetching, "make_session", make_serial_session)
    for name, value in _env().items():
        monkeypatch.setenv(name, value)
    config = tmp_path / "config.yaml"
    config.write_bytes(SEED_CONFIG_COPY.read_bytes())
    providers = all_enabled_providers_file(tmp_path / "providers.yaml")
    args: list[str | Path] = [
        "plan",
        "-c",
        config,
        "--providers",
        providers,
        "-p",
        provider,
        "--add-model",
        add,
        "--allow-mass-removal",
        "--sort",
        "--timeout",
        str(GENEROUS),
    ]
    with replaying(provider):
        live = run_cli(capsys, *args, "-o", tmp_path / "live.json")
    assert live.code == 0, live.err
    snapshot_dir = real_snapshot_dir(tmp_path / "catalogs", [provider])
    snap = run_cli(capsys, *args, "--catalog-dir", snapshot_dir, "-o", tmp_path / "snap.json")
    assert snap.code == 0, snap.err
    live_plan, snap_plan = read_plan(tmp_path / "live.json"), read_plan(tmp_path / "snap.json")
    assert live_plan.summary["add"] == (2 if provider == "openrouter" else 1)  # + the free twin
    assert _comparable(live_plan) == _comparable(snap_plan)
    assert SECRET not in (tmp_path / "live.json").read_text("utf-8")
