"""What is erased stays erased: text deleted from a field, a goal, a summary entry or an
activity's name is in no written event and in no state the written history folds to, while
the final state is the one the students left."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrage import x25519

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.protocol import resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import (
    NoteAppended,
    SessionEvent,
    SetupChanged,
    StepEntered,
    TextEdited,
)
from hyvinvointi_tui.core.model.state import fold
from hyvinvointi_tui.core.model.step_events import (
    ActivityRemoved,
    ActivitySet,
    GoalAdded,
    GoalEdited,
    GoalRemoved,
    SummaryEntryAdded,
    SummaryEntryEdited,
    SummaryEntryRemoved,
)
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.core.privacy.erasure import PLACEHOLDER, Eraser, purged
from hyvinvointi_tui.store import keys, session_document, session_file
from hyvinvointi_tui.store.debrief import open_replay
from hyvinvointi_tui.store.event_rows import EventRows, event_row
from hyvinvointi_tui.store.session_store import SessionStore
from tests.conftest import FakeClock
from tests.helpers import consent_to_notes, save_session

from .. import session_saving

PROTOCOL = resolve_protocol()
KEYS = (notes_key("orientation"), notes_key("wellbeing"), "closing.focus")


# --- text fields: random splices of characters each typed once ------------------------------


@st.composite
def edits(draw: st.DrawFn) -> list[TextEdited]:
    """Splices of random places in three text fields; every character inserted is new (a
    canary of its own), so a deleted one is found wherever it is."""
    texts = dict.fromkeys(KEYS, "")
    fresh = iter(chr(0x4E00 + n) for n in range(10_000))
    made = []
    for _ in range(draw(st.integers(1, 40))):
        key = draw(st.sampled_from(KEYS))
        text = texts[key]
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        inserted = "".join(next(fresh) for _ in range(draw(st.integers(0, 6))))
        if start == end and not inserted:
            continue
        texts[key] = text[:start] + inserted + text[end:]
        made.append(TextEdited(key=key, start=start, end=end, text=inserted))
    return made


def _deleted(events: list[SessionEvent]) -> set[str]:
    """The characters some splice deleted (each was typed once: it never comes back)."""
    texts: dict[str, str] = {}
    gone: set[str] = set()
    for event in events:
        if isinstance(event, TextEdited):
            old = texts.get(event.key, "")
            gone.update(old[event.start : event.end])
            texts[event.key] = old[: event.start] + event.text + old[event.end :]
    return gone


@settings(max_examples=200, deadline=None)
@given(edits())
def test_a_deleted_character_is_in_no_written_event_and_no_state_in_between(
    events: list[SessionEvent],
) -> None:
    written = purged(events)
    gone = _deleted(events)
    assert len(written) == len(events)
    for before, after in zip(events, written, strict=True):
        assert isinstance(before, TextEdited) and isinstance(after, TextEdited)
        # Every splice where it was, as long as it was: only its deleted text is replaced.
        assert (after.start, after.end, len(after.text)) == (
            before.start,
            before.end,
            len(before.text),
        )
        assert not gone & set(after.text)
        assert all(a in (b, PLACEHOLDER) for a, b in zip(after.text, before.text, strict=True))
        if not gone & set(before.text):
            assert after is before  # untouched: the same object, for the written rows' cache
    for upto in range(len(written) + 1):
        state = fold(PROTOCOL, written[:upto])
        assert not gone & set("".join(state.texts.values()))
    assert fold(PROTOCOL, written).texts == fold(PROTOCOL, events).texts


@settings(max_examples=100, deadline=None)
@given(edits(), st.data())
def test_purging_save_by_save_gives_what_purging_once_gives(
    events: list[SessionEvent], data: st.DataObject
) -> None:
    """The app's store purges the history at every save, following only the events since
    the last: whatever the saves' places, the result is the whole history's purge."""
    eraser, rows = Eraser(), EventRows()
    cuts = sorted(data.draw(st.sets(st.integers(0, len(events)), max_size=6)))
    for cut in [*cuts, len(events)]:
        written = eraser.purged(events[:cut])
        assert written == purged(events[:cut])
        assert rows.rows(written) == EventRows().rows(written)
    # A history that is not the last one extended starts over.
    assert eraser.purged(events[:1]) == purged(events[:1])


def test_another_history_of_the_same_length_and_last_event_starts_over() -> None:
    """A save after the notes were left out (a "no" to them) or put back is another
    history, even where its last events are the same objects."""
    typed = TextEdited(key="wellbeing.notes", start=0, end=0, text="Matti")
    kept = TextEdited(key="closing.focus", start=0, end=0, text="walks")
    deleted = TextEdited(key="wellbeing.notes", start=0, end=5, text="")
    other = TextEdited(key="wellbeing.notes", start=0, end=0, text="x")
    eraser = Eraser()
    eraser.purged([typed, kept, deleted])
    assert eraser.purged([other, kept, deleted]) == purged([other, kept, deleted])


def test_a_name_typed_in_the_notes_and_replaced_is_gone_from_the_written_history() -> None:
    clock = FakeClock()
    session = Session(PROTOCOL, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="fi"))
    consent_to_notes(session)
    key = notes_key("orientation")
    for text in ("Real name", "Real name Matti Meikalainen", "pseudonym only", "pseudonym only."):
        clock.advance(0.9)
        session.edit_text(key, text)
    written = purged(session.events)
    typed = [event.text for event in written if isinstance(event, TextEdited)]
    assert typed == ["░░░░░░░░░", "░░░░░░░░░░░░░░░░░░", "pseudonym only", "."]
    assert "Matti" not in repr(written)
    assert fold(PROTOCOL, written).text(key) == "pseudonym only."


def test_text_is_followed_per_field_and_survivors_keep_their_events() -> None:
    events: list[SessionEvent] = [
        TextEdited(key="orientation.notes", start=0, end=0, text="abc"),
        TextEdited(key="wellbeing.notes", start=0, end=0, text="xyz"),
        TextEdited(key="orientation.notes", start=1, end=2, text="B"),  # b → B
    ]
    written = purged(events)
    assert [e.text for e in written if isinstance(e, TextEdited)] == ["a░c", "xyz", "B"]
    assert written[1] is events[1] and written[2] is events[2]


# --- values held whole: goals, summary entries, activities -----------------------------------


def test_a_corrected_goal_keeps_what_stayed_and_hides_what_went() -> None:
    events: list[SessionEvent] = [
        GoalAdded(step="goals", goal_id="g1", text="Matti goes to the gym", actions=["Mon", "Fri"]),
        GoalEdited(step="goals", goal_id="g1", text="Goes to the gym", actions=["Mon", "Fri"]),
        GoalEdited(step="goals", goal_id="g1", text="Goes to the gym", actions=["Mon"]),
    ]
    written = purged(events)
    assert isinstance(written[0], GoalAdded) and isinstance(written[1], GoalEdited)
    assert written[0].text == "░░░░░░░oes to the gym"  # "Matti g" became "G": one splice
    assert written[0].actions == ["Mon", "░░░"] and written[1].actions == ["Mon", "░░░"]
    assert written[2] is events[2]
    assert fold(PROTOCOL, written).goals == fold(PROTOCOL, events).goals


def test_a_removed_goal_entry_or_activity_leaves_only_placeholders_of_its_lengths() -> None:
    events: list[SessionEvent] = [
        GoalAdded(step="goals", goal_id="g1", text="Matti", actions=["a", ""]),
        GoalRemoved(step="goals", goal_id="g1"),
        SummaryEntryAdded(step="summary", entry_id="e1", column="strengths", text="Matti"),
        SummaryEntryEdited(step="summary", entry_id="e1", text="Matti M."),
        SummaryEntryRemoved(step="summary", entry_id="e1"),
        SummaryEntryEdited(step="summary", entry_id="none", text="Matti"),  # no such entry
        ActivitySet(step="time_circle", activity_id="a1", name="Matti's gym", category="leisure"),
        ActivityRemoved(step="time_circle", activity_id="a1"),
        ActivitySet(step="time_circle", activity_id="a1", name="Gym", category="leisure"),
        NoteAppended(step="closing", text="Matti called"),  # cannot be deleted: kept
    ]
    written = purged(events)
    assert written[0] == events[0].replace(text="░░░░░", actions=["░", ""])
    assert [getattr(e, "text", None) for e in written[2:6]] == ["░░░░░", "░░░░░░░░", None, "░░░░░"]
    assert written[6] == events[6].replace(name="░░░░░░░░░░░")
    assert written[8] is events[8] and written[9] is events[9]
    assert fold(PROTOCOL, written) == fold(PROTOCOL, events)


@st.composite
def versions(draw: st.DrawFn) -> list[list[str]]:
    """Versions of a goal (its text, then its actions), each from the last with characters
    dropped and new ones added; every character new when added."""
    fresh = iter(chr(0x4E00 + n) for n in range(10_000))
    parts = ["".join(next(fresh) for _ in range(draw(st.integers(1, 5))))]
    made = [parts]
    for _ in range(draw(st.integers(0, 6))):
        changed = []
        for part in parts + [""] * draw(st.integers(0, 1)):
            kept = [ch for ch in part if draw(st.booleans())]
            for _ in range(draw(st.integers(0, 3))):
                kept.insert(draw(st.integers(0, len(kept))), next(fresh))
            changed.append("".join(kept))
        if draw(st.booleans()) and len(changed) > 1:
            del changed[draw(st.integers(1, len(changed) - 1))]
        changed[0] = changed[0] or next(fresh)
        parts = changed
        made.append(parts)
    return made


@settings(max_examples=200, deadline=None)
@given(versions(), st.booleans())
def test_every_version_of_a_goal_holds_only_what_lasted(
    made: list[list[str]], removed: bool
) -> None:
    events: list[SessionEvent] = [
        (GoalEdited if number else GoalAdded)(
            step="goals", goal_id="g1", text=parts[0], actions=parts[1:]
        )
        for number, parts in enumerate(made)
    ]
    if removed:
        events.append(GoalRemoved(step="goals", goal_id="g1"))
    written = purged(events)
    lasted = set() if removed else set("".join(made[-1]))
    for before, after in zip(events, written, strict=True):
        if isinstance(before, GoalAdded | GoalEdited):
            assert isinstance(after, GoalAdded | GoalEdited)
            assert [len(p) for p in [after.text, *after.actions]] == [
                len(p) for p in [before.text, *before.actions]
            ]
            assert set("".join([after.text, *after.actions])) <= lasted | {PLACEHOLDER}
    if not removed:
        assert written[-1] is events[-1]
    assert fold(PROTOCOL, written).goals == fold(PROTOCOL, events).goals


# --- what is written ---------------------------------------------------------------------


def test_the_saved_file_and_its_toml_hold_no_deleted_text_and_resume_to_the_same_state(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    session = Session(PROTOCOL, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="fi"))
    consent_to_notes(session)
    student = x25519.Identity.generate()
    store = SessionStore(tmp_path, [student.to_public()])
    key = notes_key("orientation")
    for text in ("Real name Matti Meikalainen", "pseudonym only"):
        clock.advance(0.9)
        session.edit_text(key, text)
        save_session(store, session)  # the name was in the first save; not in the second
    clock.advance(0.9)
    session.record(StepEntered(step="wellbeing"))
    session.record(GoalAdded(step="goals", goal_id="g1", text="Meikalainen's goal"))
    session.record(GoalEdited(step="goals", goal_id="g1", text="A goal"))
    save_session(store, session)
    assert store.path is not None
    plaintext = session_file.decrypt(store.path, [student]).decode()
    assert "Matti" not in plaintext and "Meikalainen" not in plaintext
    doc = session_saving.session_document(session, saved_t=session.now())
    assert "Meikalainen" not in session_document.to_toml(doc)
    loaded = session_document.load(store.path, [student])
    resumed = Session(PROTOCOL, session_id=session.session_id, events=loaded.events)
    assert resumed.state == session.state
    store.close()


def test_a_file_written_before_erasure_is_exported_and_replayed_without_the_deleted_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock()
    session = Session(PROTOCOL, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="fi"))
    consent_to_notes(session)
    for text in ("Real name Matti Meikalainen", "pseudonym only"):
        clock.advance(0.9)
        session.edit_text(notes_key("orientation"), text)
    teacher_key = tmp_path / "teacher.key"
    teacher = keys.parse_recipient(keys.write_identity_file(teacher_key))
    doc = session_saving.session_document(session, saved_t=session.now())
    doc["events"] = [event_row(event) for event in session.events]  # as it was written
    path = tmp_path / "old.age"
    session_saving.save(path, doc, [teacher])
    identities = keys.read_identity_file(teacher_key)
    assert "Matti" in session_file.decrypt(path, identities).decode()

    assert main(["export", str(path), "--format", "toml", "--identity", str(teacher_key)]) == 0
    exported = capsys.readouterr().out
    assert "Matti" not in exported and 'client_code = "K-1"' in exported
    again = session_document.parse(path, exported.encode())
    assert again.state.texts == session.state.texts
    assert again.meta == session_document.load(path, identities).meta
    assert "Matti" not in repr(open_replay(path, identities).replay.events)
