"""Safety guards of ``modelctl plan``: the mass-removal guard and protected entries.

- A provider owning at least ``settings.mass_removal_min_entries`` (default 4) entries whose
  catalog would remove more than ``settings.mass_removal_threshold`` (default 50%) of them stops
  the plan with exit 1 and a message saying what to do; the would-be plan is printed (marked as
  refused) but no plan file is written. ``--allow-mass-removal NAME`` lets one provider through
  (repeatable); a bare ``--allow-mass-removal`` lets every provider through.
- Protected entries are never removed by a catalog: providers.yaml ``special_models`` (Requesty's
  ``smart-task``) and ``protected`` ids, and the config's ``modelctl: {protected: [...]}`` list of
  model_names or litellm models. ``--remove-model`` of a protected entry is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from modelctl.plan import read_plan

from helpers import CliResult, run_cli
from provider_catalogs import config_text, entry, envelope, real_items, write_snapshot_dir

BUILTIN_PROVIDERS = Path(__file__).resolve().parents[2] / "modelctl" / "data" / "providers.yaml"
REQUESTY_BASE = "https://router.requesty.ai/v1"


def nvidia_ids(count: int) -> list[str]:
    return [item["id"] for item in real_items("nvidia")[:count]]


def nim(model_id: str, name: str | None = None) -> dict[str, Any]:
    return entry(
        f"nvidia_nim/{model_id}",
        name or f"nim-{model_id.replace('/', '-')}",
        input_cost_per_token=1e-9,
        output_cost_per_token=1e-9,
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "providers.yaml").write_text(BUILTIN_PROVIDERS.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def setup(
    project: Path,
    entries: Sequence[dict[str, Any]],
    catalog_ids: Sequence[str],
    *,
    provider: str = "nvidia",
    settings: dict[str, Any] | None = None,
    items: Sequence[dict[str, Any]] | None = None,
) -> None:
    (project / "config.yaml").write_text(config_text(entries, settings), encoding="utf-8")
    if items is None:
        items = [{"id": i, "object": "model", "owned_by": "x"} for i in catalog_ids]
    write_snapshot_dir(project / "catalogs", {provider: {"models": envelope(provider, items)}})


def plan(
    capsys: pytest.CaptureFixture[str], project: Path, *args: str, provider: str = "nvidia"
) -> CliResult:
    (project / "p.json").unlink(missing_ok=True)
    return run_cli(
        capsys,
        "plan",
        "--providers",
        "providers.yaml",
        "-p",
        provider,
        "--catalog-dir",
        "catalogs",
        "-o",
        "p.json",
        *args,
    )


def removed(project: Path) -> list[str]:
    return [c.model for c in read_plan(project / "p.json").changes if c.action == "remove"]


def set_threshold(project: Path, value: float) -> None:
    path = project / "providers.yaml"
    text = path.read_text(encoding="utf-8")
    old = "mass_removal_threshold: 0.5"
    assert old in text
    path.write_text(text.replace(old, f"mass_removal_threshold: {value}"), encoding="utf-8")


# -- mass removal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("kept", "trips"), [(10, False), (5, False), (4, True), (0, True)])
def test_mass_removal_threshold_is_strictly_over_half(
    capsys: pytest.CaptureFixture[str], project: Path, kept: int, trips: bool
) -> None:
    ids = nvidia_ids(10)
    setup(project, [nim(i) for i in ids], ids[:kept] or ["some/other-model"])
    res = plan(capsys, project)
    if trips:
        assert res.code == 1
        errors = [line for line in res.err.splitlines() if line.startswith("Error:")]
        assert errors == [
            f"Error: nvidia: the catalog would remove {10 - kept} of its 10 entries "
            f"({(10 - kept) * 10}%, over the 50% limit); refusing (no plan file was written; check "
            "the provider's catalog; if the removals are real, re-run with --allow-mass-removal nvidia)"
        ]
        assert not (project / "p.json").exists()
        assert "Traceback" not in res.err
    else:
        assert res.code == 0, res.err
        assert len(removed(project)) == 10 - kept


def test_allow_mass_removal_passes(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    ids = nvidia_ids(6)
    setup(project, [nim(i) for i in ids], ids[:1])
    assert plan(capsys, project).code == 1
    res = plan(capsys, project, "--allow-mass-removal", "--detailed-exitcode")
    assert res.code == 2, res.err
    assert removed(project) == [f"nvidia_nim/{i}" for i in ids[1:]]  # config order
    before = (project / "config.yaml").read_bytes()
    assert run_cli(capsys, "apply", "p.json").code == 0
    after = yaml.safe_load((project / "config.yaml").read_bytes())
    assert [e["litellm_params"]["model"] for e in after["model_list"]] == [f"nvidia_nim/{ids[0]}"]
    assert before != (project / "config.yaml").read_bytes()


def test_threshold_from_providers_yaml(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    ids = nvidia_ids(10)
    setup(project, [nim(i) for i in ids], ids[:8])  # 2 of 10 = 20%
    assert plan(capsys, project).code == 0
    set_threshold(project, 0.1)
    res = plan(capsys, project)
    assert res.code == 1 and "(20%, over the 10% limit); refusing" in res.err
    assert plan(capsys, project, "--allow-mass-removal").code == 0


def test_guard_counts_per_provider(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """One provider's removals are measured against its own entries, not the whole config."""
    ids = nvidia_ids(4)
    unmanaged = [entry(f"anthropic/claude-{i}", f"claude-{i}") for i in range(20)]
    setup(project, [*unmanaged, *(nim(i) for i in ids)], ids[:1])  # 3 of 4 nvidia entries
    res = plan(capsys, project)
    assert res.code == 1 and "would remove 3 of its 4 entries" in res.err


def test_guard_ignores_failed_providers(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """A provider whose catalog is broken removes nothing, so the guard has nothing to count."""
    ids = nvidia_ids(4)
    setup(project, [nim(i) for i in ids], ids)
    (project / "catalogs" / "nvidia.json").write_text('{"data": []}', encoding="utf-8")
    res = plan(capsys, project, "--allow-partial")
    assert res.code == 0, res.err
    assert removed(project) == []
    assert read_plan(project / "p.json").providers["nvidia"].status == "failed"


def two_providers(project: Path, nvidia_kept: int, requesty_kept: int) -> None:
    """6 nvidia and 5 requesty entries; each catalog keeps only the first ``*_kept`` of them."""
    ids = nvidia_ids(6)
    items = real_items("requesty")[:5]
    entries = [*(nim(i) for i in ids), *(requesty(item["id"]) for item in items)]
    (project / "config.yaml").write_text(config_text(entries), encoding="utf-8")
    write_snapshot_dir(
        project / "catalogs",
        {
            "nvidia": {
                "models": envelope(
                    "nvidia", [{"id": i, "object": "model", "owned_by": "x"} for i in ids[:nvidia_kept]]
                )
            },
            "requesty": {"models": envelope("requesty", items[:requesty_kept])},
        },
    )


def plan_both(capsys: pytest.CaptureFixture[str], project: Path, *args: str) -> CliResult:
    (project / "p.json").unlink(missing_ok=True)
    return run_cli(
        capsys,
        "plan",
        "--providers",
        "providers.yaml",
        "-p",
        "nvidia",
        "-p",
        "requesty",
        "--catalog-dir",
        "catalogs",
        "-o",
        "p.json",
        *args,
    )


def refused_providers(err: str) -> list[str]:
    (line,) = [x for x in err.splitlines() if x.startswith("Error:")]
    return re.findall(r"(\w+): the catalog would remove", line)


def test_allow_mass_removal_per_provider(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    two_providers(project, nvidia_kept=1, requesty_kept=1)  # 5 of 6 and 4 of 5: both trip
    res = plan_both(capsys, project)
    assert res.code == 1 and refused_providers(res.err) == ["nvidia", "requesty"]
    assert "--allow-mass-removal nvidia --allow-mass-removal requesty" in res.err
    res = plan_both(capsys, project, "--allow-mass-removal", "nvidia")
    assert res.code == 1 and refused_providers(res.err) == ["requesty"]
    assert not (project / "p.json").exists()
    res = plan_both(capsys, project, "--allow-mass-removal", "nvidia", "--allow-mass-removal", "requesty")
    assert res.code == 0, res.err
    assert len(removed(project)) == 5 + 4
    # bare: every provider, also when another option follows it
    assert plan_both(capsys, project, "--allow-mass-removal", "--format", "markdown").code == 0
    assert plan_both(capsys, project, "--allow-mass-removal").code == 0
    assert plan_both(capsys, project, "--allow-mass-removal=requesty").code == 1


def test_allow_mass_removal_names_a_known_provider(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    two_providers(project, nvidia_kept=1, requesty_kept=1)
    res = plan_both(capsys, project, "--allow-mass-removal", "nvdia")
    assert res.code == 1 and not (project / "p.json").exists()
    (line,) = [x for x in res.err.splitlines() if x.startswith("Error:")]
    assert "unknown provider 'nvdia' in --allow-mass-removal" in line and "nvidia" in line
    assert res.out == ""


@pytest.mark.parametrize(
    ("entries", "min_entries", "trips"), [(3, None, False), (4, None, True), (3, 3, True), (6, 7, False)]
)
def test_guard_counts_only_from_min_entries(
    capsys: pytest.CaptureFixture[str], project: Path, entries: int, min_entries: int | None, trips: bool
) -> None:
    """All entries of a provider gone: refused only when it owns at least the minimum."""
    if min_entries is not None:
        path = project / "providers.yaml"
        text = path.read_text(encoding="utf-8")
        old = "mass_removal_min_entries: 4"
        assert old in text
        path.write_text(text.replace(old, f"mass_removal_min_entries: {min_entries}"), encoding="utf-8")
    ids = nvidia_ids(entries)
    setup(project, [nim(i) for i in ids], ["some/other-model"])
    res = plan(capsys, project)
    assert (res.code == 1) is trips, res.err
    assert (project / "p.json").exists() is not trips
    if not trips:
        assert len(removed(project)) == entries


def test_min_entries_setting_is_checked(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    path = project / "providers.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("mass_removal_min_entries: 4", "mass_removal_min_entries: 0"), encoding="utf-8"
    )
    setup(project, [nim(i) for i in nvidia_ids(2)], [])
    res = plan(capsys, project)
    assert res.code == 1
    assert "settings.mass_removal_min_entries: must be at least 1, got 0" in res.err


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_refused_plan_is_printed_but_not_saved(
    capsys: pytest.CaptureFixture[str], project: Path, fmt: str
) -> None:
    ids = nvidia_ids(6)
    setup(project, [nim(i) for i in ids], ids[:1])
    res = plan(capsys, project, "--format", fmt)
    assert res.code == 1
    assert not (project / "p.json").exists() and not (project / "plans").exists()
    assert "Plan saved" not in res.err and "modelctl apply" not in res.err
    gone = [f"nvidia_nim/{i}" for i in ids[1:]]
    assert all(model in res.out for model in gone)  # the would-be removals are shown
    if fmt == "text":
        assert "REFUSED: this plan was not saved and cannot be applied:" in res.out
        assert "nvidia: the catalog would remove 5 of its 6 entries" in res.out
    elif fmt == "markdown":
        assert "> [!CAUTION]" in res.out and "**Refused by the mass-removal guard" in res.out
        assert "### 🔴 Removals (5)" in res.out
    else:
        doc = json.loads(res.out)
        assert "checksum" not in doc and doc["refused"] == [
            "nvidia: the catalog would remove 5 of its 6 entries (83%, over the 50% limit); refusing"
        ]
        assert doc["summary"]["remove"] == 5
        # saved by hand, it is still no plan: apply rejects it and the config is untouched
        (project / "saved.json").write_text(res.out, encoding="utf-8")
        before = (project / "config.yaml").read_bytes()
        applied = run_cli(capsys, "apply", "saved.json")
        assert applied.code == 3 and "refused" in applied.err  # not a plan file: apply refuses it
        assert (project / "config.yaml").read_bytes() == before


# -- protected entries -----------------------------------------------------------------------------


def test_config_protected_by_model_name_and_model(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    ids = nvidia_ids(4)
    entries = [nim(i) for i in ids]
    by_name = entries[1]["model_name"]
    by_model = entries[2]["litellm_params"]["model"]
    setup(project, entries, ids[:1], settings={"protected": [by_name, by_model]})
    res = plan(capsys, project)  # 1 removal of 4: under the guard
    assert res.code == 0, res.err
    assert removed(project) == [f"nvidia_nim/{ids[3]}"]


def test_protected_entries_are_not_counted_by_the_guard(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    ids = nvidia_ids(4)
    entries = [nim(i) for i in ids]
    protected = [e["model_name"] for e in entries[1:3]]
    setup(project, entries, [ids[0]], settings={"protected": protected})
    res = plan(capsys, project, "--allow-mass-removal")
    assert res.code == 0, res.err
    assert removed(project) == [f"nvidia_nim/{ids[3]}"]


def test_providers_yaml_protected_ids(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    ids = nvidia_ids(3)
    path = project / "providers.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "    description: Nvidia NIM"
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, f"    protected: [{ids[2]}]\n{anchor}"), encoding="utf-8")
    setup(project, [nim(i) for i in ids], ids[:1])
    res = plan(capsys, project, "--allow-mass-removal")
    assert res.code == 0, res.err
    assert removed(project) == [f"nvidia_nim/{ids[1]}"]
    # kept, but a warning (Terraform's prevent_destroy): its model left the catalog
    assert read_plan(project / "p.json").review.protected_gone == [
        {
            "provider": "nvidia",
            "model_name": nim(ids[2])["model_name"],
            "model": f"nvidia_nim/{ids[2]}",
            "id": ids[2],
        }
    ]
    assert f"protected, but '{ids[2]}' is no longer in the nvidia catalog (kept)" in res.out
    res = plan(capsys, project, "--remove-model", f"nvidia:{ids[2]}", "--allow-mass-removal")
    assert res.code == 1
    assert f"--remove-model nvidia:{ids[2]}: the entry is protected" in res.err
    assert not (project / "p.json").exists()


def test_remove_model_refuses_a_config_protected_entry(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    ids = nvidia_ids(2)
    entries = [nim(i) for i in ids]
    setup(project, entries, ids, settings={"protected": [entries[0]["model_name"]]})
    res = plan(capsys, project, "--remove-model", f"nvidia:{ids[0]}")
    assert res.code == 1
    (line,) = [x for x in res.err.splitlines() if x.startswith("Error:")]
    assert "the entry is protected" in line and "drop it from 'protected'" in line
    assert plan(capsys, project, "--remove-model", f"nvidia:{ids[1]}").code == 0
    assert removed(project) == [f"nvidia_nim/{ids[1]}"]


def requesty(model_id: str) -> dict[str, Any]:
    return entry(
        f"openai/{model_id}",
        model_id.split("/")[-1],
        api_base=REQUESTY_BASE,
        api_key="os.environ/REQUESTY_API_KEY",
    )


def test_requesty_smart_task_is_never_removed(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """``smart-task`` is a Requesty router feature, not a catalog model: always kept."""
    items = real_items("requesty")
    listed = [item["id"] for item in items[:3]]
    entries = [requesty("smart-task"), *(requesty(i) for i in listed), requesty("gone/model")]
    setup(project, entries, [], provider="requesty", items=items)
    res = plan(capsys, project, "--allow-mass-removal", provider="requesty")
    assert res.code == 0, res.err
    assert removed(project) == ["openai/gone/model"]
    assert read_plan(project / "p.json").review.protected_gone == []  # a router feature, no warning
    # even when everything else is gone, with the guard off
    setup(project, [requesty("smart-task"), requesty("gone/model")], [], provider="requesty", items=items)
    res = plan(capsys, project, "--allow-mass-removal", provider="requesty")
    assert res.code == 0, res.err
    assert removed(project) == ["openai/gone/model"]
    doc = json.loads((project / "p.json").read_text(encoding="utf-8"))
    assert all("smart-task" not in json.dumps(op) or op["op"] == "test" for op in doc["patch"])


def test_protected_entry_keeps_its_updates(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """Protection is about removal: a protected entry still in the catalog is still repriced."""
    item = real_items("openrouter")[0]
    model_id = item["id"]
    stale = entry(f"openrouter/{model_id}", "mine", input_cost_per_token=1.0, output_cost_per_token=1.0)
    (project / "config.yaml").write_text(config_text([stale], {"protected": ["mine"]}), encoding="utf-8")
    write_snapshot_dir(
        project / "catalogs",
        {
            "openrouter": {
                "models": envelope("openrouter", [item]),
                "embeddings": envelope("openrouter", real_items("openrouter", "models")[-1:]),
            }
        },
    )
    res = plan(capsys, project, provider="openrouter")
    assert res.code == 0, res.err
    actions = [c.action for c in read_plan(project / "p.json").changes]
    assert actions == ["update"]
