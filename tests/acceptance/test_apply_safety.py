"""Apply never writes a wrong file: its self-check fires, plan proves its plan, shared nodes,
the removal guard's shape and --sort's fewest moves (issue 10).

Plans are made through the CLI from snapshot folders (``--catalog-dir``) in the real OpenRouter
body shape (``{"data": [{"id", "pricing": {"prompt", "completion"}, ...}]}``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import modelctl.yamledit.render
import modelctl.yamlio
from modelctl.plan import read_plan

from helpers import CliResult, run_cli

ENTRY = "  - model_name: {name}\n    litellm_params:\n      model: openrouter/{id}\n{extra}"


def catalog(folder: Path, models: dict[str, tuple[str, str]], limits: dict[str, int] | None = None) -> Path:
    out = folder / "catalogs"
    out.mkdir(exist_ok=True)
    data: list[dict[str, Any]] = []
    for model_id, (prompt, completion) in models.items():
        item: dict[str, Any] = {"id": model_id, "pricing": {"prompt": prompt, "completion": completion}}
        if limits and model_id in limits:
            item["context_length"] = limits[model_id]
        data.append(item)
    (out / "openrouter.json").write_text(json.dumps({"data": data}), encoding="utf-8")
    embedding = {"id": "x/embed-1", "pricing": {"prompt": "0.00000002", "completion": "0"}}
    (out / "openrouter.embeddings.json").write_text(json.dumps({"data": [embedding]}), encoding="utf-8")
    return out


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no ./providers.yaml: the built-in providers
    return tmp_path


def plan(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> CliResult:
    return run_cli(
        capsys,
        "plan",
        "-c",
        folder / "config.yaml",
        "-p",
        "openrouter",
        "--catalog-dir",
        folder / "catalogs",
        "-o",
        folder / "plan.json",
        "--allow-mass-removal",
        *args,
    )


def error_lines(res: CliResult) -> list[str]:
    return [line for line in res.err.splitlines() if line.startswith("Error:")]


# -- the self-check fires -------------------------------------------------------------------------


def test_injected_splice_fault_is_caught_by_apply(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = folder / "config.yaml"
    config.write_text(
        "model_list:\n" + ENTRY.format(name="a", id="x/a", extra="      input_cost_per_token: 1.0e-07\n"),
        encoding="utf-8",
    )
    catalog(folder, {"x/a": ("0.0000002", "0.0000004")})
    assert plan(capsys, folder).code == 0
    before = config.read_bytes()
    # the editor now splices a wrong number: nothing else would notice
    monkeypatch.setattr(modelctl.yamledit.render, "render_scalar", lambda value: "9.0e-07")
    res = run_cli(capsys, "apply", folder / "plan.json", "-c", config)
    assert res.code == 1
    [line] = error_lines(res)
    assert "config.yaml: internal check failed" in line
    assert "differ from the plan's patch at /model_list/0/litellm_params/" in line
    assert "Traceback" not in res.err
    assert config.read_bytes() == before


def test_injected_fault_that_breaks_the_yaml_is_caught(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = folder / "config.yaml"
    config.write_text("model_list:\n" + ENTRY.format(name="a", id="x/a", extra=""), encoding="utf-8")
    catalog(folder, {"x/a": ("0.0000002", "0.0000004")})
    assert plan(capsys, folder).code == 0
    before = config.read_bytes()
    real = modelctl.yamlio.dump_yaml
    monkeypatch.setattr("modelctl.yamledit.render.dump_yaml", lambda data: real(data) + "  broken: [\n")
    res = run_cli(capsys, "apply", folder / "plan.json", "-c", config)
    assert res.code == 1
    [line] = error_lines(res)
    assert "internal check failed: the edited text would not be a valid config" in line
    assert config.read_bytes() == before


def test_injected_fault_at_plan_time_writes_no_plan(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = folder / "config.yaml"
    config.write_text("model_list:\n" + ENTRY.format(name="a", id="x/a", extra=""), encoding="utf-8")
    catalog(folder, {"x/a": ("0.0000002", "0.0000004")})
    real = modelctl.yamlio.dump_yaml
    monkeypatch.setattr("modelctl.yamledit.render.dump_yaml", lambda data: real(data).replace("e-07", "e-08"))
    res = plan(capsys, folder)
    assert res.code == 1
    [line] = error_lines(res)
    assert "config.yaml: internal check failed: the edited text would differ from the plan's patch" in line
    assert not (folder / "plan.json").exists()


# -- plan proves its plan -------------------------------------------------------------------------


def test_plan_refuses_to_remove_an_anchor_still_used(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    (folder / "config.yaml").write_text(
        "model_list:\n"
        "  - model_name: gone\n"
        "    litellm_params:\n"
        "      model: openrouter/x/gone\n"
        "      extra_headers: &h {X-Title: me}\n"
        "  - model_name: kept\n"
        "    litellm_params:\n"
        "      model: openrouter/x/kept\n"
        "      extra_headers: *h\n",
        encoding="utf-8",
    )
    catalog(folder, {"x/kept": ("0", "0")})
    res = plan(capsys, folder)
    assert res.code == 1
    [line] = error_lines(res)
    assert "config.yaml:9: the alias *h refers to &h at line 5, which this plan removes" in line
    assert not (folder / "plan.json").exists()


def test_planned_shapes_apply_exactly(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    """Alias as last value, merge key as last line, CRLF and BOM: planned, applied, converged."""
    text = (
        "\ufeffx-headers: &h {X-Title: me}\r\n"
        "x-defaults: &d {timeout: 30, max_retries: 2}\r\n"
        "model_list:\r\n"
        "  - model_name: a  # keep\r\n"
        "    litellm_params:\r\n"
        "      model: openrouter/x/a\r\n"
        "      input_cost_per_token: 1.0e-07\r\n"
        "      extra_headers: *h\r\n"
        "  - model_name: gone\r\n"
        "    litellm_params:\r\n"
        "      model: openrouter/x/gone\r\n"
        "      <<: *d\r\n"
        "  - model_name: c\r\n"
        "    litellm_params:\r\n"
        "      <<: *d\r\n"
        "      model: openrouter/x/c\r\n"
        "      input_cost_per_token: 5.0e-07\r\n"
    )
    config = folder / "config.yaml"
    config.write_bytes(text.encode("utf-8"))
    catalog(folder, {"x/a": ("0.0000002", "0.0000004"), "x/c": ("0.0000005", "0.000001")})
    assert plan(capsys, folder).code == 0
    res = run_cli(capsys, "apply", folder / "plan.json", "-c", config)
    assert res.code == 0, res.err
    assert config.read_bytes().decode("utf-8") == (
        "\ufeffx-headers: &h {X-Title: me}\r\n"
        "x-defaults: &d {timeout: 30, max_retries: 2}\r\n"
        "model_list:\r\n"
        "  - model_name: a  # keep\r\n"
        "    litellm_params:\r\n"
        "      model: openrouter/x/a\r\n"
        "      input_cost_per_token: 2.0e-07\r\n"
        "      extra_headers: *h\r\n"
        "      output_cost_per_token: 4.0e-07\r\n"
        "  - model_name: c\r\n"
        "    litellm_params:\r\n"
        "      <<: *d\r\n"
        "      model: openrouter/x/c\r\n"
        "      input_cost_per_token: 5.0e-07\r\n"
        "      output_cost_per_token: 1.0e-06\r\n"
    )
    again = plan(capsys, folder)
    assert again.code == 0
    assert read_plan(folder / "plan.json").patch == []


# -- entries sharing one node ---------------------------------------------------------------------


def test_shared_params_same_change_is_one_replace(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    config = folder / "config.yaml"
    config.write_text(
        "model_list:\n"
        "  - model_name: a\n"
        "    litellm_params: &p\n"
        "      model: openrouter/x/a\n"
        "      input_cost_per_token: 1.0e-07\n"
        "  - model_name: a-again\n"
        "    litellm_params: *p\n",
        encoding="utf-8",
    )
    catalog(folder, {"x/a": ("0.0000003", "")})
    assert plan(capsys, folder).code == 0
    patch = read_plan(folder / "plan.json").patch
    assert [op["op"] for op in patch if not op["path"].endswith("/model")] == ["test", "replace"]
    assert run_cli(capsys, "apply", folder / "plan.json", "-c", config).code == 0
    assert "input_cost_per_token: 3.0e-07\n  - model_name: a-again\n    litellm_params: *p\n" in (
        config.read_text(encoding="utf-8")
    )


def test_shared_node_different_changes_refused_at_plan_time(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    (folder / "config.yaml").write_text(
        "model_list:\n"
        "  - model_name: a\n"
        "    litellm_params: {model: openrouter/x/a}\n"
        "    model_info: &mi\n"
        "      max_input_tokens: 1000\n"
        "  - model_name: b\n"
        "    litellm_params: {model: openrouter/x/b}\n"
        "    model_info: *mi\n"
        "  - model_name: c\n"
        "    litellm_params: {model: openrouter/x/c}\n"
        "    model_info: *mi\n",
        encoding="utf-8",
    )
    catalog(folder, {m: ("", "") for m in ("x/a", "x/b", "x/c")}, {"x/a": 2000, "x/b": 3000, "x/c": 2000})
    res = plan(capsys, folder)
    assert res.code == 1
    [line] = error_lines(res)
    assert (
        "config.yaml:8: the entry's model_info is an alias of line 4 (&mi), shared with 2 other entries; "
        "modelctl cannot update one of them alone (give each entry its own model_info)"
    ) in line
    assert not (folder / "plan.json").exists()


def test_shared_node_with_an_unchanged_sharer_is_refused(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    (folder / "config.yaml").write_text(
        "model_list:\n"
        "  - model_name: a\n"
        "    litellm_params: {model: openrouter/x/a}\n"
        "    model_info: &mi {max_input_tokens: 1000}\n"
        "  - model_name: mine\n"
        "    litellm_params: {model: azure/gpt-x}\n"
        "    model_info: *mi\n",
        encoding="utf-8",
    )
    catalog(folder, {"x/a": ("", "")}, {"x/a": 2000})
    res = plan(capsys, folder)
    assert res.code == 1
    [line] = error_lines(res)
    assert (
        "config.yaml:4: the entry's model_info is an alias of line 4 (&mi), shared with 1 other entry" in line
    )


# -- the removal guard ----------------------------------------------------------------------------


def test_removal_is_pinned_by_model_name_and_api_base_only(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    config = folder / "config.yaml"
    config.write_text(
        "model_list:\n"
        "  - model_name: gone\n"
        "    litellm_params:\n"
        "      model: openrouter/x/gone\n"
        "      api_base: https://openrouter.ai/api/v1\n"
        "      api_key: sk-or-v1-secret\n"
        "      extra_body: {1: one}\n"
        "    model_info: {added: 2025-01-31}\n"
        "  - model_name: kept\n"
        "    litellm_params: {model: openrouter/x/kept}\n",
        encoding="utf-8",
    )
    catalog(folder, {"x/kept": ("", "")})
    assert plan(capsys, folder).code == 0
    plan_text = (folder / "plan.json").read_text(encoding="utf-8")
    assert "sk-or-v1-secret" not in plan_text
    patch = read_plan(folder / "plan.json").patch
    assert patch == [
        {"op": "test", "path": "/model_list/0/litellm_params/model", "value": "openrouter/x/gone"},
        {"op": "test", "path": "/model_list/0/model_name", "value": "gone"},
        {
            "op": "test",
            "path": "/model_list/0/litellm_params/api_base",
            "value": "https://openrouter.ai/api/v1",
        },
        {"op": "remove", "path": "/model_list/0"},
    ]
    assert run_cli(capsys, "apply", folder / "plan.json", "-c", config).code == 0
    assert yaml.safe_load(config.read_text(encoding="utf-8"))["model_list"] == [
        {"model_name": "kept", "litellm_params": {"model": "openrouter/x/kept"}}
    ]


# -- --sort: fewest moves, comments move with their entry -----------------------------------------


def test_sort_moves_one_entry_with_its_comment(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    names = [f"m{i:02d}" for i in range(20)]
    order = names[:5] + names[6:] + [names[5]]  # m05 is at the end
    text = "model_list:\n  # == OpenRouter ==\n\n"
    for name in order:
        comment = f"  # about {name}\n" if name in ("m05", "m06") else ""
        text += comment + ENTRY.format(name=name, id=f"x/{name}", extra="")
    config = folder / "config.yaml"
    config.write_text(text, encoding="utf-8")
    catalog(folder, {f"x/{n}": ("", "") for n in names})
    res = plan(capsys, folder, "--sort")
    assert res.code == 0, res.err
    made = read_plan(folder / "plan.json")
    assert [c.action for c in made.changes] == ["move"]
    assert made.changes[0].reason == "sorted: position 19 -> 5"
    assert run_cli(capsys, "apply", folder / "plan.json", "-c", config).code == 0
    after = config.read_text(encoding="utf-8")
    assert after.startswith("model_list:\n  # == OpenRouter ==\n\n  - model_name: m00\n")
    assert "      model: openrouter/x/m04\n  # about m05\n  - model_name: m05\n" in after
    assert "      model: openrouter/x/m05\n  # about m06\n  - model_name: m06\n" in after
    assert after.endswith("      model: openrouter/x/m19\n")
    assert sorted(after.splitlines()) == sorted(text.splitlines())


def test_sort_reverse_order_moves_all_but_one(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    names = [f"m{i}" for i in range(6)]
    config = folder / "config.yaml"
    config.write_text(
        "model_list:\n" + "".join(ENTRY.format(name=n, id=f"x/{n}", extra="") for n in reversed(names)),
        encoding="utf-8",
    )
    catalog(folder, {f"x/{n}": ("", "") for n in names})
    assert plan(capsys, folder, "--sort").code == 0
    assert len(read_plan(folder / "plan.json").changes) == 5
    assert run_cli(capsys, "apply", folder / "plan.json", "-c", config).code == 0
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    assert [e["model_name"] for e in data["model_list"]] == names
