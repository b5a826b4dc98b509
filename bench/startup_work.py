"""The work to the first screen, counted: instructions run by `hyvinvointi demo` until the
frame with its first screen is written, against a minimal Textual app, under valgrind.

`startup.py` times the first screen as a person sees it; on a shared machine its figures
move by ±10 % from one run to the next, more than most single changes are worth. The
instructions a program runs to its first frame move by about 0.2 %: this script is for
telling whether a change to the start-up helps, before timing it with `startup.py`. Each
program runs once under valgrind's callgrind (about 15 s each), in a real 120×40 pty, and
is stopped the moment its first screen is written (`first_frame.py`).

    .venv/bin/python bench/startup_work.py [TREE ...]

With no TREE, the installed `hyvinvointi`; each TREE is another checkout of the project (its
own `hyvinvointi_tui`, compiled), to compare trees side by side. Needs `valgrind`
(`apt-get install valgrind`). The ratio of instructions is larger than the ratio of wall
times: a part of each start (making the process, the pty) is the same for both.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from pty_session import PtySession

HERE = Path(__file__).resolve().parent


def instructions(which: str, tree: str, folder: Path) -> int:
    log = folder / f"{which}.log"
    argv = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        f"--log-file={log}",
        sys.executable,
        str(HERE / "first_frame.py"),
        which,
        tree,
    ]
    with PtySession(argv) as session:
        session.wait_exit(300)
    found = re.search(r"Collected : (\d+)", log.read_text())
    if found is None:
        raise SystemExit(f"valgrind counted nothing for {which} {tree}: see {log}")
    return int(found.group(1))


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    trees = sys.argv[1:] or [""]
    with tempfile.TemporaryDirectory() as folder:
        base = instructions("minimal", "", Path(folder))
        print(f"{'minimal Textual app':<32} {base / 1e9:6.3f} G instructions")
        for tree in trees:
            count = instructions("demo", tree, Path(folder))
            name = f"hyvinvointi demo {tree}".strip()
            print(f"{name:<32} {count / 1e9:6.3f} G instructions  {count / base:.2f}×")


if __name__ == "__main__":
    main()
