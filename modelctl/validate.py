"""Offline checks of a config (placeholder; being implemented)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from modelctl.providers.registry import Registry


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def validate_config(path: Path, registry: Registry) -> Report:
    raise NotImplementedError


def render_report(report: Report, *, json_output: bool) -> str:
    raise NotImplementedError
