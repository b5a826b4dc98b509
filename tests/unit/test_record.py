"""Records (core/record.py): frozen dataclasses whose bounds are annotations; pydantic
checks them where data comes from a file, and says where."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest
from pydantic import ValidationError

from hyvinvointi_tui.core.model import state
from hyvinvointi_tui.core.model.client_events import ClientEvent, Previous, PreviousGoal
from hyvinvointi_tui.core.model.events import Event, events_adapter
from hyvinvointi_tui.core.model.session_events import SessionEvent, SessionFlowEvent, SetupChanged
from hyvinvointi_tui.core.model.state import SessionState
from hyvinvointi_tui.core.model.step_events import (
    GoalsReordered,
    OrientationRecorded,
    StepEvent,
    StressRated,
)


def test_a_record_is_frozen_and_replace_makes_a_new_one() -> None:
    event = GoalsReordered(step="goals", order=["g1", "g2"])
    unchecked: typing.Any = event  # the type checker refuses the assignment; so does the record
    with pytest.raises(dataclasses.FrozenInstanceError):
        unchecked.step = "other"
    assert event.replace(order=["g2"]).order == ["g2"] and event.order == ["g1", "g2"]
    assert list(event.fields()) == ["t", "kind", "step", "order"]


def test_records_compare_hash_and_show_by_their_fields_as_frozen_dataclasses_do() -> None:
    rated = StressRated(t=1.0, step="stress", value=3)
    same = StressRated(t=1.0, step="stress", value=3)
    assert rated == same and hash(rated) == hash(same) and len({rated, same}) == 1
    assert rated != rated.replace(value=4)
    assert rated != OrientationRecorded(t=1.0, step="stress", value="knew")
    assert (rated == ("stress", 3)) is False  # another type: never equal, no error
    assert repr(rated) == "StressRated(t=1.0, kind='stress_rated', step='stress', value=3)"
    unchecked: typing.Any = rated
    with pytest.raises(dataclasses.FrozenInstanceError):
        unchecked.value = 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        unchecked.colour = "red"  # no new attribute either
    with pytest.raises(dataclasses.FrozenInstanceError):
        del unchecked.value
    read = events_adapter().validate_python([rated.fields()])[0]
    assert read == rated
    with pytest.raises(dataclasses.FrozenInstanceError):
        typing.cast(typing.Any, read).value = 5  # one read from a file is as fixed


def test_a_record_is_made_by_keyword_with_its_defaults_and_its_own_check() -> None:
    made: typing.Any = PreviousGoal
    goal = PreviousGoal(goal_id="g1", text="walk")
    assert (goal.actions, goal.due, goal.source) == ([], "", "talk")
    assert PreviousGoal(goal_id="g2", text="x").actions is not goal.actions  # a new list each
    with pytest.raises(TypeError, match="missing keyword argument 'text'"):
        made(goal_id="g1")
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        made(goal_id="g1", text="walk", colour="red")
    with pytest.raises(TypeError):
        made("g1", "walk")  # keyword-only, as the type checker says
    with pytest.raises(ValueError, match="no time zone"):  # __post_init__ runs
        Previous(session_id="s", created="2026-12-05T10:00:00", protocol_id="p")


def test_pydantic_reads_records_from_data_and_refuses_unknown_keys_and_choices() -> None:
    adapter = events_adapter()
    good = {"kind": "setup_changed", "t": 1.5, "client_code": "K-1", "lang": "sv"}
    assert adapter.validate_python([good]) == [SetupChanged(t=1.5, client_code="K-1", lang="sv")]
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python([{**good, "lang": "de", "colour": "red"}])
    kinds = {error["type"] for error in caught.value.errors()}
    assert kinds == {"literal_error", "unexpected_keyword_argument"}


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"kind": "stress_rated", "step": "stress", "value": 6}, "less than or equal to 5"),
        (
            {
                "kind": "hours_set",
                "step": "t",
                "variant": "now",
                "category": "leisure",
                "hours": 7.25,
            },
            "multiple of 0.5",
        ),
        ({"kind": "goal_added", "step": "g", "goal_id": "1", "text": ""}, "at least 1 character"),
        ({"kind": "appointment_set", "step": "c", "time": "7 pm"}, "should match pattern"),
        (
            {
                "kind": "activity_set",
                "step": "t",
                "activity_id": "a",
                "name": "Gym",
                "category": "leisure",
                "hours": {"now": 25},
            },
            "less than or equal to 24",
        ),
    ],
)
def test_an_impossible_value_in_a_file_is_refused_at_its_place(
    fields: dict[str, object], problem: str
) -> None:
    with pytest.raises(ValidationError) as from_file:
        events_adapter().validate_python([{"t": 1.0, **fields}])
    (error,) = from_file.value.errors()
    assert problem in error["msg"], error
    assert set(error["loc"]) & set(fields), error["loc"]  # said at the field's place


def _kinds(classes: typing.Iterable[type[SessionEvent]]) -> set[str]:
    found: set[str] = set()
    for cls in classes:
        kinds = [f.default for f in dataclasses.fields(cls) if f.name == "kind"]
        found.update(kind for kind in kinds if isinstance(kind, str))
    return found


def _all_subclasses(cls: type[SessionEvent]) -> list[type[SessionEvent]]:
    return [sub for direct in cls.__subclasses__() for sub in [direct, *_all_subclasses(direct)]]


def test_every_event_is_in_the_union_a_file_is_read_against() -> None:
    """Each part of the union has a fold ending in `assert_never` (core/model/state.py), so a
    kind of event left out of the union would be left out of the fold, and of the files."""
    members = typing.get_args(typing.get_args(Event)[0])
    assert _kinds(_all_subclasses(SessionEvent)) == _kinds(members)
    assert len(_kinds(members)) == len(members)  # one kind each


def test_preferences_of_another_form_are_not_saved(tmp_path: Path) -> None:
    """A record built in code is checked where it goes to a file the program reads back."""
    from hyvinvointi_tui.core.model.preferences import Preferences
    from hyvinvointi_tui.store.preferences import read_preferences, save_preferences

    save_preferences(tmp_path, Preferences(theme="nord"))
    with pytest.raises(ValueError, match="pattern"):
        save_preferences(tmp_path, Preferences(theme="Nord Dark"))
    assert read_preferences(tmp_path).theme == "nord"


def test_every_event_of_the_union_has_its_fold() -> None:
    """`SessionState.apply` finds an event's fold by its class: every member of the union
    a file is read against has one, the fold of its own part."""
    members = typing.get_args(typing.get_args(Event)[0])
    assert set(state._FOLDS) == set(members)
    for part, fold in [
        (SessionFlowEvent, SessionState._apply_flow),
        (StepEvent, SessionState._apply_step),
        (ClientEvent, SessionState._apply_client),
    ]:
        assert {state._FOLDS[kind] for kind in typing.get_args(part)} == {fold}


def test_a_mutable_record_is_made_as_a_dataclass_is_and_compared_and_shown_by_its_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import field

    from hyvinvointi_tui.core.model.state_entries import Goal
    from hyvinvointi_tui.core.record import MutableRecord, mutable_record

    def compiled(*args: object) -> None:
        raise AssertionError("a mutable record compiled code as it was declared")

    monkeypatch.setattr("builtins.exec", compiled)

    @mutable_record
    class Tally(MutableRecord):
        name: str
        counts: list[int] = field(default_factory=list)
        done: bool = False

    monkeypatch.undo()
    tally = Tally("walks")
    assert (tally.name, tally.counts, tally.done) == ("walks", [], False)
    assert Tally("x").counts is not tally.counts  # a new list each
    assert Tally("walks", [1], done=True) == Tally(name="walks", counts=[1], done=True)
    assert tally != Tally("runs") and (tally == ("walks", [], False)) is False
    assert repr(tally).endswith(".Tally(name='walks', counts=[], done=False)")  # as a dataclass's
    tally.counts.append(2)
    tally.done = True  # it changes: the fold changes the state in place
    assert tally == Tally("walks", [2], True)
    with pytest.raises(TypeError):
        hash(tally)
    made: typing.Any = Tally
    with pytest.raises(TypeError, match="missing argument 'name'"):
        made()
    with pytest.raises(TypeError, match="multiple values for argument 'name'"):
        made("a", name="b")
    with pytest.raises(TypeError, match="takes 3 arguments, 4 given"):
        made("a", [], False, 1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        made("a", colour="red")
    assert dataclasses.is_dataclass(Tally) and [f.name for f in dataclasses.fields(Tally)] == [
        "name",
        "counts",
        "done",
    ]
    assert dataclasses.replace(Goal("walk"), due="1.1.2027") == Goal("walk", due="1.1.2027")
