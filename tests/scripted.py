"""Sessions written as scripts, with a clock moved by hand: the demo file
(`sessions/demo/make_demo.py`), the tests and the benchmarks build their sessions with these,
through the same calls the screens make, so that a scripted session saves and replays
exactly like a real one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged, one_of
from hyvinvointi_tui.core.model.step_events import (
    OSA_SCALES,
    AppointmentSet,
    ClosingChosen,
    GoalAdded,
    HoursSet,
    OsaPrioritiesSet,
    OsaRated,
    StressRated,
)
from hyvinvointi_tui.core.model.steps import TIME_CATEGORIES, Variant
from hyvinvointi_tui.core.model.text_keys import focus_key, notes_key
from hyvinvointi_tui.i18n import LANGUAGES, Lang


class HandClock:
    """Session time that moves only when told (`t`, `advance`): no sleeps, no wall clock."""

    def __init__(self, start: float = 0.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def started(
    protocol: Protocol,
    clock: HandClock,
    *,
    client_code: str = "K-1",
    lang: Lang = "fi",
    students: Iterable[str] = (),
    created: str | None = None,
    session_id: str | None = None,
    prepare: bool = False,
) -> Session:
    """A session begun at its first step, with its setup (or, to `prepare`, set up and
    not begun: `Session.begin` starts its clock)."""
    session = Session(protocol, clock=clock, created=created, session_id=session_id)
    language = one_of(lang, LANGUAGES)
    setup = SetupChanged(client_code=client_code, lang=language, students=list(students))
    session.start(setup, prepare=prepare)
    return session


def type_notes(
    session: Session, clock: HandClock, step: str, lines: Iterable[str], every: float = 0.0
) -> None:
    """Notes typed line by line, a word each `every` seconds, reported as the notes area
    reports them (a change at every pause)."""
    key = notes_key(step)
    text = session.state.text(key)
    for line in lines:
        for word in line.split(" "):
            text += word + " "
            clock.advance(every)
            session.edit_text(key, text.rstrip())
        text = text.rstrip() + "\n"
        session.edit_text(key, text)


def day(
    session: Session,
    variant: Variant,
    hours: tuple[float, float, float],
    *,
    step: str = "time_circle",
    clock: HandClock | None = None,
    every: float = 0.0,
) -> None:
    """One variant of the time circle: productive, leisure and self-care hours."""
    for category, value in zip(TIME_CATEGORIES, hours, strict=True):
        if clock is not None:
            clock.advance(every)
        session.record(HoursSet(step=step, variant=variant, category=category, hours=value))


def osa(
    session: Session,
    ratings: Mapping[int, tuple[int | None, int | None]],
    *,
    priorities: Iterable[int] = (),
    step: str = "osa",
    clock: HandClock | None = None,
    every: tuple[float, float] = (0.0, 0.0),
) -> None:
    """OSA ratings by item, (competence, value) (None: not rated), then the items the
    client wants to change, most important first."""
    for item, pair in ratings.items():
        for scale, value, wait in zip(OSA_SCALES, pair, every, strict=True):
            if value is None:
                continue
            if clock is not None:
                clock.advance(wait)
            session.record(OsaRated(step=step, item=item, scale=scale, value=value))
    chosen = list(priorities)
    if chosen:
        session.record(OsaPrioritiesSet(step=step, items=chosen))


def rated_instruments(session: Session) -> None:
    """Stress 3; a day with 4 h more leisure wanted; OSA item 3 important but hard and
    ranked first, item 5 a strength."""
    session.record(StressRated(step="stress", value=3))
    day(session, "now", (10, 2, 12))
    day(session, "ideal", (6, 6, 12))
    osa(session, {3: (1, 4), 5: (4, 4)}, priorities=[3])


def goal(
    session: Session,
    goal_id: str,
    text: str,
    actions: Iterable[str] = (),
    *,
    due: str = "",
    source: str = "talk",
    step: str = "goals",
) -> None:
    session.record(
        GoalAdded(
            step=step, goal_id=goal_id, text=text, actions=list(actions), due=due, source=source
        )
    )


def next_appointment(
    session: Session, date: str, time: str, focus: str = "", *, step: str = "closing"
) -> None:
    """Closing with a new appointment: its date, time and agreed focus."""
    session.record(ClosingChosen(step=step, value="new_appointment"))
    session.record(AppointmentSet(step=step, date=date, time=time))
    if focus:
        session.edit_text(focus_key(step), focus)
