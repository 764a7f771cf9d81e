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
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from modelctl.errors import ProviderError
from modelctl.fileio import write_atomic
from modelctl.http import RETRY_STATUSES, HttpSettings, backoff_seconds, retry_after_seconds
from modelctl.providers.base import CatalogFormatError, Provider
from modelctl.providers.spec import MAIN_ENDPOINT, ProviderSpec
from modelctl.records import Catalog, CatalogSource, EndpointSource
from modelctl.redact import Redactor

if TYPE_CHECKING:  # the HTTP stack (and threads) only for a live fetch, not for snapshots
    import threading

    import requests

BODY_PREVIEW = 120


FetchState = Literal["start", "ok", "failed"]
"""A provider's fetch: requests about to be sent, then its catalog read or not."""


@dataclass(frozen=True)
class ProgressEvent:
    provider: str
    state: FetchState
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
    spec: ProviderSpec,
    plugin: Provider,
    bodies: Sequence[Body],
    source: CatalogSource,
    elapsed: float = 0.0,
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
    by_id = {r.id: r for r in records}
    return Catalog(spec.name, source, endpoints, by_id, elapsed=elapsed, resolver=plugin.resolver(by_id))


def fetch_body(
    session: requests.Session,
    spec: ProviderSpec,
    endpoint: str,
    url: str,
    settings: HttpSettings,
    env: Mapping[str, str],
    deadline: float | None = None,
) -> Body:
    """GET one endpoint, retrying transient failures (connection errors, 429 and 5xx) while the
    provider's ``deadline`` (``time.monotonic()`` value; default: ``settings.timeout`` from now)
    leaves time. The error says what happened: DNS, refused, TLS, timeout, or the HTTP status."""
    if deadline is None:
        deadline = time.monotonic() + settings.timeout
    headers = {}
    if spec.api_key_env and env.get(spec.api_key_env):
        headers["Authorization"] = f"Bearer {env[spec.api_key_env]}"
    failures = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _error(spec, url, None, _no_answer(settings, url))
        try:
            return _get_once(session, spec, endpoint, url, headers, settings, env, remaining, deadline)
        except _Transient as exc:
            failures += 1
            error, asked = exc.error, exc.retry_after
        wait = asked if asked is not None else backoff_seconds(settings, failures)
        if failures > settings.retries:
            raise error
        if time.monotonic() + wait >= deadline:
            if asked:
                error.message += f" (it asks to retry in {wait:g}s, past the {settings.timeout:g}s --timeout)"
            raise error
        if wait > 0:
            time.sleep(wait)


class _Transient(Exception):
    """A failure worth another attempt (if the deadline allows)."""

    def __init__(self, error: ProviderError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def _get_once(
    session: requests.Session,
    spec: ProviderSpec,
    endpoint: str,
    url: str,
    headers: Mapping[str, str],
    settings: HttpSettings,
    env: Mapping[str, str],
    remaining: float,
    deadline: float,
) -> Body:
    import requests

    status: int | None = None
    try:
        with session.get(url, headers=headers, timeout=remaining, stream=True) as resp:
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
                if time.monotonic() > deadline:
                    raise _error(spec, url, status, f"HTTP {status}: " + _no_answer(settings, url, body=True))
                chunks.append(chunk)
            data = b"".join(chunks)
            if resp.status_code >= 400:
                preview = data[:BODY_PREVIEW].decode("utf-8", "replace")
                what = f"HTTP {resp.status_code} {resp.reason}{_auth_hint(spec, resp.status_code, env)}"
                error = _error(spec, url, resp.status_code, what, preview)
                if resp.status_code in RETRY_STATUSES:
                    raise _Transient(error, retry_after_seconds(resp.headers.get("Retry-After")))
                raise error
    except requests.exceptions.SSLError as exc:
        raise _error(
            spec,
            url,
            status,
            f"TLS failed with {_host(url)} ({_root(exc)})",
            hint="check the URL, a proxy in between, or the system's CA certificates",
        ) from None
    except requests.RequestException as exc:
        kind = _connection_kind(exc)
        if kind == "dns":
            raise _error(
                spec,
                url,
                status,
                f"cannot resolve host {_host(url)!r} (DNS lookup failed: {_root(exc, short=True)})",
                hint="check the URL and your network or DNS settings",
            ) from None
        if kind == "refused":
            raise _Transient(
                _error(
                    spec,
                    url,
                    status,
                    f"{_http(status)}connection refused by {_host(url, port=True)}",
                    hint="nothing is listening there: check the URL (and a MODELCTL_*_URL override)",
                )
            ) from None
        if kind == "timeout":
            raise _error(spec, url, status, f"{_http(status)}{_no_answer(settings, url)}") from None
        raise _Transient(
            _error(spec, url, status, f"{_http(status)}connection failed after retries ({_root(exc)})")
        ) from None
    return Body(endpoint, url, data, status)


def _no_answer(settings: HttpSettings, url: str, *, body: bool = False) -> str:
    what = "the body did not arrive" if body else "no answer"
    return (
        f"{what} within {settings.timeout:g}s from {_host(url)} "
        "(--timeout is the deadline per provider, retries included)"
    )


def _auth_hint(spec: ProviderSpec, status: int, env: Mapping[str, str]) -> str:
    """Which key variable a 401/403 is about: unset, or set and rejected."""
    if status not in (401, 403):
        return ""
    var = spec.api_key_env
    if var is None:
        return f"; {spec.name} asks for an API key: declare its variable as api_key_env in providers.yaml"
    if not env.get(var):
        return f"; {var} is not set (set it in the environment or in .env)"
    return f"; the key in {var} was rejected (check it is current and allowed to list models)"


def _host(url: str, *, port: bool = False) -> str:
    import urllib3

    parts = urllib3.util.parse_url(url)
    host = parts.host or url
    return f"{host}:{parts.port or (443 if parts.scheme == 'https' else 80)}" if port else host


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (causes, contexts, MaxRetryError reasons, args)."""
    seen: list[BaseException] = []
    stack = [exc]
    while stack:
        item = stack.pop()
        if any(item is s for s in seen):
            continue
        seen.append(item)
        for nxt in (item.__cause__, item.__context__, getattr(item, "reason", None), *item.args):
            if isinstance(nxt, BaseException):
                stack.append(nxt)
    return seen


def _connection_kind(exc: BaseException) -> str:
    """dns | refused | timeout | other. urllib3's NameResolutionError and NewConnectionError
    subclass its connect-*timeout* error: the specific causes are looked for first."""
    import socket

    import requests
    import urllib3

    chain = _chain(exc)
    if any(isinstance(e, socket.gaierror | urllib3.exceptions.NameResolutionError) for e in chain):
        return "dns"
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "refused"
    real_timeouts = (
        socket.timeout,
        TimeoutError,
        requests.Timeout,
        urllib3.exceptions.ReadTimeoutError,
    )
    if any(
        isinstance(e, real_timeouts)
        or (
            isinstance(e, urllib3.exceptions.ConnectTimeoutError)
            and not isinstance(e, urllib3.exceptions.NewConnectionError)
        )
        for e in chain
    ):
        return "timeout"
    return "other"


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
    import threading

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
            body = fetch_body(
                session, spec, endpoint, url, settings, env, started[spec.name] + settings.timeout
            )
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
            catalog = build_catalog(spec, plugins.get(spec.name) or Provider(), bodies, "live", elapsed)
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
    import queue
    import threading

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
            catalogs[spec.name] = build_catalog(
                spec, plugins.get(spec.name) or Provider(), bodies, "snapshot"
            )
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
    spec: ProviderSpec,
    url: str,
    status: int | None,
    what: str,
    body_start: str | None = None,
    hint: str | None = None,
) -> ProviderError:
    message = f"{spec.name}: {url}: {what}"
    if body_start:
        message += f"; body starts with {body_start!r}"
    return ProviderError(
        message, provider=spec.name, url=url, status=status, body_start=body_start, hint=hint
    )


def _http(status: int | None) -> str:
    """``HTTP 200: `` when the server answered before the body failed, else nothing."""
    return f"HTTP {status}: " if status is not None else ""


def _where(spec: ProviderSpec, body: Body) -> str:
    status = f": HTTP {body.status}" if body.status is not None else ""
    return f"{spec.name}: {body.origin}{status}"


def _root(exc: BaseException, *, short: bool = False) -> str:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    if short:
        return str(exc) or type(exc).__name__
    return type(exc).__name__ + (f": {exc}" if str(exc) else "")
