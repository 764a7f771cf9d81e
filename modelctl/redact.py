"""Keep API keys out of anything modelctl prints."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_KEY_NAME = re.compile(r"(API_KEY|TOKEN|SECRET|PASSWORD)", re.IGNORECASE)
MASK = "***"


@dataclass(frozen=True)
class Redactor:
    secrets: tuple[str, ...]

    @classmethod
    def from_environment(
        cls, env: Mapping[str, str] | None = None, extra_names: Iterable[str] = ()
    ) -> Redactor:
        env = os.environ if env is None else env
        names = {n for n in env if _KEY_NAME.search(n)} | set(extra_names)
        values = {env[n] for n in names if n in env and len(env[n]) >= 6}
        return cls(tuple(sorted(values, key=len, reverse=True)))

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text


_SECRET_WORDS = frozenset(
    {"key", "apikey", "secret", "token", "password", "passwd", "pwd", "credential", "credentials", "auth"}
)
_SECRET_EXACT = frozenset({"authorization", "vertex_credentials", "private_key", "client_secret"})


def is_secret_key(name: object) -> bool:
    """Does a config key name a secret-bearing value? (``api_key``, ``master_key``,
    ``aws_*``, ``vertex_credentials``, anything naming a key, secret, token, password or
    credentials). Cost keys (``input_cost_per_token``) and token limits are not secrets."""
    if not isinstance(name, str):
        return False
    lowered = name.lower()
    if lowered in _SECRET_EXACT or lowered.startswith("aws_"):
        return True
    words = [w for w in re.split(r"[^a-z0-9]+", lowered) if w]
    if "cost" in words or "tokens" in words or lowered.endswith("_per_token"):
        return False
    return any(w in _SECRET_WORDS or w.endswith(("apikey", "secret", "password")) for w in words)
