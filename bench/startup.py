"""Time to first screen: `hyvinvointi demo` against a minimal Textual app, both in a real pty.

Each run starts the program in a 120×40 pseudo-terminal and stops the clock when the text of
its first screen appears in what it writes. The two programs take turns, run after run, so
that a change in the machine's load over the minutes of a run falls on both alike. Beside
the wall time, the CPU time the program had used by then (from /proc, in steps of 10 ms, so
only its median means much): on a shared machine it moves less than the wall time.

    .venv/bin/python bench/startup.py [RUNS]     # default 20

The app must run from compiled bytecode, as `pip install .` leaves it: with an editable
install and PYTHONDONTWRITEBYTECODE set (as on this project's machines) Python compiles every
module of the app at every start (about 25 ms here: 411 against 386 ms, median of 10
alternating runs), which no user pays; the script says so and stops
(`python -m compileall hyvinvointi_tui` fixes it).
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import sys
from pathlib import Path

from figures import spread
from pty_session import PtySession

HERE = Path(__file__).resolve().parent
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_ms(pid: int) -> float | None:
    """User + system CPU time of a running process, from /proc (Linux), in ms."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / TICK


def first_screen(argv: list[str], marker: str) -> tuple[float, float | None]:
    with PtySession(argv) as session:
        drawn = session.wait_for(marker)
        return (drawn - session.started) * 1000, cpu_ms(session.process.pid)


def uncompiled_modules() -> list[str]:
    """The app's modules that have no up-to-date bytecode beside them."""
    spec = importlib.util.find_spec("hyvinvointi_tui")
    assert spec is not None and spec.submodule_search_locations
    package = Path(next(iter(spec.submodule_search_locations)))
    stale = []
    for source in package.rglob("*.py"):
        cached = Path(importlib.util.cache_from_source(str(source)))
        if not cached.exists() or cached.stat().st_mtime < source.stat().st_mtime:
            stale.append(str(source.relative_to(package.parent)))
    return stale


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    stale = uncompiled_modules()
    if stale:
        print(f"{len(stale)} modules of the app have no bytecode (e.g. {stale[0]}): each start")
        print("would compile them. Run `python -m compileall hyvinvointi_tui` (or install")
        print("with `pip install .`) and measure again.")
        raise SystemExit(2)
    python = sys.executable
    programs = {
        "minimal Textual app": ([python, str(HERE / "minimal_app.py")], "minimal app ready"),
        "hyvinvointi demo": (
            [str(Path(python).with_name("hyvinvointi")), "demo", "--lang", "en"],
            "Step 1 of 8",
        ),
    }
    wall: dict[str, list[float]] = {name: [] for name in programs}
    cpu: dict[str, list[float]] = {name: [] for name in programs}
    for argv, marker in programs.values():  # warm the file cache
        first_screen(argv, marker)
    for _ in range(runs):
        for name, (argv, marker) in programs.items():
            ms, used = first_screen(argv, marker)
            wall[name].append(ms)
            if used is not None:
                cpu[name].append(used)
    for name in programs:
        print(f"{name:<20} wall: {spread(wall[name], 0)}")
        if cpu[name]:
            print(f"{'':<20} CPU by then: median {statistics.median(cpu[name]):.0f} ms")
    base, ours = (statistics.median(wall[name]) for name in programs)
    print(f"ratio (median wall time) {ours / base:.2f}×   bar: ≤ 1.5×")
    if all(cpu.values()):
        base_cpu, ours_cpu = (statistics.median(cpu[name]) for name in programs)
        print(f"ratio (median CPU time)  {ours_cpu / base_cpu:.2f}×")


if __name__ == "__main__":
    main()
