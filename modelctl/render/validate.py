"""``modelctl validate``'s report as text (one line a finding, then the verdict) or JSON."""

from __future__ import annotations

import json
from typing import Any

from modelctl.validate import FORMAT_VERSION, LEVELS, Finding, ValidateReport


def render_report(report: ValidateReport, *, json_output: bool) -> str:
    return _json(report) if json_output else _text(report)


def _json(report: ValidateReport) -> str:
    counts = {level: len(report.of(level)) for level in LEVELS}
    doc = {
        "format_version": FORMAT_VERSION,
        "kind": "validate",
        "config": report.path,
        "entries": report.entries,
        "valid": not counts["error"],
        "summary": {"errors": counts["error"], "warnings": counts["warning"], "info": counts["info"]},
        "findings": [_finding_json(f) for f in report.findings],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "level": finding.level,
        "place": finding.place,
        "line": finding.line,
        "index": finding.index,
        "message": finding.message,
    }


def _text(report: ValidateReport) -> str:
    """Errors first, then warnings, then notes (found order within a level), then the verdict."""
    counts = {level: len(report.of(level)) for level in LEVELS}
    lines = []
    for finding in sorted(report.findings, key=lambda f: LEVELS.index(f.level)):
        place = f"{finding.place}: " if finding.place else ""
        where = f"{report.path}:{finding.line}" if finding.line is not None else report.path
        lines.append(f"{where}: {place}{finding.level}: {finding.message}")
    verdict = "invalid" if counts["error"] else "valid"
    lines.append(
        f"{report.path}: {verdict}: {report.entries} entries, {counts['error']} "
        f"error(s), {counts['warning']} warning(s), {counts['info']} note(s)."
    )
    return "\n".join(lines) + "\n"
