"""Every endpoint of every provider fetched at once, on daemon threads, one deadline a provider.

A provider whose any endpoint fails is returned as a failed :class:`Catalog`: its entries are
then neither removed nor repriced.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from modelctl.catalog.build import Body, build_catalog
from modelctl.catalog.request import fetch_body
from modelctl.errors import ProviderError
from modelctl.http import HttpSettings
from modelctl.providers.base import Provider
from modelctl.providers.spec import ProviderSpec
from modelctl.records import Catalog
from modelctl.redact import Redactor

if TYPE_CHECKING:  # the HTTP stack (and threads) only for a live fetch, not for snapshots
    import threading

    import requests


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
    run = _FetchRun(specs, plugins, session, settings, env, on_progress or (lambda _event: None), cancel)
    for spec in specs:
        run.notify(ProgressEvent(spec.name, "start"))
    jobs = [(spec, endpoint, url) for spec in specs for endpoint, url in spec.endpoints.items()]
    run_daemon_jobs(run.fetch, jobs, max_workers=16)
    if cancel is not None and cancel.is_set():
        return {}, run.bodies
    return {spec.name: run.catalogs[spec.name] for spec in specs}, run.bodies


class _FetchRun:
    """The shared state of one :func:`fetch_catalogs`: bodies and errors as they arrive, the
    time each provider started (its deadline), and the catalogs of the providers done."""

    def __init__(
        self,
        specs: Sequence[ProviderSpec],
        plugins: Mapping[str, Provider],
        session: requests.Session,
        settings: HttpSettings,
        env: Mapping[str, str],
        notify: ProgressCallback,
        cancel: threading.Event | None,
    ) -> None:
        import threading

        self.plugins = plugins
        self.session = session
        self.settings = settings
        self.env = env
        self.notify = notify
        self.cancel = cancel
        # an error body may echo the request (Authorization header included): keep keys out of
        # plan files and output
        self.redact = Redactor.from_environment(env, [s.api_key_env for s in specs if s.api_key_env])
        self.bodies: dict[str, list[Body]] = {spec.name: [] for spec in specs}
        self.errors: dict[str, str] = {}
        self.started = {spec.name: time.monotonic() for spec in specs}
        self.remaining = {spec.name: len(spec.endpoints) for spec in specs}
        self.catalogs: dict[str, Catalog] = {}
        self.lock = threading.Lock()

    def fetch(self, spec: ProviderSpec, endpoint: str, url: str) -> None:
        """One endpoint; the provider's catalog once its last endpoint is in."""
        if self.cancel is not None and self.cancel.is_set():
            return  # the caller gave up (its config is broken): send nothing more
        deadline = self.started[spec.name] + self.settings.timeout
        try:
            body = fetch_body(self.session, spec, endpoint, url, self.settings, self.env, deadline)
            with self.lock:
                self.bodies[spec.name].append(body)
        except ProviderError as exc:
            with self.lock:
                self.errors.setdefault(spec.name, self.redact(exc.detail))  # the report names the provider
        with self.lock:
            self.remaining[spec.name] -= 1
            done = self.remaining[spec.name] == 0
        if done:
            self.finish(spec)

    def finish(self, spec: ProviderSpec) -> None:
        elapsed = time.monotonic() - self.started[spec.name]
        catalog = self.catalog(spec, elapsed)
        with self.lock:
            self.catalogs[spec.name] = catalog
        models = len(catalog.records) if catalog.records is not None else None
        state: FetchState = "ok" if catalog.ok else "failed"
        self.notify(ProgressEvent(spec.name, state, models, elapsed, catalog.error))

    def catalog(self, spec: ProviderSpec, elapsed: float) -> Catalog:
        if spec.name in self.errors:
            return Catalog(spec.name, "live", (), error=self.errors[spec.name], elapsed=elapsed)
        order = list(spec.endpoints)
        bodies = sorted(self.bodies[spec.name], key=lambda b: order.index(b.endpoint))
        plugin = self.plugins.get(spec.name) or Provider()
        catalog = build_catalog(spec, plugin, bodies, "live", elapsed)
        if catalog.error is not None:
            catalog = dataclasses.replace(catalog, error=self.redact(catalog.error))
        return catalog


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
