"""Local catalog servers for the benchmark: one threaded HTTP server per provider on 127.0.0.1.

Each answers its endpoints' paths with fixed bytes after a fixed delay (the round trip of a real
provider API). They are bounded: each refuses requests past ``max_requests`` (HTTP 503), and a
watchdog shuts every server down after ``lifetime`` seconds even if the caller never does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOST = "127.0.0.1"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, routes: Mapping[str, bytes], delay: float, max_requests: int) -> None:
        super().__init__((HOST, 0), _Handler)
        self.routes = dict(routes)
        self.delay = delay
        self.max_requests = max_requests
        self.served = 0
        self.count_lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real APIs do
    server: _Server

    def do_GET(self) -> None:
        with self.server.count_lock:
            self.server.served += 1
            over = self.server.served > self.server.max_requests
        body = self.server.routes.get(self.path)
        if over:
            self._send(503, b'{"error":"benchmark server request budget spent"}')
            return
        time.sleep(self.server.delay)
        if body is None:
            self._send(404, b'{"error":"not found"}')
            return
        self._send(200, body)

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def catalog_servers(
    bodies: Mapping[str, Mapping[str, bytes]],
    *,
    delay: float,
    max_requests: int = 5000,
    lifetime: float = 900.0,
) -> Iterator[dict[str, dict[str, str]]]:
    """Serve ``bodies`` (provider -> endpoint -> bytes); yield provider -> endpoint -> URL."""
    servers: list[_Server] = []
    threads: list[threading.Thread] = []
    urls: dict[str, dict[str, str]] = {}
    stop = threading.Event()
    try:
        for provider, endpoints in bodies.items():
            routes = {f"/{provider}/{endpoint}": data for endpoint, data in endpoints.items()}
            server = _Server(routes, delay, max_requests)
            servers.append(server)
            port = server.server_address[1]
            urls[provider] = {e: f"http://{HOST}:{port}/{provider}/{e}" for e in endpoints}
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"bench-server-{provider}",
                daemon=True,
            )
            thread.start()
            threads.append(thread)
        watchdog = threading.Thread(
            target=_watchdog, args=(servers, stop, lifetime), name="bench-server-watchdog", daemon=True
        )
        watchdog.start()
        yield urls
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)
        stop.set()


def _watchdog(servers: list[_Server], stop: threading.Event, lifetime: float) -> None:
    if not stop.wait(lifetime):
        for server in servers:
            server.shutdown()
