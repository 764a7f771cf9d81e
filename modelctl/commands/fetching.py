"""Live catalogs: fetched for a plan while its config is parsed, or saved as snapshot files
(``catalog fetch``). Progress goes to the caller's callback; nothing here prints."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from modelctl.commands.providers import registry_for
from modelctl.commands.results import ProviderFailure, SnapshotResult
from modelctl.http import HttpSettings, make_session  # light: requests is imported by make_session

if TYPE_CHECKING:
    from modelctl.catalog import ProgressCallback, ProgressEvent
    from modelctl.commands.planning import PlanOptions
    from modelctl.config import ConfigDoc
    from modelctl.providers.base import Provider
    from modelctl.providers.spec import ProviderSpec
    from modelctl.records import Catalog


def read_config_while_fetching(
    opts: PlanOptions,
    selected: list[ProviderSpec],
    plugins: Mapping[str, Provider],
    config: ConfigDoc | None = None,
) -> tuple[ConfigDoc, dict[str, Catalog]]:
    """Send the catalog requests, then parse the config while they are in flight.

    A live plan's time is mostly the providers' round trips; the parse (CPU) fits inside them.
    A config error is still raised as soon as the parse fails: requests not yet sent are not
    sent, those in flight are abandoned, and the fetch's progress lines are silenced.
    """
    import threading

    from modelctl.catalog import fetch_catalogs
    from modelctl.config import read_config

    settings = HttpSettings(timeout=opts.timeout)
    progress = opts.progress
    cancel = threading.Event()

    def notify(event: ProgressEvent) -> None:
        if progress is not None and not cancel.is_set():
            progress(event)

    fetched: list[dict[str, Catalog]] = []
    errors: list[BaseException] = []

    def fetch() -> None:
        try:
            fetched.append(
                fetch_catalogs(selected, plugins, session, settings, os.environ, notify, cancel=cancel)[0]
            )
        except BaseException as exc:  # re-raised below, in the caller's thread
            errors.append(exc)

    with make_session(settings) as session:
        # a daemon thread: after a config error the command returns (and the process exits)
        # at once instead of waiting for the requests in flight
        fetching = threading.Thread(target=fetch, name="modelctl-fetch", daemon=True)
        fetching.start()
        try:
            doc = config if config is not None else read_config(opts.config)
        except BaseException:
            cancel.set()
            raise
        fetching.join()
    if errors:
        raise errors[0]
    return doc, fetched[0]


def fetch_snapshots(
    out: Path,
    providers_file: Path | None,
    names: list[str],
    *,
    timeout: float,
    progress: ProgressCallback | None = None,
) -> SnapshotResult:
    """Fetch the selected providers' catalogs and save the exact bodies of those that answered."""
    from modelctl.arguments import check_folder, select_providers
    from modelctl.catalog import fetch_catalogs, write_snapshots
    from modelctl.providers.registry import load_plugins

    registry = registry_for(providers_file)
    selected = select_providers(registry, names)
    check_folder(out, "-o")  # before any request
    settings = HttpSettings(timeout=timeout)
    with make_session(settings) as session:
        catalogs, bodies = fetch_catalogs(
            selected, load_plugins([s.name for s in selected]), session, settings, os.environ, progress
        )
    failures = tuple(ProviderFailure(n, c.error or "failed") for n, c in catalogs.items() if not c.ok)
    failed = {f.provider for f in failures}
    healthy = {n: b for n, b in bodies.items() if n not in failed}
    return SnapshotResult(out, tuple(write_snapshots(out, healthy)), failures)
