"""Provider catalogs: fetch them concurrently over HTTP, or read/write snapshot folders.

- :mod:`~modelctl.catalog.build`: raw bodies into a :class:`~modelctl.records.Catalog`
  (a failed one on any problem, never a partial one);
- :mod:`~modelctl.catalog.request`: one endpoint over HTTP, retried within the provider's deadline;
- :mod:`~modelctl.catalog.fetch`: every endpoint of every provider at once, with progress events;
- :mod:`~modelctl.catalog.snapshots`: the raw bodies written to and read from a folder.

requests and urllib3 are imported only when a request is sent: reading snapshots never loads them.
"""

from modelctl.catalog.build import BODY_PREVIEW, Body, build_catalog
from modelctl.catalog.fetch import (
    FetchState,
    ProgressCallback,
    ProgressEvent,
    fetch_catalogs,
    run_daemon_jobs,
)
from modelctl.catalog.request import fetch_body
from modelctl.catalog.snapshots import load_snapshots, snapshot_name, write_snapshots

__all__ = [
    "BODY_PREVIEW",
    "Body",
    "FetchState",
    "ProgressCallback",
    "ProgressEvent",
    "build_catalog",
    "fetch_body",
    "fetch_catalogs",
    "load_snapshots",
    "run_daemon_jobs",
    "snapshot_name",
    "write_snapshots",
]
