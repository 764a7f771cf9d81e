"""Everyday mistakes, table-driven: (files, command line) -> (exit code, the words of the one-line
error, config bytes unchanged, no applyable plan written).

Each row runs in a fresh project folder: the seed config, a copy of the example providers.yaml,
OpenRouter and Nvidia snapshots, and every provider endpoint pointed at the local fault server
on 127.0.0.1. Nothing reaches the network: requests to other hosts go to a dead proxy, and name
resolution is answered locally (``*.invalid`` fails like an offline DNS). Rows whose mistake is
in the arguments also check that no request was sent at all.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from modelctl.plan import checksum
from modelctl.providers.registry import endpoint_env_var

from faultserver import FaultServer
from helpers import EXAMPLE_PROVIDERS, SEED_CONFIG, openrouter_nvidia_snapshots, run_cli

OFFLINE = ("--catalog-dir", "catalogs", "-p", "openrouter", "-p", "nvidia", "--allow-mass-removal")
PLAN = ("plan", *OFFLINE, "-o", "p.plan.json")


@dataclass
class World:
    root: Path
    server: FaultServer
    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch
    values: dict[str, Any] = field(default_factory=dict)

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace the first ``old`` in a file; remember the line of the change as {line}."""
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        at = text.index(old)
        self.values["line"] = text[:at].count("\n") + 1
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def append(self, name: str, text: str) -> None:
        path = self.root / name
        before = path.read_text(encoding="utf-8")
        self.values["line"] = before.count("\n") + text.rstrip("\n").count("\n") + 1  # its last line
        path.write_text(before + text, encoding="utf-8")

    def plan(self, *extra: str) -> Path:
        res = run_cli(self.capsys, *PLAN, *extra)
        assert res.code == 0, res.err
        return self.root / "p.plan.json"

    def live(self, provider: str, url: str) -> None:
        self.monkeypatch.setenv(endpoint_env_var(provider, "models"), url)


def _refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again: nothing listens there


def _unapplyable(w: World) -> None:
    path = w.plan()
    doc = json.loads(path.read_text())
    doc["applyable"] = False
    body = {k: v for k, v in doc.items() if k != "checksum"}
    path.write_text(json.dumps({**body, "checksum": checksum(body)}))


def _partial(w: World) -> None:
    (w.root / "catalogs" / "nvidia.json").unlink()
    w.plan("--allow-partial")


def _applied_once(w: World) -> None:
    w.plan()
    assert run_cli(w.capsys, "apply", "p.plan.json").code == 0


def _subfolder_with_typo(w: World) -> None:
    (w.root / "sub").mkdir()
    w.edit("providers.yaml", "    enabled: true", "    enabeld: true")


def _then_disable_a_provider(w: World) -> None:
    w.plan()
    w.edit(P, "    enabled: true", "    enabled: false")


def _then_delete_providers_yaml(w: World) -> None:
    w.plan()
    (w.root / P).unlink()


def _then_add_a_comment_to_the_config(w: World) -> None:
    w.plan()
    w.append(C, "# a comment\n")


def _then_alter_the_plan(w: World) -> None:
    w.plan()
    w.edit("p.plan.json", '"reason": "', '"reason": "x')


def _nothing_listening(w: World) -> None:
    w.values["port"] = _refused_port()
    w.live("nvidia", f"http://127.0.0.1:{w.values['port']}/v1/models")


@dataclass(frozen=True)
class Row:
    id: str
    argv: tuple[str, ...]
    code: int
    words: tuple[str, ...]  # in the one 'Error:' line (code != 0) or in stdout+stderr (code 0)
    setup: Callable[[World], object] | None = None
    cwd: str = "."
    config_changes: bool = False
    writes_plan: bool = False  # an applyable plan is expected (the mistake is allowed, or it is no mistake)
    requests: bool = False  # the command may send requests (to the local server only)
    report: bool = False  # the command prints a report (validate) instead of one 'Error:' line
    env: tuple[tuple[str, str], ...] = ()


P = "providers.yaml"
C = "config.yaml"
ROWS = [
    # -- strict providers.yaml ---------------------------------------------------------------
    Row(
        "providers-enabled-typo",
        PLAN,
        1,
        ("providers.yaml:{line}", "enabeld", "did you mean 'enabled'"),
        lambda w: w.edit(P, "    enabled: true", "    enabeld: false"),
    ),
    Row(
        "providers-threshold-typo",
        PLAN,
        1,
        ("providers.yaml:{line}", "settings.mass_removal_treshold", "did you mean 'mass_removal_threshold'"),
        lambda w: w.edit(P, "  mass_removal_threshold:", "  mass_removal_treshold:"),
    ),
    Row(
        "providers-protect-typo",
        PLAN,
        1,
        ("providers.yaml:{line}", "providers.openrouter.protect", "did you mean 'protected'"),
        lambda w: w.edit(P, "    enabled: true\n", "    protect: [x]\n    enabled: true\n"),
    ),
    Row(
        "providers-match-prefix-typo",
        PLAN,
        1,
        ("providers.yaml:{line}", "match[0].prefx", "did you mean 'prefix'"),
        lambda w: w.edit(P, "- {prefix: openrouter/}", "- {prefx: openrouter/}"),
    ),
    Row(
        "providers-pricing-typo",
        PLAN,
        1,
        ("providers.yaml:{line}", "pricing.inptu", "did you mean 'input'"),
        lambda w: w.edit(P, "      input: pricing.prompt", "      inptu: pricing.prompt"),
    ),
    Row(
        "providers-top-level-typo",
        PLAN,
        1,
        ("providers.yaml:{line}", "unknown key 'provider'", "did you mean 'providers'"),
        lambda w: w.edit(P, "providers:\n  openrouter:", "provider:\n  openrouter:"),
    ),
    Row(
        "providers-enabled-string",
        PLAN,
        1,
        ("providers.yaml:{line}", "enabled", "expected a boolean", "'no'"),
        lambda w: w.edit(P, "    enabled: true", '    enabled: "no"'),
    ),
    Row(
        "providers-threshold-out-of-range",
        PLAN,
        1,
        ("providers.yaml:{line}", "mass_removal_threshold", "at most 1"),
        lambda w: w.edit(P, "  mass_removal_threshold: 0.5", "  mass_removal_threshold: 5"),
    ),
    Row(
        "providers-command-typo",
        ("providers",),
        1,
        ("providers.yaml:{line}", "did you mean 'enabled'"),
        lambda w: w.edit(P, "    enabled: true", "    enabeld: true"),
    ),
    Row(
        "providers-file-is-a-folder",
        ("plan", *OFFLINE, "--providers", "catalogs"),
        1,
        ("catalogs", "directory"),
    ),
    # -- strict modelctl: block of the config ------------------------------------------------
    Row(
        "config-protect-typo",
        PLAN,
        1,
        ("config.yaml:{line}", "modelctl.protect", "did you mean 'protected'"),
        lambda w: w.append(C, "\nmodelctl:\n  protect: [gpt-4o]\n"),
    ),
    Row(
        "config-sort-typo",
        PLAN,
        1,
        ("config.yaml:{line}", "modelctl.sortt", "did you mean 'sort'"),
        lambda w: w.append(C, "\nmodelctl:\n  sortt: true\n"),
    ),
    Row(
        "config-protected-not-a-list",
        PLAN,
        1,
        ("config.yaml:{line}", "modelctl.protected", "expected an array"),
        lambda w: w.append(C, "\nmodelctl:\n  protected: gpt-4o\n"),
    ),
    Row(
        "validate-sees-the-typo",
        ("validate",),
        1,
        ("config.yaml:{line}", "did you mean 'protected'"),
        lambda w: w.append(C, "\nmodelctl:\n  protect: [gpt-4o]\n"),
        report=True,
    ),
    # -- failed providers ---------------------------------------------------------------------
    Row(
        "failed-provider-writes-no-plan",
        PLAN,
        1,
        ("nvidia", "snapshot file missing", "no plan was written", "--allow-partial"),
        lambda w: (w.root / "catalogs" / "nvidia.json").unlink(),
    ),
    Row(
        "failed-provider-allow-partial",
        (*PLAN, "--allow-partial"),
        0,
        ("PARTIAL PLAN", "Warning: 1 provider(s) failed", "partial: 1 provider(s) failed"),
        lambda w: (w.root / "catalogs" / "nvidia.json").unlink(),
        writes_plan=True,
    ),
    Row(
        "every-provider-failed-no-false-match",
        ("plan", "--catalog-dir", "catalogs", "-p", "novita", "-p", "vercel", "--allow-partial", "-q"),
        0,
        ("No changes from the 0 provider(s) that answered; 2 failed.",),
        writes_plan=True,
    ),
    Row(
        "apply-partial-plan-warns",
        ("apply", "p.plan.json"),
        0,
        ("Warning: partial plan", "nvidia"),
        _partial,
        config_changes=True,
    ),
    Row("apply-unapplyable-plan", ("apply", "p.plan.json"), 3, ("not applyable",), _unapplyable),
    # -- staleness ----------------------------------------------------------------------------
    Row(
        "stale-providers-yaml",
        ("apply", "p.plan.json"),
        3,
        ("providers.yaml changed since the plan was made", "stale", "re-run 'modelctl plan'"),
        _then_disable_a_provider,
    ),
    Row(
        "providers-yaml-gone",
        ("apply", "p.plan.json"),
        3,
        ("providers.yaml is gone since the plan was made",),
        _then_delete_providers_yaml,
    ),
    Row(
        "stale-config",
        ("apply", "p.plan.json"),
        3,
        ("config changed since the plan was made",),
        _then_add_a_comment_to_the_config,
    ),
    Row(
        "apply-twice", ("apply", "p.plan.json"), 0, ("Already applied", "nothing was written"), _applied_once
    ),
    Row(
        "show-damaged-plan-is-not-3",
        ("show", "p.plan.json"),
        1,
        ("checksum mismatch",),
        _then_alter_the_plan,
    ),
    # -- honest network errors (local server only) -------------------------------------------
    Row(
        "dns-failure",
        ("plan", "-p", "nvidia", "-o", "p.plan.json"),
        1,
        ("cannot resolve host 'catalog.modelctl.invalid'", "DNS", "no plan was written"),
        lambda w: w.live("nvidia", "https://catalog.modelctl.invalid/v1/models"),
        requests=True,
    ),
    Row(
        "connection-refused",
        ("plan", "-p", "nvidia", "-o", "p.plan.json"),
        1,
        ("connection refused by 127.0.0.1:{port}",),
        _nothing_listening,
        requests=True,
    ),
    Row(
        "tls-failure",
        ("plan", "-p", "nvidia", "-o", "p.plan.json"),
        1,
        ("TLS failed with 127.0.0.1", "certificates"),
        lambda w: w.live("nvidia", w.server.url("nvidia").replace("http://", "https://")),  # plain HTTP there
        requests=True,
    ),
    Row(
        "timeout",
        ("plan", "-p", "nvidia", "--timeout", "1", "-o", "p.plan.json"),
        1,
        ("no answer within 1s from 127.0.0.1", "deadline per provider"),
        lambda w: w.server.set_fault("nvidia", "models", "timeout"),
        requests=True,
    ),
    Row(
        "unauthorized-key-unset",
        ("plan", "-p", "requesty", "-o", "p.plan.json"),
        1,
        ("HTTP 401", "REQUESTY_API_KEY is not set"),
        lambda w: w.server.set_fault("requesty", "models", "echo_auth"),
        requests=True,
    ),
    Row(
        "unauthorized-key-rejected",
        ("plan", "-p", "requesty", "-o", "p.plan.json"),
        1,
        ("HTTP 401", "the key in REQUESTY_API_KEY was rejected"),
        lambda w: w.server.set_fault("requesty", "models", "echo_auth"),
        requests=True,
        env=(("REQUESTY_API_KEY", "sk-wrong"),),
    ),
    # -- arguments, checked before any request ------------------------------------------------
    Row(
        "unknown-provider",
        ("plan", "-p", "openruoter"),
        1,
        ("--provider openruoter", "did you mean 'openrouter'"),
    ),
    Row(
        "unknown-provider-in-add-model",
        ("plan", "--add-model", "openruoter:z-ai/glm-5"),
        1,
        ("--add-model openruoter:z-ai/glm-5", "unknown provider 'openruoter'", "did you mean 'openrouter'"),
    ),
    Row(
        "unknown-provider-in-remove-model",
        ("plan", "--remove-model", "nvidai:z-ai/glm5"),
        1,
        ("--remove-model nvidai:z-ai/glm5", "did you mean 'nvidia'"),
    ),
    Row("bare-id-with-many-providers", ("plan", "--add-model", "z-ai/glm-5"), 1, ("say which provider",)),
    Row(
        "model-name-two-ids",
        ("plan", "--add-model", "openrouter:z-ai/glm-5 nvidia:z-ai/glm5", "--model-name", "glm"),
        1,
        ("--model-name needs exactly one --add-model id, got 2",),
    ),
    Row("model-name-no-id", ("plan", "--model-name", "glm"), 1, ("--model-name needs exactly one", "got 0")),
    Row(
        "remove-model-not-in-config",
        ("plan", "--remove-model", "openrouter:anthropic/claude-3.5-haiqu"),
        1,
        ("no entry of openrouter has that id", "did you mean 'anthropic/claude-3.5-haiku'"),
    ),
    Row(
        "remove-model-protected",
        ("plan", "--remove-model", "requesty:smart-task"),
        1,
        ("--remove-model requesty:smart-task: the entry is protected", "drop it from 'protected'"),
    ),
    Row(
        "track-only-with-no-track",
        ("plan", "--track-only", "--no-track"),
        1,
        ("--track-only and --no-track contradict each other",),
    ),
    Row(
        "track-only-with-remove-model",
        ("plan", "--track-only", "--remove-model", "requesty:smart-task"),
        1,
        ("--track-only plans track-rule additions and nothing else",),
    ),
    Row(
        "add-model-provider-not-selected",
        ("plan", "-p", "openrouter", "--add-model", "nvidia:z-ai/glm5"),
        1,
        ("provider 'nvidia' is not selected", "--provider nvidia"),
    ),
    Row(
        "out-under-a-file", ("plan", "-o", "config.yaml/p.json"), 1, ("config.yaml is a file, not a folder",)
    ),
    Row("out-is-the-config", ("plan", "-o", "config.yaml"), 1, ("the config file itself",)),
    Row(
        "add-model-without-id",
        ("plan", "--add-model", "openrouter:"),
        1,
        ("model id after 'openrouter:' is missing",),
    ),
    Row(
        "catalog-fetch-out-is-a-file",
        ("catalog", "fetch", "-o", "config.yaml"),
        1,
        ("-o config.yaml", "not a folder"),
    ),
    Row(
        "catalog-fetch-unknown-provider",
        ("catalog", "fetch", "-p", "nvdia", "-o", "snap"),
        1,
        ("--provider nvdia", "did you mean 'nvidia'"),
    ),
    Row("catalog-dir-missing", ("plan", "--catalog-dir", "nowhere"), 1, ("nowhere", "not a folder")),
    Row("validate-markdown-refused", ("validate", "--format", "markdown"), 1, ("'markdown' is not one of",)),
    # -- things that are no mistake any more ----------------------------------------------------
    Row(
        "out-is-a-folder",
        ("plan", *OFFLINE, "-o", "catalogs"),
        0,
        ("Plan saved to catalogs/", ".plan.json"),
        writes_plan=True,
    ),
    Row(
        "out-new-folder-with-slash",
        ("plan", *OFFLINE, "-o", "new/plans/"),
        0,
        ("Plan saved to new/plans/",),
        writes_plan=True,
    ),
    Row(
        "subfolder-uses-providers-next-to-config",
        (
            "plan",
            "-c",
            "../config.yaml",
            "--catalog-dir",
            "../catalogs",
            "-p",
            "openrouter",
            "-p",
            "nvidia",
            "--allow-mass-removal",
            "-o",
            "p.plan.json",
        ),
        1,
        ("../providers.yaml:{line}", "did you mean 'enabled'"),
        _subfolder_with_typo,
        cwd="sub",
    ),
    Row(
        "subfolder-names-the-file-used",
        (
            "plan",
            "-c",
            "../config.yaml",
            "--catalog-dir",
            "../catalogs",
            "-p",
            "openrouter",
            "-p",
            "nvidia",
            "--allow-mass-removal",
            "-o",
            "p.plan.json",
        ),
        0,
        ("Providers file: ../providers.yaml",),
        lambda w: (w.root / "sub").mkdir(),
        cwd="sub",
        writes_plan=True,
    ),
    Row(
        "catalog-fetch-quiet-summary",
        ("catalog", "fetch", "-q", "-p", "nvidia", "-o", "snap"),
        0,
        ("Saved 1 snapshot file(s) of 1 provider(s) to snap.",),
        requests=True,
    ),
]


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


@pytest.fixture
def world(
    tmp_path: Path, server: FaultServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> World:
    server.reset()
    (tmp_path / C).write_bytes(SEED_CONFIG.read_bytes())
    (tmp_path / P).write_bytes(EXAMPLE_PROVIDERS.read_bytes())
    openrouter_nvidia_snapshots(tmp_path)
    monkeypatch.chdir(tmp_path)
    for name, url in server.env().items():
        monkeypatch.setenv(name, url)
    for name in ("REQUESTY_API_KEY", "NANOGPT_API_KEY", "POE_API_KEY", "NOVITA_API_KEY", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # anything not local goes nowhere
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,.invalid")
    real = socket.getaddrinfo

    def local_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host in ("127.0.0.1", "localhost"):
            return real(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")  # offline DNS

    monkeypatch.setattr(socket, "getaddrinfo", local_only)
    return World(tmp_path, server, capsys, monkeypatch)


def _plans(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*.plan.json")}


def test_the_table_covers_every_item() -> None:
    assert len(ROWS) >= 40
    assert len({r.id for r in ROWS}) == len(ROWS)
    codes = {r.code for r in ROWS}
    assert codes == {0, 1, 3}


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_mistake(world: World, row: Row) -> None:
    if row.setup is not None:
        row.setup(world)
    for name, value in row.env:
        world.monkeypatch.setenv(name, value)
    world.server.seen.clear()
    config_before = (world.root / C).read_bytes()
    plans_before = _plans(world.root)
    world.monkeypatch.chdir(world.root / row.cwd)

    res = run_cli(world.capsys, *row.argv)

    words = [w.format(**world.values) for w in row.words]
    assert res.code == row.code, (res.out[-1500:], res.err)
    if row.code != 0 and not row.report:
        errors = [line for line in res.err.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, res.err  # one line says it all
        for word in words:
            assert word in errors[0], (word, errors[0])
        assert "internal error" not in errors[0] and "Traceback" not in res.err
    else:
        for word in words:
            assert word in res.out + res.err, (word, res.out[-1500:], res.err)
    if not row.config_changes:
        assert (world.root / C).read_bytes() == config_before
    new_plans = {p: b for p, b in _plans(world.root).items() if plans_before.get(p) != b}
    applyable = [p for p, b in new_plans.items() if json.loads(b).get("applyable") is True]
    if row.writes_plan:
        assert applyable, "an applyable plan was expected"
    else:
        assert not new_plans, f"a plan was written: {list(new_plans)}"
    if not row.requests:
        assert not world.server.seen, "a request was sent before the arguments were checked"


def test_ctrl_c_exits_130(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C (click turns it into Abort) is exit 130, like a shell, and says nothing was written."""

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("modelctl.commands.plan", interrupted)
    res = run_cli(capsys, "plan")
    assert res.code == 130
    assert "Interrupted; nothing was written." in res.err
