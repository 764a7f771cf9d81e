"""The release artefacts: sdist + wheel build offline, pass `twine check`, carry the package data, and
the wheel installed into a fresh virtual environment runs `modelctl plan --catalog-dir`.

Offline on purpose: `python -m build --no-isolation` uses the setuptools of the test extra, and the
fresh venv gets the runtime dependencies from this interpreter's site-packages through a `.pth` line
(`--no-deps --no-index` install), so nothing is downloaded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

import modelctl

from helpers import EXAMPLE_PROVIDERS, SEED_CONFIG

ROOT = Path(__file__).resolve().parents[2]
VERSION = modelctl.__version__
# What a release must carry besides the Python modules (read at run time through importlib.resources).
PACKAGE_DATA = {
    "modelctl/py.typed",
    "modelctl/schemas/plan-v1.schema.json",
    "modelctl/schemas/providers-v1.schema.json",
    "modelctl/schemas/config-modelctl-v1.schema.json",
    "modelctl/data/providers.yaml",
    "modelctl/data/config.example.yaml",
    "modelctl/data/workflows/ci.yml",
    "modelctl/data/workflows/plan.yml",
    "modelctl/data/workflows/apply.yml",
}
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "modelctl", "examples", "docs")


def _run(cmd: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build sdist + wheel from a copy of the source tree (the worktree gets no build/ or egg-info)."""
    base = tmp_path_factory.mktemp("dist")
    src = base / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    out = base / "out"
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(src)], cwd=base)
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("modelctl-*.whl")
    return wheel


def _sdist(dist: Path) -> Path:
    (sdist,) = dist.glob("modelctl-*.tar.gz")
    return sdist


def test_build_makes_one_sdist_and_one_wheel_that_twine_accepts(dist: Path) -> None:
    assert _wheel(dist).name == f"modelctl-{VERSION}-py3-none-any.whl"
    assert _sdist(dist).name == f"modelctl-{VERSION}.tar.gz"
    twine = [sys.executable, "-m", "twine", "check", "--strict", str(_wheel(dist)), str(_sdist(dist))]
    proc = _run(twine, cwd=dist)
    assert proc.stdout.count("PASSED") == 2, proc.stdout


def test_metadata_is_complete(dist: Path) -> None:
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        metadata = wheel.read(f"modelctl-{VERSION}.dist-info/METADATA").decode()
        names = set(wheel.namelist())
    headers = [line.partition(": ") for line in metadata.split("\n\n", 1)[0].splitlines()]
    fields: dict[str, list[str]] = {}
    for key, _, value in headers:
        fields.setdefault(key, []).append(value)
    assert fields["License-Expression"] == ["MIT"]
    assert fields["License-File"] == ["LICENSE"]
    assert f"modelctl-{VERSION}.dist-info/licenses/LICENSE" in names
    assert fields["Requires-Python"] == [">=3.10"]
    urls = dict(u.split(", ", 1) for u in fields["Project-URL"])
    assert {"Homepage", "Source", "Issues"} <= set(urls)
    assert all(u.startswith("https://") for u in urls.values())
    assert urls["Source"] == modelctl.REPOSITORY
    classifiers = fields["Classifier"]
    assert "Typing :: Typed" in classifiers
    assert {f"Programming Language :: Python :: 3.{minor}" for minor in (10, 11, 12, 13)} <= set(classifiers)
    assert fields["Description-Content-Type"] == ["text/markdown"]
    assert "modelctl plan" in metadata  # the README is the long description


def test_wheel_and_sdist_carry_the_package_data(dist: Path) -> None:
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        wheel_names = set(wheel.namelist())
        entry_points = wheel.read(f"modelctl-{VERSION}.dist-info/entry_points.txt").decode()
    assert wheel_names >= PACKAGE_DATA
    assert "modelctl = modelctl.launch:run" in entry_points
    assert not any(n.startswith(("tests/", "examples/")) for n in wheel_names)
    with tarfile.open(_sdist(dist)) as sdist:
        sdist_names = {n.partition("/")[2] for n in sdist.getnames()}
    assert sdist_names >= PACKAGE_DATA | {"LICENSE", "README.md", "pyproject.toml"}
    assert "examples/catalogs/openrouter.json" in sdist_names
    assert not any(n.startswith("tests/") for n in sdist_names)
    # Every module of the package is in both.
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "modelctl").rglob("*.py")}
    assert modules <= wheel_names and modules <= sdist_names


def test_the_sdist_builds_the_same_wheel(dist: Path, tmp_path: Path) -> None:
    """A wheel built from the sdist (what a downstream packager does) has the same files."""
    out = tmp_path / "from-sdist"
    _run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index"),
            *("--wheel-dir", str(out), str(_sdist(dist))),
        ],
        cwd=tmp_path,
    )
    (rebuilt,) = out.glob("modelctl-*.whl")
    with zipfile.ZipFile(rebuilt) as a, zipfile.ZipFile(_wheel(dist)) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())


def test_wheel_installed_in_a_fresh_venv_runs_a_plan(dist: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path
        ).stdout.strip()
    )
    # Runtime dependencies from this interpreter (offline); a plain path line does not run this
    # environment's editable-install hook, so `modelctl` can only come from the installed wheel.
    (purelib / "_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run(
        [
            *(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index"),
            *("--quiet", str(_wheel(dist))),
        ],
        cwd=tmp_path,
    )
    where = _run([str(python), "-c", "import modelctl; print(modelctl.__file__)"], cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout

    project = tmp_path / "project"
    project.mkdir()
    (project / "config.yaml").write_bytes(SEED_CONFIG.read_bytes())
    (project / "providers.yaml").write_bytes(EXAMPLE_PROVIDERS.read_bytes())
    modelctl_bin = env_dir / "bin" / "modelctl"
    version = _run([str(modelctl_bin), "--version"], cwd=project)
    assert VERSION in version.stdout
    catalogs = tmp_path / "catalogs"
    shutil.copytree(ROOT / "examples" / "catalogs", catalogs)
    plan = subprocess.run(
        [str(modelctl_bin), "plan", "--catalog-dir", str(catalogs), "-o", "plan.json", "--format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert plan.returncode == 0, plan.stdout + plan.stderr
    written = json.loads((project / "plan.json").read_text(encoding="utf-8"))
    assert written["summary"]["add"] + written["summary"]["update"] + written["summary"]["remove"] > 0
    # The packaged schema validates the plan it wrote (schemas are inside the wheel).
    show = _run([str(modelctl_bin), "show", "plan.json", "--format", "markdown"], cwd=project)
    assert "<!-- modelctl-plan -->" in show.stdout
