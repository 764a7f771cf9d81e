"""Start-up cost as import boundaries, not times: each CLI code path runs in a fresh interpreter
(``modelctl.cli.main`` in-process there) and reports which heavy modules it loaded.

No HTTP stack (requests, urllib3) for --version, --help, show, validate or a --catalog-dir plan;
no JSON Schema library on those paths; no entry-point scan for built-in providers; python-dotenv
only when there is a .env. A live plan does load requests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from modelctl import __version__
from modelctl.envfile import find_env_file, load_env_file

from faultserver import FaultServer
from helpers import EXAMPLE_PROVIDERS, SEED_CONFIG

REPO = Path(__file__).resolve().parents[2]
CATALOGS = REPO / "examples" / "catalogs"
HEAVY = ("requests", "urllib3", "jsonschema")
WATCHED = (*HEAVY, "dotenv", "typer")

CHILD = """
import json, sys
import importlib.metadata as metadata

scans = []
real_entry_points = metadata.entry_points


def counting_entry_points(**params):
    scans.append(params.get("group"))
    return real_entry_points(**params)


metadata.entry_points = counting_entry_points
args = json.loads(sys.argv[1])
if args and args[0] == "launch":
    from modelctl.launch import run
    try:
        run(args[1:])
    except SystemExit as exc:
        code = exc.code
else:
    from modelctl.cli import main
    code = main(args)
watched = json.loads(sys.argv[2])
loaded = [m for m in watched if m in sys.modules]
sys.stderr.write(json.dumps({"code": code, "loaded": loaded, "scans": scans}) + "\\n")
"""

PATHS: dict[str, list[str]] = {
    "--version": ["--version"],
    "--help": ["--help"],
    "show": ["show", "example.plan.json", "--format", "markdown"],
    "validate": ["validate"],
    "snapshot plan": ["plan", "--catalog-dir", "catalogs", "-o", "again.plan.json", "-q"],
}


def _run(cwd: Path, args: list[str], env: dict[str, str] | None = None) -> tuple[int, list[str], str]:
    """(exit code, watched modules loaded, stdout) of one fresh interpreter; the entry-point
    groups it scanned are listed among the modules as ``scan:<group>``."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(args), json.dumps(WATCHED)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    scans = [f"scan:{group}" for group in report["scans"]]
    return int(report["code"] or 0), [*report["loaded"], *scans], done.stdout


def _project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SEED_CONFIG, root / "config.yaml")
    shutil.copyfile(EXAMPLE_PROVIDERS, root / "providers.yaml")
    shutil.copytree(CATALOGS, root / "catalogs", dirs_exist_ok=True)
    return root


@cache
def _path_report(name: str, root: str) -> tuple[int, tuple[str, ...], str]:
    """One fresh interpreter per code path (shared by that path's tests in a worker)."""
    project = _project(Path(root) / "project")
    if not (project / "example.plan.json").exists():
        code, _, _ = _run(project, ["plan", "--catalog-dir", "catalogs", "-o", "example.plan.json", "-q"])
        assert code == 0
    code, loaded, out = _run(project, PATHS[name])
    return code, tuple(loaded), out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("boundaries"))


CASES = [
    pytest.param(
        path,
        module,
        id=f"{path}-{module}",
    )
    for path in PATHS
    for module in HEAVY
]


@pytest.mark.parametrize(("path", "module"), CASES)
def test_path_does_not_load(path: str, module: str, workdir: str) -> None:
    code, loaded, _ = _path_report(path, workdir)
    assert code == 0
    assert module not in loaded


@pytest.mark.parametrize("path", ["--version", "show", "validate", "snapshot plan"])
def test_builtin_providers_need_no_entry_point_scan(path: str, workdir: str) -> None:
    code, loaded, _ = _path_report(path, workdir)
    assert code == 0
    assert not [m for m in loaded if m.startswith("scan:")]


def test_dotenv_is_imported_only_for_a_env_file(workdir: str) -> None:
    if find_env_file(workdir) is not None:
        pytest.skip("a .env above the temporary folder would be loaded")
    code, loaded, _ = _path_report("snapshot plan", workdir)
    assert code == 0
    assert "dotenv" not in loaded


def test_version_fast_path_imports_no_cli_framework(tmp_path: Path) -> None:
    code, loaded, out = _run(tmp_path, ["launch", "--version"])
    assert (code, out) == (0, f"modelctl {__version__}\n")
    assert "typer" not in loaded
    # the same text as the typer option, which other spellings still reach
    code, loaded, out = _run(tmp_path, ["launch", "--version", "--debug"])
    assert (code, out) == (0, f"modelctl {__version__}\n")
    assert "typer" in loaded


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "modelctl", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: modelctl" in done.stdout and "plan" in done.stdout


def test_live_plan_loads_the_http_stack(tmp_path: Path, fault_server: FaultServer) -> None:
    project = _project(tmp_path / "live")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELCTL_")}
    env.update(fault_server.env())
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    code, loaded, _ = _run(
        project, ["plan", "-p", "openrouter", "-p", "nvidia", "-o", "live.plan.json", "-q"], env=env
    )
    assert code == 0
    assert {"requests", "urllib3"} <= set(loaded)
    assert json.loads((project / "live.plan.json").read_text())["providers"]["nvidia"]["status"] == "ok"


def test_env_file_is_found_in_a_parent_and_never_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("MODELCTL_TEST_A=from-file\nMODELCTL_TEST_B=from-file\n")
    below = tmp_path / "a" / "b"
    below.mkdir(parents=True)
    monkeypatch.setenv("MODELCTL_TEST_B", "from-environment")
    monkeypatch.delenv("MODELCTL_TEST_A", raising=False)
    monkeypatch.chdir(below)
    assert load_env_file() == str(tmp_path / ".env")
    assert os.environ["MODELCTL_TEST_A"] == "from-file"
    assert os.environ["MODELCTL_TEST_B"] == "from-environment"
    monkeypatch.delenv("MODELCTL_TEST_A")


def test_env_file_search_matches_python_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dotenv import find_dotenv

    (tmp_path / "x" / ".env").mkdir(parents=True)  # a folder named .env is not a file
    (tmp_path / ".env").write_text("")
    for start in (tmp_path, tmp_path / "x"):
        monkeypatch.chdir(start)
        assert find_env_file() == find_dotenv(usecwd=True) == str(tmp_path / ".env")


def test_entry_points_are_scanned_only_for_a_provider_that_is_not_built_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib.metadata import entry_points

    from modelctl.providers import registry

    scans: list[str] = []

    def counting() -> object:
        scans.append(registry.ENTRY_POINT_GROUP)
        return entry_points(group=registry.ENTRY_POINT_GROUP)

    monkeypatch.setattr(registry, "_entry_points", counting)
    plugins = registry.load_plugins(["openrouter", "poe", "openrouter"])
    assert sorted(plugins) == ["openrouter", "poe"] and scans == []
    assert type(plugins["poe"]).__module__ == "modelctl.providers.poe"
    assert registry.load_plugins(["openrouter", "acme"]).keys() == {"openrouter"}  # acme: not installed
    assert scans == [registry.ENTRY_POINT_GROUP]
