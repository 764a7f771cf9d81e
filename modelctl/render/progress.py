"""Per-provider fetch status on stderr: redrawn in place on a TTY, one line each otherwise.

A :class:`FetchProgress` is the callback the CLI hands to the core, which only emits
:class:`~modelctl.catalog.ProgressEvent` values: a ``start`` for every provider (in order,
before any request) then one ``ok`` or ``failed`` each.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from modelctl.catalog import ProgressEvent


class FetchProgress:
    def __init__(
        self,
        *,
        stream: TextIO | None = None,
        live: bool | None = None,
        colour: bool = False,
        quiet: bool = False,
    ) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.colour = colour
        self.quiet = quiet
        self.order: list[str] = []  # the providers, in the order of their start events
        self.lines: dict[str, str] = {}
        self.lock = threading.Lock()
        self.drawn = False

    def __call__(self, event: ProgressEvent) -> None:
        if self.quiet:
            return
        with self.lock:
            if event.state == "start":
                if event.provider not in self.lines:
                    self.order.append(event.provider)
                    self.lines[event.provider] = f"  … {event.provider}: fetching"
                    if self.live:  # every start comes before any result: the block grows a line
                        self.stream.write("\x1b[2K" + self.lines[event.provider] + "\n")
                        self.stream.flush()
                        self.drawn = True
                return
            if event.state == "ok":
                line = f"  ✓ {event.provider}: {event.models} models ({event.elapsed:.2f}s)"
                colour = "32"
            else:
                line = f"  ✗ {event.provider}: failed ({event.elapsed:.2f}s)"
                colour = "31"
            self.lines[event.provider] = f"\x1b[{colour}m{line}\x1b[0m" if self.colour else line
            if self.live:
                self._draw()
            else:
                self.stream.write(self.lines[event.provider] + "\n")
                self.stream.flush()

    def _draw(self) -> None:
        if self.drawn:
            self.stream.write(f"\x1b[{len(self.order)}F")
        for provider in self.order:
            self.stream.write("\x1b[2K" + self.lines[provider] + "\n")
        self.drawn = True
        self.stream.flush()
