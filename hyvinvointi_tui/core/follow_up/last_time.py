"""What a follow-up shows of the session before it, beside the step it belongs to, as
sections: the opening step gets the overview, the instruments their own values then and now.
The facts are the ones the debrief's comparison uses (`core/follow_up/carried.py`)."""

from __future__ import annotations

from collections.abc import Sequence

from ...i18n import t
from ..dates import format_change, format_date, session_date
from ..instruments.time_circle import day_bar, hours_line
from ..model.client_events import Previous
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.steps import TIME_CATEGORIES, OsaStep, Step, StressStep
from ..page import Section
from .carried import competence_changes, goal_reviews, hours_now, osa_changes, stress_now


def _panel(previous: Previous, lang: str) -> Section:
    return Section(t(lang, "prev.heading", date=session_date(previous.created, lang)))


def _followed(state: SessionState, lang: str) -> tuple[Previous, Section]:
    """What a follow-up carries from last time, and the panel that shows it."""
    previous = state.previous
    assert previous is not None, "only a follow-up has last time's values"
    return previous, _panel(previous, lang)


def _stress_step(protocol: Protocol) -> StressStep | None:
    return next((s for s in protocol.steps if isinstance(s, StressStep)), None)


def _stress_then(protocol: Protocol, previous: Previous, lang: str, section: Section) -> None:
    step = _stress_step(protocol)
    if not previous.stress or step is None:
        section.lines.append(t(lang, "prev.stress_none"))
        return
    if step.in_crisis(previous.stress):
        section.marked.add(len(section.lines))
    label = step.levels[previous.stress - 1](lang)
    section.lines.append(t(lang, "prev.stress", value=previous.stress, label=label))


def _strong(section: Section, line: str) -> None:
    section.strong.add(len(section.lines))
    section.lines.append(line)


def overview(protocol: Protocol, previous: Previous, lang: str, order: Sequence[Step]) -> Section:
    """The opening step's panel: focus, stress, goals and the steps offered first."""
    section = _panel(previous, lang)
    if previous.focus:
        section.lines.append(t(lang, "prev.focus", focus=previous.focus))
    _stress_then(protocol, previous, lang, section)
    goals = previous.goals
    if goals:
        _strong(section, t(lang, "prev.goals"))
    else:
        section.lines.append(t(lang, "prev.no_goals"))
    for number, goal in enumerate(goals, 1):
        due = f" ({t(lang, 'goals.by', date=format_date(goal.due, lang))})" if goal.due else ""
        section.details[len(section.lines)] = list(goal.actions)
        section.lines.append(f"{number}. {goal.text}{due}")
    moved = [step for step in order if step.kind in previous.deferred]
    if moved:
        titles = ", ".join(step.title(lang) for step in moved)
        _strong(section, t(lang, "prev.deferred", steps=titles))
    return section


def stress_change(protocol: Protocol, state: SessionState, lang: str) -> Section:
    """The stress step's panel: the rating then, and then against now once rated."""
    previous, section = _followed(state, lang)
    _stress_then(protocol, previous, lang, section)
    now = stress_now(protocol, state)
    if now is not None and previous.stress:
        _strong(section, t(lang, "prev.stress_change", then=previous.stress, now=now))
    return section


def hours_change(protocol: Protocol, state: SessionState, lang: str) -> Section:
    """The time circle's panel: last time's now and ideal beside today's now."""
    previous, section = _followed(state, lang)
    rows = [
        ("prev.hours_then", previous.hours.get("now", {})),
        ("prev.hours_ideal", previous.hours.get("ideal", {})),
        ("prev.hours_today", hours_now(protocol, state)),
    ]
    if not any(hours for _, hours in rows[:2]):
        section.lines.append(t(lang, "prev.hours_none"))
    for key, hours in rows:
        if hours:
            _strong(section, t(lang, key))
            # One character an hour: the panel is narrower than the 48 half hours.
            section.lines += [day_bar(hours, TIME_CATEGORIES)[::2], hours_line(hours, lang)]
    then, now = rows[0][1], rows[2][1]
    if then and now:
        change = {c: now.get(c, 0.0) - then.get(c, 0.0) for c in TIME_CATEGORIES}
        changes = ", ".join(
            f"{t(lang, f'time_circle.{c}_short')} {format_change(change[c], lang)}"
            for c in TIME_CATEGORIES
        )
        _strong(section, t(lang, "prev.hours_change", changes=changes))
    return section


def osa_change(step: OsaStep, state: SessionState, lang: str) -> Section:
    """The OSA panel: the items chosen last time, and each item rated both times."""
    previous, section = _followed(state, lang)
    if not previous.osa:
        section.lines.append(t(lang, "prev.osa_none"))
        return section
    labels = {item.number: item.label(lang) for item in step.items}
    if previous.osa_priorities:
        items = ", ".join(f"{n}. {labels.get(n, '')}" for n in previous.osa_priorities)
        section.lines.append(t(lang, "prev.osa_priorities", items=items))
    changes = osa_changes(step, state, lang)
    if not changes:
        section.lines.append(t(lang, "prev.osa_rated", count=len(previous.osa)))
        return section
    _strong(section, t(lang, "prev.osa_heading"))
    for change in changes:
        then = f"{change.then.get('competence', '–')} · {change.then.get('value', '–')}"
        now = f"{change.now.get('competence', '–')} · {change.now.get('value', '–')}"
        section.lines.append(
            t(lang, "prev.osa_line", item=change.item, label=change.label, then=then, now=now)
        )
    return section


def summary_then(state: SessionState, lang: str) -> Section:
    """The summary step's panel: the strengths and the challenges shared last time."""
    previous, section = _followed(state, lang)
    if not previous.strengths and not previous.challenges:
        section.lines.append(t(lang, "prev.summary_none"))
        return section
    for column, entries in (("strengths", previous.strengths), ("challenges", previous.challenges)):
        if entries:
            _strong(section, t(lang, f"summary.{column}"))
            section.lines += [f"• {entry}" for entry in entries]
    return section


def changes(
    protocol: Protocol,
    state: SessionState,
    parts: set[str],
    lang: str,
    *,
    with_notes: bool = False,
) -> Section:
    """A follow-up for the students and the teacher (the debrief's views): how last time's
    goals came along, and — for the instruments in `parts` — stress, the day and the OSA
    then and now, in the instruments' figures. `with_notes`: the students' note on each
    goal under it. (The client's page says the same in words: `_changes`.)"""
    section = Section(t(lang, "takeaway.changes"))
    previous = state.previous
    assert previous is not None
    for review in goal_reviews(protocol, state):
        if review.progress is not None:
            progress = t(lang, f"review.progress_{review.progress}")
            if with_notes and review.note:
                section.details[len(section.lines)] = [review.note]
            section.lines.append(
                t(lang, "takeaway.change_goal", goal=review.goal.text, progress=progress)
            )
    now = stress_now(protocol, state)
    if "stress" in parts and previous.stress and now is not None:
        section.lines.append(t(lang, "takeaway.change_stress", then=previous.stress, now=now))
    day_then, day_now = previous.hours.get("now", {}), hours_now(protocol, state)
    if "time_circle" in parts and day_then and day_now:
        section.lines.append(
            t(
                lang,
                "takeaway.change_day",
                then=hours_line(day_then, lang),
                now=hours_line(day_now, lang),
            )
        )
    if "osa" in parts:
        for label, then, now_value in competence_changes(protocol, state, lang):
            section.lines.append(
                t(lang, "takeaway.change_osa", label=label, then=then, now=now_value)
            )
    return section
