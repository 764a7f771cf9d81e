"""The plan of the bundled example, byte for byte: a refactor that changes what ``plan`` decides
or how it writes it fails here (regenerate with ``UPDATE_SNAPSHOTS=1`` only for an intended change).

The example is the seed config, ``tests/fixtures/example/providers.yaml`` and ``examples/catalogs``
copied into a temporary folder, planned offline at a fixed time. Only ``modelctl_version`` is
normalised (to ``0.0.0``, checksum resealed) so the snapshot outlives version bumps.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from modelctl import __version__, commands
from modelctl.plan import checksum, read_plan

from helpers import EXAMPLE_PROVIDERS, REPO, SEED_CONFIG

SNAPSHOT = Path(__file__).resolve().parents[1] / "snapshots" / "example.plan.json"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def _normalised(text: str) -> str:
    data = json.loads(text)
    assert json.dumps(data, indent=2, ensure_ascii=False) + "\n" == text  # nothing beyond the JSON
    assert data["modelctl_version"] == __version__
    data["modelctl_version"] = "0.0.0"
    data["checksum"] = checksum({k: v for k, v in data.items() if k != "checksum"})
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_the_example_plan_is_byte_stable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")
    shutil.copyfile(EXAMPLE_PROVIDERS, tmp_path / "providers.yaml")
    shutil.copytree(REPO / "examples" / "catalogs", tmp_path / "examples" / "catalogs")
    monkeypatch.chdir(tmp_path)
    result = commands.plan(
        commands.PlanOptions(
            config=Path("config.yaml"),
            providers_file=Path("providers.yaml"),
            catalog_dir=Path("examples/catalogs"),
            out=Path("example.plan.json"),
            now=NOW,
        )
    )
    assert result.path == Path("example.plan.json")
    written = (tmp_path / "example.plan.json").read_text(encoding="utf-8")
    assert read_plan(tmp_path / "example.plan.json").changes  # a valid plan that changes something
    text = _normalised(written)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8", newline="\n")
    assert text == SNAPSHOT.read_text(encoding="utf-8")
