"""What each step of a session shows in the client's copy of their data
(`core/client/access_copy.py`): the answers and ratings given in it, the students' notes
of it, and the notes added to it after closing, with their dates."""

from __future__ import annotations

import datetime as dt

from ...i18n import t
from ..dates import format_hours, format_time, page_date
from ..follow_up.carried import goal_reviews
from ..instruments.time_circle import hours_line
from ..model.client_events import CONSENT_ITEMS, FEEDBACK_QUESTIONS, FEEDBACK_SCALE
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.steps import (
    ClosingStep,
    GoalsStep,
    OrientationStep,
    OsaStep,
    ReviewStep,
    Step,
    StressStep,
    SummaryStep,
    TimeCircleStep,
)
from ..model.text_keys import (
    CRISIS_PLAN_PARTS,
    crisis_plan_key,
    feedback_key,
    focus_key,
    notes_key,
    review_note_key,
    service_note_key,
)
from ..page import Section


def moment(created: str, seconds: float, lang: str) -> str:
    """An instant of a session as a date and a time of day ("4.12.2026 klo 10.17")."""
    when = (dt.datetime.fromisoformat(created) + dt.timedelta(seconds=seconds)).astimezone()
    return t(
        lang,
        "access.at",
        date=page_date(when.date().isoformat(), lang),
        time=format_time(f"{when:%H:%M}", lang),
    )


def add_text(section: Section, label: str, text: str) -> None:
    """A text as it was written, under its label (it keeps its own lines)."""
    if text.strip():
        section.details[len(section.lines)] = [text.strip()]
        section.lines.append(label)
        section.strong.add(len(section.lines) - 1)


def step_section(
    step: Step, protocol: Protocol, state: SessionState, created: str, lang: str, used: set[str]
) -> Section:
    """One step of the session: what was answered and rated in it, then the students'
    notes of it, then the notes added to it after closing. The text fields shown are
    added to `used`."""
    section = Section(step.title(lang))

    def typed(label: str, key: str) -> None:
        used.add(key)
        add_text(section, label, state.text(key))

    if isinstance(step, OrientationStep):
        _orientation(step, state, created, lang, section)
    elif isinstance(step, StressStep):
        _stress(step, state, lang, section)
        for part in CRISIS_PLAN_PARTS:
            typed(t(lang, f"stress.plan_{part}"), crisis_plan_key(step.id, part))
    elif isinstance(step, TimeCircleStep):
        _time_circle(step, state, lang, section)
    elif isinstance(step, OsaStep):
        _osa(step, state, lang, section)
    elif isinstance(step, SummaryStep):
        _summary(step, state, lang, section)
    elif isinstance(step, GoalsStep):
        _goals(step, state, lang, section)
    elif isinstance(step, ReviewStep):
        _review(step, protocol, state, lang, section, used)
    elif isinstance(step, ClosingStep):
        _closing(step, state, lang, section)
        typed(t(lang, "closing.focus"), focus_key(step.id))
        typed(t(lang, "closing.service_other"), service_note_key(step.id))
        _feedback(step, state, lang, section)
        typed(t(lang, "access.feedback_comment"), feedback_key(step.id))
    typed(t(lang, "access.notes"), notes_key(step.id))
    for instant, noted, text in state.after_closing:
        if noted == step.id:
            label = t(lang, "access.added_after", when=moment(created, instant, lang))
            add_text(section, label, text)
    return section


def _stress(step: StressStep, state: SessionState, lang: str, section: Section) -> None:
    if step.id in state.stress:
        value = state.stress[step.id]
        level = step.levels[value - 1](lang)
        section.lines.append(t(lang, "access.stress", value=value, label=level))


def _summary(step: SummaryStep, state: SessionState, lang: str, section: Section) -> None:
    for entry in state.summary.get(step.id, {}).values():
        section.lines.append(f"{t(lang, f'summary.{entry.column}')}: {entry.text}")
    if step.id in state.agreed:
        agreed = "agreed" if state.agreed[step.id] else "not_agreed"
        section.lines.append(t(lang, f"access.summary_{agreed}"))


def _goals(step: GoalsStep, state: SessionState, lang: str, section: Section) -> None:
    for goal in state.goals.get(step.id, {}).values():
        line = t(lang, "access.goal", goal=goal.text)
        if goal.due:
            line += f" ({t(lang, 'goals.by', date=page_date(goal.due, lang))})"
        section.details[len(section.lines)] = [
            t(lang, "access.action", action=action) for action in goal.actions
        ]
        section.lines.append(line)


def _review(
    step: ReviewStep,
    protocol: Protocol,
    state: SessionState,
    lang: str,
    section: Section,
    used: set[str],
) -> None:
    for review in goal_reviews(protocol, state):
        used.add(review_note_key(step.id, review.goal.goal_id))
        if review.progress is None and not review.note:
            continue
        progress = t(
            lang,
            f"review.progress_{review.progress}" if review.progress else "review.not_reviewed",
        )
        section.details[len(section.lines)] = [review.note] if review.note else []
        section.lines.append(
            t(lang, "takeaway.change_goal", goal=review.goal.text, progress=progress)
        )


def _orientation(
    step: OrientationStep, state: SessionState, created: str, lang: str, section: Section
) -> None:
    if step.id in state.orientation:
        section.lines.append(t(lang, f"access.orientation_{state.orientation[step.id]}"))
    for item in CONSENT_ITEMS:
        if item in state.consent:
            answer = t(lang, "consent.yes" if state.consent[item] else "consent.no")
            when = moment(created, state.consent_at.get(item, 0.0), lang)
            section.lines.append(
                t(lang, "access.consent", item=t(lang, f"consent.{item}"), answer=answer, when=when)
            )


def _time_circle(step: TimeCircleStep, state: SessionState, lang: str, section: Section) -> None:
    for variant in step.variants:
        hours = state.category_hours(step.id, variant)
        if hours:
            name = t(lang, f"time_circle.variant_{variant}")
            section.lines.append(f"{name}: {hours_line(hours, lang)}")
    for activity in state.activities.get(step.id, {}).values():
        category = t(lang, f"time_circle.{activity.category}_short")
        spent = ", ".join(
            f"{t(lang, f'time_circle.variant_{variant}').lower()} "
            + format_hours(activity.hours[variant], lang)
            for variant in step.variants
            if variant in activity.hours
        )
        section.lines.append(
            t(lang, "access.activity", name=activity.name, category=category, hours=spent or "–")
        )


def _osa(step: OsaStep, state: SessionState, lang: str, section: Section) -> None:
    ratings = state.osa.get(step.id, {})
    if ratings:
        section.lines.append(t(lang, "access.osa_scale"))
    for item in step.items:
        rated = ratings.get(item.number)
        if not rated:
            continue
        scales = ", ".join(
            f"{t(lang, f'osa.{scale}').lower()} {rated[scale]}/4"
            for scale in ("competence", "value")
            if scale in rated
        )
        section.lines.append(f"{item.number}. {item.label(lang)}: {scales}")
    labels = {item.number: item.label(lang) for item in step.items}
    chosen = [labels.get(n, str(n)) for n in state.osa_priorities.get(step.id, [])]
    if chosen:
        section.details[len(section.lines)] = [
            f"{rank}. {label}" for rank, label in enumerate(chosen, 1)
        ]
        section.lines.append(t(lang, "access.osa_priorities"))


def _closing(step: ClosingStep, state: SessionState, lang: str, section: Section) -> None:
    choice = state.closing.get(step.id)
    if choice is not None:
        section.lines.append(t(lang, "access.closing", choice=t(lang, f"closing.{choice}")))
    appointment = state.appointment.get(step.id)
    if appointment is not None and appointment.date:
        when = page_date(appointment.date, lang)
        if appointment.time:
            time = format_time(appointment.time, lang)
            when = t(lang, "takeaway.when", date=when, time=time)
        section.lines.append(t(lang, "takeaway.appointment", when=when))
    reasons = state.reasons.get(step.id, [])
    if reasons:
        why = ", ".join(t(lang, f"reasons.{reason}") for reason in reasons)
        section.lines.append(t(lang, "reasons.line", reasons=why))
    service = state.service.get(step.id, "")
    if service:
        section.lines.append(f"{t(lang, 'closing.service')}: {service}")


def _feedback(step: ClosingStep, state: SessionState, lang: str, section: Section) -> None:
    for question in FEEDBACK_QUESTIONS:
        if question in state.feedback:
            section.lines.append(feedback_line(question, state.feedback[question], lang))


def feedback_line(question: str, level: int, lang: str) -> str:
    """One of the client's answers on how the session went, in words and on its scale."""
    return t(
        lang,
        "access.feedback",
        question=t(lang, f"feedback.{question}"),
        value=level,
        scale=FEEDBACK_SCALE,
        answer=t(lang, f"feedback.scale_{level}"),
    )
