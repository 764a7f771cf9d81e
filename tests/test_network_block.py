"""The suite's network block (tests/netblock/): loopback works, anything else fails at once."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
import requests

from modelctl.catalog import fetch_body
from modelctl.errors import ProviderError
from modelctl.http import HttpSettings, make_session
from modelctl.providers.registry import load_registry

from faultserver import FaultServer


def test_name_lookup_of_a_public_host_fails_like_an_unknown_name() -> None:
    with pytest.raises(socket.gaierror, match=r"network blocked in tests: look-up of 'openrouter\.ai'"):
        socket.getaddrinfo("openrouter.ai", 443)


def test_connect_to_a_public_address_is_refused_before_any_packet() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(OSError, match="blocked"):
        sock.connect(("1.1.1.1", 443))


def test_loopback_still_works(fault_server: FaultServer) -> None:
    resp = requests.get(fault_server.url("nvidia", "models"), timeout=30)
    assert resp.status_code == 200 and resp.json()["data"]


def test_a_provider_fetch_fails_clearly_instead_of_trying_dns() -> None:
    spec = load_registry(None, env={}).specs["openrouter"]
    settings = HttpSettings(timeout=30, retries=0)
    with make_session(settings) as session, pytest.raises(ProviderError) as caught:
        fetch_body(session, spec, "models", spec.endpoints["models"], settings, {})
    assert str(caught.value).startswith("openrouter: https://openrouter.ai/")


def test_python_subprocesses_are_blocked_too() -> None:
    code = (
        "import socket\ntry:\n    socket.getaddrinfo('example.com', 80)\nexcept OSError as e:\n    print(e)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "network blocked in tests: look-up of 'example.com'" in proc.stdout
