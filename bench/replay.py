"""Replay of a heavy 90-minute session: time to open it, and to move the cursor.

    .venv/bin/python bench/replay.py [RUNS]

The session is built with the app's event API: notes typed all through the 90 minutes (a
text event every 0.9 s, the most the notes area records however the student types), every
instrument filled in, markers and a pause. It is saved encrypted like a real one, then:
- open: decrypt + parse + validate the events + build the timeline and checkpoints
  (what `hyvinvointi replay` does before drawing), median of RUNS;
- move (core): the state at 500 random instants;
- move (screen): the replay screen redrawn for 200 random instants, headless.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

from hyvinvointi_tui.core.model.protocol import Protocol

# The scripted sessions live with the tests (tests/scripted.py), beside this folder.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import spread

from hyvinvointi_tui.core.debrief.replay import Replayer
from hyvinvointi_tui.core.model.client_events import ConsentRecorded
from hyvinvointi_tui.core.model.protocol import resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import (
    MarkerAdded,
    Paused,
    Resumed,
    SetupChanged,
    StepEntered,
)
from hyvinvointi_tui.core.model.step_events import StressRated
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import keys, session_document
from hyvinvointi_tui.ui.timings import TIMINGS
from tests.scripted import osa
from tests.session_saving import save
from tests.session_saving import session_document as document_of

DEMO = Path(__file__).parent.parent / "sessions" / "demo"
WORDS = [
    "asiakas",
    "kertoi",
    "että",
    "päivät",
    "venyvät",
    "ja",
    "uni",
    "on",
    "katkonaista",
    "mutta",
    "sisko",
    "auttaa",
]


def heavy_session() -> Session:
    protocol = resolve_protocol()
    now = [0.0]
    session = Session(protocol, clock=lambda: now[0], created="2026-11-22T09:00:00+00:00")
    session.start(SetupChanged(client_code="BENCH-1", lang="fi"))
    # The client's yes to notes: without it none of the typing below would be saved.
    session.record(ConsentRecorded(step="orientation", item="notes", given=True))
    budgets = [(step.id, step.budget_minutes * 60) for step in protocol.steps]
    rng = random.Random(1)
    t = 0.0
    for index, (step, budget) in enumerate(budgets):
        if index:
            session.record(StepEntered(step=step))
        end = t + budget
        text = ""
        while t < end:
            t += TIMINGS.report  # typing through: the most text events the app records
            now[0] = t
            text += rng.choice(WORDS) + " "
            session.edit_text(notes_key(step), text)
            if rng.random() < 0.002:
                session.record(MarkerAdded(step=step, tag="important"))
        if step == "stress":
            session.record(StressRated(step=step, value=3))
        if step == "osa":
            osa(session, {item: (3, 3) for item in range(1, 22)}, step=step)
        if step == "wellbeing":
            session.record(Paused())
            t += 120
            now[0] = t
            session.record(Resumed())
    return session


async def screen_moves(protocol: Protocol, replay: Replayer, created: str) -> list[float]:
    from hyvinvointi_tui.ui.replay.app import ReplayApp
    from hyvinvointi_tui.ui.replay.screen import ReplayScreen

    app = ReplayApp(
        [ReplayScreen(protocol, replay, created=created, client_code="BENCH-1", lang="fi")]
    )
    times = []
    rng = random.Random(3)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.replay_screen
        for _ in range(200):
            start = time.perf_counter()
            screen.set_cursor(rng.uniform(0, replay.duration))
            await pilot.pause()
            times.append((time.perf_counter() - start) * 1000)
    return times


def demo_figures(protocol: Protocol, runs: int) -> None:
    """The shipped demo session: a realistic 92-minute session."""
    demo = DEMO
    identities = keys.read_identity_file(demo / "demo-teacher.key")
    opens = []
    for _ in range(runs):
        start = time.perf_counter()
        loaded = session_document.load(demo / "demo-session.age", identities)
        replay = Replayer(protocol, loaded.events, duration=loaded.meta.saved_t)
        opens.append((time.perf_counter() - start) * 1000)
    screen = asyncio.run(screen_moves(protocol, replay, loaded.meta.created))
    print(f"demo session: {len(loaded.events)} events, {replay.duration / 60:.0f} min")
    print(f"  open: {spread(opens)}")
    print(f"  move, screen redrawn: {spread(screen)}")


def pty_moves(
    presses: int = 40,
    path: Path = DEMO / "demo-session.age",
    key: Path = DEMO / "demo-teacher.key",
) -> list[float]:
    """As a person sees it: `hyvinvointi replay` in a real pty; shift+→ sent, timed until
    the new cursor position is drawn."""
    from pty_session import PtySession

    from hyvinvointi_tui.core.model.timer import format_minutes

    # The header shows the session's clock (the preparation before the first step and the
    # pauses count nowhere): where a minute on does not change it, nothing is drawn to time.
    loaded = session_document.load(path, keys.read_identity_file(key))
    timeline = Replayer(loaded.protocol, loaded.events, duration=loaded.meta.saved_t).timeline
    begun = timeline.bands[0].start
    command = str(Path(sys.executable).with_name("hyvinvointi"))
    argv = [command, "replay", str(path), "--identity", str(key), "--lang", "en"]
    times = []
    with PtySession(argv) as session:
        session.wait_for("At 00:00 of")
        time.sleep(0.5)
        if begun > 0:  # prepared first: on to the first step, the conversation's start
            session.send(b"n")
            session.wait_for("1. Orientation")
        shown = "00:00"
        for minute in range(1, presses + 1):
            sent = session.send(b"\x1b[1;2C")  # shift+right: one minute on
            label = format_minutes(timeline.elapsed_at(begun + minute * 60))
            if label != shown:
                times.append((session.wait_for(f"At {label} of") - sent) * 1000)
                shown = label
            else:
                session.drain(0.2)
            time.sleep(0.05)
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    protocol = resolve_protocol()
    demo_figures(protocol, runs)
    print(f"  move in a real pty, shift+right until drawn: {spread(pty_moves(80))}")
    session = heavy_session()
    with tempfile.TemporaryDirectory() as folder:
        key = Path(folder) / "bench.key"
        keys.write_identity_file(key)
        (identity,) = keys.read_identity_file(key)
        path = Path(folder) / "heavy.age"
        doc = document_of(session, saved_t=session.now())
        save(path, doc, [identity.to_public()])
        heavy_pty = pty_moves(60, path, key)
        size = path.stat().st_size
        opens = []
        for _ in range(runs):
            start = time.perf_counter()
            loaded = session_document.load(path, [identity])
            replay = Replayer(protocol, loaded.events, duration=loaded.meta.saved_t)
            opens.append((time.perf_counter() - start) * 1000)
    rng = random.Random(2)
    moves = []
    for _ in range(500):
        instant = rng.uniform(0, replay.duration)
        start = time.perf_counter()
        replay.state_at(instant)
        moves.append((time.perf_counter() - start) * 1000)
    screen = asyncio.run(screen_moves(protocol, replay, session.created))
    minutes = replay.duration / 60
    print(f"heavy: {len(session.events)} events, {minutes:.0f} min, file {size / 1024:.0f} KiB")
    print(f"open (decrypt, parse, timeline, checkpoints): {spread(opens)}")
    print(f"move, core state_at: {spread(moves)}")
    print(f"move, screen redrawn: {spread(screen)}")
    print(f"move in a real pty, shift+right until drawn: {spread(heavy_pty)}")


if __name__ == "__main__":
    main()
