"""The exception classes of the click that typer runs on, for the CLI's one error mapping.

typer >= 0.20 vendors its own copy (``typer._click``, with no ``click`` installed); older typer
uses ``click`` itself.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

import typer


class ClickExceptions:
    """Looked up when an exception is being handled (an ``except`` clause evaluates its
    expression only then), so ``click`` is imported only if it already was: else nothing
    raised its errors."""

    @property
    def _modules(self) -> list[ModuleType]:
        modules: list[ModuleType] = []
        for name in ("typer._click.exceptions", "click.exceptions"):
            if name.startswith("click.") and modules and "click" not in sys.modules:
                continue  # nothing can have raised a click exception
            try:
                modules.append(importlib.import_module(name))
            except ImportError:
                continue
        return modules

    @property
    def exit(self) -> tuple[type[typer.Exit]]:
        return (typer.Exit,)

    @property
    def abort(self) -> tuple[type[typer.Abort]]:
        return (typer.Abort,)

    @property
    def usage(self) -> tuple[Any, ...]:
        return tuple(m.UsageError for m in self._modules)

    @property
    def click(self) -> tuple[Any, ...]:
        return tuple(m.ClickException for m in self._modules)


CLICK = ClickExceptions()
