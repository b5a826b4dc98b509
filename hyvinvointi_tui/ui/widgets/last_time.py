"""What a follow-up shows of the session before it, beside the step it belongs to: the
opening step gets the overview, the instruments their own values then and now."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from ...core.dates import format_date, session_date
from ...core.events import Previous
from ...core.follow_up import hours_now, osa_changes, stress_now
from ...core.instruments.time_circle import day_bar
from ...core.protocol import TIME_CATEGORIES, OsaStep, Protocol, Step, StressStep
from ...core.state import SessionState
from ...core.takeaway import hours_line
from ...i18n import t


def heading(previous: Previous, lang: str) -> Text:
    text = Text()
    text.append(t(lang, "prev.heading", date=session_date(previous.created, lang)), "bold")
    return text


def overview(protocol: Protocol, previous: Previous, lang: str, order: Sequence[Step]) -> Text:
    """The opening step's summary: focus, stress, goals and the steps offered first."""
    text = heading(previous, lang)
    if previous.focus:
        text.append("\n" + t(lang, "prev.focus", focus=previous.focus))
    text.append("\n")
    text.append_text(stress_then(protocol, previous, lang))
    goals = previous.goals
    text.append("\n" + t(lang, "prev.goals" if goals else "prev.no_goals"), "bold" if goals else "")
    for number, goal in enumerate(goals, 1):
        text.append(f"\n{number}. {goal.text}")
        if goal.due:
            text.append(f" ({t(lang, 'goals.by', date=format_date(goal.due, lang))})", "dim")
        for action in goal.actions:
            text.append(f"\n   – {action}")
    moved = [step for step in order if step.kind in previous.deferred]
    if moved:
        titles = ", ".join(step.title(lang) for step in moved)
        text.append("\n\n" + t(lang, "prev.deferred", steps=titles), "bold")
    return text


def _stress_step(protocol: Protocol) -> StressStep | None:
    return next((s for s in protocol.steps if isinstance(s, StressStep)), None)


def stress_then(protocol: Protocol, previous: Previous, lang: str) -> Text:
    step = _stress_step(protocol)
    if not previous.stress or step is None:
        return Text(t(lang, "prev.stress_none"))
    label = step.levels[previous.stress - 1](lang)
    style = "bold red" if previous.stress >= step.crisis_from else ""
    return Text(t(lang, "prev.stress", value=previous.stress, label=label), style)


def _start(previous: Previous, lang: str, headed: bool) -> Text:
    """A panel starts with last time's date, unless it is one of several under it."""
    return heading(previous, lang) if headed else Text()


def stress_change(
    protocol: Protocol, state: SessionState, lang: str, *, headed: bool = True
) -> Text:
    """The stress step's panel: the rating then, and then against now once rated."""
    previous = state.previous
    assert previous is not None
    text = _start(previous, lang, headed)
    text.append("\n")
    text.append_text(stress_then(protocol, previous, lang))
    now = stress_now(protocol, state)
    if now is not None and previous.stress:
        text.append("\n" + t(lang, "prev.stress_change", then=previous.stress, now=now), "bold")
    return text


def hours_change(
    protocol: Protocol, state: SessionState, lang: str, *, headed: bool = True
) -> Text:
    """The time circle's panel: last time's now and ideal beside today's now."""
    previous = state.previous
    assert previous is not None
    text = _start(previous, lang, headed)
    rows = [
        ("prev.hours_then", previous.hours.get("now", {})),
        ("prev.hours_ideal", previous.hours.get("ideal", {})),
        ("prev.hours_today", hours_now(protocol, state)),
    ]
    if not any(hours for _, hours in rows[:2]):
        text.append("\n" + t(lang, "prev.hours_none"))
    for key, hours in rows:
        if not hours:
            continue
        text.append(f"\n{t(lang, key)}", "bold")
        # One character an hour: the panel is narrower than the 48 half hours.
        text.append(f"\n{day_bar(hours, TIME_CATEGORIES)[::2]}\n{hours_line(hours, lang)}")
    then, now = rows[0][1], rows[2][1]
    if then and now:
        change = {c: now.get(c, 0.0) - then.get(c, 0.0) for c in TIME_CATEGORIES}
        changes = ", ".join(
            f"{t(lang, f'time_circle.{c}_short')} {'±0' if not change[c] else f'{change[c]:+g}'} h"
            for c in TIME_CATEGORIES
        )
        text.append("\n" + t(lang, "prev.hours_change", changes=changes), "bold")
    return text


def osa_change(step: OsaStep, state: SessionState, lang: str, *, headed: bool = True) -> Text:
    """The OSA panel: the items chosen last time, and each item rated both times."""
    previous = state.previous
    assert previous is not None
    text = _start(previous, lang, headed)
    if not previous.osa:
        text.append("\n" + t(lang, "prev.osa_none"))
        return text
    labels = {item.number: item.label(lang) for item in step.items}
    if previous.osa_priorities:
        items = ", ".join(f"{n}. {labels.get(n, '')}" for n in previous.osa_priorities)
        text.append("\n" + t(lang, "prev.osa_priorities", items=items))
    changes = osa_changes(step, state, lang)
    if not changes:
        text.append("\n" + t(lang, "prev.osa_rated", count=len(previous.osa)))
        return text
    text.append("\n" + t(lang, "prev.osa_heading"), "bold")
    for change in changes:
        then = f"{change.then.get('competence', '–')} · {change.then.get('value', '–')}"
        now = f"{change.now.get('competence', '–')} · {change.now.get('value', '–')}"
        text.append(
            "\n"
            + t(lang, "prev.osa_line", item=change.item, label=change.label, then=then, now=now)
        )
    return text
