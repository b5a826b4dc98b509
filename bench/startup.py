"""Time to first screen: `hyvinvointi demo` against a minimal Textual app, both in a real pty.

Each run starts the program in a 120×40 pseudo-terminal and stops the clock when the text of
its first screen appears in what it writes.   Run:  python bench/startup.py [RUNS]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from pty_session import PtySession

HERE = Path(__file__).resolve().parent


def time_to_text(argv: list[str], marker: str) -> float:
    with PtySession(argv) as session:
        return session.wait_for(marker) - session.started


def summary(name: str, times: list[float]) -> str:
    return (
        f"{name:<22} median {statistics.median(times) * 1000:6.0f} ms   "
        f"min {min(times) * 1000:6.0f}   max {max(times) * 1000:6.0f}   (n={len(times)})"
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    python = sys.executable
    minimal = ([python, str(HERE / "minimal_app.py")], "minimal app ready")
    demo = ([str(Path(python).with_name("hyvinvointi")), "demo", "--lang", "en"], "Step 1 of 8")
    for argv, marker in (minimal, demo):  # warm the file cache
        time_to_text(argv, marker)
    base = [time_to_text(*minimal) for _ in range(runs)]
    ours = [time_to_text(*demo) for _ in range(runs)]
    print(summary("minimal Textual app", base))
    print(summary("hyvinvointi demo", ours))
    ratio = statistics.median(ours) / statistics.median(base)
    print(f"ratio (median) {ratio:.2f}×   bar: ≤ 1.5×")


if __name__ == "__main__":
    main()
