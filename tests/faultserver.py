"""A fault-injection HTTP server for provider catalogs: loopback only, bounded, self-stopping.

Each provider endpoint is served at ``/<provider>/<endpoint>`` with its real payload (the bodies
of ``provider_catalogs.real_bodies``, built from ``tests/fixtures/providers/``);
:meth:`FaultServer.set_fault` makes one path misbehave:

    timeout             hold the answer until the test releases it (reset/stop): the client's own
                        timeout always ends the request first, whatever the machine's load
    reset               close the socket abruptly (TCP RST) without answering
    429_then_ok         429 with ``Retry-After: 1`` for the first ``times`` requests, then the payload
    429_always          429 with ``Retry-After: 1`` on every request
    500 / 503 / 404     that status with a short JSON error body
    html                200 with an HTML page
    truncated           200 with the first half of the payload (a valid Content-Length)
    short_read          200 whose Content-Length promises more than is sent, then close
    empty_data          200 with ``{"data": []}``
    data_not_list       200 with ``{"data": {...}}``
    items_not_objects   200 with ``{"data": [1, "two", null]}``
    negative_prices     200 with every declared price of the payload set to -1 / "-1"
    oversize            200 with a padded body over the cap, Content-Length declared
    oversize_chunked    the same, without Content-Length (read until close)
    echo_auth           401 whose body echoes the Authorization header back
    echo_auth_html      200 HTML page that echoes the Authorization header back

A held answer waits at most ``hold`` seconds (a safety net), the server stops serving after ``max_requests``
requests, and shuts itself down after ``lifetime`` seconds even if a test forgets to.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from modelctl.providers.registry import endpoint_env_var

from provider_catalogs import ALL_PROVIDERS, real_bodies

#: every served (provider, endpoint)
ENDPOINTS: tuple[tuple[str, str], ...] = tuple(
    (provider, endpoint) for provider in ALL_PROVIDERS for endpoint in real_bodies(provider)
)
PROVIDERS: tuple[str, ...] = ALL_PROVIDERS

FAULTS: tuple[str, ...] = (
    "timeout",
    "reset",
    "429_then_ok",
    "429_always",
    "500",
    "503",
    "404",
    "html",
    "truncated",
    "short_read",
    "empty_data",
    "data_not_list",
    "items_not_objects",
    "negative_prices",
    "oversize",
    "oversize_chunked",
    "echo_auth",
    "echo_auth_html",
)

HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head>"
    b"<body><h1>Checking your browser</h1></body></html>\n"
)


def load_payload(provider: str, endpoint: str) -> bytes:
    return real_bodies(provider)[endpoint]


def with_negative_prices(body: bytes, price_paths: Mapping[str, str]) -> bytes:
    """The payload with every present price (at the declared dotted paths) made negative."""
    doc: Any = json.loads(body)
    items = doc if isinstance(doc, list) else doc["data"]
    changed = 0
    for item in items:
        for path in price_paths.values():
            *parents, leaf = path.split(".")
            node = item
            for part in parents:
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, dict) and node.get(leaf) is not None:
                node[leaf] = "-1" if isinstance(node[leaf], str) else -1
                changed += 1
    assert changed or not price_paths, "no price was found to make negative"
    return json.dumps(doc).encode("utf-8")


@dataclass
class Route:
    body: bytes
    fault: str | None = None
    times: int | None = None  # how many requests get the fault (None: all)
    custom: bytes | None = None  # replacement 200 body (negative_prices…)
    hits: int = 0


@dataclass(frozen=True)
class Seen:
    path: str
    authorization: str | None
    at: float


@dataclass
class FaultServer:
    """Start with :meth:`start` (or as a context manager); URLs come from :meth:`url`."""

    hold: float = 120.0  # the timeout fault's safety net: released long before, by reset() or stop()
    max_requests: int = 5000
    lifetime: float = 300.0
    oversize_bytes: int = 2 * 1024 * 1024 + 1
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        for provider, endpoint in ENDPOINTS:
            self.routes[f"/{provider}/{endpoint}"] = Route(load_payload(provider, endpoint))
        self._stop = threading.Event()
        self._release = threading.Event()
        self._holding = 0
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._watchdog: threading.Timer | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FaultServer:
        server = self

        class Handler(_Handler):
            owner = server

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        httpd.block_on_close = False
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, name="faultserver", daemon=True
        )
        self._thread.start()
        self._watchdog = threading.Timer(self.lifetime, self.stop)
        self._watchdog.daemon = True
        self._watchdog.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._release.set()  # answers every held 'timeout' request
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if self._watchdog is not None:
            self._watchdog.cancel()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- configuration -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, provider: str, endpoint: str = "models") -> str:
        return f"{self.base_url}/{provider}/{endpoint}"

    def env(self) -> dict[str, str]:
        """MODELCTL_<PROVIDER>_<ENDPOINT>_URL for every served endpoint."""
        return {endpoint_env_var(p, e): self.url(p, e) for p, e in ENDPOINTS}

    def set_fault(
        self, provider: str, endpoint: str, fault: str, *, times: int | None = None, body: bytes | None = None
    ) -> None:
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}")
        with self._lock:
            route = self.routes[f"/{provider}/{endpoint}"]
            route.fault, route.times, route.custom, route.hits = fault, times, body, 0

    def set_body(self, provider: str, endpoint: str, body: bytes) -> None:
        """Serve ``body`` (200) instead of the captured payload."""
        with self._lock:
            self.routes[f"/{provider}/{endpoint}"].body = body

    def reset(self) -> None:
        self.release()
        with self._lock:
            for provider, endpoint in ENDPOINTS:
                self.routes[f"/{provider}/{endpoint}"] = Route(load_payload(provider, endpoint))
            self.seen.clear()

    def release(self) -> None:
        """Answer every request the 'timeout' fault holds (its client has given up by now)."""
        self._release.set()
        self._release.clear()  # requests held from now on wait for the next release

    def holding(self) -> int:
        """How many 'timeout' requests are held unanswered right now."""
        with self._lock:
            return self._holding

    def hits(self, provider: str, endpoint: str = "models") -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.path == f"/{provider}/{endpoint}"]

    # -- serving (called from handler threads) -----------------------------------------------
    def _hold(self) -> None:
        with self._lock:
            self._holding += 1
        try:
            if not self._stop.is_set():
                self._release.wait(self.hold)
        finally:
            with self._lock:
                self._holding -= 1

    def _take(self, path: str, authorization: str | None) -> tuple[Route | None, str | None]:
        with self._lock:
            if len(self.seen) >= self.max_requests:
                return None, "reset"
            self.seen.append(Seen(path, authorization, time.monotonic()))
            route = self.routes.get(path)
            if route is None:
                return None, "404"
            route.hits += 1
            fault = route.fault
            if fault is not None and route.times is not None and route.hits > route.times:
                fault = None
            return route, fault


class _Handler(BaseHTTPRequestHandler):
    owner: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows nothing of a healthy server."""

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        auth = self.headers.get("Authorization")
        route, fault = self.owner._take(path, auth)
        self.close_connection = True
        if fault == "reset":
            self._reset()
            return
        if route is None:
            self._send(404, b'{"error": "not found"}')
            return
        body = route.body
        if fault is None:
            self._send(200, body)
        elif fault == "timeout":
            self.owner._hold()
            self._send(200, body)
        elif fault in ("429_then_ok", "429_always"):
            self._send(429, b'{"error": "rate limited"}', {"Retry-After": "1"})
        elif fault in ("500", "503", "404"):
            self._send(int(fault), f'{{"error": "injected {fault}"}}'.encode())
        elif fault == "html":
            self._send(200, HTML_PAGE, content_type="text/html")
        elif fault == "truncated":
            self._send(200, body[: len(body) // 2])
        elif fault == "short_read":
            self._send(200, body[: len(body) // 2], length=len(body))
        elif fault == "empty_data":
            self._send(200, b'{"data": []}')
        elif fault == "data_not_list":
            self._send(200, b'{"object": "list", "data": {"id": "a/b"}}')
        elif fault == "items_not_objects":
            self._send(200, b'{"object": "list", "data": [1, "two", null]}')
        elif fault == "negative_prices":
            assert route.custom is not None, "set_fault(..., body=with_negative_prices(...))"
            self._send(200, route.custom)
        elif fault in ("oversize", "oversize_chunked"):
            self._oversize(declared=fault == "oversize")
        elif fault == "echo_auth":
            self._send(401, json.dumps({"error": f"invalid key: {auth}"}).encode())
        elif fault == "echo_auth_html":
            self._send(200, b"<html>" + f"{auth}".encode() + b"</html>", content_type="text/html")
        else:  # pragma: no cover - FAULTS and this dispatch are kept in step
            raise AssertionError(fault)

    def _send(
        self,
        status: int,
        body: bytes,
        headers: Mapping[str, str] | None = None,
        *,
        content_type: str = "application/json",
        length: int | None = None,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            self.send_header("Connection", "close")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (its timeout); nothing to do
            pass

    def _oversize(self, *, declared: bool) -> None:
        size = self.owner.oversize_bytes
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if declared:
                self.send_header("Content-Length", str(size + 2))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"{")
            for length in _bounded_chunks(size, 65536):
                self.wfile.write(b" " * length)
            self.wfile.write(b"}")
        except OSError:  # the client stopped reading at its cap
            pass

    def _reset(self) -> None:
        with contextlib.suppress(OSError):  # SO_LINGER 0: close() sends a TCP RST
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()


def _bounded_chunks(total: int, size: int) -> Iterator[int]:
    """Lengths of the pieces of a ``total``-byte body, ``size`` bytes at most each."""
    for start in range(0, total, size):
        yield min(size, total - start)
