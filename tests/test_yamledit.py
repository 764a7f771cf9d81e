"""The YAML text editor, table-driven: (config text, patch) -> the exact new text, or a refusal.

Every row is run the way ``render_applied`` runs it: the editor, then the whole-document
re-read compared type-exactly with ``jsonpatch.apply_patch(old data, patch)``. A row without a
BOM or CR is run three times: as written, with a UTF-8 BOM (the same minimal edit, BOM kept)
and with CRLF line ends (CRLF kept, also in inserted lines).

The shapes are those of issue 10 (aliases as an entry's last value, whole-entry aliases, merge
keys, anchors in removed / moved / replaced text, entries sharing a node, multi-line flow and
JSON configs, ``- # comment``, an anchored or tagged ``model_list`` emptied, CRLF, BOM, no final
newline, comments moving with sorted entries), the ordinary ones, and those of published LiteLLM
configs (rows "real-*": a merged &google params block after a dedented section comment, one
&local_llama block shared by several entries, a _templates anchor, the docs' comments after
every value, banner comments).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jsonpatch
import pytest

from modelctl.apply import verify_output
from modelctl.config import parse_config
from modelctl.errors import ApplyError
from modelctl.plan import PatchOp
from modelctl.yamledit import apply_patch_text

PATH = Path("config.yaml")


@dataclass(frozen=True)
class Refused:
    """The editor refuses with a one-line error starting with this text (file:line: construct)."""

    start: str


@dataclass(frozen=True)
class Row:
    name: str
    text: str
    patch: list[PatchOp]
    expected: str | Refused


def edit(text: str, patch: list[PatchOp]) -> str:
    doc = parse_config(PATH, text.encode("utf-8"))
    expected = jsonpatch.apply_patch(doc.data, patch, in_place=True)
    new = apply_patch_text(doc.text, doc.node, patch, expected, where=str(PATH))
    verify_output(PATH, new.encode("utf-8"), expected)
    return new


ROWS = [
    Row(
        "replace-price",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 2e-07}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 2.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "add-price",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "add", "path": "/model_list/1/litellm_params/input_cost_per_token", "value": 3e-07}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      input_cost_per_token: 3.0e-07\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "add-price-flow-entry",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "add", "path": "/model_list/2/litellm_params/input_cost_per_token", "value": 3e-07}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c, input_cost_per_token: 3.0e-07}\n"
        ),
    ),
    Row(
        "remove-first",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "remove", "path": "/model_list/0"}],
        (
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "remove-middle",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "remove", "path": "/model_list/1"}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "remove-last",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "remove", "path": "/model_list/2"}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
        ),
    ),
    Row(
        "remove-all",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [
            {"op": "remove", "path": "/model_list/2"},
            {"op": "remove", "path": "/model_list/1"},
            {"op": "remove", "path": "/model_list/0"},
        ],
        "model_list: []\n",
    ),
    Row(
        "add-end",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [
            {
                "op": "add",
                "path": "/model_list/3",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            }
        ],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
            "  - model_name: n\n"
            "    litellm_params:\n"
            "      model: p/n\n"
            "      input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "add-front",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [
            {
                "op": "add",
                "path": "/model_list/0",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            }
        ],
        (
            "model_list:\n"
            "  - model_name: n\n"
            "    litellm_params:\n"
            "      model: p/n\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "add-middle",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [
            {
                "op": "add",
                "path": "/model_list/2",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            }
        ],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: n\n"
            "    litellm_params:\n"
            "      model: p/n\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "move-first-to-last",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "move", "from": "/model_list/0", "path": "/model_list/2"}],
        (
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "move-last-to-first",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "move", "from": "/model_list/2", "path": "/model_list/0"}],
        (
            "model_list:\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
        ),
    ),
    Row(
        "replace-quoted-string-cost",
        (
            "model_list:\n"
            "- model_name: a\n"
            "  litellm_params:\n"
            "    model: p/a\n"
            '    input_cost_per_token: "3e-7"\n'
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 4e-07}],
        (
            "model_list:\n"
            "- model_name: a\n"
            "  litellm_params:\n"
            "    model: p/a\n"
            "    input_cost_per_token: 4.0e-07\n"
        ),
    ),
    Row(
        "replace-keeps-trailing-comment",
        (
            "model_list:\n"
            "- model_name: a\n"
            "  litellm_params:\n"
            "    model: p/a\n"
            "    input_cost_per_token: 1.0e-07  # per token\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 4e-07}],
        (
            "model_list:\n"
            "- model_name: a\n"
            "  litellm_params:\n"
            "    model: p/a\n"
            "    input_cost_per_token: 4.0e-07  # per token\n"
        ),
    ),
    Row(
        "replace-int-limit",
        (
            "model_list:\n"
            "- model_name: a\n"
            "  litellm_params: {model: p/a}\n"
            "  model_info:\n"
            "    max_input_tokens: 8192\n"
        ),
        [{"op": "replace", "path": "/model_list/0/model_info/max_input_tokens", "value": 131072}],
        (
            "model_list:\n"
            "- model_name: a\n"
            "  litellm_params: {model: p/a}\n"
            "  model_info:\n"
            "    max_input_tokens: 131072\n"
        ),
    ),
    Row(
        "indentless-list-add",
        ("model_list:\n- model_name: a\n  litellm_params: {model: p/a}\n"),
        [
            {
                "op": "add",
                "path": "/model_list/1",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            }
        ],
        (
            "model_list:\n"
            "- model_name: a\n"
            "  litellm_params: {model: p/a}\n"
            "- model_name: n\n"
            "  litellm_params:\n"
            "    model: p/n\n"
            "    input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "comments-between-kept",
        (
            "model_list:\n"
            "  # first\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "\n"
            "  # second\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
            "# end\n"
        ),
        [{"op": "remove", "path": "/model_list/0"}],
        (
            "model_list:\n"
            "  # first\n"
            "\n"
            "  # second\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
            "# end\n"
        ),
    ),
    Row(
        "header-footer-kept",
        (
            "general_settings:\n"
            "  master_key: os.environ/KEY\n"
            "\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "\n"
            "litellm_settings:\n"
            "  drop_params: true\n"
        ),
        [{"op": "add", "path": "/model_list/0/litellm_params/output_cost_per_token", "value": 1e-06}],
        (
            "general_settings:\n"
            "  master_key: os.environ/KEY\n"
            "\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      output_cost_per_token: 1.0e-06\n"
            "\n"
            "litellm_settings:\n"
            "  drop_params: true\n"
        ),
    ),
    Row(
        "block-scalar-last-value",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      description: |\n"
            "        two\n"
            "        lines\n"
            "\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
        [
            {"op": "add", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 1e-07},
            {"op": "remove", "path": "/model_list/1"},
        ],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      description: |\n"
            "        two\n"
            "        lines\n"
            "\n"
            "      input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "nested-last-value",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      extra_body:\n"
            "        provider:\n"
            "          order: [x, y]\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
        [{"op": "add", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 1e-07}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      extra_body:\n"
            "        provider:\n"
            "          order: [x, y]\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
    ),
    Row(
        "alias-last-value-update",
        (
            "h: &h {X-Title: t}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "      extra_headers: *h\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 2e-07}],
        (
            "h: &h {X-Title: t}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 2.0e-07\n"
            "      extra_headers: *h\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
    ),
    Row(
        "alias-last-value-add",
        (
            "h: &h {X-Title: t}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      extra_headers: *h\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
        [{"op": "add", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 2e-07}],
        (
            "h: &h {X-Title: t}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      extra_headers: *h\n"
            "      input_cost_per_token: 2.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
    ),
    Row(
        "alias-last-value-remove",
        (
            "h: &h {X-Title: t}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      extra_headers: *h\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
        [{"op": "remove", "path": "/model_list/0"}],
        ("h: &h {X-Title: t}\nmodel_list:\n  - model_name: b\n    litellm_params: {model: p/b}\n"),
    ),
    Row(
        "alias-model-info-last",
        (
            "mi: &info {mode: chat}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "    model_info: *info\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
        [
            {"op": "remove", "path": "/model_list/0"},
            {
                "op": "add",
                "path": "/model_list/1",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            },
        ],
        (
            "mi: &info {mode: chat}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
            "  - model_name: n\n"
            "    litellm_params:\n"
            "      model: p/n\n"
            "      input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "alias-last-moved",
        (
            "h: &h {X-Title: t}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      extra_headers: *h\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
        ),
        [{"op": "move", "from": "/model_list/1", "path": "/model_list/0"}],
        (
            "h: &h {X-Title: t}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      extra_headers: *h\n"
        ),
    ),
    Row(
        "whole-entry-alias-removed",
        (
            "model_list:\n"
            "  - &q\n"
            "    model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - *q\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "remove", "path": "/model_list/1"}],
        (
            "model_list:\n"
            "  - &q\n"
            "    model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "whole-entry-alias-kept-on-update",
        (
            "model_list:\n"
            "  - &q\n"
            "    model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - *q\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "add", "path": "/model_list/2/litellm_params/input_cost_per_token", "value": 1e-07}],
        (
            "model_list:\n"
            "  - &q\n"
            "    model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - *q\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c, input_cost_per_token: 1.0e-07}\n"
        ),
    ),
    Row(
        "anchor-entry-removed-refused",
        ("model_list:\n  - &q\n    model_name: a\n    litellm_params: {model: p/a}\n  - *q\n"),
        [{"op": "remove", "path": "/model_list/0"}],
        Refused("config.yaml:5: the alias *q refers to &q at line 2, which this plan remo"),
    ),
    Row(
        "anchored-scalar-replaced-keeps-anchor",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: &cheap 2.0e-07\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 3e-07}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: &cheap 3.0e-07\n"
        ),
    ),
    Row(
        "anchored-scalar-still-used-refused",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: &cheap 2.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      input_cost_per_token: *cheap\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 3e-07}],
        Refused("config.yaml:5: the value anchored as &cheap changes, but the alias *chea"),
    ),
    Row(
        "alias-scalar-replaced-by-value",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: &cheap 2.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      input_cost_per_token: *cheap\n"
        ),
        [{"op": "replace", "path": "/model_list/1/litellm_params/input_cost_per_token", "value": 3e-07}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: &cheap 2.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      input_cost_per_token: 3.0e-07\n"
        ),
    ),
    Row(
        "anchored-both-changed",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: &cheap 2.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      input_cost_per_token: *cheap\n"
        ),
        [
            {"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 3e-07},
            {"op": "replace", "path": "/model_list/1/litellm_params/input_cost_per_token", "value": 3e-07},
        ],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: &cheap 3.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      input_cost_per_token: 3.0e-07\n"
        ),
    ),
    Row(
        "anchor-used-later-removed-refused",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: &p\n"
            "      model: p/a\n"
            "  - model_name: b\n"
            "    litellm_params: *p\n"
        ),
        [{"op": "remove", "path": "/model_list/0"}],
        Refused("config.yaml:6: the alias *p refers to &p at line 3, which this plan remo"),
    ),
    Row(
        "anchor-moved-after-alias-refused",
        (
            "model_list:\n"
            "  - model_name: z\n"
            "    litellm_params: &p\n"
            "      model: p/a\n"
            "  - model_name: b\n"
            "    litellm_params: *p\n"
        ),
        [{"op": "move", "from": "/model_list/0", "path": "/model_list/1"}],
        Refused("config.yaml:6: the alias *p refers to &p at line 3, which this plan move"),
    ),
    Row(
        "shared-params-one-replace",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: &p\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params: *p\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 3e-07}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: &p\n"
            "      model: p/a\n"
            "      input_cost_per_token: 3.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params: *p\n"
        ),
    ),
    Row(
        "shared-params-top-level-anchor",
        (
            "x-p: &p\n"
            "  model: p/a\n"
            "  input_cost_per_token: 1.0e-07\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: *p\n"
            "  - model_name: b\n"
            "    litellm_params: *p\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 3e-07}],
        (
            "x-p: &p\n"
            "  model: p/a\n"
            "  input_cost_per_token: 3.0e-07\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: *p\n"
            "  - model_name: b\n"
            "    litellm_params: *p\n"
        ),
    ),
    Row(
        "anchor-defined-in-kept-entry",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: &p {model: p/a}\n"
            "  - model_name: b\n"
            "    litellm_params: *p\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "remove", "path": "/model_list/2"}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: &p {model: p/a}\n"
            "  - model_name: b\n"
            "    litellm_params: *p\n"
        ),
    ),
    Row(
        "merge-last-line-removed",
        (
            "d: &d {timeout: 5, max_retries: 2}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      <<: *d\n"
        ),
        [{"op": "remove", "path": "/model_list/1"}],
        (
            "d: &d {timeout: 5, max_retries: 2}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
        ),
    ),
    Row(
        "merge-last-line-entry-level",
        (
            "d: &d {model_info: {mode: chat}}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
            "    <<: *d\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [{"op": "remove", "path": "/model_list/1"}],
        (
            "d: &d {model_info: {mode: chat}}\n"
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "merge-override-written-locally",
        (
            "d: &d {timeout: 5, input_cost_per_token: 1.0e-07}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      <<: *d\n"
            "      model: p/b\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 3e-07}],
        (
            "d: &d {timeout: 5, input_cost_per_token: 1.0e-07}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      <<: *d\n"
            "      model: p/b\n"
            "      input_cost_per_token: 3.0e-07\n"
        ),
    ),
    Row(
        "merge-list-of-aliases",
        (
            "d: &d {timeout: 5}\n"
            "e: &e {input_cost_per_token: 1.0e-07}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      <<: [*d, *e]\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 3e-07}],
        (
            "d: &d {timeout: 5}\n"
            "e: &e {input_cost_per_token: 1.0e-07}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      <<: [*d, *e]\n"
            "      input_cost_per_token: 3.0e-07\n"
        ),
    ),
    Row(
        "merge-local-wins-update",
        (
            "d: &d {input_cost_per_token: 1.0e-07}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      <<: *d\n"
            "      model: p/b\n"
            "      input_cost_per_token: 2.0e-07\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 3e-07}],
        (
            "d: &d {input_cost_per_token: 1.0e-07}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      <<: *d\n"
            "      model: p/b\n"
            "      input_cost_per_token: 3.0e-07\n"
        ),
    ),
    Row(
        "merge-add-entry-after",
        (
            "d: &d {timeout: 5}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      <<: *d\n"
        ),
        [
            {
                "op": "add",
                "path": "/model_list/1",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            }
        ],
        (
            "d: &d {timeout: 5}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "      <<: *d\n"
            "  - model_name: n\n"
            "    litellm_params:\n"
            "      model: p/n\n"
            "      input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "merge-flow-in-entry",
        ("d: &d {timeout: 5}\nmodel_list:\n  - model_name: b\n    litellm_params: {<<: *d, model: p/b}\n"),
        [{"op": "add", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 1e-07}],
        (
            "d: &d {timeout: 5}\n"
            "model_list:\n"
            "  - model_name: b\n"
            "    litellm_params: {<<: *d, model: p/b, input_cost_per_token: 1.0e-07}\n"
        ),
    ),
    Row(
        "flow-entry-one-line-replace",
        ("model_list:\n  - {model_name: a, litellm_params: {model: p/a, input_cost_per_token: 1.0e-07}}\n"),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 2e-07}],
        ("model_list:\n  - {model_name: a, litellm_params: {model: p/a, input_cost_per_token: 2.0e-07}}\n"),
    ),
    Row(
        "flow-entry-multiline",
        (
            "model_list:\n"
            "  - {\n"
            "      model_name: a,\n"
            "      litellm_params: {model: p/a, input_cost_per_token: 1.0e-07}\n"
            "    }\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
        [
            {"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 3e-07},
            {"op": "add", "path": "/model_list/1/litellm_params/output_cost_per_token", "value": 4e-07},
        ],
        (
            "model_list:\n"
            "  - {\n"
            "      model_name: a,\n"
            "      litellm_params: {model: p/a, input_cost_per_token: 3.0e-07}\n"
            "    }\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b, output_cost_per_token: 4.0e-07}\n"
        ),
    ),
    Row(
        "flow-nested-multiline-brace-own-line",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {\n"
            "      model: p/a,\n"
            "      input_cost_per_token: 1.0e-07\n"
            "    }\n"
        ),
        [{"op": "add", "path": "/model_list/0/litellm_params/output_cost_per_token", "value": 4e-07}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {\n"
            "      model: p/a,\n"
            "      input_cost_per_token: 1.0e-07,\n"
            "      output_cost_per_token: 4.0e-07\n"
            "    }\n"
        ),
    ),
    Row(
        "flow-entry-removed",
        (
            "model_list:\n"
            "  - {model_name: a, litellm_params: {model: p/a}}\n"
            "  - {model_name: b, litellm_params: {model: p/b}}\n"
        ),
        [{"op": "remove", "path": "/model_list/0"}],
        ("model_list:\n  - {model_name: b, litellm_params: {model: p/b}}\n"),
    ),
    Row(
        "flow-list-add",
        "model_list: [{model_name: a, litellm_params: {model: p/a}}]\n",
        [
            {
                "op": "add",
                "path": "/model_list/1",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            }
        ],
        "model_list: [{model_name: a, litellm_params: {model: p/a}}, {model_name: n, litellm_params: {model: p/n, input_cost_per_token: 1.0e-07}}]\n",  # noqa: E501
    ),
    Row(
        "flow-list-remove-last",
        "model_list: [{model_name: a, litellm_params: {model: p/a}}, {model_name: b, litellm_params: {model: p/b}}]\n",  # noqa: E501
        [{"op": "remove", "path": "/model_list/1"}],
        "model_list: [{model_name: a, litellm_params: {model: p/a}}]\n",
    ),
    Row(
        "empty-flow-list-add",
        ("model_list: []\nrouter_settings: {}\n"),
        [
            {
                "op": "add",
                "path": "/model_list/0",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            }
        ],
        (
            "model_list:\n"
            "- model_name: n\n"
            "  litellm_params:\n"
            "    model: p/n\n"
            "    input_cost_per_token: 1.0e-07\n"
            "router_settings: {}\n"
        ),
    ),
    Row(
        "json-config-update",
        (
            "{\n"
            '  "model_list": [\n'
            "    {\n"
            '      "model_name": "a",\n'
            '      "litellm_params": {\n'
            '        "model": "p/a",\n'
            '        "input_cost_per_token": 1e-07\n'
            "      }\n"
            "    }\n"
            "  ]\n"
            "}\n"
        ),
        [
            {"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 3e-07},
            {"op": "add", "path": "/model_list/0/litellm_params/output_cost_per_token", "value": 4e-07},
        ],
        (
            "{\n"
            '  "model_list": [\n'
            "    {\n"
            '      "model_name": "a",\n'
            '      "litellm_params": {\n'
            '        "model": "p/a",\n'
            '        "input_cost_per_token": 3.0e-07,\n'
            '        "output_cost_per_token": 4.0e-07\n'
            "      }\n"
            "    }\n"
            "  ]\n"
            "}\n"
        ),
    ),
    Row(
        "json-config-add-remove",
        (
            "{\n"
            '  "model_list": [\n'
            '    {"model_name": "a", "litellm_params": {"model": "p/a"}},\n'
            '    {"model_name": "b", "litellm_params": {"model": "p/b"}}\n'
            "  ]\n"
            "}\n"
        ),
        [
            {"op": "remove", "path": "/model_list/0"},
            {
                "op": "add",
                "path": "/model_list/1",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            },
        ],
        (
            "{\n"
            '  "model_list": [\n'
            '    {"model_name": "b", "litellm_params": {"model": "p/b"}},\n'
            '    {"model_name": "n", "litellm_params": {"model": "p/n", "input_cost_per_token": 1.0e-07}}\n'
            "  ]\n"
            "}\n"
        ),
    ),
    Row(
        "json-config-one-line",
        '{"model_list": [{"model_name": "a", "litellm_params": {"model": "p/a"}}]}',
        [{"op": "remove", "path": "/model_list/0"}],
        '{"model_list": []}',
    ),
    Row(
        "flow-string-value-quoted",
        ("model_list:\n  - {model_name: a, litellm_params: {model: p/a, note: x}}\n"),
        [{"op": "replace", "path": "/model_list/0/litellm_params/note", "value": "a, b"}],
        ('model_list:\n  - {model_name: a, litellm_params: {model: p/a, note: "a, b"}}\n'),
    ),
    Row(
        "dash-comment-add",
        ("model_list:\n  - # qwen3-coder: free tier\n    model_name: a\n    litellm_params: {model: p/a}\n"),
        [
            {
                "op": "add",
                "path": "/model_list/1",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            }
        ],
        (
            "model_list:\n"
            "  - # qwen3-coder: free tier\n"
            "    model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: n\n"
            "    litellm_params:\n"
            "      model: p/n\n"
            "      input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "dash-comment-remove",
        (
            "model_list:\n"
            "  - # qwen3-coder: free tier\n"
            "    model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
        [{"op": "remove", "path": "/model_list/0"}],
        ("model_list:\n  - model_name: b\n    litellm_params: {model: p/b}\n"),
    ),
    Row(
        "dash-comment-update",
        (
            "model_list:\n"
            "  - # qwen3-coder: free tier\n"
            "    model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
        ),
        [{"op": "add", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 1e-07}],
        (
            "model_list:\n"
            "  - # qwen3-coder: free tier\n"
            "    model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "anchored-list-emptied",
        ("model_list: &ml\n  - model_name: a\n    litellm_params: {model: p/a}\nother: 1\n"),
        [{"op": "remove", "path": "/model_list/0"}],
        ("model_list: &ml []\nother: 1\n"),
    ),
    Row(
        "tagged-list-emptied",
        ("model_list: !!seq\n  - model_name: a\n    litellm_params: {model: p/a}\n"),
        [{"op": "remove", "path": "/model_list/0"}],
        "model_list: !!seq []\n",
    ),
    Row(
        "list-emptied-comment-after-colon",
        ("model_list:  # models\n  - model_name: a\n    litellm_params: {model: p/a}\n"),
        [{"op": "remove", "path": "/model_list/0"}],
        "model_list: []  # models\n",
    ),
    Row(
        "tagged-scalar-replaced",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: !!float 1\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 2e-07}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: !!float 2.0e-07\n"
        ),
    ),
    Row(
        "quoted-keys-block",
        (
            "model_list:\n"
            '  - "model_name": a\n'
            "    'litellm_params':\n"
            '      "model": p/a\n'
            '      "input_cost_per_token": 1.0e-07\n'
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 2e-07}],
        (
            "model_list:\n"
            '  - "model_name": a\n'
            "    'litellm_params':\n"
            '      "model": p/a\n'
            '      "input_cost_per_token": 2.0e-07\n'
        ),
    ),
    Row(
        "crlf-add-entry-and-key",
        ("model_list:\r\n  - model_name: a\r\n    litellm_params:\r\n      model: p/a\r\n"),
        [
            {"op": "add", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 1e-07},
            {
                "op": "add",
                "path": "/model_list/1",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            },
        ],
        (
            "model_list:\r\n"
            "  - model_name: a\r\n"
            "    litellm_params:\r\n"
            "      model: p/a\r\n"
            "      input_cost_per_token: 1.0e-07\r\n"
            "  - model_name: n\r\n"
            "    litellm_params:\r\n"
            "      model: p/n\r\n"
            "      input_cost_per_token: 1.0e-07\r\n"
        ),
    ),
    Row(
        "crlf-remove",
        (
            "model_list:\r\n"
            "  - model_name: a\r\n"
            "    litellm_params: {model: p/a}\r\n"
            "  - model_name: b\r\n"
            "    litellm_params: {model: p/b}\r\n"
        ),
        [{"op": "remove", "path": "/model_list/0"}],
        ("model_list:\r\n  - model_name: b\r\n    litellm_params: {model: p/b}\r\n"),
    ),
    Row(
        "bom-update-minimal",
        (
            "\ufeffmodel_list:\n"
            "  - model_name: a  # keep me\n"
            "    litellm_params: {model: p/a, input_cost_per_token: '1e-7'}\n"
        ),
        [{"op": "replace", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 2e-07}],
        (
            "\ufeffmodel_list:\n"
            "  - model_name: a  # keep me\n"
            "    litellm_params: {model: p/a, input_cost_per_token: 2.0e-07}\n"
        ),
    ),
    Row(
        "bom-crlf-add",
        ("\ufeffmodel_list:\r\n  - model_name: a\r\n    litellm_params: {model: p/a}\r\n"),
        [
            {
                "op": "add",
                "path": "/model_list/1",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            }
        ],
        (
            "\ufeffmodel_list:\r\n"
            "  - model_name: a\r\n"
            "    litellm_params: {model: p/a}\r\n"
            "  - model_name: n\r\n"
            "    litellm_params:\r\n"
            "      model: p/n\r\n"
            "      input_cost_per_token: 1.0e-07\r\n"
        ),
    ),
    Row(
        "no-final-newline-add-key",
        ("model_list:\n  - model_name: a\n    litellm_params:\n      model: p/a"),
        [{"op": "add", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 1e-07}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07"
        ),
    ),
    Row(
        "no-final-newline-add-entry",
        ("model_list:\n  - model_name: a\n    litellm_params: {model: p/a}"),
        [
            {
                "op": "add",
                "path": "/model_list/1",
                "value": {
                    "model_name": "n",
                    "litellm_params": {"model": "p/n", "input_cost_per_token": 1e-07},
                },
            }
        ],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: n\n"
            "    litellm_params:\n"
            "      model: p/n\n"
            "      input_cost_per_token: 1.0e-07"
        ),
    ),
    Row(
        "no-final-newline-remove-last",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}"
        ),
        [{"op": "remove", "path": "/model_list/1"}],
        ("model_list:\n  - model_name: a\n    litellm_params: {model: p/a}"),
    ),
    Row(
        "sort-comment-moves-with-entry",
        (
            "model_list:\n"
            "  # about c\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
            "  # about a\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
        ),
        [{"op": "move", "from": "/model_list/1", "path": "/model_list/0"}],
        (
            "model_list:\n"
            "  # about a\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  # about c\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "sort-section-comment-stays",
        (
            "model_list:\n"
            "  # == section ==\n"
            "\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
            "\n"
            "  # about a\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
        ),
        [{"op": "move", "from": "/model_list/1", "path": "/model_list/0"}],
        (
            "model_list:\n"
            "  # == section ==\n"
            "\n"
            "  # about a\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
            "\n"
        ),
    ),
    Row(
        "sort-move-before-commented-entry",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  # about c\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
        ),
        [{"op": "move", "from": "/model_list/2", "path": "/model_list/1"}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params: {model: p/a}\n"
            "  - model_name: b\n"
            "    litellm_params: {model: p/b}\n"
            "  # about c\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "replace-mapping-value-rerendered",
        ("model_list:\n  - model_name: a\n    litellm_params: {model: p/a}\n    model_info: {mode: chat}\n"),
        [{"op": "replace", "path": "/model_list/0/model_info", "value": {"mode": "embedding"}}],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "    model_info:\n"
            "      mode: embedding\n"
        ),
    ),
    Row(
        "replace-whole-entry",
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
        [
            {
                "op": "replace",
                "path": "/model_list/1",
                "value": {"model_name": "b2", "litellm_params": {"model": "p/b"}},
            }
        ],
        (
            "model_list:\n"
            "  - model_name: a\n"
            "    litellm_params:\n"
            "      model: p/a\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: b2\n"
            "    litellm_params:\n"
            "      model: p/b\n"
            "  - model_name: c\n"
            "    litellm_params: {model: p/c}\n"
        ),
    ),
    Row(
        "real-merge-anchor-price-refused",
        (
            "model_list:\n"
            "  - model_name: bge-m3\n"
            "    litellm_params:\n"
            "      model: openai/bge-m3\n"
            "      api_base: http://box:8081/v1\n"
            '      api_key: "NONE"\n'
            "\n"
            "# Google API models\n"
            "  - model_name: flash-latest\n"
            "    litellm_params: &google\n"
            "      model: gemini/flash-latest\n"
            "      api_key: os.environ/GEMINI_KEY  # AI Studio key\n"
            "  - model_name: flash-001\n"
            "    litellm_params:\n"
            "      <<: *google\n"
            "      model: gemini/flash-001\n"
        ),
        [{"op": "add", "path": "/model_list/1/litellm_params/input_cost_per_token", "value": 1e-07}],
        Refused("config.yaml:10: input_cost_per_token changes in the mapping anchored as "),
    ),
    Row(
        "real-merge-child-gets-local-price",
        (
            "model_list:\n"
            "  - model_name: bge-m3\n"
            "    litellm_params:\n"
            "      model: openai/bge-m3\n"
            "      api_base: http://box:8081/v1\n"
            '      api_key: "NONE"\n'
            "\n"
            "# Google API models\n"
            "  - model_name: flash-latest\n"
            "    litellm_params: &google\n"
            "      model: gemini/flash-latest\n"
            "      api_key: os.environ/GEMINI_KEY  # AI Studio key\n"
            "  - model_name: flash-001\n"
            "    litellm_params:\n"
            "      <<: *google\n"
            "      model: gemini/flash-001\n"
        ),
        [{"op": "add", "path": "/model_list/2/litellm_params/input_cost_per_token", "value": 1e-07}],
        (
            "model_list:\n"
            "  - model_name: bge-m3\n"
            "    litellm_params:\n"
            "      model: openai/bge-m3\n"
            "      api_base: http://box:8081/v1\n"
            '      api_key: "NONE"\n'
            "\n"
            "# Google API models\n"
            "  - model_name: flash-latest\n"
            "    litellm_params: &google\n"
            "      model: gemini/flash-latest\n"
            "      api_key: os.environ/GEMINI_KEY  # AI Studio key\n"
            "  - model_name: flash-001\n"
            "    litellm_params:\n"
            "      <<: *google\n"
            "      model: gemini/flash-001\n"
            "      input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "real-merge-anchor-entry-removed-refused",
        (
            "model_list:\n"
            "  - model_name: bge-m3\n"
            "    litellm_params:\n"
            "      model: openai/bge-m3\n"
            "      api_base: http://box:8081/v1\n"
            '      api_key: "NONE"\n'
            "\n"
            "# Google API models\n"
            "  - model_name: flash-latest\n"
            "    litellm_params: &google\n"
            "      model: gemini/flash-latest\n"
            "      api_key: os.environ/GEMINI_KEY  # AI Studio key\n"
            "  - model_name: flash-001\n"
            "    litellm_params:\n"
            "      <<: *google\n"
            "      model: gemini/flash-001\n"
        ),
        [{"op": "remove", "path": "/model_list/1"}],
        Refused("config.yaml:15: the alias *google refers to &google at line 10, which th"),
    ),
    Row(
        "real-merge-child-removed",
        (
            "model_list:\n"
            "  - model_name: bge-m3\n"
            "    litellm_params:\n"
            "      model: openai/bge-m3\n"
            "      api_base: http://box:8081/v1\n"
            '      api_key: "NONE"\n'
            "\n"
            "# Google API models\n"
            "  - model_name: flash-latest\n"
            "    litellm_params: &google\n"
            "      model: gemini/flash-latest\n"
            "      api_key: os.environ/GEMINI_KEY  # AI Studio key\n"
            "  - model_name: flash-001\n"
            "    litellm_params:\n"
            "      <<: *google\n"
            "      model: gemini/flash-001\n"
        ),
        [{"op": "remove", "path": "/model_list/2"}],
        (
            "model_list:\n"
            "  - model_name: bge-m3\n"
            "    litellm_params:\n"
            "      model: openai/bge-m3\n"
            "      api_base: http://box:8081/v1\n"
            '      api_key: "NONE"\n'
            "\n"
            "# Google API models\n"
            "  - model_name: flash-latest\n"
            "    litellm_params: &google\n"
            "      model: gemini/flash-latest\n"
            "      api_key: os.environ/GEMINI_KEY  # AI Studio key\n"
        ),
    ),
    Row(
        "real-dedented-section-comment-entry-removed",
        (
            "model_list:\n"
            "  - model_name: bge-m3\n"
            "    litellm_params:\n"
            "      model: openai/bge-m3\n"
            "      api_base: http://box:8081/v1\n"
            '      api_key: "NONE"\n'
            "\n"
            "# Google API models\n"
            "  - model_name: flash-latest\n"
            "    litellm_params: &google\n"
            "      model: gemini/flash-latest\n"
            "      api_key: os.environ/GEMINI_KEY  # AI Studio key\n"
            "  - model_name: flash-001\n"
            "    litellm_params:\n"
            "      <<: *google\n"
            "      model: gemini/flash-001\n"
        ),
        [{"op": "remove", "path": "/model_list/0"}],
        (
            "model_list:\n"
            "\n"
            "# Google API models\n"
            "  - model_name: flash-latest\n"
            "    litellm_params: &google\n"
            "      model: gemini/flash-latest\n"
            "      api_key: os.environ/GEMINI_KEY  # AI Studio key\n"
            "  - model_name: flash-001\n"
            "    litellm_params:\n"
            "      <<: *google\n"
            "      model: gemini/flash-001\n"
        ),
    ),
    Row(
        "real-shared-params-one-edit",
        (
            "model_list:\n"
            "  - model_name: claude-3-5-sonnet\n"
            "    litellm_params: &local_llama\n"
            "      model: openai/llama\n"
            "      api_base: http://localhost:8000/v1\n"
            "      api_key: dummy\n"
            "  - model_name: claude-3-opus\n"
            "    litellm_params: *local_llama\n"
            "  - model_name: claude-haiku\n"
            "    litellm_params: *local_llama\n"
        ),
        [{"op": "add", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 1e-07}],
        (
            "model_list:\n"
            "  - model_name: claude-3-5-sonnet\n"
            "    litellm_params: &local_llama\n"
            "      model: openai/llama\n"
            "      api_base: http://localhost:8000/v1\n"
            "      api_key: dummy\n"
            "      input_cost_per_token: 1.0e-07\n"
            "  - model_name: claude-3-opus\n"
            "    litellm_params: *local_llama\n"
            "  - model_name: claude-haiku\n"
            "    litellm_params: *local_llama\n"
        ),
    ),
    Row(
        "real-shared-params-alias-entry-removed",
        (
            "model_list:\n"
            "  - model_name: claude-3-5-sonnet\n"
            "    litellm_params: &local_llama\n"
            "      model: openai/llama\n"
            "      api_base: http://localhost:8000/v1\n"
            "      api_key: dummy\n"
            "  - model_name: claude-3-opus\n"
            "    litellm_params: *local_llama\n"
            "  - model_name: claude-haiku\n"
            "    litellm_params: *local_llama\n"
        ),
        [{"op": "remove", "path": "/model_list/1"}],
        (
            "model_list:\n"
            "  - model_name: claude-3-5-sonnet\n"
            "    litellm_params: &local_llama\n"
            "      model: openai/llama\n"
            "      api_base: http://localhost:8000/v1\n"
            "      api_key: dummy\n"
            "  - model_name: claude-haiku\n"
            "    litellm_params: *local_llama\n"
        ),
    ),
    Row(
        "real-template-list-anchor-merge-update",
        (
            "_templates:\n"
            "  - litellm_params: &litellm_params\n"
            "      extra_headers:\n"
            '        editor-version: "vscode/1.103.1"\n'
            "\n"
            "model_list:\n"
            "  - model_name: claude-sonnet\n"
            "    litellm_params:\n"
            "      <<: *litellm_params\n"
            "      model: github_copilot/claude-sonnet\n"
            "  - model_name: claude-opus\n"
            "    litellm_params:\n"
            "      <<: *litellm_params\n"
            "      model: github_copilot/claude-opus\n"
        ),
        [
            {"op": "add", "path": "/model_list/1/litellm_params/input_cost_per_token", "value": 1e-07},
            {"op": "remove", "path": "/model_list/0"},
        ],
        (
            "_templates:\n"
            "  - litellm_params: &litellm_params\n"
            "      extra_headers:\n"
            '        editor-version: "vscode/1.103.1"\n'
            "\n"
            "model_list:\n"
            "  - model_name: claude-opus\n"
            "    litellm_params:\n"
            "      <<: *litellm_params\n"
            "      model: github_copilot/claude-opus\n"
            "      input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "real-docs-comments-everywhere",
        (
            "model_list:\n"
            "  - model_name: gpt-4o ### RECEIVED MODEL NAME ###\n"
            "    litellm_params: # all params accepted by litellm.completion()\n"
            "      model: azure/gpt-4o-eu ### MODEL NAME sent to `litellm.completion()` ###\n"
            "      api_base: https://my-endpoint-europe.openai.azure.com/\n"
            '      api_key: "os.environ/AZURE_API_KEY_EU" # does os.getenv("AZURE_API_KEY_EU")\n'
            "      rpm: 6      # [OPTIONAL] Rate limit\n"
            "  - model_name: bedrock-claude-v1\n"
            "    litellm_params:\n"
            "      model: bedrock/anthropic.claude-instant-v1\n"
        ),
        [
            {"op": "replace", "path": "/model_list/0/litellm_params/rpm", "value": 10},
            {"op": "add", "path": "/model_list/0/litellm_params/input_cost_per_token", "value": 1e-07},
            {"op": "remove", "path": "/model_list/1"},
        ],
        (
            "model_list:\n"
            "  - model_name: gpt-4o ### RECEIVED MODEL NAME ###\n"
            "    litellm_params: # all params accepted by litellm.completion()\n"
            "      model: azure/gpt-4o-eu ### MODEL NAME sent to `litellm.completion()` ###\n"
            "      api_base: https://my-endpoint-europe.openai.azure.com/\n"
            '      api_key: "os.environ/AZURE_API_KEY_EU" # does os.getenv("AZURE_API_KEY_EU")\n'
            "      rpm: 10      # [OPTIONAL] Rate limit\n"
            "      input_cost_per_token: 1.0e-07\n"
        ),
    ),
    Row(
        "real-banner-comments-sort",
        (
            "model_list:\n"
            "  #########################################\n"
            "  # OPENAI API\n"
            "  #########################################\n"
            "  - model_name: o4-mini\n"
            "    litellm_params:\n"
            "      model: o4-mini\n"
            "      api_key: os.environ/OPENAI_API_KEY\n"
            "\n"
            "  - model_name: gpt-4o\n"
            "    litellm_params:\n"
            "      model: gpt-4o\n"
            "      api_key: os.environ/OPENAI_API_KEY\n"
            "\n"
            "  #########################################\n"
            "  # ANTHROPIC API\n"
            "  #########################################\n"
            "  - model_name: claude-sonnet-4\n"
            "    litellm_params:\n"
            "      model: claude-sonnet-4\n"
            "      api_key: os.environ/ANTHROPIC_API_KEY\n"
        ),
        [{"op": "move", "from": "/model_list/2", "path": "/model_list/0"}],
        (
            "model_list:\n"
            "  #########################################\n"
            "  # ANTHROPIC API\n"
            "  #########################################\n"
            "  - model_name: claude-sonnet-4\n"
            "    litellm_params:\n"
            "      model: claude-sonnet-4\n"
            "      api_key: os.environ/ANTHROPIC_API_KEY\n"
            "  #########################################\n"
            "  # OPENAI API\n"
            "  #########################################\n"
            "  - model_name: o4-mini\n"
            "    litellm_params:\n"
            "      model: o4-mini\n"
            "      api_key: os.environ/OPENAI_API_KEY\n"
            "\n"
            "  - model_name: gpt-4o\n"
            "    litellm_params:\n"
            "      model: gpt-4o\n"
            "      api_key: os.environ/OPENAI_API_KEY\n"
            "\n"
        ),
    ),
    Row(
        "real-banner-comments-remove",
        (
            "model_list:\n"
            "  #########################################\n"
            "  # OPENAI API\n"
            "  #########################################\n"
            "  - model_name: o4-mini\n"
            "    litellm_params:\n"
            "      model: o4-mini\n"
            "      api_key: os.environ/OPENAI_API_KEY\n"
            "\n"
            "  - model_name: gpt-4o\n"
            "    litellm_params:\n"
            "      model: gpt-4o\n"
            "      api_key: os.environ/OPENAI_API_KEY\n"
            "\n"
            "  #########################################\n"
            "  # ANTHROPIC API\n"
            "  #########################################\n"
            "  - model_name: claude-sonnet-4\n"
            "    litellm_params:\n"
            "      model: claude-sonnet-4\n"
            "      api_key: os.environ/ANTHROPIC_API_KEY\n"
        ),
        [{"op": "remove", "path": "/model_list/1"}, {"op": "remove", "path": "/model_list/0"}],
        (
            "model_list:\n"
            "  #########################################\n"
            "  # OPENAI API\n"
            "  #########################################\n"
            "\n"
            "\n"
            "  #########################################\n"
            "  # ANTHROPIC API\n"
            "  #########################################\n"
            "  - model_name: claude-sonnet-4\n"
            "    litellm_params:\n"
            "      model: claude-sonnet-4\n"
            "      api_key: os.environ/ANTHROPIC_API_KEY\n"
        ),
    ),
]


def test_the_table_covers_enough_shapes() -> None:
    assert len(ROWS) >= 60
    assert len({row.name for row in ROWS}) == len(ROWS)


def _check(text: str, patch: list[PatchOp], expected: str | Refused) -> None:
    if isinstance(expected, Refused):
        with pytest.raises(ApplyError) as refused:
            edit(text, patch)
        message = str(refused.value)
        assert message.startswith(expected.start)
        assert "\n" not in message and "internal check" not in message
    else:
        assert edit(text, patch) == expected


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_row(row: Row) -> None:
    _check(row.text, row.patch, row.expected)


PLAIN = [row for row in ROWS if "\r" not in row.text and not row.text.startswith("\ufeff")]


@pytest.mark.parametrize("row", PLAIN, ids=[row.name for row in PLAIN])
def test_row_with_bom_gets_the_same_edit(row: Row) -> None:
    expected = row.expected if isinstance(row.expected, Refused) else "\ufeff" + row.expected
    _check("\ufeff" + row.text, row.patch, expected)


@pytest.mark.parametrize("row", PLAIN, ids=[row.name for row in PLAIN])
def test_row_with_crlf_keeps_crlf(row: Row) -> None:
    crlf = row.expected if isinstance(row.expected, Refused) else row.expected.replace("\n", "\r\n")
    _check(row.text.replace("\n", "\r\n"), row.patch, crlf)
