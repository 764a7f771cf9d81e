"""One endpoint of one provider over HTTP: retried while the provider's deadline leaves time,
with an error that says what happened (DNS, refused, TLS, timeout, or the HTTP status)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from modelctl.catalog.build import BODY_PREVIEW, Body
from modelctl.errors import ProviderError
from modelctl.http import (
    RETRY_STATUSES,
    HttpSettings,
    backoff_seconds,
    connection_kind,
    host_of,
    retry_after_seconds,
    root_cause,
)
from modelctl.providers.spec import ProviderSpec

if TYPE_CHECKING:  # the HTTP stack only for a live fetch, not for snapshots
    import requests


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
    get = _Get(session, spec, url, settings, env, deadline)
    failures = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _error(spec, url, None, _no_answer(settings, url))
        try:
            return get.once(endpoint, remaining)
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


class _Get:
    """Attempts at one URL of one provider, and the errors they end in."""

    def __init__(
        self,
        session: requests.Session,
        spec: ProviderSpec,
        url: str,
        settings: HttpSettings,
        env: Mapping[str, str],
        deadline: float,
    ) -> None:
        self.session = session
        self.spec = spec
        self.url = url
        self.settings = settings
        self.env = env
        self.deadline = deadline
        self.headers: dict[str, str] = {}
        if spec.api_key_env and env.get(spec.api_key_env):
            self.headers["Authorization"] = f"Bearer {env[spec.api_key_env]}"
        self.status: int | None = None
        """The HTTP status of the current attempt, once the server answered."""

    def once(self, endpoint: str, remaining: float) -> Body:
        """One GET with ``remaining`` seconds; :class:`_Transient` when worth another try."""
        import requests

        self.status = None
        try:
            with self.session.get(self.url, headers=self.headers, timeout=remaining, stream=True) as resp:
                self.status = resp.status_code
                data = self._read(resp)
                if resp.status_code >= 400:
                    raise self._status_error(resp, data)
        except requests.exceptions.SSLError as exc:
            raise self.error(
                f"TLS failed with {host_of(self.url)} ({root_cause(exc)})",
                hint="check the URL, a proxy in between, or the system's CA certificates",
            ) from None
        except requests.RequestException as exc:
            raise self._connection_error(exc) from None
        return Body(endpoint, self.url, data, self.status)

    def _read(self, resp: requests.Response) -> bytes:
        """The body, within the size cap and the deadline."""
        cap = self.settings.max_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise self.error(
                f"HTTP {self.status}: the body is {int(declared):,} bytes, over the {cap:,}-byte cap"
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > cap:
                raise self.error(f"HTTP {self.status}: the body is over the {cap:,}-byte cap")
            if time.monotonic() > self.deadline:
                raise self.error(f"HTTP {self.status}: " + _no_answer(self.settings, self.url, body=True))
            chunks.append(chunk)
        return b"".join(chunks)

    def _status_error(self, resp: requests.Response, data: bytes) -> Exception:
        """A 4xx/5xx answer: transient for 429 and 5xx (honouring Retry-After), final otherwise."""
        preview = data[:BODY_PREVIEW].decode("utf-8", "replace")
        what = f"HTTP {resp.status_code} {resp.reason}{_auth_hint(self.spec, resp.status_code, self.env)}"
        error = self.error(what, body_start=preview)
        if resp.status_code in RETRY_STATUSES:
            return _Transient(error, retry_after_seconds(resp.headers.get("Retry-After")))
        return error

    def _connection_error(self, exc: requests.RequestException) -> Exception:
        """A request that got no (complete) answer: DNS and timeouts are final, the rest transient."""
        kind = connection_kind(exc)
        http = f"HTTP {self.status}: " if self.status is not None else ""
        if kind == "dns":
            cause = root_cause(exc, short=True)
            return self.error(
                f"cannot resolve host {host_of(self.url)!r} (DNS lookup failed: {cause})",
                hint="check the URL and your network or DNS settings",
            )
        if kind == "refused":
            return _Transient(
                self.error(
                    f"{http}connection refused by {host_of(self.url, port=True)}",
                    hint="nothing is listening there: check the URL (and a MODELCTL_*_URL override)",
                )
            )
        if kind == "timeout":
            return self.error(f"{http}{_no_answer(self.settings, self.url)}")
        return _Transient(self.error(f"{http}connection failed after retries ({root_cause(exc)})"))

    def error(self, what: str, *, body_start: str | None = None, hint: str | None = None) -> ProviderError:
        return _error(self.spec, self.url, self.status, what, body_start, hint)


def _error(
    spec: ProviderSpec,
    url: str,
    status: int | None,
    what: str,
    body_start: str | None = None,
    hint: str | None = None,
) -> ProviderError:
    """``<what>``, with the provider, URL, status and body start as fields (``str()``: ``<provider>:
    <url>: <what>``)."""
    message = what
    if body_start:
        message += f"; body starts with {body_start!r}"
    return ProviderError(
        message, provider=spec.name, url=url, status=status, body_start=body_start, hint=hint
    )


def _no_answer(settings: HttpSettings, url: str, *, body: bool = False) -> str:
    what = "the body did not arrive" if body else "no answer"
    return (
        f"{what} within {settings.timeout:g}s from {host_of(url)} "
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
