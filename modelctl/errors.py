"""The one exception tree of modelctl.

    ModelctlError                 exit 1   anything modelctl reports as a clean one-line error
    ├── UsageError                exit 1   a bad option value or combination
    ├── ConfigError               exit 1   config.yaml unreadable, malformed or of the wrong shape
    ├── ProvidersFileError        exit 1   providers.yaml unreadable or malformed
    ├── ProviderError             exit 1   a provider catalog could not be fetched or understood
    ├── PlanBuildError            exit 1   a plan could not be built (unknown model id, guard tripped)
    │   └── MassRemovalRefused    exit 1   the mass-removal guard refused; carries the would-be plan
    ├── PlanFileError             exit 1   a plan file is unreadable or malformed
    │   └── PlanRejectedError     exit 3   a plan is stale, altered or of an unknown format version
    └── ApplyError                exit 1   the config could not be written

Every error carries its context as fields, never only inside its text: ``path``, ``line`` and
``column`` (1-based) for the file and place it is about, ``key`` for the dotted place inside that
file (``providers.openrouter.match[0]``), and on :class:`ProviderError` also ``provider``, ``url``
and ``status``. ``message`` is the bare sentence and ``hint`` what to do next. ``str(error)`` is
the one rendering of all of it (``providers.yaml:12:5: providers.openrouter.match[0]: unknown
key 'prefx' (did you mean 'prefix'?)``), so callers read fields instead of parsing text.

The CLI turns these into exit codes in exactly one place (``modelctl.cli``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelctl.plan import Plan


class ModelctlError(Exception):
    """Base of every error modelctl reports to the user."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path
        self.line = line
        self.column = column
        self.key = key

    @property
    def location(self) -> str:
        """``path:line:column: key`` with whatever of it is known ("" when none is)."""
        place = ":".join(str(part) for part in (self.path, self.line, self.column) if part is not None)
        if self.key:
            place = f"{place}: {self.key}" if place else self.key
        return place

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text} ({self.hint})" if self.hint else text


class UsageError(ModelctlError):
    """Options that cannot work together, or a bad option value."""


class ConfigError(ModelctlError):
    """config.yaml cannot be read, parsed, or has the wrong shape."""


class ProvidersFileError(ModelctlError):
    """providers.yaml cannot be read, parsed, or declares something invalid."""


class ProviderError(ModelctlError):
    """A provider catalog could not be fetched or understood."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        url: str | None = None,
        status: int | None = None,
        body_start: str | None = None,
        hint: str | None = None,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, path=path, line=line, column=column, key=key)
        self.provider = provider
        self.url = url
        self.status = status
        self.body_start = body_start

    @property
    def location(self) -> str:
        """``provider: url`` after any file place: a fetch error is about one provider's URL."""
        return ": ".join(part for part in (super().location, self.provider, self.url) if part)

    @property
    def detail(self) -> str:
        """The error as a per-provider report shows it after the provider's name (URL, text, hint)."""
        text = f"{self.url}: {self.message}" if self.url else self.message
        return f"{text} ({self.hint})" if self.hint else text


class PlanBuildError(ModelctlError):
    """A plan could not be made from the inputs (unknown id, a safety guard tripped)."""


class MassRemovalRefused(PlanBuildError):
    """The mass-removal guard refused: the would-be plan is shown but never saved."""

    def __init__(self, plan: Plan) -> None:
        names = [r.split(":", 1)[0] for r in plan.refusals]
        allow = " ".join(f"--allow-mass-removal {n}" for n in names)
        super().__init__(
            "; ".join(plan.refusals),
            hint="no plan file was written; check the provider's catalog; if the removals are real, "
            f"re-run with {allow}",
        )
        self.plan = plan


class PlanFileError(ModelctlError):
    """A plan file is unreadable or malformed."""


class PlanRejectedError(PlanFileError):
    """A plan must not be applied: stale config, altered content, or unknown format version."""


class ApplyError(ModelctlError):
    """The planned change could not be written."""
