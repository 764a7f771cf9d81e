"""Secrets canary: API keys are sent to the providers and appear nowhere else.

Distinctive fake keys are set for every provider that takes one; the providers are served by
the fault server, some of them failing with an error body (401 JSON, 200 HTML) that echoes the
Authorization header back. Then plan, show, apply, validate, providers and catalog fetch run
with ``--debug`` (tracebacks on), in every output format. No key may appear in stdout, stderr
or any file written (plan files, snapshots, the config). The server must have received every
key as a Bearer token, so the keys really were in play.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from faultserver import FaultServer
from helpers import SEED_CONFIG, CliResult, run_cli

KEY_ENVS = {
    "requesty": "REQUESTY_API_KEY",
    "nano_gpt": "NANOGPT_API_KEY",
    "poe": "POE_API_KEY",
    "novita": "NOVITA_API_KEY",
}


@pytest.fixture
def keys(
    monkeypatch: pytest.MonkeyPatch,
    fault_server: FaultServer,
    tmp_path: Path,
) -> dict[str, str]:
    values = {provider: f"sk-canary-{secrets.token_hex(12)}" for provider in KEY_ENVS}
    for provider, env in KEY_ENVS.items():
        monkeypatch.setenv(env, values[provider])
    for name, url in fault_server.env().items():
        monkeypatch.setenv(name, url)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_bytes(SEED_CONFIG.read_bytes())
    # the errors echo the Authorization header: in a 401 JSON body and in a 200 HTML page
    fault_server.set_fault("requesty", "models", "echo_auth")
    fault_server.set_fault("poe", "models", "echo_auth_html")
    fault_server.set_fault("novita", "models", "echo_auth")
    return values


def assert_clean(values: dict[str, str], *texts: str) -> None:
    for text in texts:
        for key in values.values():
            assert key not in text
            assert key[len("sk-canary-") :] not in text  # not even the random part


def assert_no_file_holds_a_key(root: Path, values: dict[str, str]) -> int:
    files = [p for p in root.rglob("*") if p.is_file()]
    for path in files:
        data = path.read_bytes()
        for key in values.values():
            assert key.encode() not in data, f"{path} holds an API key"
    return len(files)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> CliResult:
    return run_cli(capsys, "--debug", *args)


def test_keys_are_used_and_never_shown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fault_server: FaultServer, keys: dict[str, str]
) -> None:
    outputs: list[str] = []

    def keep(res: CliResult) -> CliResult:
        outputs.extend((res.out, res.err))
        return res

    plan = ("plan", "--allow-mass-removal", "-o", "p.json")
    res = keep(run(capsys, *plan))
    assert res.code == 1  # three providers fail
    for provider in ("requesty", "poe", "novita"):
        assert f"{provider}: {fault_server.url(provider)}" in res.err
    assert "***" in res.err  # the echoed header is there, masked
    for fmt in ("text", "json", "markdown"):
        res = keep(run(capsys, *plan, "--allow-partial", "--format", fmt))
        assert res.code == 0, res.err
        assert "***" in res.out
        keep(run(capsys, "show", "p.json", "--format", fmt, "--verbose"))
    # a ModelctlError with its traceback (--debug): adding from a failed provider's catalog
    res = keep(run(capsys, "plan", "-p", "requesty", "--add-model", "x/y", "-o", "q.json"))
    assert res.code == 1 and "Traceback" in res.err and "requesty catalog is unavailable" in res.err
    res = keep(run(capsys, "apply", "p.json"))
    assert res.code == 0, res.err
    keep(run(capsys, "validate"))
    keep(run(capsys, "validate", "--format", "json"))
    keep(run(capsys, "providers"))
    res = keep(run(capsys, "catalog", "fetch", "-o", "snapshots"))
    assert res.code == 1
    assert (tmp_path / "snapshots" / "nano_gpt.json").exists()  # fetched with its key

    assert_clean(keys, *outputs)
    assert assert_no_file_holds_a_key(tmp_path, keys) >= 4
    for provider, key in keys.items():  # the keys did go out, as Bearer tokens
        seen = {s.authorization for s in fault_server.hits(provider)}
        assert seen == {f"Bearer {key}"}, provider
    keyless = {s.authorization for p in ("openrouter", "vercel", "nvidia") for s in fault_server.hits(p)}
    assert keyless == {None}


def test_keys_in_a_real_process(tmp_path: Path, fault_server: FaultServer, keys: dict[str, str]) -> None:
    """The same through a fresh interpreter: what a CI log would show."""
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from modelctl.cli import run; run()",
            "--debug",
            "plan",
            "-p",
            "requesty",
            "-p",
            "poe",
            "-p",
            "nano_gpt",
            "--allow-mass-removal",
            "-o",
            "p.json",
        ],
        cwd=tmp_path,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert "requesty" in proc.stderr and "***" in proc.stderr
    assert_clean(keys, proc.stdout, proc.stderr)
    assert_no_file_holds_a_key(tmp_path, keys)
    assert {s.authorization for s in fault_server.hits("requesty")} == {f"Bearer {keys['requesty']}"}


def test_a_dotenv_key_is_masked_too(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    fault_server: FaultServer,
    keys: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A key that only lives in ./.env (loaded by the CLI) is masked like one in the env."""
    key = f"sk-canary-{secrets.token_hex(12)}"
    monkeypatch.delenv("REQUESTY_API_KEY")
    (tmp_path / ".env").write_text(f"REQUESTY_API_KEY={key}\n", encoding="utf-8")
    try:
        res = run(capsys, "plan", "-p", "requesty", "-o", "p.json")
    finally:
        os.environ.pop("REQUESTY_API_KEY", None)  # load_dotenv wrote it into os.environ
    assert res.code == 1
    assert key not in res.out + res.err and "***" in res.err
    assert not (tmp_path / "p.json").exists()  # a failed provider: no plan is written
    assert {s.authorization for s in fault_server.hits("requesty")} == {f"Bearer {key}"}
