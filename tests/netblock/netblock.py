"""Block the network for a test process: name look-ups and connections reach loopback only.

Installed in the pytest process by ``tests/conftest.py`` and, through ``sitecustomize.py`` in
this folder (put on ``PYTHONPATH`` by the same fixture), in every Python subprocess a test
starts. A look-up of any other name fails the way an unknown name does (``socket.gaierror``), so
code under test takes its ordinary DNS-failure path and says so; a connection to any other
address raises :class:`NetworkBlockedError`. A vcrpy cassette miss or a forgotten snapshot then
fails at once, naming the host, instead of trying DNS.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class NetworkBlockedError(OSError):
    """A test tried to reach a host other than this machine's loopback."""


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def install() -> Callable[[], None]:
    """Block the network in this process; returns the function that lifts the block."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is None or is_loopback(host):
            return real_getaddrinfo(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, f"network blocked in tests: look-up of {host!r}")

    def check(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            raise NetworkBlockedError(f"network blocked in tests: connect to {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        check(self, address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(self, address)
        return real_connect_ex(self, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]

    def uninstall() -> None:
        socket.getaddrinfo = real_getaddrinfo
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]

    return uninstall
