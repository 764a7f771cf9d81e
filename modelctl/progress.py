"""Per-provider fetch status on stderr: redrawn in place on a TTY, one line each otherwise."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from modelctl.catalog import ProgressEvent


class FetchProgress:
    def __init__(
        self,
        providers: list[str],
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
        self.order = providers
        self.lines = {p: f"  … {p}: fetching" for p in providers}
        self.lock = threading.Lock()
        self.drawn = False

    def __call__(self, event: ProgressEvent) -> None:
        if self.quiet:
            return
        with self.lock:
            if event.state == "start":
                if self.live and not self.drawn:
                    self._draw(first=True)
                return
            if event.state == "ok":
                line = f"  ✓ {event.provider}: {event.models} models ({event.elapsed:.2f}s)"
                colour = "32"
            else:
                line = f"  ✗ {event.provider}: failed ({event.elapsed:.2f}s)"
                colour = "31"
            self.lines[event.provider] = f"\x1b[{colour}m{line}\x1b[0m" if self.colour else line
            if self.live:
                self._draw(first=False)
            else:
                self.stream.write(self.lines[event.provider] + "\n")
                self.stream.flush()

    def _draw(self, *, first: bool) -> None:
        if not first and self.drawn:
            self.stream.write(f"\x1b[{len(self.order)}F")
        for provider in self.order:
            self.stream.write("\x1b[2K" + self.lines[provider] + "\n")
        self.drawn = True
        self.stream.flush()
