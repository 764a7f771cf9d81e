"""One HTTP session per run, the retry policy (a deadline per provider, backoff, Retry-After),
and what a failed request was (DNS, refused, timeout) read from the exception chain.

Retries are made by :func:`modelctl.catalog.request.fetch_body` itself (the session never retries), so
that ``--timeout`` is a deadline for a whole provider, retries and waits included: each attempt
gets only the time that is left, and a wait that would end past the deadline is not started.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

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
    adapter = HTTPAdapter(max_retries=0, pool_maxsize=16)  # retries: see catalog.request.fetch_body
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


ConnectionKind = Literal["dns", "refused", "timeout", "other"]


def host_of(url: str, *, port: bool = False) -> str:
    """The host of ``url`` (``host:port`` with ``port``, the scheme's default when none is given)."""
    import urllib3

    parts = urllib3.util.parse_url(url)
    host = parts.host or url
    return f"{host}:{parts.port or (443 if parts.scheme == 'https' else 80)}" if port else host


def connection_kind(exc: BaseException) -> ConnectionKind:
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


def root_cause(exc: BaseException, *, short: bool = False) -> str:
    """The innermost cause of ``exc`` as ``Type: text`` (only its text, or type, with ``short``)."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    if short:
        return str(exc) or type(exc).__name__
    return type(exc).__name__ + (f": {exc}" if str(exc) else "")
