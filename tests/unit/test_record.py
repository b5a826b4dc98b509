"""Records (core/model/record.py): checked when built, frozen, their own lists; pydantic reads
the same rules when the data comes from a file."""

from __future__ import annotations

from typing import Any, cast

import pytest
from pydantic import ValidationError

from hyvinvointi_tui.core.model.events import (
    ActivitySet,
    GoalAdded,
    GoalsReordered,
    SetupChanged,
    events_adapter,
)


def test_building_a_record_checks_choices_patterns_and_nested_bounds() -> None:
    unchecked: Any = SetupChanged  # given what its annotations refuse, as a file could
    with pytest.raises(ValueError, match="lang"):
        unchecked(client_code="K-1", lang="de")
    with pytest.raises(ValueError, match="due"):
        GoalAdded(step="goals", goal_id="g1", text="Walk", due="next week")
    with pytest.raises(ValueError, match="hours"):
        ActivitySet(step="t", activity_id="a", name="Gym", category="leisure", hours={"now": 25})
    with pytest.raises(ValueError, match=r"variant|hours"):
        ActivitySet(
            step="t", activity_id="a", name="Gym", category="leisure", hours=cast(Any, {"x": 1})
        )
    with pytest.raises(TypeError, match="unknown"):
        unchecked(client_code="K-1", lang="fi", colour="red")
    with pytest.raises(TypeError, match="required"):
        unchecked(lang="fi")


def test_a_record_is_frozen_and_keeps_its_own_lists() -> None:
    order = ["g1", "g2"]
    event = GoalsReordered(step="goals", order=order)
    order.append("g3")
    assert event.order == ["g1", "g2"]
    with pytest.raises(AttributeError):
        event.__setattr__("step", "other")
    assert event.replace(order=["g2"]).order == ["g2"] and event.order == ["g1", "g2"]


def test_pydantic_validates_records_from_data_with_the_same_rules() -> None:
    adapter = events_adapter()
    good = {"kind": "setup_changed", "t": 1.5, "client_code": "K-1", "lang": "sv"}
    assert adapter.validate_python([good]) == [SetupChanged(t=1.5, client_code="K-1", lang="sv")]
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python([{**good, "lang": "de", "colour": "red"}])
    kinds = {error["type"] for error in caught.value.errors()}
    assert kinds == {"literal_error", "extra_forbidden"}


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"kind": "stress_rated", "step": "stress", "value": 6}, "should be at most 5"),
        (
            {
                "kind": "hours_set",
                "step": "t",
                "variant": "now",
                "category": "leisure",
                "hours": 7.25,
            },
            "should be a multiple of 0.5",
        ),
        ({"kind": "goal_added", "step": "g", "goal_id": "1", "text": ""}, "is empty"),
        ({"kind": "appointment_set", "step": "c", "time": "7 pm"}, "should match the pattern"),
    ],
)
def test_a_file_and_the_code_are_refused_by_the_same_check(
    fields: dict[str, Any], problem: str
) -> None:
    """One check per bound: building the event in code and reading it from a file (pydantic,
    which says where) give the same words."""
    from pydantic import ValidationError

    from hyvinvointi_tui.core.model import events

    by_kind = {
        cls.__dict__["kind"]: cls
        for cls in vars(events).values()
        if isinstance(cls, type) and issubclass(cls, events.SessionEvent) and "kind" in cls.__dict__
    }
    with pytest.raises(ValueError) as in_code:
        by_kind[fields["kind"]](**{k: v for k, v in fields.items() if k != "kind"})
    assert problem in str(in_code.value)
    with pytest.raises(ValidationError) as from_file:
        events.events_adapter().validate_python([{"t": 1.0, **fields}])
    (error,) = from_file.value.errors()
    assert problem in error["msg"], error
    assert error["loc"][-1] in fields, error["loc"]  # said at the field's place
