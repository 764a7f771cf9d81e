"""tests/liveconfig.py: no test can read the repository's live config.yaml or providers.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from liveconfig import REPO, copying_the_repository


@pytest.mark.parametrize("name", ["config.yaml", "providers.yaml"])
def test_reading_the_live_config_is_refused(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(PermissionError, match="use the copies under tests/fixtures/"):
        (REPO / name).read_bytes()
    with pytest.raises(PermissionError):
        open(str(REPO / name), "rb").close()
    monkeypatch.chdir(REPO)
    with pytest.raises(PermissionError):
        Path(name).read_text(encoding="utf-8")


def test_copying_the_repository_may_read_it(tmp_path: Path) -> None:
    with copying_the_repository():
        shutil.copy2(REPO / "config.yaml", tmp_path / "config.yaml")
    assert (tmp_path / "config.yaml").stat().st_size > 0
    with pytest.raises(PermissionError):
        (REPO / "config.yaml").read_bytes()  # only inside the copy


def test_other_files_are_untouched() -> None:
    assert (REPO / "pyproject.toml").read_bytes()
