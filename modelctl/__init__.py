"""modelctl: keep a LiteLLM proxy config.yaml in sync with provider model catalogs.

Data flows one way: catalogs + config -> planner -> plan file -> applier -> config.
"""

__version__ = "0.1.0"
# Where the project lives (also [project.urls] in pyproject.toml): init's schema comment points here.
REPOSITORY = "https://github.com/modelctl/modelctl"
