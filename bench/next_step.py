"""Moving to the next step as a person sees it: ctrl+n sent to `hyvinvointi demo` in a real
pty, until the next step's title is drawn.   Run:  python bench/next_step.py [ROUNDS]
Bar: under 100 ms. The floor beside it: minimal_steps.py, a Textual app with nothing of its
own whose ctrl+n builds a new screen of the same kind of widgets, timed the same way.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from figures import spread
from pty_session import PtySession

CTRL_N = b"\x0e"
HERE = Path(__file__).resolve().parent


def next_steps(argv: list[str], rounds: int) -> dict[int, list[float]]:
    """Milliseconds from ctrl+n to each step's title (steps 2 to 8), `rounds` times."""
    times: dict[int, list[float]] = {number: [] for number in range(2, 9)}
    for _ in range(rounds):
        with PtySession(argv) as session:
            session.wait_for("Step 1 of 8")
            time.sleep(1.0)  # as a person would: look at the step before moving on
            for number in range(2, 9):
                sent = session.send(CTRL_N)
                times[number].append((session.wait_for(f"Step {number} of 8") - sent) * 1000)
                time.sleep(1.0)
    return times


def summary(name: str, by_step: dict[int, list[float]]) -> str:
    return f"{name:<22} {spread([t for times in by_step.values() for t in times])}"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    command = str(Path(sys.executable).with_name("hyvinvointi"))
    floor = next_steps([sys.executable, str(HERE / "minimal_steps.py")], rounds)
    ours = next_steps([command, "demo", "--lang", "en"], rounds)
    print(summary("minimal Textual app", floor) + "   (a new screen of the same widgets)")
    print(summary("hyvinvointi demo", ours) + "   bar: < 100 ms")
    print("hyvinvointi, median by step:", end="")
    for number, times in ours.items():
        print(f"  {number}: {statistics.median(times):.0f}", end="")
    print(" ms")


if __name__ == "__main__":
    main()
