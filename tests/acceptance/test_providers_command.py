"""``modelctl providers``: every declared provider, enabled or not, key set or not, no key values."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelctl import cli
from modelctl.cli import main

from helpers import EXAMPLE_PROVIDERS

REPO = Path(__file__).resolve().parents[2]
PROVIDERS = ["openrouter", "requesty", "novita", "nano_gpt", "vercel", "poe", "nvidia"]
KEYS = {
    "requesty": "REQUESTY_API_KEY",
    "novita": "NOVITA_API_KEY",
    "nano_gpt": "NANOGPT_API_KEY",
    "poe": "POE_API_KEY",
}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no ./providers.yaml: the built-in one applies
    monkeypatch.setattr(cli, "load_env_file", lambda *_a, **_k: None)  # no stray .env keys
    for name in KEYS.values():
        monkeypatch.delenv(name, raising=False)


def _rows(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, list[str]]:
    assert main(["providers", *argv]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    lines = captured.out.splitlines()
    assert lines[0].split()[:3] == ["provider", "enabled", "api"]
    return {line.split()[0]: line.split() for line in lines[1:]}


def test_lists_all_seven_providers_with_enabled_status(capsys: pytest.CaptureFixture[str]) -> None:
    builtin = _rows([], capsys)
    assert list(builtin) == PROVIDERS
    assert all(row[1] == "yes" for row in builtin.values())
    example = _rows(["--providers", str(EXAMPLE_PROVIDERS)], capsys)
    assert list(example) == PROVIDERS
    assert {name for name, row in example.items() if row[1] == "no"} == {"nano_gpt"}


def test_key_present_or_absent_never_its_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets = {"POE_API_KEY": "pk-poe-Zq81cXvT0pLm", "NOVITA_API_KEY": "sk_novita_7Hd2kQ9wPa"}
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    assert main(["providers"]) == 0
    captured = capsys.readouterr()
    for value in secrets.values():
        assert value not in captured.out + captured.err
        assert value[:6] not in captured.out  # not even a prefix
    rows = {line.split()[0]: line.split() for line in captured.out.splitlines()[1:]}
    assert rows["poe"][2:4] == ["POE_API_KEY", "set"]
    assert rows["novita"][2:4] == ["NOVITA_API_KEY", "set"]
    assert rows["requesty"][2:4] == ["REQUESTY_API_KEY", "unset"]
    assert rows["nano_gpt"][2:4] == ["NANOGPT_API_KEY", "unset"]
    for keyless in ("openrouter", "vercel", "nvidia"):
        assert rows[keyless][2:4] == ["(none", "needed)"]


def test_empty_key_counts_as_unset(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POE_API_KEY", "")
    rows = _rows([], capsys)
    assert rows["poe"][2:4] == ["POE_API_KEY", "unset"]
