"""Follow-up sessions: what one carries from the session before it, the order in which it
offers its steps, and what has changed since.

The earlier session is read once, when the follow-up starts, into a `Previous` that the
follow-up records as an event; everything here works from that record alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.client_events import CONSENT_ITEMS, Previous, PreviousGoal
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.steps import TIME_CATEGORIES, ClosingStep, OsaStep, Step, StressStep, TimeCircleStep
from ..model.text_keys import focus_key, review_note_key
from ..record import Record, record


def previous_of(
    protocol: Protocol, *, session_id: str, created: str, state: SessionState
) -> Previous:
    """The record a follow-up keeps of a (closed) session: its goals, stress, time circles,
    OSA, summary, agreed focus and the steps it deferred."""
    kinds = {step.id: step.kind for step in protocol.steps}
    closing = next((s for s in protocol.steps if isinstance(s, ClosingStep)), None)
    hours: dict[str, dict[str, float]] = {}
    osa: dict[int, dict[str, int]] = {}
    priorities: list[int] = []
    for step in protocol.steps:
        if isinstance(step, TimeCircleStep):
            for variant in step.variants:
                day = state.category_hours(step.id, variant)
                if day:
                    hours[variant] = {c: day.get(c, 0.0) for c in TIME_CATEGORIES}
        elif isinstance(step, OsaStep):
            osa = {item: dict(scales) for item, scales in state.osa.get(step.id, {}).items()}
            priorities = list(state.osa_priorities.get(step.id, []))
    goals = [
        PreviousGoal(
            goal_id=goal_id, text=goal.text, actions=goal.actions, due=goal.due, source=goal.source
        )
        for step_goals in state.goals.values()
        for goal_id, goal in step_goals.items()
    ]
    entries = [entry for step in state.summary.values() for entry in step.values()]
    earlier = state.previous.session_id if state.previous is not None else ""
    return Previous(
        session_id=session_id,
        created=created,
        protocol_id=protocol.id,
        follow_up_of=earlier,
        focus=state.text(focus_key(closing.id)).strip() if closing else "",
        stress=stress_now(protocol, state) or 0,
        hours=hours,
        osa=osa,
        osa_priorities=priorities,
        goals=goals,
        deferred=[kinds[step] for step in state.deferred if step in kinds],
        feedback=dict(state.feedback),
        strengths=[entry.text for entry in entries if entry.column == "strengths"][:60],
        challenges=[entry.text for entry in entries if entry.column == "challenges"][:60],
        consent={item: given for item, given in state.consent.items() if item in CONSENT_ITEMS},
    )


def step_order(protocol: Protocol, state: SessionState) -> list[Step]:
    """The steps in the order the session offers them: a follow-up takes the steps the
    previous session deferred first, straight after its opening step."""
    steps = list(protocol.steps)
    deferred = state.previous.deferred if state.previous is not None else []
    if not deferred or len(steps) < 2:
        return steps
    first, rest = steps[0], steps[1:]
    moved = [step for step in rest if step.kind in deferred]
    return [first, *moved, *(step for step in rest if step not in moved)]


@record
class GoalReview(Record):
    goal: PreviousGoal
    progress: str | None  # achieved / partly / not_yet / dropped, None if not reviewed yet
    note: str


def goal_reviews(protocol: Protocol, state: SessionState) -> list[GoalReview]:
    """Each previous goal with how far it has come, as the review step has it."""
    if state.previous is None:
        return []
    review = next((s for s in protocol.steps if s.kind == "review"), None)
    found = state.reviews.get(review.id, {}) if review else {}
    return [
        GoalReview(
            goal=goal,
            progress=found.get(goal.goal_id),
            note=state.text(review_note_key(review.id, goal.goal_id)).strip() if review else "",
        )
        for goal in state.previous.goals
    ]


def stress_now(protocol: Protocol, state: SessionState) -> int | None:
    """The session's stress rating: its first stress step's (None if not rated)."""
    for step in protocol.steps:
        if isinstance(step, StressStep) and step.id in state.stress:
            return state.stress[step.id]
    return None


def hours_now(protocol: Protocol, state: SessionState, variant: str = "now") -> dict[str, float]:
    """This session's day in one variant (empty when not entered or not 24 h)."""
    for step in protocol.steps:
        if isinstance(step, TimeCircleStep):
            day = state.category_hours(step.id, variant)
            if sum(day.values()) == 24:
                return {c: day.get(c, 0.0) for c in TIME_CATEGORIES}
    return {}


@record
class OsaChange(Record):
    item: int
    label: str
    then: dict[str, int]
    now: dict[str, int]


def osa_changes(step: OsaStep, state: SessionState, lang: str) -> list[OsaChange]:
    """The step's OSA items rated both then and now, in item order (a repeated OSA)."""
    if state.previous is None:
        return []
    now = state.osa.get(step.id, {})
    return [
        OsaChange(item=item.number, label=item.label(lang), then=before, now=now[item.number])
        for item in step.items
        if (before := state.previous.osa.get(item.number)) and now.get(item.number)
    ]


def competence_changes(
    protocol: Protocol, state: SessionState, lang: str
) -> Iterator[tuple[str, int, int]]:
    """(label, then, now) of each OSA item whose competence was rated differently then and
    now, over the protocol's OSA steps in order: what a follow-up tells of the OSA."""
    for step in protocol.steps:
        if isinstance(step, OsaStep):
            for change in osa_changes(step, state, lang):
                then, now = change.then.get("competence"), change.now.get("competence")
                if then and now and then != now:
                    yield change.label, then, now
