"""Every command's --help works and shows an example; usage errors exit 1, never 2.

Commands are enumerated from the typer app's command tree, so a new command or subcommand is
covered (and must have an epilog with an example) without touching this file.
"""

from __future__ import annotations

from typing import Any

import pytest
import typer.main

from modelctl.cli import EXIT_ERROR, app, main


def _command_paths() -> list[tuple[str, ...]]:
    """Every command path in the tree: () for the root, ('catalog',), ('catalog', 'fetch')…"""
    paths: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in sorted((getattr(command, "commands", None) or {}).items()):
            if not getattr(sub, "hidden", False):
                walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return paths


PATHS = _command_paths()
LEAVES = [p for p in PATHS if p and not any(q[: len(p)] == p and q != p for q in PATHS)]


def _id(path: tuple[str, ...]) -> str:
    return " ".join(path) or "(root)"


def test_the_tree_is_enumerated() -> None:
    names = {_id(p) for p in PATHS}
    assert {
        "(root)",
        "plan",
        "show",
        "apply",
        "providers",
        "init",
        "validate",
        "catalog",
        "catalog fetch",
    } <= names


@pytest.mark.parametrize("path", PATHS, ids=_id)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_exits_0_with_an_example(
    path: tuple[str, ...], flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*path, flag]) == 0
    out = capsys.readouterr().out
    assert "Usage: modelctl" in out
    assert "Example" in out, f"'modelctl {_id(path)} --help' has no example in its epilog"


@pytest.mark.parametrize("path", PATHS, ids=_id)
def test_unknown_option_exits_1(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*path, "--no-such-option"])
    assert code == EXIT_ERROR == 1  # never 2 (click's own usage-error code)
    err = capsys.readouterr().err
    assert "No such option" in err and "--help" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "plan.json", "--format", "yaml"],
        ["plan", "--format", "html"],
        ["validate", "--format", "xml"],
        ["plan", "--timeout", "0"],
        ["plan", "--timeout", "soon"],
        ["show"],  # missing argument
        ["no-such-command"],
        ["catalog", "no-such-command"],
        ["apply"],
    ],
    ids=" ".join,
)
def test_usage_errors_exit_1_never_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == EXIT_ERROR
    captured = capsys.readouterr()
    assert captured.err.startswith("Error: ")
    assert captured.out == ""


@pytest.mark.parametrize("path", [p for p in PATHS if p not in LEAVES], ids=_id)
def test_groups_without_a_command_show_help(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(list(path)) == 0
    assert "Usage: modelctl" in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from modelctl import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"modelctl {__version__}"
