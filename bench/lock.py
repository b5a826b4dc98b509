"""Many copies taking one session's lock at the same instant (issue 18, item 7).

    python bench/lock.py [TRIALS] [COPIES]

Each trial leaves a stale lock (a crashed copy's: a pid that is gone, this host), then starts
COPIES processes that wait at a barrier and all try to take the lock at once; each keeps it
until every copy has tried. Exactly one may hold it. Prints the trials in which none or more
than one did, and the time a trial takes.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.processes.test_locks import DEAD_PID, HOST, _stale, race


def main(trials: int, copies: int) -> None:
    wrong = 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.age"
        started = time.perf_counter()
        for _ in range(trials):
            _stale(path, {"pid": DEAD_PID, "host": HOST})
            if race(path, copies).count("held") != 1:
                wrong += 1
        took = (time.perf_counter() - started) / trials * 1000
    print(f"lock race, {trials} trials of {copies} copies at once on a stale lock:")
    print(f"  trials where other than exactly one copy held it: {wrong}   bar: 0")
    print(f"  {took:.0f} ms a trial")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 6
    )
