"""The debrief report: timings (planned and actual per step), results, markers, the crisis
path and the teacher's comments — for the teacher and the students, never for the client.

Written with the take-away's page writers (Markdown, HTML).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..i18n import t
from .dates import format_date
from .events import CONSENT_ITEMS, FEEDBACK_QUESTIONS, FEEDBACK_SCALE
from .instruments import osa as osa_logic
from .protocol import OsaStep, Protocol, StressStep, TimeCircleStep
from .replay import Replayer
from .state import SessionState
from .takeaway import Page, Section, changes, hours_line
from .text_keys import CRISIS_PLAN_PARTS, crisis_plan_key, feedback_key
from .timer import format_minutes


def osa_lines(step: OsaStep, state: SessionState, lang: str) -> list[str]:
    """How far the OSA got and the client's ranking; then, if any, the items that matter
    most but go least well."""
    ratings = state.osa.get(step.id, {})
    numbers = [item.number for item in step.items]
    done = min(osa_logic.done_counts(numbers, ratings).values())
    priorities = ", ".join(map(str, state.osa_priorities.get(step.id, []))) or "–"
    lines = [t(lang, "replay.osa_line", done=done, total=len(numbers), priorities=priorities)]
    if gaps := osa_logic.gaps(numbers, ratings):
        lines.append(t(lang, "osa.gaps") + ": " + ", ".join(map(str, gaps)))
    return lines


def build(
    protocol: Protocol,
    replay: Replayer,
    *,
    created: str,
    client_code: str,
    lang: str,
    comments: Sequence[tuple[float, str, str]] = (),  # (t, step, text)
) -> Page:
    state = replay.final
    end = replay.duration
    titles = {step.id: step.title(lang) for step in protocol.steps}
    day = dt.datetime.fromisoformat(created).astimezone().date().isoformat()

    timings = Section(t(lang, "replay.timings"))
    for step in protocol.steps:
        planned, actual = step.budget_minutes * 60, state.clock.step_spent(step.id, end)
        line = t(
            lang,
            "report.timing_line",
            step=titles[step.id],
            planned=format_minutes(planned),
            actual=format_minutes(actual),
        )
        if actual > planned:
            line += t(lang, "report.over", time=format_minutes(actual - planned))
        timings.lines.append(line)
    paused = sum(stop - start for start, stop in replay.timeline.pauses)
    timings.lines.append(
        t(
            lang,
            "report.total",
            actual=format_minutes(state.clock.reading(end).elapsed),
            planned=format_minutes(protocol.total_minutes * 60),
            paused=format_minutes(paused),
        )
    )

    markers = Section(t(lang, "report.markers"))
    for instant, marked, tag in replay.timeline.markers:
        markers.lines.append(
            t(
                lang,
                "report.marker_line",
                time=format_minutes(instant),
                tag=t(lang, f"marker.{tag}"),
                step=titles.get(marked, marked),
            )
        )

    emergencies = Section(t(lang, "report.emergencies"))
    for instant, raised in state.emergencies:
        emergencies.lines.append(
            t(
                lang,
                "report.emergency_line",
                time=format_minutes(instant),
                step=titles.get(raised, raised),
            )
        )

    consent = Section(t(lang, "report.consent"))
    for item in CONSENT_ITEMS:
        given = state.consent.get(item)
        answer = "not_asked" if given is None else ("yes" if given else "no")
        consent.lines.append(f"{t(lang, f'consent.{item}')}: {t(lang, f'consent.{answer}')}")

    crisis = Section(t(lang, "report.crisis"))
    if state.deferred:
        deferred = ", ".join(titles[s] for s in state.deferred)
        crisis.lines.append(t(lang, "replay.deferred", steps=deferred))
    for step in protocol.steps:
        if isinstance(step, StressStep):
            for part in CRISIS_PLAN_PARTS:
                text = state.text(crisis_plan_key(step.id, part))
                if text:
                    crisis.lines.append(f"{t(lang, f'stress.plan_{part}')} {text}")

    results = Section(t(lang, "report.results"))
    for step in protocol.steps:
        if isinstance(step, StressStep) and step.id in state.stress:
            value = state.stress[step.id]
            results.lines.append(f"{titles[step.id]}: {value}/5 ({step.levels[value - 1](lang)})")
        elif isinstance(step, TimeCircleStep):
            for variant in step.variants:
                hours = state.category_hours(step.id, variant)
                if hours:
                    name = t(lang, f"time_circle.variant_{variant}")
                    results.lines.append(f"{titles[step.id]}, {name}: {hours_line(hours, lang)}")
        elif isinstance(step, OsaStep) and step.id in state.osa:
            rated, *gaps = osa_lines(step, state, lang)
            results.lines += [f"{titles[step.id]}: {rated}", *gaps]
    for entries in state.summary.values():
        for entry in entries.values():
            results.lines.append(f"{t(lang, f'summary.tag_{entry.column}')}: {entry.text}")
    goals = Section(t(lang, "replay.goals"), numbered=True)
    for step_goals in state.goals.values():
        for goal in step_goals.values():
            goals.details[len(goals.lines)] = list(goal.actions)
            goals.lines.append(goal.text)
    closing = Section(t(lang, "replay.closing"))
    for step_id, choice in state.closing.items():
        closing.lines.append(t(lang, f"closing.{choice}"))
        appointment = state.appointment.get(step_id)
        if appointment is not None and appointment.date:
            closing.lines.append(f"{format_date(appointment.date, lang)} {appointment.time}")

    client_view = Section(t(lang, "feedback.heading"))
    for question in FEEDBACK_QUESTIONS:
        if question in state.feedback:
            level = state.feedback[question]
            scale = t(lang, f"feedback.scale_{level}")
            client_view.lines.append(
                f"{t(lang, f'feedback.{question}')}: {level}/{FEEDBACK_SCALE} ({scale})"
            )
    for step in protocol.steps:
        comment = state.text(feedback_key(step.id)).strip()
        if comment:
            client_view.lines.append(f"{t(lang, 'feedback.comment_short')}: {comment}")

    feedback = Section(t(lang, "replay.comments"))
    for instant, commented, text in comments:
        feedback.lines.append(
            t(
                lang,
                "report.comment_line",
                time=format_minutes(instant),
                step=titles.get(commented, commented),
                text=text,
            )
        )

    header = t(
        lang,
        "report.session",
        code=client_code,
        date=format_date(day, lang),
        protocol=protocol.title(lang),
    )
    sections = [
        emergencies,
        consent,
        timings,
        crisis,
        markers,
        results,
        goals,
        closing,
        client_view,
        feedback,
    ]
    if state.previous is not None:
        changed = changes(protocol, state, {"stress", "time_circle", "osa"}, lang)
        changed.heading = t(lang, "replay.changes")
        sections.insert(4, changed)
    return Page(
        lang,
        t(lang, "report.title"),
        header,
        [section for section in sections if section.lines],
        t(lang, "report.footer"),
    )
