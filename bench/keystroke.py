"""A keystroke in a step's notes holding 50 KB, and the same in empty notes.

    .venv/bin/python bench/keystroke.py [KEYS]     # default 300

The demo app runs headless (Textual's test driver, 120×40); the orientation notes are
filled with 50 KB of words before the screen is drawn and the cursor put at the end. Each
key is timed from its press until the app has handled it and repainted (Pilot's press
plus a pause for the screen to settle), median and p95. Pilot adds its own overhead, so
the same keys in empty notes are measured too: the difference is what 50 KB costs.
Bar (SPEC §5): under 16 ms at p95.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

from hyvinvointi_tui.core.protocol import resolve_protocol
from hyvinvointi_tui.core.session import notes_key
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.widgets.notes_area import NotesArea

WORDS = ["asiakas", "kertoi", "että", "päivät", "venyvät", "ja", "uni", "on", "mutta", "sisko"]


def fifty_kb() -> str:
    lines, size, index = [], 0, 0
    while size < 50_000:
        line = " ".join(WORDS[(index + k) % len(WORDS)] for k in range(10))
        lines.append(line)
        size += len(line.encode()) + 1
        index += 1
    return "\n".join(lines)


async def keys(text: str, count: int) -> list[float]:
    protocol = resolve_protocol()
    app = HyvinvointiApp.demo(protocol, lang="fi")
    if text:
        app.session.edit_text(notes_key("orientation"), text)
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        notes = app.screen.query_one(NotesArea)
        notes.focus()
        notes.move_cursor(notes.document.end)
        await pilot.pause()
        for index in range(count):
            key = "space" if index % 6 == 5 else "abcde"[index % 5]
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times.append((time.perf_counter() - start) * 1000)
        assert len(notes.text.encode()) >= len(text.encode()) + count - 1
    return times


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (
        f"{name:<34} median {statistics.median(ordered):5.1f} ms   p95 {p95:5.1f} ms   "
        f"max {ordered[-1]:5.1f}   (n={len(ordered)})"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    text = fifty_kb()
    empty = asyncio.run(keys("", count))
    full = asyncio.run(keys(text, count))
    print(summary("keystroke, empty notes", empty))
    print(summary(f"keystroke, notes of {len(text.encode()) // 1000} KB", full))
    print("bar: p95 under 16 ms (Pilot's own overhead is in both figures)")


if __name__ == "__main__":
    main()
