"""One HTTP session per run: timeouts, retries with backoff and Retry-After, a body size cap."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from modelctl import __version__

if TYPE_CHECKING:  # requests and urllib3 are imported by make_session, when a command goes online
    import requests
    from urllib3.util.retry import Retry

DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
MAX_RETRY_AFTER = 30.0
RETRY_STATUSES = (429, 500, 502, 503, 504)


@cache
def _capped_retry() -> type[Retry]:
    from urllib3.util.retry import Retry

    class _CappedRetry(Retry):
        """urllib3 Retry that honours Retry-After but never sleeps longer than MAX_RETRY_AFTER."""

        def get_retry_after(self, response):  # type: ignore[no-untyped-def]
            value = super().get_retry_after(response)
            return None if value is None else min(value, MAX_RETRY_AFTER)

    return _CappedRetry


@dataclass(frozen=True)
class HttpSettings:
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = 0.5
    max_bytes: int = DEFAULT_MAX_BYTES


def make_session(settings: HttpSettings) -> requests.Session:
    import requests
    from requests.adapters import HTTPAdapter

    session = requests.Session()
    retry = _capped_retry()(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        backoff_factor=settings.backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry, pool_maxsize=16)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = f"modelctl/{__version__}"
    session.headers["Accept"] = "application/json"
    return session
