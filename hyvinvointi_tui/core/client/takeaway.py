"""The client's take-away: a plain-language page in the session's language with their goals
and actions and what happens next — nothing of the students' notes, and the instruments'
results only where the students ticked them in at closing.

The page speaks to the client ("you would like more time for…"), never about them: no
instrument names or numbers (no "OSA 14", no stress level "5/5"), the stress once. Lines the
summary took from an instrument as suggested are said again in the client's words; lines the
students wrote or edited are theirs, less the program's own item markers ("(OSA 14)").

Built as a small structure first, then written as Markdown or as HTML that prints on one
A4 side, or both sides of one sheet for the heaviest session (`core/page.py`).
"""

from __future__ import annotations

import datetime as dt
import re

from ...i18n import t
from ..dates import format_time, page_date
from ..follow_up.carried import competence_changes, goal_reviews, hours_now, stress_now
from ..instruments.summary import Suggestion, suggestions
from ..instruments.time_circle import differences
from ..model.help_contacts import Service
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.state_entries import SummaryEntry
from ..model.steps import (
    TIME_CATEGORIES,
    ClosingStep,
    GoalsStep,
    OsaStep,
    StressStep,
    SummaryStep,
)
from ..model.text_keys import CRISIS_PLAN_PARTS, crisis_plan_key, focus_key, service_note_key
from ..page import CLIENT_FONT_PT, Page, Section
from . import your_day
from .help import help_section, if_worse
from .your_day import hours_words


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
            help_section(protocol, state, lang),
            _goals(protocol, state, lang, crisis=True),
        ]
    else:
        sections = [_goals(protocol, state, lang), _next(closing, state, lang)]
        sections.append(if_worse(protocol, state, lang))
    # The stress once: in what changed since last time, else in its own section when ticked,
    # else in the summary when the students took the instrument's line into it.
    stress_changed = _stress_change(protocol, state, parts, lang)
    if state.previous is not None:
        sections.append(_changes(protocol, state, parts, lang, stress_changed))
    if "summary" in parts:
        sections += _summary(protocol, state, lang, parts)
    if "stress" in parts and not stress_changed:
        sections.append(_stress(protocol, state, lang))
    if "time_circle" in parts:
        sections.append(your_day.section(protocol, state, lang))
    if "osa" in parts:
        sections.append(_osa(protocol, state, lang))
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
        # One side when it fits there; both sides of one sheet at most, in type a client
        # reads (never smaller than 12 pt), the crisis plan, next steps and help in front.
        sheets=2,
        font_pt=CLIENT_FONT_PT,
        min_font_pt=CLIENT_FONT_PT,
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
            section.lines.append(t(lang, "takeaway.next_meeting", when=when))
        else:
            section.lines.append(t(lang, "takeaway.appointment_open"))
        if focus:
            section.lines.append(t(lang, "takeaway.focus", focus=focus))
        if state.place:
            section.lines.append(t(lang, "takeaway.place", place=state.place))
        # Whom to tell when the time does not suit: the course's contact, or, where the
        # course gives none, the students, asked there and then.
        if state.appointments:
            section.lines.append(t(lang, "takeaway.cancel", contact=state.appointments))
        else:
            section.lines.append(t(lang, "takeaway.cancel_ask"))
    chosen = state.service.get(closing.id, "")
    note = state.text(service_note_key(closing.id)).strip()
    if chosen or note:
        service = next((s for s in state.services(closing) if s.name(lang) == chosen), None)
        line = t(lang, "takeaway.service", service=chosen or note)
        # The service's description in the protocol is guidance for the students: not here.
        if service is not None and (reach := _reach(service, lang)):
            line += f" ({reach})"
        section.lines.append(line)
        if chosen and note:
            section.lines.append(note)
    if not section.lines:
        section.lines.append(t(lang, "takeaway.nothing_next"))
    return section


def _reach(service: Service, lang: str) -> str:
    """How to reach a service, as its entry gives it: "tel. 09 123 4567, example.fi"."""
    phone = t(lang, "takeaway.phone", phone=service.phone) if service.phone else ""
    return ", ".join(part for part in (service.contact, phone, service.web) if part)


def _changes(
    protocol: Protocol, state: SessionState, parts: set[str], lang: str, stress: str
) -> Section:
    """A follow-up's changes since last time, told to the client: each goal as a sentence,
    the stress in the scale's words (`stress`, "" when not shown), the day in hours, and
    OSA items that go better or worse — no figures of the instruments."""
    section = Section(t(lang, "takeaway.changes"))
    previous = state.previous
    assert previous is not None
    for review in goal_reviews(protocol, state):
        if review.progress is not None:
            section.lines.append(t(lang, f"takeaway.goal_{review.progress}", goal=review.goal.text))
    if stress:
        section.lines.append(stress)
    day_then, day_now = previous.hours.get("now", {}), hours_now(protocol, state)
    if "time_circle" in parts and day_then and day_now:
        moved = False
        for category in TIME_CATEGORIES:
            change = day_now.get(category, 0.0) - day_then.get(category, 0.0)
            if abs(change) >= 0.5:
                moved = True
                key = "takeaway.more_than_before" if change > 0 else "takeaway.less_than_before"
                what = t(lang, f"takeaway.for_{category}")
                section.lines.append(t(lang, key, what=what, hours=hours_words(abs(change), lang)))
        if not moved:
            section.lines.append(t(lang, "takeaway.day_same"))
    if "osa" in parts:
        for label, then, now in competence_changes(protocol, state, lang):
            key = "takeaway.osa_better" if now > then else "takeaway.osa_worse"
            section.lines.append(t(lang, key, label=label))
    return section


def _stress_change(protocol: Protocol, state: SessionState, parts: set[str], lang: str) -> str:
    """A follow-up's stress then and now in the scale's words, when the stress is ticked in
    and rated both times ("" otherwise)."""
    previous = state.previous
    step = next((s for s in protocol.steps if isinstance(s, StressStep)), None)
    now = stress_now(protocol, state)
    if previous is None or step is None or "stress" not in parts:
        return ""
    if not previous.stress or now is None:
        return ""
    then_label, now_label = step.levels[previous.stress - 1](lang), step.levels[now - 1](lang)
    return t(lang, "takeaway.stress_then_now", then=then_label, now=now_label)


def _summary(protocol: Protocol, state: SessionState, lang: str, parts: set[str]) -> list[Section]:
    """The summary's two lists; an instrument's line taken as suggested is left to that
    instrument's own section when it is ticked in too (said once)."""
    offered = {suggestion.key: suggestion for suggestion in suggestions(protocol, state, lang)}
    found = []
    for step in protocol.steps:
        if isinstance(step, SummaryStep):
            entries = state.summary.get(step.id, {}).values()
            for column in ("strengths", "challenges"):
                lines = []
                for entry in entries:
                    if entry.column == column:
                        line = _client_line(protocol, state, entry, offered, lang, parts)
                        if line:
                            lines.append(line)
                # In plain words, not the students' headings ("Haasteet ja muutoskohteet").
                found.append(Section(t(lang, f"takeaway.{column}"), lines))
    return found


# The program's own marker of an OSA item in a summary line ("Päivärytmi (OSA 14)"): the
# number is for the students.
_ITEM_MARKER = re.compile(r"\s*\(OSA\s*\d+\)")


def _client_line(
    protocol: Protocol,
    state: SessionState,
    entry: SummaryEntry,
    offered: dict[str, Suggestion],
    lang: str,
    parts: set[str],
) -> str:
    """A summary line as the client's page says it: an instrument's suggestion taken as it
    was offered, in the client's words ("" when its instrument's section says it: the
    stress, the day's hours, what the client wants to change); a line the students wrote
    or edited, as they wrote it, less the OSA item markers."""
    suggestion = offered.get(entry.suggestion) if entry.suggestion else None
    if suggestion is None or entry.text != suggestion.text:
        return _ITEM_MARKER.sub("", entry.text).strip()
    kind, step_id, *rest = suggestion.key.split(":")
    step = next((s for s in protocol.steps if s.id == step_id), None)
    if kind == "stress" and isinstance(step, StressStep):
        if "stress" in parts:
            return ""
        return _stress_line(step, state.stress[step.id], lang)
    if kind == "time" and rest:
        if "time_circle" in parts:
            return ""
        category = rest[0]
        now = state.category_hours(step_id, "now")
        ideal = state.category_hours(step_id, "ideal")
        change = differences(now, ideal, TIME_CATEGORIES)[category]
        key = "takeaway.more_time" if change > 0 else "takeaway.less_time"
        what = t(lang, f"takeaway.for_{category}")
        return t(lang, key, what=what, hours=hours_words(abs(change), lang))
    if kind in ("osa", "osa_s") and isinstance(step, OsaStep) and rest:
        number = int(rest[0])
        label = next(item.label(lang) for item in step.items if item.number == number)
        if kind == "osa_s":
            key = "takeaway.goes_well"
        elif number in state.osa_priorities.get(step.id, []):
            if "osa" in parts:
                return ""
            key = "takeaway.want_change"
        else:
            key = "takeaway.hard_now"
        return t(lang, key, label=_lower_first(label))
    return _ITEM_MARKER.sub("", entry.text).strip()


def _lower_first(label: str) -> str:
    """ "Päivärytmi" → "päivärytmi" after a colon; an acronym ("ICT-taidot") stays."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _stress_line(step: StressStep, value: int, lang: str) -> str:
    return t(lang, "takeaway.stress_now", label=step.levels[value - 1](lang))


def _stress(protocol: Protocol, state: SessionState, lang: str) -> Section:
    lines = [
        _stress_line(step, state.stress[step.id], lang)
        for step in protocol.steps
        if isinstance(step, StressStep) and step.id in state.stress
    ]
    return Section(t(lang, "takeaway.stress_heading"), lines)


def _osa(protocol: Protocol, state: SessionState, lang: str) -> Section:
    lines = []
    for step in protocol.steps:
        if isinstance(step, OsaStep):
            labels = {item.number: item.label(lang) for item in step.items}
            lines += [labels[n] for n in state.osa_priorities.get(step.id, []) if n in labels]
    return Section(t(lang, "takeaway.osa"), lines, numbered=True)
