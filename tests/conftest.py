"""Shared pytest fixtures, and the network block every test runs under.

Layout: ``tests/test_<module>.py`` test one module of ``modelctl/`` (``test_planner.py``,
``test_yamledit.py``, ...); ``tests/acceptance/`` holds the tests that drive the CLI end to end or
check an acceptance rule of the whole tool (the bundled example's plan, the README, workflows,
packaging, lint). Both import the helpers here (``helpers``, ``faultserver``, ...) as top-level
modules, so a test file's name must be unique across the two folders.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import liveconfig  # noqa: F401  (refuses reads of the repository's live config.yaml/providers.yaml)
import pytest

from faultserver import FaultServer
from netblock.netblock import install

NETBLOCK_DIR = Path(__file__).resolve().parent / "netblock"


@pytest.fixture(autouse=True)
def _block_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reaches the network, in this process or in a Python subprocess it starts
    (``tests/netblock/``): loopback servers work, anything else fails at once, naming the host."""
    existing = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(NETBLOCK_DIR), *([existing] if existing else [])]))
    uninstall = install()
    try:
        yield
    finally:
        uninstall()


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    """A fault-injection HTTP server on 127.0.0.1 serving every provider's real payload."""
    with FaultServer() as server:
        yield server
