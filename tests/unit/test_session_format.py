"""The session document's TOML: one line per event, read back exactly, old files still read,
damaged rows refused with one message."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from hyvinvointi_tui.core.model.events import Event, events_adapter
from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import (
    MarkerAdded,
    SessionEvent,
    SetupChanged,
    StepEntered,
    StepsDeferred,
    TextEdited,
)
from hyvinvointi_tui.core.model.state import SessionState
from hyvinvointi_tui.core.model.step_events import (
    ActivitySet,
    GoalAdded,
    OsaPrioritiesSet,
    OsaRated,
    StressRated,
)
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.core.privacy.erasure import purged
from hyvinvointi_tui.core.untrusted import visible
from hyvinvointi_tui.store import event_rows, session_document
from hyvinvointi_tui.store.event_rows import EventRows
from hyvinvointi_tui.store.session_file import SessionFileError
from tests.conftest import FakeClock
from tests.helpers import consent_to_notes

from .. import session_saving

PATH = Path("K-1.age")
PROTOCOL = resolve_protocol()


def _session(protocol: Protocol, clock: FakeClock, texts: list[str]) -> Session:
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="fi", students=["AB"]))
    consent_to_notes(session)
    for text in texts:
        clock.advance(0.9)
        session.edit_text(notes_key("orientation"), text)
    session.record(StressRated(step="stress", value=2))
    session.record(MarkerAdded(step="stress", tag="strength"))
    session.record(
        ActivitySet(
            step="time_circle",
            activity_id="a1",
            name='Kuntosali "Voima"',
            category="leisure",
            hours={"now": 1.5, "ideal": 3.0},
        )
    )
    session.record(GoalAdded(step="goals", goal_id="g1", text="Liikkua", actions=["a", "b\nc"]))
    return session


def _events_block(text: str) -> list[str]:
    lines = text.split("\n")  # TOML's line breaks only (not str.splitlines' \x85, \u2028 …)
    start = lines.index("events = [")
    return lines[start + 1 : lines.index("]", start)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_any_text_reads_back_exactly_one_line_per_event(texts: list[str]) -> None:
    session = _session(PROTOCOL, FakeClock(), texts)
    doc = session_saving.session_document(session, saved_t=session.now())
    text = session_document.to_toml(doc)
    assert len(_events_block(text)) == len(session.events)
    loaded = session_document.parse(PATH, text.encode())
    # Every character comes back, control characters as their pictures (one for one), but
    # for the ones deleted later, written as placeholders (tests/unit/test_erasure.py).
    written = purged(session.events)
    assert [_visible(e) for e in loaded.events] == [_visible(e) for e in written]
    key = notes_key("orientation")
    assert loaded.doc["state"]["texts"].get(key, "") == visible(session.state.texts.get(key, ""))
    assert loaded.state.texts.get(key, "") == visible(session.state.texts.get(key, ""))


def _visible(event: SessionEvent) -> SessionEvent:
    text = getattr(event, "text", None)
    return event.replace(text=visible(text)) if isinstance(text, str) else event


def test_rows_are_named_in_the_file(protocol: Protocol, clock: FakeClock) -> None:
    session = _session(protocol, clock, ["Asiakas kertoi"])
    text = session_document.to_toml(session_saving.session_document(session, saved_t=session.now()))
    assert '[0.9, "text_edited", "orientation.notes", 0, 0, "Asiakas kertoi"]' in text
    doc = tomllib.loads(text)
    assert doc["event_fields"]["text_edited"] == ["key", "start", "end", "text"]
    assert doc["schema_version"] == 2


def test_a_file_of_schema_1_still_opens(protocol: Protocol, clock: FakeClock) -> None:
    session = _session(protocol, clock, ["vanha", "vanha muoto"])
    doc = session_saving.session_document(session, saved_t=session.now())
    del doc["event_fields"]
    doc["schema_version"] = 1
    events = cast(list[Event], session.events)
    doc["events"] = events_adapter().dump_python(events, mode="json")
    loaded = session_document.parse(PATH, tomli_w.dumps(doc).encode())
    assert loaded.events == list(session.events)


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: doc["events"][3].pop(),  # a value missing
        lambda doc: doc["events"][3].append(1),  # one too many
        lambda doc: doc["events"].__setitem__(2, "text"),  # not a row
        lambda doc: doc["events"].__setitem__(2, []),  # empty row
        lambda doc: doc["events"][2].__setitem__(1, "unheard_of"),  # unknown kind
        lambda doc: doc.pop("event_fields"),
        lambda doc: doc["event_fields"].__setitem__("text_edited", ["key"]),
        lambda doc: doc["event_fields"].__setitem__("text_edited", "key"),  # not a list
        # A field named as a row's first two: its value would be lost (the text, here).
        lambda doc: doc["event_fields"]["text_edited"].__setitem__(3, "kind"),
        lambda doc: doc["event_fields"].__setitem__("paused", ["t"]),  # of a kind not used
        lambda doc: doc["events"][3].__setitem__(3, "zero"),  # wrong type
    ],
)
def test_damaged_rows_get_one_clear_message(
    protocol: Protocol, clock: FakeClock, damage: Callable[[dict[str, Any]], object]
) -> None:
    session = _session(protocol, clock, ["a", "ab"])
    doc = tomllib.loads(
        session_document.to_toml(session_saving.session_document(session, saved_t=session.now()))
    )
    damage(doc)
    with pytest.raises(SessionFileError, match="damaged"):
        session_document.parse(PATH, tomli_w.dumps(doc).encode())


@pytest.mark.parametrize(
    ("event", "problem"),
    [
        (StepEntered(t=0.5, step="osa"), "is earlier than the one before it"),
        (StepEntered(t=99, step="nowhere"), "names a step the protocol does not have"),
        (MarkerAdded(t=99, step="nowhere", tag="strength"), "names a step"),
        (TextEdited(t=99, key="nowhere.notes", start=0, end=0, text="x"), "names a step"),
        (TextEdited(t=99, key="osa.notes", start=2, end=1), "edits a text backwards"),
        (StepsDeferred(t=99, steps=["osa", "nowhere"]), "names a step"),
        (OsaRated(t=99, step="nowhere", item=1, scale="value", value=2), "names a step"),
        (OsaRated(t=99, step="osa", item=99, scale="value", value=2), "rates an OSA item"),
        (OsaPrioritiesSet(t=99, step="osa", items=[1, 99]), "rates an OSA item"),
        (OsaPrioritiesSet(t=99, step="stress", items=[1]), "rates an OSA item"),
    ],
)
def test_an_event_the_protocol_cannot_have_is_refused_by_number(
    protocol: Protocol, clock: FakeClock, event: SessionEvent, problem: str
) -> None:
    """What no event alone shows: its time after the one before, and the steps, texts and
    OSA items it names among the protocol's. The same event at a right place is read."""
    session = _session(protocol, clock, ["a"])
    doc = session_saving.session_document(session, saved_t=session.now())
    doc["events"].append(event_rows.event_row(event))
    doc["event_fields"].update(event_rows.row_fields([event]))
    with pytest.raises(SessionFileError, match=f"event {len(doc['events'])} {problem}"):
        session_document.parse(PATH, tomli_w.dumps(doc).encode())
    fine = event_rows.event_row(StepEntered(t=99, step="osa"))
    doc["events"][-1] = fine
    doc["event_fields"].update(event_rows.row_fields([StepEntered(step="osa")]))
    assert session_document.parse(PATH, tomli_w.dumps(doc).encode()).events[-1].t == 99


def test_each_event_is_formatted_once_across_saves(
    protocol: Protocol, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _session(protocol, clock, ["a", "ab"])
    rows = EventRows()
    session_document.to_toml(
        session_saving.session_document(session, saved_t=session.now(), rows=rows), rows
    )
    formatted = []
    real = event_rows.row_line

    def formatting(row: list[Any]) -> str:
        formatted.append(row)
        return real(row)

    monkeypatch.setattr(event_rows, "row_line", formatting)
    clock.advance(0.9)
    session.edit_text(notes_key("orientation"), "abc")
    doc = session_saving.session_document(session, saved_t=session.now(), rows=rows)
    again = session_document.to_toml(doc, rows)
    assert formatted == [event_rows.event_row(session.events[-1])]
    monkeypatch.setattr(event_rows, "row_line", real)
    assert again == session_document.to_toml(
        session_saving.session_document(session, saved_t=doc_t(doc))
    )


def doc_t(doc: dict[str, Any]) -> float:
    return float(doc["session"]["saved_t"])


def test_the_state_is_folded_once_across_saves_and_again_for_other_events(
    protocol: Protocol, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folded applies only the events recorded since the last save; the document is the
    one a fresh fold gives, and a list that does not continue the last one is refolded."""
    session = _session(protocol, clock, ["yksi", "kaksi"])
    folded = session_document.Folded()

    def doc(events: list[SessionEvent], cache: session_document.Folded | None) -> dict[str, Any]:
        return session_document.document(
            protocol,
            session_id="s",
            created=session.created,
            events=events,
            saved_t=clock(),
            folded=cache,
        )

    applied = []
    real_apply = SessionState.apply

    def counting(self: SessionState, event: SessionEvent) -> None:
        applied.append(event)
        real_apply(self, event)

    first = list(session.events)
    monkeypatch.setattr(SessionState, "apply", counting)
    try:
        assert doc(first, folded) == doc(first, None)
        session.edit_text(notes_key("orientation"), "kolme")
        session.record(StressRated(step="stress", value=2))
        more = list(session.events)
        applied.clear()
        assert doc(more, folded) == doc(more, None)
        assert len(applied) == 2 + len(more), "2 new events, then a fresh fold of all"
        other = _session(protocol, FakeClock(), ["toinen"]).events
        assert doc(other, folded) == doc(other, None)
    finally:
        monkeypatch.setattr(SessionState, "apply", real_apply)
