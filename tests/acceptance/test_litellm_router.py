"""The applied config is a valid LiteLLM model_list: ``litellm.Router`` accepts every entry.

Offline end to end: plan against examples/catalogs (with an addition and sorting moves, so every
kind of patch op is exercised), apply, then build a real Router from the written YAML. No
network: LITELLM_LOCAL_MODEL_COST_MAP=True is set before litellm is imported (else its import
fetches the model cost map from GitHub), and every non-loopback connect or DNS lookup fails the
test. Environment references (``os.environ/NAME``) get fake values: never real keys.
"""

from __future__ import annotations

import importlib
import re
import shutil
import socket
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from modelctl.cli import main

from helpers import EXAMPLE_PROVIDERS, SEED_CONFIG

REPO = Path(__file__).resolve().parents[2]
CATALOGS = REPO / "examples" / "catalogs"
LOOPBACK = {"localhost", "127.0.0.1", "::1", None}


class NetworkBlocked(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail every non-loopback connection or DNS lookup, and record the attempts."""
    attempts: list[str] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def _check(sock: socket.socket, address: Any) -> None:
        if sock.family == getattr(socket, "AF_UNIX", None):
            return
        host = address[0] if isinstance(address, tuple) else address
        if host not in LOOPBACK:
            attempts.append(f"connect {address!r}")
            raise NetworkBlocked(f"network access in a test: connect to {address!r}")

    def connect(sock: socket.socket, address: Any) -> None:
        _check(sock, address)
        real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        _check(sock, address)
        return real_connect_ex(sock, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK:
            attempts.append(f"getaddrinfo {host!r}")
            raise NetworkBlocked(f"network access in a test: DNS lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts


def _import_litellm(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # Read at import time: use the cost map bundled with litellm instead of fetching it.
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    return importlib.import_module("litellm")


def _deployments(router: Any, model_name: str | None = None) -> list[Any]:
    """Deployments through the non-deprecated API of the installed litellm.

    Recent litellm has ``Router.registry()`` and deprecates ``model_list`` / ``get_model_list``
    (a DeprecationWarning, an error under this suite's filterwarnings); older ones have only those.
    """
    registry = getattr(router, "registry", None)
    if callable(registry):
        reg = registry()
        return list(reg.all() if model_name is None else reg.deployments(model_name))
    if model_name is None:
        return list(router.model_list)
    return list(router.get_model_list(model_name=model_name) or [])


def test_applied_config_loads_into_a_litellm_router(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    shutil.copyfile(SEED_CONFIG, config)
    config.chmod(0o644)
    shutil.copyfile(EXAMPLE_PROVIDERS, tmp_path / "providers.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    code = main(
        [
            "plan",
            "--providers",
            "providers.yaml",
            "--catalog-dir",
            str(CATALOGS),
            "-o",
            "plan.json",
            "--add-model",
            "openrouter:google/gemini-3.7-flash",
            "--sort",
            "-q",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert main(["apply", "plan.json", "-q"]) == 0, capsys.readouterr().err

    text = config.read_text(encoding="utf-8")
    for name in sorted(set(re.findall(r"os\.environ/([A-Za-z_][A-Za-z0-9_]*)", text))):
        fake = "https://fake.invalid/v1" if "BASE" in name else f"fake-{name.lower()}"
        monkeypatch.setenv(name, fake)
    entries: list[dict[str, Any]] = yaml.safe_load(text)["model_list"]
    assert any(e["litellm_params"]["model"] == "openrouter/google/gemini-3.7-flash" for e in entries)

    litellm = _import_litellm(monkeypatch)
    router = litellm.Router(model_list=[dict(e) for e in entries])

    assert len(_deployments(router)) == len(entries)
    groups = Counter(e["model_name"] for e in entries)
    for model_name, count in groups.items():
        deployments = _deployments(router, model_name)
        assert len(deployments) == count, model_name
        assert sorted(d["litellm_params"]["model"] for d in deployments) == sorted(
            e["litellm_params"]["model"] for e in entries if e["model_name"] == model_name
        )
    assert no_network == []
