"""What ``modelctl validate`` finds: levelled findings at a place and line, in a frozen report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FORMAT_VERSION = "1"
Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")
"""How serious a finding is (``LEVELS``, most serious first)."""


@dataclass(frozen=True)
class Finding:
    level: Level
    place: str  # "model_list[3].litellm_params.input_cost_per_token", or "" for the file
    message: str
    index: int | None = None  # the model_list index, when the finding is about one entry
    line: int | None = None  # 1-based line in the config, when known


@dataclass(frozen=True)
class ValidateReport:
    """Every finding about one config, in the order the checks found them."""

    path: str
    entries: int = 0
    findings: tuple[Finding, ...] = ()

    def of(self, level: Level) -> list[Finding]:
        return [f for f in self.findings if f.level == level]

    @property
    def errors(self) -> list[Finding]:
        return self.of("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.of("warning")

    @property
    def infos(self) -> list[Finding]:
        return self.of("info")


@dataclass
class Findings:
    """Collects findings while the checks run; each gets the line of its place (or of the
    nearest enclosing node the ``lines`` map knows)."""

    lines: dict[str, int] = field(default_factory=dict)
    found: list[Finding] = field(default_factory=list)

    def add(self, level: Level, place: str, message: str, index: int | None = None) -> None:
        self.found.append(Finding(level, place, message, index, self._line(place)))

    def _line(self, place: str) -> int | None:
        while place:
            if place in self.lines:
                return self.lines[place]
            cut = max(place.rfind("."), place.rfind("["))
            if cut <= 0:
                break
            place = place[:cut]
        return self.lines.get(place)

    def report(self, path: str, entries: int) -> ValidateReport:
        return ValidateReport(path=path, entries=entries, findings=tuple(self.found))
