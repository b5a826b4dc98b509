"""What each lazy import of the package saves: the time to import it where it is lazy.

Each import left inside a function says what it would cost if it moved to the top of its
module (docs/ARCHITECTURE.md, "Decisions, with their figures"). This measures those figures:
a fresh interpreter imports what a path already loads (the demo's handler for the first
screen, the command line for `--help`, the file commands for `protocol check`), then times
importing the group that is lazy there. Median of RUNS interpreters, wall time in ms.

    .venv/bin/python bench/lazy_imports.py [RUNS]     # default 9

Run after `python -m compileall -q hyvinvointi_tui` (startup.py says why).
"""

from __future__ import annotations

import statistics
import subprocess
import sys

# The paths, by what they load before the lazy group would be imported.
FIRST_SCREEN = "import hyvinvointi_tui.cli.demo"
HELP = "import hyvinvointi_tui.cli, hyvinvointi_tui.store.paths"
FILE_COMMANDS = "import hyvinvointi_tui.cli.files"

P = "hyvinvointi_tui."
GROUPS: list[tuple[str, str, str]] = [
    (
        "first screen",
        "pydantic",
        "from pydantic import AfterValidator, Field, TypeAdapter, ValidationError",
    ),
    ("first screen", "the modal screens", f"import {P}ui.screens.modals"),
    ("first screen", "the start screen", f"import {P}ui.screens.start"),
    ("first screen", "the setup screen", f"import {P}ui.screens.setup"),
    ("first screen", "the emergency screen", f"import {P}ui.screens.emergency"),
    ("first screen", "the client's page", f"import {P}core.client.takeaway"),
    (
        "first screen",
        "the start flows' screens and stores",
        "import "
        + ", ".join(
            P + name
            for name in (
                "store.deletion",
                "ui.screens.sessions",
                "store.settings",
                "ui.screens.settings",
                "store.student",
                "store.access_copy",
                "store.debrief",
                "ui.replay.screen",
            )
        ),
    ),
    ("first screen", "the course figures", f"import {P}core.debrief.stats"),
    ("first screen", "the writing screens", f"import {P}ui.screens.writing"),
    ("first screen", "html and its entities", "import html"),
    ("first screen", "hashlib (OpenSSL)", "import hashlib"),
    (
        "first screen",
        "the session's dialogs, webbrowser",
        f"import {P}ui.screens.incident, {P}ui.screens.roles_modal, {P}ui.screens.client_page, "
        "webbrowser",
    ),
    ("--help", "the untrusted-text helpers", f"import {P}core.untrusted"),
    ("--help", "the path checks", f"import {P}store.typed_path"),
    ("--help", "the course model", f"import {P}core.model.course"),
    ("--help", "platformdirs", "import platformdirs"),
    ("protocol check", "the replay's screens", f"import {P}ui.replay.app, {P}ui.replay.screen"),
    ("protocol check", "rich's progress bar", f"import {P}cli.progress"),
]
BASES = {"first screen": FIRST_SCREEN, "--help": HELP, "protocol check": FILE_COMMANDS}

TIMED = """
import time
{base}
started = time.perf_counter()
{group}
print((time.perf_counter() - started) * 1000)
"""


def cost_ms(base: str, group: str, runs: int) -> float:
    code = TIMED.format(base=base, group=group)
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    for path, name, group in GROUPS:
        print(f"{path:<15} {name:<38} {cost_ms(BASES[path], group, runs):6.1f} ms")


if __name__ == "__main__":
    main()
