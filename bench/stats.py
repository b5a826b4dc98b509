"""`stats` over a course folder of 1,000 or 10,000 sessions: the whole command, timed.

    .venv/bin/python bench/stats.py [SESSIONS] [--cache DIR] [--runs N]   # default 1000, 3 runs

The folder is built once and kept (default /tmp/hyvinvointi-bench-stats-SESSIONS; building
10,000 files takes a few minutes): SESSIONS copies of the shipped demo session (94 minutes,
each with its own id and client code, encrypted to the demo teacher key). Then the
command `hyvinvointi stats FOLDER --identity KEY --csv OUT` runs as a whole process, its
output piped (no progress bar): its wall time, its CPU time (with its worker processes':
steadier than the wall time on a shared machine) and the largest resident set of any of its
processes. `--code DIR` runs the package in DIR instead (the code before a change, say
`git archive COMMIT hyvinvointi_tui | tar -x -C DIR`).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from figures import spread
from replay import DEMO

from hyvinvointi_tui.store import keys, session_document
from tests.session_saving import encode

TEACHER_KEY = DEMO / "demo-teacher.key"


def build(folder: Path, sessions: int) -> None:
    """SESSIONS files in `folder`, unless a finished build is there already."""
    done = folder / ".built"
    if done.exists() and done.read_text() == str(sessions):
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    identities = keys.read_identity_file(TEACHER_KEY)
    loaded = session_document.load(DEMO / "demo-session.age", identities)
    recipients = [identity.to_public() for identity in identities]
    start = time.perf_counter()
    for number in range(sessions):
        doc = dict(loaded.doc)
        doc["session"] = {
            **loaded.doc["session"],
            "id": uuid.uuid4().hex,
            "client_code": f"K-{number % 400}",
        }
        path = folder / f"{number:05d}.age"
        path.write_bytes(encode(doc, recipients))
    done.write_text(str(sessions))
    print(f"built {sessions} files in {folder} ({time.perf_counter() - start:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sessions", nargs="?", type=int, default=1000)
    parser.add_argument("--cache", type=Path, help="the folder to build (kept between runs)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--code", type=Path, help="run the hyvinvointi_tui package in this folder (a 'before')"
    )
    args = parser.parse_args()
    folder = args.cache or Path(tempfile.gettempdir()) / f"hyvinvointi-bench-stats-{args.sessions}"
    build(folder, args.sessions)
    size = sum(path.stat().st_size for path in folder.glob("*.age"))
    env = dict(os.environ)
    if args.code:
        env["PYTHONPATH"] = str(args.code)
    runs, cpu = [], []
    with tempfile.TemporaryDirectory() as out:
        argv = [sys.executable, "-m", "hyvinvointi_tui.cli", "stats", str(folder)]
        argv += ["--identity", str(TEACHER_KEY), "--csv", str(Path(out) / "figures.csv")]
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            result = subprocess.run(
                argv, capture_output=True, text=True, env=env, cwd=out, check=True
            )
            runs.append((time.perf_counter() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            expected = f"sessions read: {args.sessions} of {args.sessions}"
            assert expected in result.stdout, result.stdout + result.stderr
    # The command's worker processes are its children: their time and memory count here.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"stats over {args.sessions} sessions ({size / 2**20:.0f} MiB, {os.cpu_count()} cores), "
        f"the whole command: {spread(runs, 0)}; CPU time {min(cpu):.1f}-{max(cpu):.1f} s "
        f"({1000 * min(cpu) / args.sessions:.1f} ms a file); largest process {peak:.0f} MiB"
    )


if __name__ == "__main__":
    main()
