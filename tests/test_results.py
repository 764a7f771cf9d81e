"""Issue 14: every command returns a frozen result; the library decides a plan's status
(ok / partial / failed) and the renderers turn results into text; the CLI builds only the
command it runs."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from modelctl import cli, cliopts, commands
from modelctl.commands import PlanArgs, PlanOptions, ProviderFailure
from modelctl.errors import UsageError
from modelctl.render.outcome import failure_line, plan_report

from helpers import EXAMPLE_PROVIDERS, REPO, SEED_CONFIG

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copyfile(SEED_CONFIG, tmp_path / "config.yaml")
    shutil.copyfile(EXAMPLE_PROVIDERS, tmp_path / "providers.yaml")
    shutil.copytree(REPO / "examples" / "catalogs", tmp_path / "catalogs")
    shutil.copytree(tmp_path / "catalogs", tmp_path / "partial")
    (tmp_path / "partial" / "nvidia.json").unlink()  # nvidia's snapshot is missing: it fails
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _options(catalogs: str, out: str, *, allow_partial: bool = False) -> PlanOptions:
    return PlanOptions(
        config=Path("config.yaml"),
        now=NOW,
        providers_file=Path("providers.yaml"),
        catalog_dir=Path(catalogs),
        out=Path(out),
        allow_partial=allow_partial,
    )


def test_a_complete_plan_is_ok_and_written(project: Path) -> None:
    result = commands.plan(_options("catalogs", "ok.plan.json"))
    assert (result.status, result.failures, result.path) == ("ok", (), Path("ok.plan.json"))
    assert (project / "ok.plan.json").exists()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.status = "failed"  # type: ignore[misc]


def test_a_failed_provider_fails_the_plan_and_nothing_is_written(project: Path) -> None:
    result = commands.plan(_options("partial", "failed.plan.json"))
    assert result.status == "failed" and result.path is None
    assert [f.provider for f in result.failures] == ["nvidia"]
    assert "snapshot file missing" in result.failures[0].error
    assert not (project / "failed.plan.json").exists()


def test_allow_partial_writes_a_partial_plan(project: Path) -> None:
    result = commands.plan(_options("partial", "partial.plan.json", allow_partial=True))
    assert result.status == "partial" and result.path == Path("partial.plan.json")
    assert result.plan.applyable is True and result.plan.complete is False
    assert [f.provider for f in result.failures] == ["nvidia"]


def test_arguments_are_checked_before_any_catalog_is_read(project: Path) -> None:
    options = dataclasses.replace(_options("no-such-folder", "x.plan.json"), request=PlanArgs(add=["zz:x"]))
    with pytest.raises(UsageError) as caught:
        commands.plan(options)  # a bad --add-model wins over a missing --catalog-dir
    assert caught.value.key == "--add-model zz:x"
    assert str(caught.value).startswith("--add-model zz:x: unknown provider 'zz'")


def test_plan_report_says_where_the_plan_went_and_why_providers_failed(project: Path) -> None:
    result = commands.plan(_options("partial", "partial.plan.json", allow_partial=True))
    text = plan_report(result, {})
    assert text.startswith("Plan saved to partial.plan.json.\n")
    assert "::error" not in text
    assert text.endswith("their entries were left unchanged (--allow-partial).\n")
    annotated = plan_report(result, {"GITHUB_ACTIONS": "true"})
    assert "::error title=modelctl: nvidia failed::" in annotated
    failed = commands.plan(_options("partial", "failed.plan.json"))
    assert "Plan saved" not in plan_report(failed, {})
    assert plan_report(failed, {}).startswith("Error: 1 provider(s) failed: nvidia: ")


def test_failure_line_leads_with_the_provider_once() -> None:
    assert failure_line(ProviderFailure("a", "https://x: HTTP 500")) == "a: https://x: HTTP 500"
    assert failure_line(ProviderFailure("a", "cat/a.json: missing")) == "a: cat/a.json: missing"


def test_the_cli_builds_only_the_command_it_runs() -> None:
    one = cliopts.app_for(cli.app, ["--debug", "plan", "--catalog-dir", "x"])
    assert [c.callback for c in one.registered_commands] == [cli.plan] and not one.registered_groups
    fetch = cliopts.app_for(cli.app, ["catalog", "fetch", "-o", "x"])
    assert not fetch.registered_commands and [g.name for g in fetch.registered_groups] == ["catalog"]
    for args in (["--help"], ["frobnicate"], []):
        assert cliopts.app_for(cli.app, args) is cli.app  # the whole app: help and "no such command"


def test_plan_options_spell_the_flags_as_the_library_options() -> None:
    flags = dict(
        config=Path("c.yaml"), providers=None, provider=["openrouter"], catalog_dir=None, out="plans/",
        add_model=["a b", "c"], model_name=None, remove_model=None, sort=None, allow_partial=False,
        allow_mass_removal=[cliopts.ALL_PROVIDERS, "nvidia"], no_track=True, track_only=False, timeout=5.0,
    )  # fmt: skip
    options = cliopts.plan_options(flags, None)
    assert options.out == Path("plans") and options.out_folder
    assert options.request.add == ["a", "b", "c"] and options.request.track is False
    assert options.request.allow_mass_removal and list(options.request.allow_mass_removal_for) == ["nvidia"]
