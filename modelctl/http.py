"""One HTTP session per run, and the retry policy: a deadline per provider, backoff, Retry-After.

Retries are made by :func:`modelctl.catalog.fetch_body` itself (the session never retries), so
that ``--timeout`` is a deadline for a whole provider, retries and waits included: each attempt
gets only the time that is left, and a wait that would end past the deadline is not started.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelctl import __version__

if TYPE_CHECKING:  # requests and urllib3 are imported by make_session, when a command goes online
    import requests

DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
MAX_RETRY_AFTER = 30.0
MAX_BACKOFF = 120.0
RETRY_STATUSES = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class HttpSettings:
    timeout: float = DEFAULT_TIMEOUT
    """Deadline in seconds for one provider: every endpoint, attempt and wait included."""
    retries: int = DEFAULT_RETRIES
    backoff: float = 0.5
    max_bytes: int = DEFAULT_MAX_BYTES


def make_session(settings: HttpSettings) -> requests.Session:
    import requests
    from requests.adapters import HTTPAdapter

    session = requests.Session()
    adapter = HTTPAdapter(max_retries=0, pool_maxsize=16)  # retries: see modelctl.catalog.fetch_body
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = f"modelctl/{__version__}"
    session.headers["Accept"] = "application/json"
    return session


def backoff_seconds(settings: HttpSettings, failures: int) -> float:
    """urllib3's schedule: no wait before the first retry, then backoff * 2**(failures - 1)."""
    if failures <= 1:
        return 0.0
    return float(min(MAX_BACKOFF, settings.backoff * 2 ** (failures - 1)))


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds, at most MAX_RETRY_AFTER."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        import email.utils  # only for a Retry-After given as an HTTP date

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - time.time()
    return max(0.0, min(seconds, MAX_RETRY_AFTER))
