"""Run a program until its first screen is written, then stop at once (for `startup_work.py`).

    python bench/first_frame.py minimal|demo [TREE]

`minimal` is `minimal_app.py`; `demo` is `hyvinvointi demo --lang en`, from TREE if given (a
checkout of the project) or else as installed. The process leaves the moment the frame
holding the first screen's text has been written to the terminal, without closing down,
so that what is counted is the work to that frame and nothing after it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual.drivers.linux_driver import LinuxDriver

HERE = Path(__file__).resolve().parent
MARKERS = {"minimal": "minimal app ready", "demo": "Step 1 of 8"}


def stop_at_first_screen(marker: str) -> None:
    write = LinuxDriver.write

    def written(self: LinuxDriver, data: str) -> None:
        write(self, data)
        if marker in data:
            os._exit(0)

    LinuxDriver.write = written  # type: ignore[method-assign]


def main() -> None:
    which = sys.argv[1]
    tree = sys.argv[2] if len(sys.argv) > 2 else ""
    stop_at_first_screen(MARKERS[which])
    if which == "minimal":
        sys.path.insert(0, str(HERE))
        from minimal_app import MinimalApp

        MinimalApp().run()
        return
    if tree:
        sys.path.insert(0, tree)
    from hyvinvointi_tui.cli import main as hyvinvointi

    sys.argv = ["hyvinvointi", "demo", "--lang", "en"]
    hyvinvointi()


if __name__ == "__main__":
    main()
