"""One SVG snapshot per screen at 120×40, and every step at 80×24 (update with:
pytest --snapshot-update)."""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import NoteAppended, SessionClosed, one_of
from hyvinvointi_tui.core.model.step_events import (
    SUMMARY_COLUMNS,
    AppointmentSet,
    ClosingChosen,
    GoalAdded,
    SummaryEntryAdded,
)
from hyvinvointi_tui.core.model.text_keys import focus_key
from hyvinvointi_tui.i18n import Lang
from hyvinvointi_tui.ui.app import HyvinvointiApp

from ..conftest import FakeClock
from ..helpers import keys_settled
from ..scripted import rated_instruments

SIZE = (120, 40)


async def steady(pilot: Pilot[None]) -> None:
    """No blinking cursor: the picture must not depend on when it is taken."""
    await pilot.pause()
    for widget in pilot.app.screen.query("TextArea, Input"):
        assert isinstance(widget, TextArea | Input)
        widget.cursor_blink = False
    await pilot.pause()


def at_step(
    step: str, *keys: str, prepare: Callable[[Session], None] | None = None
) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, HyvinvointiApp)
        await keys_settled(app)  # the first screen is shown once the app has started
        if prepare is not None:
            prepare(app.session)
        clock = app.session._clock
        assert isinstance(clock, FakeClock)
        clock.advance(95)
        app.go_to(step)
        await pilot.pause()
        await pilot.press(*("space" if key == " " else key for key in keys))
        app._tick()
        await steady(pilot)

    return run_before


def demo_app(protocol: Protocol, lang: Lang = "en") -> HyvinvointiApp:
    return HyvinvointiApp.demo(protocol, lang=lang, clock=FakeClock(0.0))


def with_summary(session: Session) -> None:
    """The instruments rated and two summary entries taken: what goals start from."""
    rated_instruments(session)
    for number, (column, text, suggestion) in enumerate(
        [
            ("strengths", "A sister who helps", ""),
            ("challenges", "Would like more time for leisure", "time:time_circle:leisure"),
        ]
    ):
        session.record(
            SummaryEntryAdded(
                step="summary",
                entry_id=f"e{number}",
                column=one_of(column, SUMMARY_COLUMNS),
                text=text,
                suggestion=suggestion,
            )
        )


def booked(session: Session) -> None:
    """A crisis-free session with goals, at closing."""
    with_summary(session)
    session.record(
        GoalAdded(
            step="goals",
            goal_id="g1",
            text="Sleep before midnight",
            actions=["phone out of the bedroom"],
            source="osa:3",
        )
    )


def closed(session: Session) -> None:
    session.created = "2026-11-22T12:00:00+00:00"  # the times shown do not depend on today
    booked(session)
    session.record(ClosingChosen(step="closing", value="new_appointment"))
    session.record(AppointmentSet(step="closing", date="2026-12-03", time="14:30"))
    session.edit_text(focus_key("closing"), "How the sleep goal went")
    session.record(SessionClosed(step="closing"))
    session.record(NoteAppended(step="closing", text="Client called to confirm the time"))


CONVERSATION = {
    "orientation": (),
    "wellbeing": tuple("Sleeps badly since the layoff"),
}

# Each instrument screen as the students see it in use: (keys, prepared state).
INSTRUMENTS = {
    "stress": (("4",), None),
    # The last Tab settles the value typed (a value is recorded when left, or after a pause).
    "time_circle": (("7", "tab", "6", "tab", "9", "tab"), None),
    "osa": (("2", "4", "3", "3", "1", "4", "space"), None),
    "summary": (("enter",), rated_instruments),
    "goals": ((*"Walk every morning", "tab", *"out by 8; with the dog", "enter"), with_summary),
    "closing": (("enter", "tab", *"3.12.2026", "tab", *"14.30"), booked),
}


@pytest.mark.parametrize("step", list(CONVERSATION))
def test_conversation_screens(
    snap_compare: Callable[..., bool], protocol: Protocol, step: str
) -> None:
    run_before = at_step(step, *CONVERSATION[step])
    assert snap_compare(demo_app(protocol), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", ["en", "fi"])
@pytest.mark.parametrize("step", list(INSTRUMENTS))
@pytest.mark.slow
def test_instrument_screens(
    snap_compare: Callable[..., bool], protocol: Protocol, step: str, lang: Lang
) -> None:
    keys, prepare = INSTRUMENTS[step]
    run_before = at_step(step, *keys, prepare=prepare)
    assert snap_compare(demo_app(protocol, lang), terminal_size=SIZE, run_before=run_before)


SMALL = (80, 24)


@pytest.mark.parametrize("step", [*CONVERSATION, *INSTRUMENTS])
@pytest.mark.slow
def test_every_step_at_80x24_in_swedish(
    snap_compare: Callable[..., bool], protocol: Protocol, step: str
) -> None:
    """At 80 columns the guidance is above the work: every instrument has the whole width
    and shows its labels and values whole (issue 17, item 6)."""
    keys, prepare = INSTRUMENTS.get(step, (CONVERSATION.get(step, ()), None))
    run_before = at_step(step, *keys, prepare=prepare)
    assert snap_compare(demo_app(protocol, "sv"), terminal_size=SMALL, run_before=run_before)


@pytest.mark.parametrize("size", [SMALL, SIZE], ids=["80x24", "120x40"])
@pytest.mark.slow
def test_time_circle_day_drawn_as_typed(
    snap_compare: Callable[..., bool], protocol: Protocol, size: tuple[int, int]
) -> None:
    """Now's day whole (every category's character in its bar), before's half typed."""
    keys = ("8", "enter", "6", "enter", "1", "0", "enter", "1", "2", "enter", "4")
    run_before = at_step("time_circle", *keys)
    assert snap_compare(demo_app(protocol, "fi"), terminal_size=size, run_before=run_before)


def test_orientation_in_finnish(snap_compare: Callable[..., bool], protocol: Protocol) -> None:
    assert snap_compare(
        demo_app(protocol, "fi"), terminal_size=SIZE, run_before=at_step("orientation")
    )


def test_closed_session(snap_compare: Callable[..., bool], protocol: Protocol) -> None:
    # Wall-clock times are shown in local time: fix the zone (a POSIX rule, no tz database).
    before = os.environ.get("TZ")
    os.environ["TZ"] = "EET-2"
    time.tzset()
    try:
        run_before = at_step("closing", prepare=closed)
        assert snap_compare(demo_app(protocol), terminal_size=SIZE, run_before=run_before)
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_start_screen(snap_compare: Callable[..., bool], protocol: Protocol) -> None:
    app = HyvinvointiApp(protocol, lang="fi", clock=FakeClock())
    assert snap_compare(app, terminal_size=SIZE, run_before=steady)


def test_setup_screen_with_a_refused_code(
    snap_compare: Callable[..., bool], protocol: Protocol
) -> None:
    app = HyvinvointiApp.new_session(protocol, lang="en", clock=FakeClock())

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("M", "a", "t", "t", "i", "space", "V")
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_go_to_step_dialog(snap_compare: Callable[..., bool], protocol: Protocol) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await at_step("stress")(pilot)
        await pilot.press("ctrl+g")
        await steady(pilot)

    assert snap_compare(demo_app(protocol), terminal_size=SIZE, run_before=run_before)


def test_quit_dialog(snap_compare: Callable[..., bool], protocol: Protocol) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await at_step("wellbeing", "o", "k")(pilot)
        await pilot.press("ctrl+q")
        await steady(pilot)

    assert snap_compare(demo_app(protocol), terminal_size=SIZE, run_before=run_before)


# --- a follow-up (the second appointment) ---------------------------------------------------


def follow_up_app(protocol: Protocol, lang: Lang, *, crisis: bool) -> HyvinvointiApp:
    """A follow-up of a crisis session (time circle and OSA deferred), or of a session with
    every instrument filled in."""
    from hyvinvointi_tui.core.follow_up.carried import previous_of
    from hyvinvointi_tui.core.model.protocol import resolve_protocol
    from hyvinvointi_tui.core.model.session import Session
    from hyvinvointi_tui.core.model.session_events import SetupChanged

    from ..app.test_follow_up import crisis_session

    if crisis:
        first = crisis_session(protocol)
    else:
        first = Session(protocol, clock=FakeClock(), created="2026-11-02T09:00:00+00:00")
        first.start(SetupChanged(client_code="K-21", lang=lang))
        booked(first)
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    return HyvinvointiApp.new_session(
        resolve_protocol("seurantakeskustelu"),
        lang=lang,
        client_code="K-21",
        clock=FakeClock(0.0),
        previous=previous,
        begun=True,
    )


FOLLOW_UP: dict[str, tuple[Lang, bool, tuple[str, ...]]] = {
    "orientation": ("fi", True, ()),
    "review": ("en", True, ("2",)),
    "time_circle": (
        "en",
        False,
        ("6", "tab", "6", "tab", "6", "tab", "6", "tab", "1", "2", "tab", "1", "2", "tab"),
    ),
    "osa": ("fi", False, ("2", "4", "3", "3", "2", "4")),
    # The follow-up's own summary (issue 22): its suggestions come from this session.
    "summary": ("sv", False, ()),
}


@pytest.mark.parametrize("step", list(FOLLOW_UP))
def test_follow_up_screens(
    snap_compare: Callable[..., bool], protocol: Protocol, step: str
) -> None:
    lang, crisis, keys = FOLLOW_UP[step]
    app = follow_up_app(protocol, lang, crisis=crisis)
    assert snap_compare(app, terminal_size=SIZE, run_before=at_step(step, *keys))


@pytest.mark.parametrize("lang, size", [("fi", (80, 24)), ("en", SIZE)], ids=["fi-80x24", "en"])
def test_emergency_instructions(
    snap_compare: Callable[..., bool], protocol: Protocol, lang: Lang, size: tuple[int, int]
) -> None:
    """Immediate danger (ctrl+l): the three things to do come first, whatever the size."""
    app = demo_app(protocol, lang)
    assert snap_compare(app, terminal_size=size, run_before=at_step("wellbeing", "ctrl+l"))


def course_app(protocol: Protocol, lang: Lang, students: list[str], phone: str) -> HyvinvointiApp:
    """A session under way in a course that gave the supervising teacher's phone (or
    none), run by these students."""
    from hyvinvointi_tui.core.model.client_events import CourseNoted
    from hyvinvointi_tui.core.model.course import Privacy

    from ..scripted import started

    clock = FakeClock(0.0)
    session = started(protocol, clock, lang=lang, students=students, prepare=True)
    session.record(CourseNoted(course="OT", privacy=Privacy(supervisor_phone=phone)))
    session.begin()
    return HyvinvointiApp(protocol, lang=lang, session=session, clock=clock)


@pytest.mark.parametrize("students", [["A"], ["A", "B"]], ids=["solo", "pair"])
def test_emergency_instructions_at_80x24_for_one_student_or_two(
    snap_compare: Callable[..., bool], protocol: Protocol, students: list[str]
) -> None:
    """112 first, then stay with the client, then the supervising teacher with the course's
    phone (a placeholder here); a student alone is told to do each thing themselves."""
    app = course_app(protocol, "fi", students, "040 000 0000")
    assert snap_compare(app, terminal_size=SMALL, run_before=at_step("wellbeing", "ctrl+l"))


@pytest.mark.parametrize("rating", ["4", "5"])
def test_crisis_guidance_at_80x24(
    snap_compare: Callable[..., bool], protocol: Protocol, rating: str
) -> None:
    """The acute situation: ask directly about self-harm, call the teacher now."""
    app = course_app(protocol, "fi", ["A", "B"], "040 000 0000")
    assert snap_compare(app, terminal_size=SMALL, run_before=at_step("stress", rating))


def prepared(session: Session) -> None:
    """The students' preparation: what they know, their plan, who leads the first steps."""
    from hyvinvointi_tui.core.model.session_events import RolesSet
    from hyvinvointi_tui.core.model.text_keys import preparation_key

    session.edit_text(preparation_key("referral"), "Ohjattu työllisyyspalveluista.")
    session.edit_text(preparation_key("plan"), "A vetää alun, B ajankäytön ja OSAn.")
    for step, lead, notes in (("orientation", "A", "B"), ("time_circle", "B", "A")):
        session.record(RolesSet(step=step, lead=lead, note_taker=notes))


def preparation_app(protocol: Protocol, lang: Lang) -> HyvinvointiApp:
    from ..scripted import started

    clock = FakeClock(0.0)
    session = started(protocol, clock, lang=lang, students=["A", "B"], prepare=True)
    prepared(session)
    return HyvinvointiApp(protocol, lang=lang, session=session, clock=clock)


@pytest.mark.parametrize("lang, size", [("fi", SIZE), ("sv", (80, 24))])
def test_preparation(
    snap_compare: Callable[..., bool], protocol: Protocol, lang: Lang, size: tuple[int, int]
) -> None:
    assert snap_compare(preparation_app(protocol, lang), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("lang, size", [("en", SIZE), ("fi", (80, 24))])
def test_reflection(
    snap_compare: Callable[..., bool], protocol: Protocol, lang: Lang, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await at_step("closing", prepare=closed)(pilot)
        await pilot.press("ctrl+n")
        await steady(pilot)

    assert snap_compare(demo_app(protocol, lang), terminal_size=size, run_before=run_before)


def test_roles_chosen_by_three_students(
    snap_compare: Callable[..., bool], protocol: Protocol
) -> None:
    """Three or more students: who leads a step and who takes its notes is a choice."""
    from ..scripted import started

    clock = FakeClock(0.0)
    students = ["Aino A.", "Ben B.", "Cai C."]
    session = started(protocol, clock, lang="fi", students=students, prepare=True)
    prepared(session)
    app = HyvinvointiApp(protocol, lang="fi", session=session, clock=clock)

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app.screen.query_one("#roles").focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await steady(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
