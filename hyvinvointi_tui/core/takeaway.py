"""The client's take-away: a plain-language page in the session's language with their goals
and actions and what happens next — nothing of the students' notes, and the instruments'
results only where the students ticked them in at closing.

Built as a small structure first, then written as Markdown or as HTML that prints on one
A4 page.
"""

from __future__ import annotations

import datetime as dt

from ..i18n import t
from .dates import format_hours, format_time, page_date
from .instruments.time_circle import hours_status
from .page import Page, Section
from .protocol import (
    TIME_CATEGORIES,
    ClosingStep,
    GoalsStep,
    OsaStep,
    Protocol,
    StressStep,
    SummaryStep,
    TimeCircleStep,
)
from .state import SessionState
from .text_keys import CRISIS_PLAN_PARTS, crisis_plan_key, focus_key, service_note_key


def build(protocol: Protocol, state: SessionState, created: str) -> Page:
    lang = state.setup.lang
    day = dt.datetime.fromisoformat(created).astimezone().date().isoformat()
    closing = next((s for s in protocol.steps if isinstance(s, ClosingStep)), None)
    parts = set(state.takeaway.get(closing.id, [])) if closing else set()
    if in_crisis(protocol, state):
        # A client in crisis goes home with what was agreed for now, when we meet next and
        # where help is, with its numbers — before anything else.
        sections = [
            _crisis_plan(protocol, state, lang),
            _next(closing, state, lang),
            _help(protocol, state, lang),
            _goals(protocol, state, lang, crisis=True),
        ]
    else:
        sections = [_goals(protocol, state, lang), _next(closing, state, lang)]
        sections.append(_if_worse(protocol, state, lang))
    if state.previous is not None:
        sections.append(changes(protocol, state, parts, lang))
    if "summary" in parts:
        sections += _summary(protocol, state, lang)
    if "stress" in parts:
        sections += _stress(protocol, state, lang)
    if "time_circle" in parts:
        sections += _time_circle(protocol, state, lang)
    if "osa" in parts:
        sections += _osa(protocol, state, lang)
    students = ", ".join(state.setup.students)
    footer = (
        t(lang, "takeaway.footer", students=students)
        if students
        else t(lang, "takeaway.footer_anon")
    )
    return Page(
        lang,
        t(lang, "takeaway.title"),
        t(lang, "takeaway.date", date=page_date(day, lang)),
        [section for section in sections if section.lines],
        footer,
    )


def in_crisis(protocol: Protocol, state: SessionState) -> bool:
    """An acute situation (stress at the crisis level, or a crisis plan written) or an
    emergency during the session."""
    for step in protocol.steps:
        if isinstance(step, StressStep):
            if step.in_crisis(state.stress.get(step.id)):
                return True
            if any(state.text(crisis_plan_key(step.id, part)) for part in CRISIS_PLAN_PARTS):
                return True
    return bool(state.emergencies)


def _crisis_plan(protocol: Protocol, state: SessionState, lang: str) -> Section:
    section = Section(t(lang, "takeaway.plan"), whole=True)
    for step in protocol.steps:
        if isinstance(step, StressStep):
            for part in CRISIS_PLAN_PARTS:
                text = state.text(crisis_plan_key(step.id, part)).strip()
                if text:
                    section.lines.append(t(lang, f"takeaway.plan_{part}", text=text))
    return section


def _help(protocol: Protocol, state: SessionState, lang: str) -> Section:
    """Where to get help, the emergency number first; a contact without a number in this
    language is named all the same (the organisation adds its number)."""
    section = Section(t(lang, "takeaway.help"), whole=True)
    contacts = sorted(state.help_contacts(protocol), key=lambda contact: not contact.emergency)
    for contact in contacts:
        section.lines.append(f"{contact.called(lang, ', ')} — {contact.purpose(lang)}")
    if not any(contact.emergency for contact in contacts):
        section.lines.insert(0, t(lang, "takeaway.help_112"))
    return section


def _if_worse(protocol: Protocol, state: SessionState, lang: str) -> Section:
    """One line on every page: what to do if things get worse."""
    contacts = state.help_contacts(protocol)
    others = [contact.called(lang) for contact in contacts if not contact.emergency]
    line = t(lang, "takeaway.worse_112")
    if others:
        line += " " + t(lang, "takeaway.worse_others", contacts=", ".join(others))
    return Section(t(lang, "takeaway.worse"), [line], whole=True)


def _goals(protocol: Protocol, state: SessionState, lang: str, *, crisis: bool = False) -> Section:
    section = Section(t(lang, "takeaway.goals"), numbered=True)
    for step in protocol.steps:
        if isinstance(step, GoalsStep):
            for goal in state.goals.get(step.id, {}).values():
                line = goal.text
                if goal.due:
                    line += f" ({t(lang, 'goals.by', date=page_date(goal.due, lang))})"
                section.details[len(section.lines)] = list(goal.actions)
                section.lines.append(line)
    if not section.lines and not crisis:  # in a crisis, the plan stands in for goals
        section.lines.append(t(lang, "takeaway.no_goals"))
        section.numbered = False
    return section


def _next(closing: ClosingStep | None, state: SessionState, lang: str) -> Section:
    section = Section(t(lang, "takeaway.next"), whole=True)
    if closing is None:
        return section
    choice = state.closing.get(closing.id)
    focus = state.text(focus_key(closing.id)).strip()
    if choice == "new_appointment":
        appointment = state.appointment.get(closing.id)
        if appointment is not None and appointment.date:
            when = page_date(appointment.date, lang)
            if appointment.time:
                when = t(lang, "takeaway.when", date=when, time=format_time(appointment.time, lang))
            section.lines.append(t(lang, "takeaway.appointment", when=when))
        else:
            section.lines.append(t(lang, "takeaway.appointment_open"))
        if focus:
            section.lines.append(t(lang, "takeaway.focus", focus=focus))
        if state.place:
            section.lines.append(t(lang, "takeaway.place", place=state.place))
    chosen = state.service.get(closing.id, "")
    note = state.text(service_note_key(closing.id)).strip()
    if chosen or note:
        service = next((s for s in state.services(closing) if s.name(lang) == chosen), None)
        line = t(lang, "takeaway.service", service=chosen or note)
        # The service's description in the protocol is guidance for the students: not here.
        if service is not None and service.contact:
            line += f" ({service.contact})"
        section.lines.append(line)
        if chosen and note:
            section.lines.append(note)
    if not section.lines:
        section.lines.append(t(lang, "takeaway.nothing_next"))
    return section


def changes(
    protocol: Protocol,
    state: SessionState,
    parts: set[str],
    lang: str,
    *,
    with_notes: bool = False,
) -> Section:
    """A follow-up: how last time's goals came along, and — for the instruments in `parts`
    (on the client's page: those the students ticked in) — stress, the day and the OSA
    then and now. `with_notes`: the students' note on each goal under it (the debrief's
    views; the client's page leaves them out)."""
    from .follow_up import goal_reviews, hours_now, osa_changes, stress_now

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
        for step in protocol.steps:
            if isinstance(step, OsaStep):
                for change in osa_changes(step, state, lang):
                    then, now_value = change.then.get("competence"), change.now.get("competence")
                    if then and now_value and then != now_value:
                        section.lines.append(
                            t(
                                lang,
                                "takeaway.change_osa",
                                label=change.label,
                                then=then,
                                now=now_value,
                            )
                        )
    return section


def _summary(protocol: Protocol, state: SessionState, lang: str) -> list[Section]:
    found = []
    for step in protocol.steps:
        if isinstance(step, SummaryStep):
            entries = state.summary.get(step.id, {}).values()
            for column in ("strengths", "challenges"):
                lines = [entry.text for entry in entries if entry.column == column]
                # In plain words, not the students' headings ("Haasteet ja muutoskohteet").
                found.append(Section(t(lang, f"takeaway.{column}"), lines))
    return found


def _stress(protocol: Protocol, state: SessionState, lang: str) -> list[Section]:
    lines = []
    for step in protocol.steps:
        if isinstance(step, StressStep) and step.id in state.stress:
            value = state.stress[step.id]
            label = step.levels[value - 1](lang)
            lines.append(t(lang, "takeaway.stress", value=value, label=label))
    return [Section(t(lang, "takeaway.stress_heading"), lines)]


def _time_circle(protocol: Protocol, state: SessionState, lang: str) -> list[Section]:
    lines = []
    for step in protocol.steps:
        if not isinstance(step, TimeCircleStep):
            continue
        whole = {}
        for variant in step.variants:
            hours = state.category_hours(step.id, variant)
            if hours_status(sum(hours.values())).kind == "ok":
                whole[variant] = hours  # only whole days go to the client
        now, ideal = whole.get("now"), whole.get("ideal")
        if now is not None and ideal is not None:
            # As sentences: what the client would like more or less time for, and how much.
            for category in TIME_CATEGORIES:
                change = ideal.get(category, 0.0) - now.get(category, 0.0)
                if abs(change) >= 0.5:
                    key = "takeaway.more_time" if change > 0 else "takeaway.less_time"
                    what = t(lang, f"takeaway.for_{category}")
                    lines.append(t(lang, key, what=what, hours=format_hours(abs(change), lang)))
        if now is not None and not lines:
            day = ", ".join(
                f"{t(lang, f'takeaway.day_{c}')} {format_hours(now.get(c, 0.0), lang)}"
                for c in TIME_CATEGORIES
            )
            lines.append(t(lang, "takeaway.day_now", day=day))
    return [Section(t(lang, "takeaway.time_circle"), lines)]


def hours_line(hours: dict[str, float], lang: str) -> str:
    """ "productive 2 h, leisure 9 h, self-care 13 h": one day of the time circle."""
    return ", ".join(
        f"{t(lang, f'time_circle.{c}_short')} {hours.get(c, 0.0):g} h" for c in TIME_CATEGORIES
    )


def _osa(protocol: Protocol, state: SessionState, lang: str) -> list[Section]:
    lines = []
    for step in protocol.steps:
        if isinstance(step, OsaStep):
            labels = {item.number: item.label(lang) for item in step.items}
            lines += [labels[n] for n in state.osa_priorities.get(step.id, []) if n in labels]
    return [Section(t(lang, "takeaway.osa"), lines, numbered=True)]
