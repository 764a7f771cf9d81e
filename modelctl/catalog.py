"""Provider catalogs: fetch them concurrently over HTTP, or read/write snapshot folders.

A snapshot folder holds ``<provider>.json`` (the body of the main ``models`` endpoint exactly
as the API returned it) and ``<provider>.<endpoint>.json`` for secondary endpoints. Planning
from a snapshot gives the same changes as planning from the live API that returned it.

A provider whose any endpoint fails is returned as a failed :class:`Catalog`: its entries are
then neither removed nor repriced.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelctl.errors import ProviderError
from modelctl.fileio import write_atomic
from modelctl.providers.base import CatalogFormatError, Provider
from modelctl.providers.spec import MAIN_ENDPOINT, ProviderSpec
from modelctl.records import Catalog, EndpointSource
from modelctl.redact import Redactor

if TYPE_CHECKING:  # the HTTP stack is imported only by a live fetch, not for snapshots
    import requests

    from modelctl.http import HttpSettings

BODY_PREVIEW = 120


@dataclass(frozen=True)
class ProgressEvent:
    provider: str
    state: str  # "start" | "ok" | "failed"
    models: int | None = None
    elapsed: float = 0.0
    error: str | None = None


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass(frozen=True)
class Body:
    endpoint: str
    origin: str
    data: bytes
    status: int | None = None  # the HTTP status of a live body; None for a snapshot file


def snapshot_name(provider: str, endpoint: str) -> str:
    return f"{provider}.json" if endpoint == MAIN_ENDPOINT else f"{provider}.{endpoint}.json"


def build_catalog(
    spec: ProviderSpec, plugin: Provider, bodies: Sequence[Body], source: str, elapsed: float = 0.0
) -> Catalog:
    """Parse and normalize raw bodies; any problem gives a failed catalog, never a partial one."""
    endpoints = tuple(
        EndpointSource(b.endpoint, b.origin, hashlib.sha256(b.data).hexdigest(), len(b.data)) for b in bodies
    )
    parsed: dict[str, object] = {}
    for body in bodies:
        try:
            parsed[body.endpoint] = json.loads(body.data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            preview = body.data[:BODY_PREVIEW].decode("utf-8", "replace")
            return Catalog(
                spec.name,
                source,
                endpoints,
                error=(
                    f"{_where(spec, body)}: the body is not valid JSON ({exc}); it starts with {preview!r}"
                ),
                elapsed=elapsed,
            )
        except RecursionError:
            return Catalog(
                spec.name,
                source,
                endpoints,
                error=f"{_where(spec, body)}: JSON nested too deeply",
                elapsed=elapsed,
            )
    try:
        records = plugin.normalize(parsed, spec)
    except CatalogFormatError as exc:
        culprit = [b for b in bodies if str(exc).startswith(f"{b.endpoint}:")]
        where = _where(spec, culprit[0]) if culprit else f"{spec.name}: {', '.join(b.origin for b in bodies)}"
        return Catalog(
            spec.name, source, endpoints, error=f"{where}: unexpected catalog: {exc}", elapsed=elapsed
        )
    return Catalog(spec.name, source, endpoints, {r.id: r for r in records}, elapsed=elapsed)


def fetch_body(
    session: requests.Session,
    spec: ProviderSpec,
    endpoint: str,
    url: str,
    settings: HttpSettings,
    env: Mapping[str, str],
) -> Body:
    import requests

    headers = {}
    if spec.api_key_env and env.get(spec.api_key_env):
        headers["Authorization"] = f"Bearer {env[spec.api_key_env]}"
    status: int | None = None
    try:
        with session.get(url, headers=headers, timeout=settings.timeout, stream=True) as resp:
            status = resp.status_code
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > settings.max_bytes:
                raise _error(
                    spec,
                    url,
                    resp.status_code,
                    f"HTTP {status}: the body is {int(declared):,} bytes, over the "
                    f"{settings.max_bytes:,}-byte cap",
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > settings.max_bytes:
                    raise _error(
                        spec,
                        url,
                        resp.status_code,
                        f"HTTP {status}: the body is over the {settings.max_bytes:,}-byte cap",
                    )
                chunks.append(chunk)
            data = b"".join(chunks)
            if resp.status_code >= 400:
                preview = data[:BODY_PREVIEW].decode("utf-8", "replace")
                raise _error(spec, url, resp.status_code, f"HTTP {resp.status_code} {resp.reason}", preview)
    except requests.Timeout:
        raise _error(
            spec, url, status, f"{_http(status)}no answer within {settings.timeout:g}s (after retries)"
        ) from None
    except requests.ConnectionError as exc:
        if _timed_out(exc):  # a read timeout on the last retry arrives as a ConnectionError
            raise _error(
                spec, url, status, f"{_http(status)}no answer within {settings.timeout:g}s (after retries)"
            ) from None
        raise _error(
            spec, url, status, f"{_http(status)}connection failed after retries ({_root(exc)})"
        ) from None
    except requests.RequestException as exc:
        raise _error(spec, url, status, f"{_http(status)}request failed ({_root(exc)})") from None
    return Body(endpoint, url, data, status)


def fetch_catalogs(
    specs: Sequence[ProviderSpec],
    plugins: Mapping[str, Provider],
    session: requests.Session,
    settings: HttpSettings,
    env: Mapping[str, str],
    on_progress: ProgressCallback | None = None,
    *,
    cancel: threading.Event | None = None,
) -> tuple[dict[str, Catalog], dict[str, list[Body]]]:
    """Fetch every endpoint of every provider at once; return catalogs and the raw bodies."""
    notify = on_progress or (lambda _event: None)
    # an error body may echo the request (Authorization header included): keep keys out of
    # plan files and output
    redact = Redactor.from_environment(env, [s.api_key_env for s in specs if s.api_key_env])
    jobs = [(spec, endpoint, url) for spec in specs for endpoint, url in spec.endpoints.items()]
    results: dict[str, list[Body]] = {spec.name: [] for spec in specs}
    errors: dict[str, str] = {}
    started = {spec.name: time.monotonic() for spec in specs}
    remaining = {spec.name: len(spec.endpoints) for spec in specs}
    catalogs: dict[str, Catalog] = {}
    lock = threading.Lock()

    def run(spec: ProviderSpec, endpoint: str, url: str) -> None:
        if cancel is not None and cancel.is_set():
            return  # the caller gave up (its config is broken): send nothing more
        try:
            body = fetch_body(session, spec, endpoint, url, settings, env)
            with lock:
                results[spec.name].append(body)
        except ProviderError as exc:
            with lock:
                errors.setdefault(spec.name, redact(str(exc)))
        with lock:
            remaining[spec.name] -= 1
            done = remaining[spec.name] == 0
        if done:
            finish(spec)

    def finish(spec: ProviderSpec) -> None:
        elapsed = time.monotonic() - started[spec.name]
        order = list(spec.endpoints)
        bodies = sorted(results[spec.name], key=lambda b: order.index(b.endpoint))
        if spec.name in errors:
            catalog = Catalog(spec.name, "live", (), error=errors[spec.name], elapsed=elapsed)
        else:
            catalog = build_catalog(spec, plugins[spec.name], bodies, "live", elapsed)
            if catalog.error is not None:
                catalog = dataclasses.replace(catalog, error=redact(catalog.error))
        with lock:
            catalogs[spec.name] = catalog
        notify(
            ProgressEvent(
                spec.name,
                "ok" if catalog.ok else "failed",
                len(catalog.records) if catalog.records is not None else None,
                elapsed,
                catalog.error,
            )
        )

    for spec in specs:
        notify(ProgressEvent(spec.name, "start"))
    run_daemon_jobs(run, jobs, max_workers=16)
    if cancel is not None and cancel.is_set():
        return {}, results
    ordered = {spec.name: catalogs[spec.name] for spec in specs}
    return ordered, results


def run_daemon_jobs(
    worker: Callable[..., None], jobs: Sequence[tuple[Any, ...]], *, max_workers: int
) -> None:
    """``worker(*job)`` for every job on at most ``max_workers`` daemon threads; re-raise the
    first unexpected error. Daemon threads (unlike ThreadPoolExecutor's, which the interpreter
    joins at exit) let a command that gave up on a fetch exit at once."""
    pending: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
    for job in jobs:
        pending.put(job)
    errors: list[BaseException] = []

    def loop() -> None:
        while True:
            try:
                job = pending.get_nowait()
            except queue.Empty:
                return
            try:
                worker(*job)
            except BaseException as exc:  # re-raised in the caller's thread
                errors.append(exc)

    threads = [
        threading.Thread(target=loop, name=f"modelctl-fetch-{i}", daemon=True)
        for i in range(min(max_workers, len(jobs)))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def load_snapshots(
    specs: Sequence[ProviderSpec], plugins: Mapping[str, Provider], directory: Path
) -> dict[str, Catalog]:
    catalogs: dict[str, Catalog] = {}
    for spec in specs:
        bodies: list[Body] = []
        error = None
        for endpoint in spec.endpoints:
            path = directory / snapshot_name(spec.name, endpoint)
            try:
                bodies.append(Body(endpoint, str(path), path.read_bytes()))
            except FileNotFoundError:
                error = (
                    f"{path}: snapshot file missing (expected the body of the "
                    f"'{endpoint}' endpoint, {spec.endpoints[endpoint]})"
                )
                break
            except OSError as exc:
                error = f"{path}: cannot read: {exc.strerror}"
                break
        if error is not None:
            catalogs[spec.name] = Catalog(spec.name, "snapshot", error=error)
        else:
            catalogs[spec.name] = build_catalog(spec, plugins[spec.name], bodies, "snapshot")
    return catalogs


def write_snapshots(directory: Path, bodies: Mapping[str, Sequence[Body]]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for provider, provider_bodies in bodies.items():
        for body in provider_bodies:
            path = directory / snapshot_name(provider, body.endpoint)
            write_atomic(path, body.data)
            written.append(path)
    return written


def _error(
    spec: ProviderSpec, url: str, status: int | None, what: str, body_start: str | None = None
) -> ProviderError:
    message = f"{spec.name}: {url}: {what}"
    if body_start:
        message += f"; body starts with {body_start!r}"
    return ProviderError(message, provider=spec.name, url=url, status=status, body_start=body_start)


def _http(status: int | None) -> str:
    """``HTTP 200: `` when the server answered before the body failed, else nothing."""
    return f"HTTP {status}: " if status is not None else ""


def _where(spec: ProviderSpec, body: Body) -> str:
    status = f": HTTP {body.status}" if body.status is not None else ""
    return f"{spec.name}: {body.origin}{status}"


def _timed_out(exc: BaseException) -> bool:
    import requests
    import urllib3

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TimeoutError | requests.Timeout | urllib3.exceptions.TimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return any(
        isinstance(arg, urllib3.exceptions.MaxRetryError)
        and isinstance(arg.reason, urllib3.exceptions.TimeoutError)
        for arg in exc.args
    )


def _root(exc: BaseException) -> str:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return type(exc).__name__ + (f": {exc}" if str(exc) else "")
