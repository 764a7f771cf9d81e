"""The CLI's help texts: the app's description and exit codes, each command's examples."""

from __future__ import annotations

from typing import Any

APP_HELP = """Keep a LiteLLM proxy config.yaml in sync with provider model catalogs.

Plan, review, apply, like Terraform: 'plan' fetches the catalogs and writes a plan file
(a JSON patch with guards), 'show' renders it, 'apply' replays exactly that plan.

Exit codes: 0 ok / no changes / already applied, 1 error, 2 changes present
(plan --detailed-exitcode), 3 apply refused the plan (stale, altered or not applyable),
130 interrupted (Ctrl-C).
"""

APP_EPILOG = """\b
Examples:
  modelctl plan                                  # all enabled providers, live
  modelctl plan --catalog-dir examples/catalogs  # offline, from snapshots
  modelctl show plans/20261125T101500Z.plan.json --format markdown
  modelctl apply plans/20261125T101500Z.plan.json
"""

VERSION_HELP = "Print the version and exit."
APP_SETTINGS: dict[str, Any] = {
    "help": APP_HELP,
    "epilog": APP_EPILOG,
    "no_args_is_help": True,
    "add_completion": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
CATALOG_HELP = "Fetch and save provider catalogs (snapshots for offline plans)."
CATALOG_EPILOG = "\b\nExample:\n  modelctl catalog fetch -o examples/catalogs\n"
CATALOG_SETTINGS: dict[str, Any] = {
    "help": CATALOG_HELP,
    "epilog": CATALOG_EPILOG,
    "no_args_is_help": True,
    "rich_markup_mode": None,
}

EPILOGS = {
    "plan": """\b
Examples:
  modelctl plan
  modelctl plan --catalog-dir examples/catalogs --detailed-exitcode
  modelctl plan -p openrouter --add-model qwen/qwen3-coder
  modelctl plan --add-model "openrouter:z-ai/glm-5 nvidia:z-ai/glm5" --format markdown
  modelctl plan -p openrouter --remove-model anthropic/claude-3.5-haiku
  modelctl plan -o plans/ --allow-partial   # a partial plan if a provider is down
""",
    "show": """\b
Examples:
  modelctl show plans/latest.plan.json
  modelctl show plans/latest.plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"
  modelctl show plans/latest.plan.json --format json | jq .summary
  modelctl show plans/latest.plan.json --diff
""",
    "apply": """\b
Examples:
  modelctl apply plans/20261125T101500Z.plan.json
  modelctl apply plans/latest.plan.json -c config.yaml
Exit 3: the plan is stale (config.yaml or providers.yaml changed), altered, or was not
applyable (a provider failed): re-run 'modelctl plan' and review again. Applying a plan
twice says "Already applied" and exits 0.
""",
    "fetch": """\b
Examples:
  modelctl catalog fetch -o catalogs/
  modelctl catalog fetch -p openrouter -p nvidia -o examples/catalogs
""",
    "providers": """\b
Example:
  modelctl providers --providers providers.yaml
""",
    "init": """\b
Examples:
  modelctl init                                  # set up the current folder
  modelctl init my-proxy                         # set up (and create) my-proxy/
  modelctl init --branch trunk                   # workflows for a default branch 'trunk'
  modelctl init --install-spec modelctl==0.1.0   # what the workflows pip install
Existing files are never overwritten: they are listed as skipped.
""",
    "validate": """\b
Examples:
  modelctl validate
  modelctl validate -c config.yaml --format json
""",
}
