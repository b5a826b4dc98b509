"""A keystroke in a step's notes holding 50 KB, and the same in empty notes, as a person
sees it: `hyvinvointi demo` in a real pty (120×40); for the 50 KB case the words are pasted
into the orientation notes first (bracketed paste, as a terminal does). Each key ("¤", which
nothing else on the screen shows) is timed from its write to the pty until the app has
drawn it; keys come 80 ms apart, a fast typist's pace (after what the app drew for the key
before has been read). The cursor blinks: a blink that redraws the line in the few ms after a
key may be taken for the key's frame, so the lowest figures are flattering; p95 is not.

    .venv/bin/python bench/keystroke.py [KEYS]     # default 300

Bar (docs/RELIABILITY.md): under 16 ms at p95. The floor beside it: minimal_notes.py, a
Textual app that is one text area (empty, then holding the same words), timed the same way.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from figures import spread
from pty_session import PtySession

WORDS = ["asiakas", "kertoi", "että", "päivät", "venyvät", "ja", "uni", "on", "mutta", "sisko"]
COMMAND = str(Path(sys.executable).with_name("hyvinvointi"))
HERE = Path(__file__).resolve().parent
KEY = "¤"


def fifty_kb() -> str:
    lines, size, index = [], 0, 0
    while size < 50_000:
        line = " ".join(WORDS[(index + k) % len(WORDS)] for k in range(10))
        lines.append(line)
        size += len(line.encode()) + 1
        index += 1
    return "\n".join(lines) + "\nloppumerkki "


def keys(paste: str, count: int, argv: list[str] | None = None) -> list[float]:
    times = []
    with PtySession(argv or [COMMAND, "demo", "--lang", "en"]) as app:
        app.wait_for("Step 1 of 8")
        time.sleep(1.0)
        if paste and argv is None:
            app.send(b"\x1b[200~" + paste.encode() + b"\x1b[201~")
            app.wait_for("loppumerkki", timeout=60)
            time.sleep(2.0)  # recorded and saved
        for _ in range(count):
            app.drain()
            sent = app.send(KEY.encode())
            times.append((app.wait_for(KEY, timeout=60) - sent) * 1000)
            time.sleep(0.08)
        app.send(b"\x11")  # ctrl+q
    return times


def summary(name: str, samples: list[float]) -> str:
    return f"{name:<34} {spread(samples)}"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    text = fifty_kb()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as words:
        words.write(text)
        words.flush()
        floor = [sys.executable, str(HERE / "minimal_notes.py")]
        floor_empty = keys("", count, floor)
        floor_full = keys(text, count, [*floor, words.name])
    empty = keys("", count)
    full = keys(text, count)
    kb = len(text.encode()) // 1000
    print(summary("minimal Textual app, empty", floor_empty))
    print(summary(f"minimal Textual app, {kb} KB", floor_full))
    print(summary("keystroke, empty notes", empty))
    print(summary(f"keystroke, notes of {kb} KB", full))
    print("bar: p95 under 16 ms")


if __name__ == "__main__":
    main()
