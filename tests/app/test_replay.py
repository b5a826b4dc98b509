"""The teacher's replay: the state at any instant, and the timeline."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hyvinvointi_tui.core.debrief.replay import Replayer
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import (
    MarkerAdded,
    Paused,
    Resumed,
    SetupChanged,
    StepEntered,
    StepsDeferred,
)
from hyvinvointi_tui.core.model.state import fold
from hyvinvointi_tui.core.model.step_events import StressRated
from hyvinvointi_tui.core.model.text_keys import notes_key

from ..conftest import FakeClock


def recorded(protocol: Protocol) -> Session:
    """A note typed at minute 10 and changed at minute 20; a pause, a marker, a crisis."""
    clock = FakeClock()
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="en"))
    clock.t = 300
    session.record(StepEntered(step="wellbeing"))
    clock.t = 600
    session.edit_text(notes_key("wellbeing"), "sleeps badly")
    clock.t = 700
    session.record(Paused())
    clock.t = 760
    session.record(Resumed())
    clock.t = 1200
    session.edit_text(notes_key("wellbeing"), "sleeps badly since the layoff")
    session.record(MarkerAdded(step="wellbeing", tag="important"))
    clock.t = 1300
    session.record(StepEntered(step="stress"))
    clock.t = 1400
    session.record(StressRated(step="stress", value=5))
    session.record(StepsDeferred(steps=["time_circle", "osa"]))
    return session


def test_notes_read_as_they_stood_at_each_instant(protocol: Protocol) -> None:
    session = recorded(protocol)
    replay = Replayer(protocol, session.events, duration=1500, every=2)
    key = notes_key("wellbeing")
    assert replay.state_at(599).text(key) == ""
    assert replay.state_at(15 * 60).text(key) == "sleeps badly"
    assert replay.state_at(25 * 60).text(key) == "sleeps badly since the layoff"
    assert replay.state_at(15 * 60).step == "wellbeing"
    assert replay.state_at(25 * 60).stress == {"stress": 5}


def test_the_timeline_has_bands_pauses_markers_and_the_crisis(protocol: Protocol) -> None:
    line = Replayer(protocol, recorded(protocol).events, duration=1500).timeline
    assert [(b.step, b.start, b.end) for b in line.bands] == [
        ("orientation", 0.0, 300.0),
        ("wellbeing", 300.0, 1300.0),
        ("stress", 1300.0, 1500.0),
    ]
    assert line.pauses == [(700.0, 760.0)]
    assert line.markers == [(1200.0, "wellbeing", "important")]
    assert line.crisis == [1400.0, 1400.0]
    assert line.step_at(1250) == "wellbeing"
    assert line.next_stop(400, "step", 1) == 1300.0
    assert line.next_stop(400, "step", -1) == 300.0
    assert line.next_stop(1250, "marker", -1) == 1200.0
    assert line.next_stop(1250, "marker", 1) is None


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0, max_value=1600), st.integers(min_value=1, max_value=7))
def test_checkpoints_give_the_same_state_as_a_fold(
    protocol: Protocol, t: float, every: int
) -> None:
    events = recorded(protocol).events
    replayed = Replayer(protocol, events, every=every).state_at(t)
    folded = fold(protocol, events, until=t)
    assert replayed.texts == folded.texts
    assert replayed.step == folded.step
    assert replayed.stress == folded.stress
    assert replayed.deferred == folded.deferred
    assert replayed.clock.spent == folded.clock.spent


def test_every_event_kind_is_described_in_every_language(protocol: Protocol) -> None:
    from typing import get_args

    from hyvinvointi_tui.core.debrief.replay import describe
    from hyvinvointi_tui.core.model.events import Event
    from hyvinvointi_tui.i18n import LANGUAGES, strings

    kinds = {cls.kind for cls in get_args(get_args(Event)[0])}
    for lang in LANGUAGES:
        assert {f"event.{kind}" for kind in kinds} <= set(strings(lang))
    for event in recorded(protocol).events:
        assert describe(protocol, event, "fi")
    marker = describe(protocol, MarkerAdded(step="wellbeing", tag="ask_teacher"), "en")
    assert marker == f"Marker: Ask the teacher ({protocol.step('wellbeing').title('en')})"


def long_wellbeing(protocol: Protocol) -> Session:
    """Wellbeing from minute 5 to 30: a note typed at minute 10, changed at minute 20."""
    clock = FakeClock()
    session = Session(protocol, clock=clock, created="2026-11-22T10:00:00+00:00")
    session.start(SetupChanged(client_code="K-1", lang="en"))
    for t, action in (
        (300, lambda: session.record(StepEntered(step="wellbeing"))),
        (600, lambda: session.edit_text(notes_key("wellbeing"), "sleeps badly")),
        (1200, lambda: session.edit_text(notes_key("wellbeing"), "sleeps badly, since May")),
        (1250, lambda: session.record(MarkerAdded(step="wellbeing", tag="important"))),
        (1800, lambda: session.record(StepEntered(step="stress"))),
        (1850, lambda: session.record(StressRated(step="stress", value=2))),
    ):
        clock.t = t
        action()
    return session


async def test_the_replay_screen_moves_through_the_session(protocol: Protocol) -> None:
    from hyvinvointi_tui.ui.replay.app import ReplayApp
    from hyvinvointi_tui.ui.replay.screen import ReplayScreen

    from ..helpers import pane_text, squash, wait_until

    session = long_wellbeing(protocol)
    replay = Replayer(protocol, session.events, duration=1900)
    app = ReplayApp(
        [ReplayScreen(protocol, replay, created=session.created, client_code="K-1", lang="en")]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "At 00:00 of 31:40" in squash(pane_text(app, "#title-bar"))
        await pilot.press(*["shift+right"] * 15)  # minute 15
        await pilot.pause()
        work = squash(pane_text(app, "#work"))
        assert "As it stood at 15:00" in work and "sleeps badly" in work
        assert "since May" not in work
        await pilot.press(*["shift+right"] * 10)  # minute 25
        await pilot.pause()
        assert "sleeps badly, since May" in squash(pane_text(app, "#work"))
        await pilot.press("p")  # back to the start of the step
        await pilot.pause()
        assert app.replay_screen.cursor == 300
        await pilot.press("m")  # on to the marker
        await pilot.pause()
        assert app.replay_screen.cursor == 1250
        await pilot.press("end")
        await pilot.pause()
        assert "2/5" in squash(pane_text(app, "#work"))
        # Choosing an event in the list moves the cursor to it.
        app.screen.query_one("#event-list").focus()
        await pilot.press("home", "down", "enter")  # home: the start; the list follows
        await pilot.pause()
        assert app.replay_screen.cursor == replay.events[3].t
        # Playing at 60× moves a minute per second: each tick of TICK seconds moves the
        # cursor 60 × TICK; space stops it where it is.
        from hyvinvointi_tui.ui.replay.screen import TICK

        await pilot.press("home", "3")
        assert app.replay_screen.speed == 60
        await wait_until(pilot, lambda: app.replay_screen.cursor > 0)
        await pilot.press("space")
        stopped = app.replay_screen.cursor
        ticks = stopped / (60 * TICK)
        assert ticks >= 1 and abs(ticks - round(ticks)) < 1e-6
        await pilot.pause()
        await pilot.pause()
        assert app.replay_screen.cursor == stopped
        await pilot.press("r")
        await pilot.pause()
        assert "Results at a glance" in squash(pane_text(app, "#results-box"))


def test_the_shipped_demo_session_replays(protocol: Protocol) -> None:
    from pathlib import Path

    from hyvinvointi_tui.store import keys, session_document

    demo = Path(__file__).parents[2] / "sessions" / "demo"
    loaded = session_document.load(
        demo / "demo-session.age", keys.read_identity_file(demo / "demo-teacher.key")
    )
    replay = Replayer(protocol, loaded.events, duration=loaded.meta.saved_t)
    # 15 minutes of preparation, then the conversation (its clock starts there).
    begun = replay.timeline.bands[0].start
    assert begun == 15 * 60
    assert 85 * 60 < replay.duration - begun < 105 * 60  # the reflection after closing
    assert 85 * 60 < replay.timeline.elapsed_at(replay.duration) < 95 * 60
    assert replay.final.closed
    assert replay.final.roles["osa"].lead == "Opiskelija B"
    assert replay.final.text("reflection.hard") and replay.final.text("preparation.plan")
    assert len(replay.final.goals["goals"]) == 2
    assert len(replay.timeline.markers) == 4 and replay.timeline.pauses
    assert not replay.timeline.crisis
    # Halfway through, the OSA was being filled in.
    assert replay.state_at(begun + 50 * 60).step == "osa"


async def test_the_panes_grow_and_shrink_with_what_they_show(protocol: Protocol) -> None:
    """A move that changes only numbers redraws without a layout; one that changes the
    number of lines must still lay the screen out, or lines would be cut off."""
    from hyvinvointi_tui.ui.replay.app import ReplayApp
    from hyvinvointi_tui.ui.replay.screen import ReplayScreen

    from ..helpers import pane_text, squash

    clock = FakeClock()
    session = Session(protocol, clock=clock, created="2026-11-22T10:00:00+00:00")
    session.start(SetupChanged(client_code="K-1", lang="en"))
    clock.t = 60
    session.record(StepEntered(step="wellbeing"))
    clock.t = 120
    session.edit_text(notes_key("wellbeing"), "one line")
    clock.t = 240
    lines = [f"line {n} of the long note" for n in range(1, 8)]
    session.edit_text(notes_key("wellbeing"), "\n".join(lines))
    replay = Replayer(protocol, session.events, duration=300)
    app = ReplayApp(
        [ReplayScreen(protocol, replay, created=session.created, client_code="K-1", lang="en")]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        notes = app.screen.query_one("#at-cursor-notes")
        await pilot.press("shift+right", "shift+right", "shift+right")  # minute 3
        await pilot.pause()
        short = notes.size.height
        await pilot.press("shift+right")  # minute 4: seven lines
        await pilot.pause()
        assert notes.size.height == short + 6
        work = squash(pane_text(app, "#work"))
        assert all(line in work for line in lines)
        await pilot.press("shift+left")  # back to one line
        await pilot.pause()
        assert notes.size.height == short
        # The position grows when playing starts ("playing 60×") and is drawn whole.
        await pilot.press("3")
        await pilot.pause()
        assert "playing 60×" in squash(pane_text(app, "#replay-position"))


async def test_q_leaves_the_replay_program(protocol: Protocol) -> None:
    """`hyvinvointi replay` on its own: q ends the program (not a blank screen)."""
    from hyvinvointi_tui.ui.replay.app import ReplayApp
    from hyvinvointi_tui.ui.replay.screen import ReplayScreen

    session = long_wellbeing(protocol)
    replay = Replayer(protocol, session.events, duration=1900)
    app = ReplayApp(
        [ReplayScreen(protocol, replay, created=session.created, client_code="K-1", lang="en")]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_brackets_typed_by_a_student_are_shown_as_typed(protocol: Protocol) -> None:
    """ "[/]" or "[sic]" in the notes or a goal is text, not markup (it used to stop the
    app with a MarkupError wherever it was drawn)."""
    from hyvinvointi_tui.core.model.step_events import GoalAdded
    from hyvinvointi_tui.ui.app import HyvinvointiApp
    from hyvinvointi_tui.ui.replay.app import ReplayApp
    from hyvinvointi_tui.ui.replay.screen import ReplayScreen

    from ..helpers import screen_text, squash

    clock = FakeClock()
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="en"))
    clock.t = 60
    session.edit_text(notes_key("orientation"), "said [/] and [bold]no[/bold] [sic]")
    clock.t = 90
    session.record(StepEntered(step="goals"))
    session.record(GoalAdded(step="goals", goal_id="g1", text="[/] walk [@click=quit]daily"))
    clock.t = 120
    replay = Replayer(protocol, session.events, duration=120)
    app = ReplayApp(
        [ReplayScreen(protocol, replay, created=session.created, client_code="K-1", lang="en")]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        assert "[/] walk [@click=quit]daily" in squash(screen_text(app))
        await pilot.press("home", *["right"] * 13)  # 01:05, in the orientation step
        await pilot.pause()
        assert "said [/] and [bold]no[/bold] [sic]" in squash(screen_text(app))
    live = HyvinvointiApp(protocol, lang="en", session=session, clock=clock)
    async with live.run_test(size=(120, 40)) as pilot:
        live.go_to("goals")
        await pilot.pause()
        assert "[/] walk [@click=quit]daily" in squash(screen_text(live))


def test_the_session_clock_at_any_instant_is_its_time_on_steps_less_its_pauses(
    protocol: Protocol,
) -> None:
    """The replay's clock (a search among the stretches it ran) against the plain sum: the
    time on every step up to the instant, less every pause within it."""
    session = recorded(protocol)
    session.record(Paused())  # a pause in the last step, still running at the end
    line = Replayer(protocol, session.events, duration=2000).timeline

    def plain(t: float) -> float:
        on_steps = sum(max(0.0, min(band.end, t) - band.start) for band in line.bands)
        paused = sum(
            max(0.0, min(stop, band.end, t) - max(start, band.start))
            for start, stop in line.pauses
            for band in line.bands
        )
        return on_steps - paused

    for t in [x * 12.5 for x in range(0, 170)]:
        assert abs(line.elapsed_at(t) - plain(t)) < 1e-9, t
    assert line.elapsed_at(700) == line.elapsed_at(760)  # paused: the clock stands


async def test_a_soft_hyphen_in_a_files_client_code_is_shown_in_the_replays_title(
    protocol: Protocol,
) -> None:
    """The teacher replays a file whose client code is "K-1" with a soft hyphen in it: the
    title shows it, as the list of sessions does, rather than a "K-1" like another's."""
    from hyvinvointi_tui.ui.replay.app import ReplayApp
    from hyvinvointi_tui.ui.replay.screen import ReplayScreen

    from ..helpers import pane_text, squash

    session = long_wellbeing(protocol)
    replay = Replayer(protocol, session.events, duration=1900)
    code = "K-\u00ad1"
    app = ReplayApp(
        [ReplayScreen(protocol, replay, created=session.created, client_code=code, lang="en")]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        title = squash(pane_text(app, "#title-bar"))
        assert "K-\ufffd1" in title and code not in title, title


async def test_a_crafted_client_code_is_one_visible_line_in_the_title_and_the_session_list(
    protocol: Protocol,
) -> None:
    """A resumed file's client code "K-1" with a soft hyphen and a line break in it: the
    step screen's title and the list the student resumes from show both, in one line,
    rather than a "K-1" like another client's or a line of the file's choosing."""
    import datetime as dt
    from pathlib import Path

    from hyvinvointi_tui.store.student import SavedSession
    from hyvinvointi_tui.ui.app import HyvinvointiApp
    from hyvinvointi_tui.ui.start_flows import session_line

    from ..conftest import FakeClock
    from ..helpers import pane_text, squash

    code = "K-\u00ad1\nOK"
    app = HyvinvointiApp.new_session(protocol, lang="en", client_code=code, clock=FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to("orientation")
        await pilot.pause()
        title = squash(pane_text(app, "#title-bar"))
        assert "K-\ufffd1\u240aOK" in title, title
    saved = SavedSession(path=Path("s.age"), created=dt.datetime(2026, 12, 5, 10), client_code=code)
    line = session_line(saved, "en")
    assert "K-\ufffd1\u240aOK" in line and "\n" not in line
