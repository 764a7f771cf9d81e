"""Review aids of a plan: out-of-service removals, dangling settings references, successors,
prices per 1M tokens, the YAML diff (plan file, Markdown, ``show --diff``), unchecked providers
and protected entries whose model left the catalog.

The end-to-end cases plan ``tests/fixtures/configs/review-fallbacks.yaml`` (a config in the shape
people publish: fallbacks of every kind, a model_group_alias, a load-balanced group) against the
real OpenRouter capture.
"""

from __future__ import annotations

import difflib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from modelctl.commands import PlanOptions
from modelctl.commands import plan as make_plan
from modelctl.plan import read_plan
from modelctl.render.markdown import render_markdown
from modelctl.review import dangling_references, suggest_successor
from modelctl.yamldiff import is_secret_key, mask_secrets

from helpers import EXAMPLE_PROVIDERS, FIXTURES, OPENROUTER_ALL, apply_unified_diff, run_cli, snapshot_dir
from provider_catalogs import (
    NOW,
    SEED_CONFIG_COPY,
    all_enabled_providers_file,
    real_items,
    real_snapshot_dir,
)

SNAPSHOTS = Path(__file__).parent / "snapshots"
REVIEW_CONFIG = FIXTURES / "configs" / "review-fallbacks.yaml"
OPENROUTER_IDS = [item["id"] for item in real_items("openrouter")]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(REVIEW_CONFIG, tmp_path / "config.yaml")
    shutil.copyfile(EXAMPLE_PROVIDERS, tmp_path / "providers.yaml")
    snapshot_dir(
        tmp_path,
        {
            "openrouter.json": OPENROUTER_ALL,
            "openrouter.embeddings.json": FIXTURES
            / "providers/openrouter/embeddings-derived-2026-08-18.json",
        },
    )
    return tmp_path


def _plan(project: Path) -> Path:
    make_plan(
        PlanOptions(
            config=Path("config.yaml"),
            now=NOW,
            providers_file=Path("providers.yaml"),
            providers=["openrouter"],
            catalog_dir=Path("catalogs"),
            out=Path("p.json"),
        )
    )
    return project / "p.json"


# -- the end-to-end review ---------------------------------------------------------------------


def test_review_fields_in_the_plan_file(project: Path) -> None:
    plan = read_plan(_plan(project))
    removals = {c.model: c for c in plan.changes if c.action == "remove"}
    assert set(removals) == {"openrouter/anthropic/claude-3.5-haiku", "openrouter/google/gemma-3-27b-it:free"}
    haiku = removals["openrouter/anthropic/claude-3.5-haiku"]
    assert haiku.out_of_service and haiku.remaining == 0
    assert haiku.successor == "anthropic/claude-haiku-4.5"
    assert haiku.references == [
        "router_settings.fallbacks[0].gpt-4o[0]",
        "router_settings.context_window_fallbacks[0].claude-3-5-haiku",
        "router_settings.model_group_alias.haiku",
        "litellm_settings.default_fallbacks[0]",
        "litellm_settings.content_policy_fallbacks[0].gemma-3-27b[0]",
    ]
    gemma = removals["openrouter/google/gemma-3-27b-it:free"]
    assert not gemma.out_of_service and gemma.remaining == 1 and gemma.references is None
    assert gemma.successor == "google/gemma-3-27b-it"
    assert plan.review.protected_gone == [
        {
            "provider": "openrouter",
            "model_name": "gpt-4-legacy",
            "model": "openrouter/openai/gpt-4-0314",
            "id": "openai/gpt-4-0314",
        }
    ]
    assert plan.review.unchecked == [{"provider": "nvidia", "entries": 1, "why": "not selected"}]
    # per-token values stay in the plan file; people read $ / 1M
    update = next(c for c in plan.changes if c.model == "openrouter/meta-llama/llama-3.3-70b-instruct")
    assert update.fields["input_cost_per_token"] == {"before": 1.2e-07, "after": 1e-07}
    assert "$0.12 / 1M -> $0.10 / 1M" in update.reason
    # checksummed: altering a review field is detected
    doc = json.loads((project / "p.json").read_text(encoding="utf-8"))
    doc["changes"][-1]["successor"] = "evil/model"
    (project / "p.json").write_text(json.dumps(doc), encoding="utf-8")
    assert run_cli_code(project, "show", "p.json") == 1  # show never exits 3 (that is apply's refusal)


def run_cli_code(project: Path, *args: str) -> int:
    from modelctl.cli import main

    return main(list(args))


def test_markdown_snapshot_of_review_aids(project: Path) -> None:
    """Out-of-service removal with dangling fallbacks, a successor, a protected entry gone, an
    unchecked provider, $ / 1M prices and the folded YAML diff (tests/snapshots/review.md)."""
    plan = read_plan(_plan(project))
    plan = replace(plan, modelctl_version="0.0.0")  # the snapshot outlives version bumps
    text = render_markdown(plan) + "\n"
    path = SNAPSHOTS / "review.md"
    import os

    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")
    assert "**1 model_name goes out of service**" in text
    assert "`router_settings.fallbacks[0].gpt-4o[0]`" in text
    assert "suggested successor `anthropic/claude-haiku-4.5`" in text
    assert "| `$0.12 / 1M` | `$0.10 / 1M` |" in text
    assert "<details><summary>YAML diff that apply will write" in text


def test_text_shows_review_aids(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    res = run_cli(
        capsys, "plan", "--providers", "providers.yaml", "-p", "openrouter", "--catalog-dir", "catalogs"
    )
    assert res.code == 0, res.err
    for line in (
        "  nvidia: not selected, 1 entry left unchecked",
        "  ! gpt-4-legacy  openrouter/openai/gpt-4-0314: protected, but 'openai/gpt-4-0314' is no "
        "longer in the openrouter catalog (kept)",
        "Removals (2; 1 model_name out of service):",
        "      OUT OF SERVICE: the last entry of 'claude-3-5-haiku'",
        "      still named at router_settings.model_group_alias.haiku",
        "      group shrinks: 1 entry of 'gemma-3-27b' left",
        "      suggested successor: google/gemma-3-27b-it (not applied)",
        "      input_cost_per_token: $0.12 / 1M -> $0.10 / 1M  (-16.7%)",
    ):
        assert line in res.out.splitlines(), line


# -- the YAML diff -------------------------------------------------------------------------------


def test_show_diff_equals_what_apply_writes(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    plan_path = _plan(project)
    before = (project / "config.yaml").read_text(encoding="utf-8")
    res = run_cli(capsys, "show", "p.json", "--diff")
    assert res.code == 0, res.err
    stored = read_plan(plan_path).review.diff
    assert res.out == stored and res.out.startswith("--- a/config.yaml\n+++ b/config.yaml\n@@ ")
    assert run_cli(capsys, "apply", "p.json").code == 0
    after = (project / "config.yaml").read_text(encoding="utf-8")
    written = "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile="a/config.yaml",
            tofile="b/config.yaml",
        )
    )
    assert res.out == written
    assert _patched(before, res.out) == after  # the diff, applied, is exactly what apply wrote
    # once applied, the config no longer matches the plan: --diff refuses (stale), exit 3
    res = run_cli(capsys, "show", "p.json", "--diff")
    assert res.code == 3 and res.out == ""
    assert "the config changed since the plan was made" in res.err and "stale" in res.err


def test_show_diff_on_the_seed_config_with_every_provider_and_sorting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real 127-entry config, all seven real catalogs, removals, updates and an addition (sorted):
    the stored diff, ``show --diff`` and the bytes apply writes agree."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(SEED_CONFIG_COPY, tmp_path / "config.yaml")
    real_snapshot_dir(tmp_path / "catalogs")
    all_enabled_providers_file(tmp_path / "providers.yaml")
    args = ("plan", "--providers", "providers.yaml", "--catalog-dir", "catalogs", "-o", "p.json", "--sort")
    res = run_cli(
        capsys, *args, "--allow-mass-removal", "--add-model", "openrouter:google/gemini-3.7-flash", "-q"
    )
    assert res.code == 0, res.err
    plan = read_plan(tmp_path / "p.json")
    assert plan.summary["remove"] == 38 and plan.summary["add"] == 1 and plan.summary["update"] > 0
    before = (tmp_path / "config.yaml").read_text(encoding="utf-8")
    shown = run_cli(capsys, "show", "p.json", "--diff")
    assert shown.code == 0 and shown.out == plan.review.diff
    assert run_cli(capsys, "apply", "p.json").code == 0
    assert _patched(before, shown.out) == (tmp_path / "config.yaml").read_text(encoding="utf-8")


def _patched(text: str, diff: str) -> str:
    """``text`` with a unified diff applied (checking every context line)."""
    return "".join(apply_unified_diff(text.splitlines(keepends=True), diff.splitlines(keepends=True)))


def test_show_diff_without_changes_and_with_another_config(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    _plan(project)
    shutil.copyfile(project / "config.yaml", project / "copy.yaml")
    res = run_cli(capsys, "show", "p.json", "--diff", "-c", "copy.yaml")
    assert res.code == 0 and res.out.startswith("--- a/copy.yaml\n")
    res = run_cli(capsys, "show", "p.json", "--diff", "-c", "missing.yaml")
    assert res.code == 1 and "missing.yaml: cannot read the config the plan was made for" in res.err


CANARY = "sk-or-v1-CANARY0123456789abcdef"
VERTEX_CANARY = "CANARYPRIVATEKEYBODY"


def test_diff_masks_literal_secrets(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """A removed entry holding a literal api_key (and a vertex_credentials block): neither the
    stored diff, the Markdown, the text output nor ``show --diff`` contains it."""
    text = (project / "config.yaml").read_text(encoding="utf-8")
    haiku = (
        "      model: openrouter/anthropic/claude-3.5-haiku\n      api_key: os.environ/OPENROUTER_API_KEY\n"
    )
    assert haiku in text
    text = text.replace(
        haiku,
        "      model: openrouter/anthropic/claude-3.5-haiku\n"
        f"      api_key: {CANARY}\n"
        "      vertex_credentials: |\n"
        '        {"type": "service_account",\n'
        f'         "private_key": "{VERTEX_CANARY}"}}\n',
    )
    (project / "config.yaml").write_text(text, encoding="utf-8")
    plan_path = _plan(project)
    plan = read_plan(plan_path)
    assert plan.review.diff is not None
    assert "-      api_key: ***\n" in plan.review.diff
    assert "-      vertex_credentials: |\n" in plan.review.diff
    outputs = [plan.review.diff, render_markdown(plan)]
    for fmt in ("text", "markdown"):
        res = run_cli(capsys, "show", "p.json", "--format", fmt)
        assert res.code == 0
        outputs += [res.out, res.err]
    res = run_cli(capsys, "show", "p.json", "--diff")
    assert res.code == 0
    outputs += [res.out, res.err]
    for output in outputs:
        assert CANARY not in output and VERTEX_CANARY not in output
    assert res.out == plan.review.diff


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("      api_key: sk-live-123456", "      api_key: ***"),
        ("      api_key: sk-live-123456\r", "      api_key: ***\r"),  # CRLF file: the \r stays
        ("      api_key: 'sk-live-123456'  # old key", "      api_key: ***  # old key"),
        ("      api_key: os.environ/OPENROUTER_API_KEY", "      api_key: os.environ/OPENROUTER_API_KEY"),
        ('      aws_secret_access_key: "AKIA123456"', "      aws_secret_access_key: ***"),
        ("      master_key: sk-1234567", "      master_key: ***"),
        ("      access_token: abcdefgh  # prod", "      access_token: ***  # prod"),
        ("      input_cost_per_token: 1.0e-06", "      input_cost_per_token: 1.0e-06"),
        ("      max_tokens: 4096", "      max_tokens: 4096"),
        ("      api_key_env: NOVITA_API_KEY", "      api_key_env: NOVITA_API_KEY"),
        (
            "  - {model_name: x, litellm_params: {model: openai/x, api_key: sk-flow-123456, rpm: 3}}",
            "  - {model_name: x, litellm_params: {model: openai/x, api_key: ***, rpm: 3}}",
        ),
    ],
)
def test_mask_secrets_lines(line: str, masked: str) -> None:
    assert mask_secrets(line) == masked


def test_secret_key_names() -> None:
    assert all(map(is_secret_key, ["api_key", "vertex_credentials", "aws_region_name", "password", "token"]))
    assert not any(
        map(is_secret_key, ["cache_read_input_token_cost", "max_output_tokens", "api_base", "model"])
    )


# -- references and successors --------------------------------------------------------------------

PUBLISHED_SETTINGS = """
router_settings:
  fallbacks: [{"gpt-4o-mini": ["gemini-1.5-flash"]}, {"gpt-3.5-turbo": ["gemini-1.5-flash"]}]
  model_group_alias: {"gpt-4": "gemini-1.5-pro", "hidden-4": {"model": "gemini-1.5-flash", "hidden": true}}
  routing_strategy: simple-shuffle
litellm_settings:
  num_retries: 3
  fallbacks: [{"gemini-1.5-pro": ["gemini-1.5-flash"]}]
  context_window_fallbacks: [{"zephyr-beta": ["gpt-3.5-turbo-16k"]}, {"gpt-3.5-turbo": ["gpt-3.5-turbo-16k"]}]
  cache_params: {type: redis}
general_settings:
  master_key: os.environ/MASTER_KEY
"""


def test_dangling_references_in_published_shapes() -> None:
    """Shapes from LiteLLM's docs and published configs (router_settings and litellm_settings)."""
    data = yaml.safe_load(PUBLISHED_SETTINGS)
    found = dangling_references(data, ["gemini-1.5-flash", "gpt-3.5-turbo-16k", "redis", "gpt-4"])
    assert found == {
        "gemini-1.5-flash": [
            "router_settings.fallbacks[0].gpt-4o-mini[0]",
            "router_settings.fallbacks[1].gpt-3.5-turbo[0]",
            "router_settings.model_group_alias.hidden-4.model",
            "litellm_settings.fallbacks[0].gemini-1.5-pro[0]",
        ],
        "gpt-3.5-turbo-16k": [
            "litellm_settings.context_window_fallbacks[0].zephyr-beta[0]",
            "litellm_settings.context_window_fallbacks[1].gpt-3.5-turbo[0]",
        ],
        "gpt-4": ["router_settings.model_group_alias.gpt-4"],
    }
    assert dangling_references({"router_settings": None, "litellm_settings": []}, ["x"]) == {}


@pytest.mark.parametrize(
    ("removed", "successor"),
    [
        ("anthropic/claude-3.5-haiku", "anthropic/claude-haiku-4.5"),  # newer version, words reordered
        ("google/gemma-3-27b-it:free", "google/gemma-3-27b-it"),  # variant dropped
        ("openai/gpt-oss-120b:exacto", "openai/gpt-oss-120b"),
        ("google/gemini-2.5-flash-preview-09-2025", "google/gemini-2.5-flash"),  # date + preview dropped
        ("openai/gpt-4o-2024-08-06", "openai/gpt-4o"),  # date dropped
        ("meta-llama/llama-3.1-70b-instruct-gone", None),  # 'gone' is a word: another family
        ("arcee-ai/trinity-mini", None),
    ],
)
def test_successor_on_the_real_openrouter_catalog(removed: str, successor: str | None) -> None:
    ids = [i for i in OPENROUTER_IDS if i != removed]
    assert suggest_successor(removed, ids) == successor


def test_successor_never_an_older_snapshot_or_version() -> None:
    ids = ["openai/gpt-4o-2024-05-13", "openai/gpt-3.5-turbo", "meta-llama/llama-3.1-70b-instruct"]
    assert suggest_successor("openai/gpt-4o-2024-11-20", ids) is None
    assert suggest_successor("meta-llama/llama-3.3-70b-instruct", ids) is None
    assert suggest_successor("meta-llama/llama-3-70b-instruct", ids) == "meta-llama/llama-3.1-70b-instruct"


@pytest.mark.parametrize(
    "key",
    [
        "api_key",
        "API_KEY",
        "aws_secret_access_key",
        "aws_region_name",
        "vertex_credentials",
        "token",
        "auth_token",
        "hf_token",
        "access_token",
        "client_secret",
        "db_password",
        "passwd",
        "pwd",
        "apikey",
        "x-api-key",
        "azure_ad_token",
        "github_token_secret",
    ],
)
def test_the_cheap_line_filter_never_skips_a_secret_key(key: str) -> None:
    """Masking skips lines that cannot hold a secret key; every key that names one passes."""
    from modelctl.yamldiff import _MAYBE_SECRET, is_secret_key, mask_secrets

    assert is_secret_key(key), key
    line = f"    {key}: literal-value-123456"
    assert _MAYBE_SECRET.search(line.lower())
    assert mask_secrets(line) == f"    {key}: ***"


def test_successors_indexed_give_the_same_answers_as_a_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many removals against a big catalog switch to the word index: same suggestions."""
    from modelctl import review

    ids = list(json.loads(OPENROUTER_ALL.read_text(encoding="utf-8"))["data"])
    catalog = [item["id"] for item in ids]
    removed = [c + "-20240101" for c in catalog[:60]] + ["anthropic/claude-3-5-haiku", "openai/gpt-4o:free"]
    scanned = [review.suggest_successor(m, catalog) for m in removed]
    monkeypatch.setattr(review, "INDEX_AFTER", 0)
    finder = review.Successors(catalog)
    assert [finder.suggest(m) for m in removed] == scanned
    assert finder.index is not None  # it did switch to the index
    assert sum(s is not None for s in scanned) >= 50
