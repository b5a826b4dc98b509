"""What a session produced, as sections: the time each step took against its plan, the
crisis path, the instruments' results, the goals and what was agreed at closing.

One source for every view of it: the debrief report (`core/debrief/debrief_report.py`), the replay's
results (at the cursor, or at the end) and the follow-up's comparison with last time
(`core/follow_up/last_time.py`).
"""

from __future__ import annotations

from ...i18n import t
from ..dates import format_date, format_time
from ..instruments import osa as osa_logic
from ..instruments.time_circle import hours_line
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.state_entries import Roles
from ..model.step_events import SUMMARY_ORIGINS
from ..model.steps import OSA_PARTS, OrientationStep, OsaPart, OsaStep, StressStep, TimeCircleStep
from ..model.text_keys import (
    CRISIS_PLAN_PARTS,
    PREPARATION_PARTS,
    REFLECTION_PARTS,
    crisis_plan_key,
    focus_key,
    preparation_key,
    reflection_key,
)
from ..model.timer import format_minutes
from ..page import Section
from .comments import Assessment


def osa_gaps_heading(step: OsaStep, part: OsaPart, lang: str) -> str:
    """What the items that matter but go badly are called: in a form of two parts, each
    part's own words (an environment is not "managed": it works or it does not)."""
    return t(lang, f"osa.gaps_{part}") if step.has_environment else t(lang, "osa.gaps")


def osa_lines(step: OsaStep, state: SessionState, lang: str) -> list[str]:
    """How far the OSA got and the client's ranking; then, if any, the items that matter
    most but go least well, myself and my environment apart."""
    ratings = state.osa.get(step.id, {})
    numbers = step.numbers()
    labels = {item.number: item.label(lang) for item in step.items}

    def named(items: list[int]) -> str:
        """ "14. Daily rhythm, 12. Relaxation": the topics by name, not bare numbers."""
        return ", ".join(f"{n}. {labels[n]}" if n in labels else str(n) for n in items)

    done = min(osa_logic.done_counts(numbers, ratings).values())
    priorities = named(state.osa_priorities.get(step.id, [])) or "–"
    lines = [t(lang, "replay.osa_line", done=done, total=len(numbers), priorities=priorities)]
    for part in OSA_PARTS:
        if gaps := osa_logic.gaps(step.numbers(part), ratings):
            lines.append(osa_gaps_heading(step, part, lang) + ": " + named(gaps))
    return lines


def roles_line(roles: Roles | None, lang: str) -> str:
    """ "Anna leads, Ben takes notes", or that the step is not shared out yet."""
    if roles is None or not (roles.lead or roles.note_taker):
        return t(lang, "roles.nobody")
    if not roles.note_taker:
        return t(lang, "roles.line_lead", lead=roles.lead)
    if not roles.lead:
        return t(lang, "roles.line_notes", notes=roles.note_taker)
    return t(lang, "roles.line", lead=roles.lead, notes=roles.note_taker)


def timings(protocol: Protocol, state: SessionState, at: float, lang: str) -> Section:
    """Each step's time against its plan up to `at`, who led it and who took its notes
    (lines over the plan are marked; time after a crisis re-plan is the crisis's)."""
    section = Section(t(lang, "replay.timings"))
    for step in protocol.steps:
        planned, actual = step.budget_minutes * 60, state.clock.step_spent(step.id, at)
        # After a crisis re-plan the time is the crisis conversation's, not the step's.
        crisis = state.crisis_seconds(step.id, at)
        line = t(
            lang,
            "report.timing_line",
            step=step.title(lang),
            planned=format_minutes(planned),
            actual=format_minutes(actual),
        )
        if actual - crisis > planned:
            line += t(lang, "report.over", time=format_minutes(actual - crisis - planned))
            section.marked.add(len(section.lines))
        if crisis >= 1:
            line += t(lang, "report.crisis_time", time=format_minutes(crisis))
        roles = state.roles.get(step.id)
        if roles is not None and (roles.lead or roles.note_taker):
            line += " · " + roles_line(roles, lang)
        section.lines.append(line)
    return section


def _written(state: SessionState, heading: str, fields: list[tuple[str, str]]) -> Section:
    """The students' own writing: each field that holds text, under its prompt."""
    section = Section(heading)
    for prompt, key in fields:
        text = state.text(key).strip()
        if text:
            section.lines.append(f"{prompt} {text}")
    return section


def preparation(state: SessionState, lang: str) -> Section:
    """What the students knew and planned before the session, and asked the teacher."""
    fields = [
        (t(lang, f"preparation.{part}") + ":", preparation_key(part)) for part in PREPARATION_PARTS
    ]
    return _written(state, t(lang, "preparation.heading"), fields)


def reflection(state: SessionState, lang: str) -> Section:
    """The students' reflection after the session, with their reading of the summary
    through the model's four lenses."""
    fields = []
    for part in REFLECTION_PARTS:
        prompt = t(lang, f"reflection.{part}")
        # A lens's prompt is a question after its name: the name is enough in a report.
        name, colon, _ = prompt.partition(":")
        fields.append((f"{name}:" if colon else prompt, reflection_key(part)))
    return _written(state, t(lang, "reflection.heading"), fields)


def crisis(protocol: Protocol, state: SessionState, lang: str) -> Section:
    """The crisis path: the steps moved to another appointment, and the plan made."""
    section = Section(t(lang, "report.crisis"))
    if state.replanned_at is not None:
        # The clock's reading at the re-plan: the active time before it.
        at = format_minutes(sum(state.spent_before_replan.values()))
        section.lines.append(t(lang, "replay.replanned", time=at))
    if state.deferred:
        titles = {step.id: step.title(lang) for step in protocol.steps}
        deferred = ", ".join(titles[s] for s in state.deferred)
        section.marked.add(len(section.lines))
        section.lines.append(t(lang, "replay.deferred", steps=deferred))
    for step in protocol.steps:
        if isinstance(step, StressStep):
            for part in CRISIS_PLAN_PARTS:
                text = state.text(crisis_plan_key(step.id, part))
                if text:
                    section.lines.append(f"{t(lang, f'stress.plan_{part}')} {text}")
    return section


def results(protocol: Protocol, state: SessionState, lang: str) -> Section:
    """The instruments' results and the summary's entries, each named by its step."""
    section = Section(t(lang, "report.results"))
    lines = section.lines
    for step in protocol.steps:
        title = step.title(lang)
        if isinstance(step, OrientationStep) and step.id in state.orientation:
            answer = t(lang, f"report.orientation_{state.orientation[step.id]}")
            lines.append(t(lang, "report.orientation", answer=answer))
        if isinstance(step, StressStep) and step.id in state.stress:
            value = state.stress[step.id]
            if step.in_crisis(value):
                section.marked.add(len(lines))
            lines.append(f"{title}: {value}/5 ({step.levels[value - 1](lang)})")
        elif isinstance(step, TimeCircleStep):
            for variant in step.variants:
                hours = state.category_hours(step.id, variant)
                if hours:
                    name = t(lang, f"time_circle.variant_{variant}")
                    lines.append(f"{title}, {name}: {hours_line(hours, lang)}")
        elif isinstance(step, OsaStep) and step.id in state.osa:
            rated, *gaps = osa_lines(step, state, lang)
            lines += [f"{title}: {rated}", *gaps]
    lines += summary_lines(state, lang)
    for agreed in state.agreed.values():
        lines.append(t(lang, "report.agreed" if agreed else "report.not_agreed"))
    return section


def summary_lines(state: SessionState, lang: str) -> list[str]:
    """The summary's entries, each with where it came from (an instrument's suggestion as it
    was, edited, or the students' own), then how many of each: how much was the program's.
    Entries of files that did not record it show nothing of it; the count says so."""
    lines, counts = [], dict.fromkeys((*SUMMARY_ORIGINS, "unknown"), 0)
    for entries in state.summary.values():
        for entry in entries.values():
            line = f"{t(lang, f'summary.tag_{entry.column}')}: {entry.text}"
            if entry.origin:
                line += f" ({t(lang, f'summary.origin_{entry.origin}')})"
            counts[entry.origin or "unknown"] += 1
            lines.append(line)
    if lines:
        shown = [f"{t(lang, f'summary.origin_{o}')} {n}" for o, n in counts.items() if n]
        lines.append(t(lang, "report.summary_origins", counts=", ".join(shown)))
    return lines


def assessment(written: Assessment | None, lang: str) -> Section:
    """The teacher's assessment and who signed it off, on which day (empty: none yet)."""
    section = Section(t(lang, "report.assessment"))
    if written is None or not (written.text.strip() or written.signed_by):
        return section
    if written.text.strip():
        section.lines.append(written.text.strip())
    if written.signed:
        date = format_date(written.signed_on, lang)
        section.lines.append(t(lang, "replay.signed", name=written.signed_by, date=date))
    else:
        section.lines.append(t(lang, "replay.not_signed"))
    return section


def goals(state: SessionState, lang: str) -> Section:
    """The goals in the client's words, each with its date and its actions."""
    section = Section(t(lang, "replay.goals"), numbered=True)
    for step_goals in state.goals.values():
        for goal in step_goals.values():
            section.details[len(section.lines)] = list(goal.actions)
            due = f" ({t(lang, 'goals.by', date=format_date(goal.due, lang))})" if goal.due else ""
            section.lines.append(goal.text + due)
    return section


def closing(state: SessionState, lang: str) -> Section:
    """What was agreed at closing, and the next appointment."""
    section = Section(t(lang, "replay.closing"))
    for step_id, choice in state.closing.items():
        section.lines.append(t(lang, f"closing.{choice}"))
        appointment = state.appointment.get(step_id)
        if appointment is not None and appointment.date:
            when = format_date(appointment.date, lang)
            if appointment.time:
                when += f" {format_time(appointment.time, lang)}"
            section.lines.append(when)
        reasons = state.reasons.get(step_id, [])
        if choice == "new_appointment" and reasons:
            why = ", ".join(t(lang, f"reasons.{reason}") for reason in reasons)
            section.lines.append(t(lang, "reasons.line", reasons=why))
        focus = state.text(focus_key(step_id)).strip()
        if focus:
            section.lines.append(f"{t(lang, 'closing.focus')}: {focus}")
        service = state.service.get(step_id, "")
        if service:
            section.lines.append(f"{t(lang, 'closing.service')}: {service}")
    return section
