"""Moving to the next step as a person sees it: ctrl+n sent to `hyvinvointi demo` in a real
pty, until the next step's title is drawn.   Run:  python bench/next_step.py [ROUNDS]
Bar: under 100 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from pty_session import PtySession

CTRL_N = b"\x0e"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    command = str(Path(sys.executable).with_name("hyvinvointi"))
    times: list[float] = []
    for _ in range(rounds):
        with PtySession([command, "demo", "--lang", "en"]) as session:
            session.wait_for("Step 1 of 8")
            time.sleep(0.3)  # let the first screen settle
            for number in range(2, 9):
                sent = session.send(CTRL_N)
                times.append(session.wait_for(f"Step {number} of 8") - sent)
                time.sleep(0.1)
    ms = sorted(t * 1000 for t in times)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    print(
        f"next step   median {statistics.median(ms):6.1f} ms   p95 {p95:6.1f}   "
        f"max {ms[-1]:6.1f}   (n={len(ms)})   bar: < 100 ms"
    )


if __name__ == "__main__":
    main()
