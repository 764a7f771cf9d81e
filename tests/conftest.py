"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from faultserver import FaultServer


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    """A fault-injection HTTP server on 127.0.0.1 serving every provider's real payload."""
    with FaultServer() as server:
        yield server
