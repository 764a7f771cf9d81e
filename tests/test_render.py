"""Renderers: Markdown (PR comment) and text (terminal) snapshots, size limit, colour.

Snapshots live in tests/snapshots/. After an intended change to a renderer, rewrite them with
``UPDATE_SNAPSHOTS=1 python -m pytest tests/test_render.py``, review the diff, and commit.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from modelctl.plan import Action, Change, PatchOp, Plan, ProviderStatus, Review
from modelctl.render import summary_line
from modelctl.render.markdown import (
    COLLAPSE_OVER,
    GITHUB_COMMENT_LIMIT,
    MARKER,
    artifact_hint_from_env,
    render_markdown,
)
from modelctl.render.moves import field_move
from modelctl.render.text import render_text

SNAPSHOTS = Path(__file__).parent / "snapshots"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SHA = "0123456789abcdef" * 4


def _endpoint(name: str, origin: str) -> dict[str, object]:
    return {"name": name, "origin": origin, "sha256": SHA, "bytes": 1234}


def sample_plan() -> Plan:
    """Every action kind, a >50% price move, a zero-crossing, a note and a failed provider."""
    providers = {
        "openrouter": ProviderStatus(
            "ok", "snapshot", [_endpoint("models", "examples/catalogs/openrouter.json")], 549, 64
        ),
        "poe": ProviderStatus("ok", "live", [_endpoint("models", "https://api.poe.com/v1/models")], 341, 8),
        "requesty": ProviderStatus(
            "failed",
            "live",
            [],
            None,
            8,
            "https://router.requesty.ai/v1/models: HTTP 503 Service Unavailable <html>",
        ),
    }
    changes = [
        Change(
            "update",
            "openrouter",
            "claude-haiku-4-5",
            "openrouter/anthropic/claude-haiku-4.5",
            "openrouter catalog differs",
            {
                "input_cost_per_token": {"before": 1.0e-06, "after": 2.5e-06},
                "output_cost_per_token": {"before": 5.0e-06, "after": 5.5e-06},
                "cache_read_input_token_cost": {"before": None, "after": 1.0e-07},
            },
            index=9,
        ),
        Change(
            "update",
            "openrouter",
            "or-deepseek-chat-free",
            "openrouter/deepseek/deepseek-chat",
            "openrouter catalog differs",
            {
                "input_cost_per_token": {"before": 1.0e-09, "after": 2.8e-07},
                "output_cost_per_token": {"before": 1.0e-09, "after": 4.2e-07},
            },
            index=20,
        ),
        Change(
            "update",
            "poe",
            "gpt-5.1",
            "openai/gpt-5.1",
            "poe catalog differs",
            {
                "output_cost_per_token": {"before": 1.0e-05, "after": 4.0e-06},
                "max_input_tokens": {"before": 200000, "after": 400000},
            },
            api_base="https://api.poe.com/v1",
            index=31,
        ),
        Change(
            "remove",
            "poe",
            "gemini-3-pro",
            "openai/gemini-3-pro",
            "'gemini-3-pro' is no longer in the poe catalog (341 models)",
            api_base="https://api.poe.com/v1",
            index=40,
            remaining=1,
            successor="gemini-3-pro-preview",
        ),
        Change(
            "remove",
            "openrouter",
            "claude-3-5-haiku",
            "openrouter/anthropic/claude-3.5-haiku",
            "'anthropic/claude-3.5-haiku' is no longer in the openrouter catalog (549 models)",
            index=5,
            remaining=0,
            successor="anthropic/claude-haiku-4.5",
            references=[
                "router_settings.fallbacks[0].claude-3-5-haiku",
                "router_settings.fallbacks[1].gpt-5.1[0]",
            ],
        ),
        Change(
            "add",
            "openrouter",
            "qwen3-coder",
            "openrouter/qwen/qwen3-coder",
            "added on request (--add-model)",
            {
                "input_cost_per_token": {"before": None, "after": 2.2e-07},
                "output_cost_per_token": {"before": None, "after": 9.5e-07},
                "model_info.mode": {"before": None, "after": "chat"},
                "model_info.max_input_tokens": {"before": None, "after": 262144},
            },
        ),
        Change(
            "move", "openrouter", "qwen3-coder", "openrouter/qwen/qwen3-coder", "sorted: position 126 -> 87"
        ),
    ]
    patch: list[PatchOp] = [
        {
            "op": "test",
            "path": "/model_list/9/litellm_params/model",
            "value": "openrouter/anthropic/claude-haiku-4.5",
        }
    ]
    return Plan(
        config_path="config.yaml",
        config_sha256=SHA,
        created_at="2026-11-25T10:15:00Z",
        providers=providers,
        changes=changes,
        patch=patch,
        notes=["openrouter: 'qwen/qwen3-coder' has no known cache price"],
        modelctl_version="0.1.0",
        review=Review(
            protected_gone=[
                {
                    "provider": "openrouter",
                    "model_name": "gpt-4o-mine",
                    "model": "openrouter/openai/gpt-4o-2024-05-13",
                    "id": "openai/gpt-4o-2024-05-13",
                }
            ],
            unchecked=[{"provider": "nano_gpt", "entries": 11, "why": "disabled"}],
            diff=(
                "--- a/config.yaml\n+++ b/config.yaml\n@@ -10,4 +10,4 @@\n"
                "   - model_name: claude-haiku-4-5\n     litellm_params:\n"
                "       model: openrouter/anthropic/claude-haiku-4.5\n"
                "-      input_cost_per_token: 1e-06\n+      input_cost_per_token: 2.5e-06\n"
            ),
        ),
    )


def _check_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: run with UPDATE_SNAPSHOTS=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from the snapshot; if the change is intended, "
        "re-run with UPDATE_SNAPSHOTS=1 and review the diff"
    )


def test_markdown_snapshot() -> None:
    _check_snapshot("plan.md", render_markdown(sample_plan()) + "\n")


def test_text_snapshot() -> None:
    _check_snapshot("plan.txt", render_text(sample_plan(), colour=False))


def test_markdown_calls_out_what_needs_review() -> None:
    text = render_markdown(sample_plan())
    assert text.splitlines()[0] == MARKER
    assert f"**{summary_line(sample_plan())}**" in text
    assert "> [!CAUTION]" in text and "**requesty failed:**" in text
    assert "&lt;html>" in text  # provider error text cannot inject HTML
    assert "**This plan removes 2 config entries.**" in text
    assert "⚠️ **+150.0%**" in text and "⚠️ **-60.0%**" in text
    assert "⚠️ free → paid" in text
    assert "+100.0%" in text and "⚠️ **+100.0%**" not in text  # limits are not price alarms
    assert "This comment was shortened" not in text
    assert "<details>" not in text.split("<details><summary>YAML diff")[0]  # short lists stay open


def test_field_move_classification() -> None:
    assert field_move("input_cost_per_token", {"before": 1e-6, "after": 1.6e-6}).big
    assert not field_move("input_cost_per_token", {"before": 1e-6, "after": 1.5e-6}).big
    paid_to_free = field_move("output_cost_per_token", {"before": 2e-7, "after": 1e-9})
    assert paid_to_free.zero_crossing and paid_to_free.pct is None
    assert "paid → free" in paid_to_free.describe()
    assert field_move("input_cost_per_token", {"before": 0, "after": 1e-9}).zero_crossing is False
    assert field_move("input_cost_per_token", {"before": None, "after": 1e-7}).describe() == "newly set"
    assert not field_move("max_input_tokens", {"before": 1000, "after": 9000}).flagged


def _big_plan(count: int) -> Plan:
    base = sample_plan()
    actions: tuple[Action, ...] = ("update", "remove", "add", "move")
    changes = []
    for i in range(count):
        action = actions[i % 4]
        fields = (
            {
                "input_cost_per_token": {"before": 1e-6, "after": 3e-6},
                "output_cost_per_token": {"before": 2e-6, "after": 2.2e-6},
            }
            if action == "update"
            else {}
        )
        changes.append(
            Change(
                action,
                "openrouter",
                f"model-{i:05d}",
                f"openrouter/vendor/model-{i:05d}",
                f"reason number {i} " + "x" * 40,
                fields,
            )
        )
    return replace(base, changes=changes, notes=[f"note {i}" for i in range(500)])


def test_huge_plan_fits_in_one_github_comment() -> None:
    plan = _big_plan(5000)
    text = render_markdown(plan)
    assert len(text) < GITHUB_COMMENT_LIMIT
    assert text.splitlines()[0] == MARKER
    assert "This comment was shortened to fit GitHub's comment size limit" in text
    assert "artifact" in text
    assert "more rows not shown" in text
    assert text.count("<details>") == text.count("</details>")
    assert text.rstrip().endswith("</sub>")  # the footer survives the cut


@pytest.mark.parametrize("limit", [2_000, 10_000, 100_000])
def test_limit_is_respected(limit: int) -> None:
    text = render_markdown(_big_plan(800), limit=limit)
    assert len(text) <= min(limit, GITHUB_COMMENT_LIMIT)
    assert text.startswith(MARKER + "\n")
    assert text.count("<details>") == text.count("</details>")


def test_long_provider_error_and_hint_are_clipped() -> None:
    plan = sample_plan()
    plan = replace(
        plan,
        providers={**plan.providers, "requesty": replace(plan.providers["requesty"], error="boom " * 50_000)},
    )
    text = render_markdown(plan, artifact_hint="see run 42")
    assert len(text) < GITHUB_COMMENT_LIMIT
    assert "boom boom" in text


def test_long_lists_fold_into_details() -> None:
    plan = replace(_big_plan(4 * (COLLAPSE_OVER + 1)), notes=[])
    text = render_markdown(plan)
    assert "<details><summary>Show 11 changes</summary>" in text
    assert "<details><summary>Show 11 additions</summary>" in text
    assert "<details><summary>Show 11 moves</summary>" in text
    assert "Show 11 removals" not in text  # removals are never hidden
    assert "This comment was shortened" not in text


def test_no_changes() -> None:
    plan = sample_plan()
    plan = replace(plan, changes=[], patch=[])
    text = render_markdown(plan)
    # a provider failed: never claim the config matches every catalog
    assert "**No changes from the 2 provider(s) that answered; 1 failed.**" in text and "###" not in text
    plan = replace(plan, providers={n: s for n, s in plan.providers.items() if s.status == "ok"})
    assert "**No changes. config.yaml matches the provider catalogs.**" in render_markdown(plan)


def test_artifact_hint_from_env() -> None:
    assert artifact_hint_from_env({}) is None
    hint = artifact_hint_from_env(
        {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/proxy", "GITHUB_RUN_ID": "77"}
    )
    assert hint is not None and "https://github.com/acme/proxy/actions/runs/77" in hint
    text = render_markdown(_big_plan(5000), artifact_hint=hint)
    assert "https://github.com/acme/proxy/actions/runs/77" in text


def test_colour_codes_only_when_asked() -> None:
    plain = render_text(sample_plan(), colour=False)
    coloured = render_text(sample_plan(), colour=True)
    assert "\x1b[" not in plain
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == plain
    assert "\x1b[" not in render_markdown(sample_plan())


def test_long_diff_is_cut_inside_its_fold() -> None:
    """A diff longer than the comment budget: cut with a pointer to show --diff, fence and fold
    closed, the comment under the limit, and every section before it intact."""
    plan = sample_plan()
    assert plan.review.diff is not None
    longer = plan.review.diff + "".join(f"+      input_cost_per_token: {i}e-07\n" for i in range(20_000))
    plan = replace(plan, review=replace(plan.review, diff=longer))
    text = render_markdown(plan)
    assert len(text) < GITHUB_COMMENT_LIMIT
    assert "more lines not shown (modelctl show PLAN --diff prints all)" in text
    assert text.count("<details>") == text.count("</details>") and text.count("```") % 2 == 0
    assert "### 🔴 Removals (2)" in text and "> [!NOTE]" in text
    assert text.rstrip().endswith("</sub>")


def test_diff_fence_outlasts_backticks_in_the_config() -> None:
    plan = sample_plan()
    diff = "--- a/config.yaml\n+++ b/config.yaml\n@@ -1 +1 @@\n-# ```\n+# ````\n"
    plan = replace(plan, review=replace(plan.review, diff=diff))
    text = render_markdown(plan)
    assert "\n`````diff\n" in text and "\n`````\n" in text


def test_no_diff_section_without_changes_to_write() -> None:
    plan = sample_plan()
    plan = replace(plan, review=replace(plan.review, diff=""))
    assert "YAML diff" not in render_markdown(plan)


def test_verbose_text_shows_the_diff() -> None:
    plan = sample_plan()
    assert "YAML diff" not in render_text(plan)
    verbose = render_text(plan, verbose=True)
    assert "YAML diff apply will write (secret values masked):\n--- a/config.yaml\n" in verbose
    assert "+      input_cost_per_token: 2.5e-06\n" in verbose
