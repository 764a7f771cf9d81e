"""Shared test helpers: paths to the real fixtures, snapshot folders, CLI runs, the invariant."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonpatch
import pytest
import yaml
from deepdiff import DeepDiff

from modelctl.apply import render_applied
from modelctl.cli import main
from modelctl.plan import Plan

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
PROVIDER_FIXTURES = FIXTURES / "providers"
OPENROUTER_ALL = PROVIDER_FIXTURES / "openrouter" / "models-output_modalities-all-2026-08-18.json"
OPENROUTER_EMB = PROVIDER_FIXTURES / "openrouter" / "embeddings-derived-2026-08-18.json"
NVIDIA_MAY = PROVIDER_FIXTURES / "nvidia" / "models-2026-05-03.json"
EXAMPLE = FIXTURES / "example"
"""The root config.yaml and providers.yaml are a live config that the repository's own workflows
may change any week: tests read these copies of them, never the root files."""
SEED_CONFIG = FIXTURES / "configs" / "seed-708a58f.yaml"  # the same bytes as the root config.yaml
EXAMPLE_PROVIDERS = EXAMPLE / "providers.yaml"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> CliResult:
    capsys.readouterr()
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


def snapshot_dir(root: Path, bodies: Mapping[str, bytes | Path | Any]) -> Path:
    """A --catalog-dir folder; values are raw bytes, a fixture path, or JSON data."""
    folder = root / "catalogs"
    folder.mkdir(exist_ok=True)
    for name, body in bodies.items():
        target = folder / name
        if isinstance(body, Path):
            shutil.copyfile(body, target)
        elif isinstance(body, bytes):
            target.write_bytes(body)
        else:
            target.write_text(json.dumps(body))
    return folder


def openrouter_nvidia_snapshots(root: Path) -> Path:
    return snapshot_dir(
        root,
        {
            "openrouter.json": OPENROUTER_ALL,
            "openrouter.embeddings.json": OPENROUTER_EMB,
            "nvidia.json": NVIDIA_MAY,
        },
    )


def assert_patch_invariant(plan: Plan, raw: bytes, path: Path) -> bytes:
    """jsonpatch on the parsed config gives exactly the data that apply writes."""
    applied = render_applied(plan, raw, path)
    expected = jsonpatch.apply_patch(yaml.safe_load(raw), plan.patch)
    written = yaml.safe_load(applied)
    assert written == expected, DeepDiff(expected, written).pretty()
    return applied


_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@\n?")


def apply_unified_diff(old: list[str], diff: list[str]) -> list[str]:
    """``old`` lines with a unified diff's lines applied: the tests' own applier, which checks
    every context and removed line against ``old``."""
    out: list[str] = []
    pos = 0
    body = diff[2:]
    k = 0
    while k < len(body):
        header = _HUNK.fullmatch(body[k])
        assert header, body[k]
        start = int(header.group(1)) - (0 if header.group(2) == "0" else 1)
        out += old[pos:start]
        pos = start
        k += 1
        while k < len(body) and not body[k].startswith("@@"):
            tag, line = body[k][0], body[k][1:]
            if tag in " -":
                assert old[pos] == line, (pos, old[pos], line)
                pos += 1
            if tag in " +":
                out.append(line)
            k += 1
    return out + old[pos:]
