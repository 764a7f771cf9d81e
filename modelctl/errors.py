"""The one exception tree of modelctl.

    ModelctlError                 exit 1   anything modelctl reports as a clean one-line error
    ├── UsageError                exit 1   a bad option value or combination
    ├── ConfigError               exit 1   config.yaml unreadable, malformed or of the wrong shape
    ├── ProvidersFileError        exit 1   providers.yaml unreadable or malformed
    ├── ProviderError             exit 1   a provider catalog could not be fetched or understood
    ├── PlanningError             exit 1   a plan could not be made (unknown model id, guard tripped)
    │   └── MassRemovalRefused    exit 1   the mass-removal guard refused; carries the would-be plan
    ├── PlanError                 exit 1   a plan file is unreadable or malformed
    │   └── PlanRejectedError     exit 3   a plan is stale, altered or of an unknown format version
    └── ApplyError                exit 1   the config could not be written

Every message says what went wrong, where, and what to do next. The CLI turns these into exit
codes in exactly one place (``modelctl.cli``: ``EXIT_REJECTED`` for :class:`PlanRejectedError`,
``EXIT_ERROR`` for every other one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelctl.plan import Plan


class ModelctlError(Exception):
    """Base of every error modelctl reports to the user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


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
    ) -> None:
        super().__init__(message, hint=hint)
        self.provider = provider
        self.url = url
        self.status = status
        self.body_start = body_start


class PlanningError(ModelctlError):
    """A plan could not be made from the inputs (unknown id, a safety guard tripped)."""


class MassRemovalRefused(PlanningError):
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


class PlanError(ModelctlError):
    """A plan file is unreadable or malformed."""


class PlanRejectedError(PlanError):
    """A plan must not be applied: stale config, altered content, or unknown format version."""


class ApplyError(ModelctlError):
    """The planned change could not be written."""
