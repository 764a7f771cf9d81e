"""modelctl/config.py: a config that cannot be read is a ConfigError whose ``path`` field names the
file; its one-line text is unchanged (``path: place: problem (hint)``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelctl.config import parse_config, read_config
from modelctl.errors import ConfigError


def test_a_missing_file_names_it_in_the_path_field(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError) as caught:
        read_config(missing)
    assert (caught.value.path, caught.value.message) == (str(missing), "file not found")
    assert str(caught.value) == f"{missing}: file not found (pass -c/--config PATH, or run 'modelctl init')"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("model_list: 3\n", "model_list: expected a list of entries, got int"),
        ("model_list:\n- 3\n", "model_list[0]: expected a mapping, got int"),  # key model_list[0]
        (
            "model_list:\n- litellm_params: {model: 1}\n",
            "model_list[0].litellm_params.model: missing or not a string",
        ),
        ("model_list: []\nmodelctl: 1\n", "modelctl: expected a mapping (sort, protected)"),
        ("model_list: [\n", "line 2, column 1: did not find expected node content"),
        ("- a\n", "expected a mapping with a 'model_list' key, got list"),
    ],
)
def test_shape_and_syntax_errors_carry_the_file_as_a_field(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(Path("cfg.yaml"), text.encode())
    error = caught.value
    assert error.path == "cfg.yaml"
    assert ": ".join(part for part in (error.key, error.message) if part) == message  # key: the entry
    assert str(error).startswith(f"cfg.yaml: {message} (")


def test_bad_utf8_names_the_byte() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(Path("cfg.yaml"), b"model_list: [\xff]\n")
    assert (caught.value.path, caught.value.message) == ("cfg.yaml", "byte 13: not valid UTF-8")
