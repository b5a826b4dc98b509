"""The session is an event log; the state is a fold over it (live, resume and replay alike)."""

from __future__ import annotations

from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from hyvinvointi_tui.core.model.events import Event, events_adapter
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session, text_diff
from hyvinvointi_tui.core.model.session_events import (
    SessionStarted,
    SetupChanged,
    StepEntered,
    TextEdited,
)
from hyvinvointi_tui.core.model.state import fold
from hyvinvointi_tui.core.model.step_events import HoursSet, OsaRated, StressRated
from hyvinvointi_tui.core.model.text_keys import notes_key

from ..conftest import FakeClock


def started(protocol: Protocol, clock: FakeClock) -> Session:
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-014", lang="en", students=["AB"]))
    return session


def test_start_records_setup_and_enters_the_first_step(
    protocol: Protocol, clock: FakeClock
) -> None:
    session = started(protocol, clock)
    assert [type(e) for e in session.events] == [SessionStarted, SetupChanged, StepEntered]
    assert session.state.step == "orientation"
    assert session.state.setup.client_code == "K-014"


def test_events_are_stamped_with_the_session_time(protocol: Protocol, clock: FakeClock) -> None:
    session = started(protocol, clock)
    clock.advance(42.5)
    event = session.record(StressRated(step="stress", value=3))
    assert event.t == 42.5
    assert session.state.stress == {"stress": 3}


def test_notes_are_stored_as_diffs_and_folded_back(protocol: Protocol, clock: FakeClock) -> None:
    session = started(protocol, clock)
    key = notes_key("orientation")
    session.edit_text(key, "knew a little")
    session.edit_text(key, "knew quite a little")
    session.edit_text(key, "knew quite a little")  # no change, no event
    edits = [e for e in session.events if isinstance(e, TextEdited)]
    assert len(edits) == 2
    assert edits[1].text == "quite " and edits[1].start == 5
    assert fold(protocol, session.events).text(key) == "knew quite a little"


def test_replay_folds_the_events_up_to_an_instant(protocol: Protocol, clock: FakeClock) -> None:
    session = started(protocol, clock)
    key = notes_key("wellbeing")
    clock.advance(600)
    session.edit_text(key, "sleeps badly")
    clock.advance(600)
    session.edit_text(key, "sleeps better since spring")
    assert fold(protocol, session.events, until=900).text(key) == "sleeps badly"
    assert fold(protocol, session.events, until=1500).text(key) == "sleeps better since spring"


def test_the_log_round_trips_through_plain_data(protocol: Protocol, clock: FakeClock) -> None:
    session = started(protocol, clock)
    session.record(StepEntered(step="time_circle"))
    session.record(HoursSet(step="time_circle", variant="now", category="leisure", hours=7.5))
    session.record(OsaRated(step="osa", item=3, scale="value", value=4))
    data = events_adapter().dump_python(cast(list[Event], session.events), mode="json")
    again = events_adapter().validate_python(data)
    assert again == session.events
    assert fold(protocol, again).hours == {"time_circle": {"now": {"leisure": 7.5}}}


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "stress_rated", "step": "stress", "value": 6},
        {"kind": "hours_set", "step": "x", "variant": "now", "category": "leisure", "hours": 7.25},
        {"kind": "hours_set", "step": "x", "variant": "now", "category": "leisure", "hours": 25},
        {"kind": "osa_rated", "step": "osa", "item": 1, "scale": "value", "value": 0},
        {"kind": "setup_changed", "client_code": "K-1", "lang": "de"},
    ],
)
def test_impossible_values_are_refused(bad: dict[str, object]) -> None:
    """Where events come in from a file; in code, the type checker refuses a wrong choice."""
    with pytest.raises(ValidationError):
        events_adapter().validate_python([{"t": 1.0, **bad}])


def test_unsaved_input_is_what_the_students_entered(protocol: Protocol, clock: FakeClock) -> None:
    session = started(protocol, clock)
    session.record(StepEntered(step="stress"))
    assert not session.has_unsaved_input  # moving around is not input
    session.record(StressRated(step="stress", value=2))
    assert session.has_unsaved_input
    session.mark_saved()
    assert not session.has_unsaved_input


def test_pause_toggles_and_the_clock_stops(protocol: Protocol, clock: FakeClock) -> None:
    session = started(protocol, clock)
    clock.advance(60)
    session.toggle_pause()
    clock.advance(300)
    assert session.paused and session.reading().elapsed == 60
    session.toggle_pause()
    clock.advance(30)
    assert not session.paused and session.reading().elapsed == 90


@given(st.text(max_size=60), st.text(max_size=60))
def test_a_diff_applied_gives_the_new_text(old: str, new: str) -> None:
    diff = text_diff(old, new)
    if old == new:
        assert diff is None
        return
    assert diff is not None
    start, end, inserted = diff
    assert old[:start] + inserted + old[end:] == new
    assert len(inserted) <= len(new)
    # the smallest splice: the whole common beginning and the longest common end after it
    limit = min(len(old), len(new))
    assert start == limit or old[start] != new[start]
    tail, room = len(old) - end, limit - start
    assert tail == room or old[len(old) - tail - 1] != new[len(new) - tail - 1]


def test_the_crisis_replan_defers_untouched_instrument_steps_and_goes_to_closing(
    protocol: Protocol, clock: FakeClock
) -> None:
    from hyvinvointi_tui.core.model.session_events import StepsDeferred

    session = started(protocol, clock)
    session.record(StepEntered(step="stress"))
    session.record(StressRated(step="stress", value=5))
    session.record(HoursSet(step="time_circle", variant="now", category="leisure", hours=2))
    session.record(StepEntered(step="stress"))
    deferred = session.replan_for_crisis("stress")
    assert deferred == ["osa"]  # the time circle already has input: not deferred
    assert session.state.deferred == ["osa"]
    assert session.state.step == "closing"
    assert isinstance(session.events[-2], StepsDeferred)
    again = fold(protocol, session.events)
    assert again.deferred == ["osa"] and again.step == "closing"
