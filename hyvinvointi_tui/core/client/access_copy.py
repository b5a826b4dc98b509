"""The client's copy of their data (the right of access): everything the session files keep
about them, in plain words in the session's language, addressed to the client.

Built from the folded state of each session (`core/model/state.py`), never from the event
history: an answer that was corrected shows as corrected, and text that was deleted is not
there. What the files do not keep is not on the page; what they keep is, step by step: the
answers and ratings with the students' notes of that step, and the notes added after
closing with their dates. A text field no step claims is shown at the end all the same,
so that nothing kept is left off.

What counts as "about the client": under the GDPR the right of access covers the personal
data that relates to the person. The students' preparation (what the referral said of the
client, their plan for this client) and their reflection (their reading of this client's
situation, through the model of human occupation) are written about this client and kept
in the client's session file: they are on the page. The teacher's debrief comments are
not: they are the teacher's assessment of the students' work (an examiner's comments are
the examinee's data, as the EU court held in Nowak), kept in a file of their own beside
the session and readable only by the teacher and the student. The box for the students,
which does not print, says so, so that the teacher can add anything in them that is about
the client by hand. The students' names are on the page as the session recorded them; who
led each step is about the students' work and is not.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...i18n import t
from ..dates import format_hours, format_time, page_date
from ..debrief import incidents
from ..follow_up.carried import goal_reviews
from ..instruments.time_circle import hours_line
from ..model.client_events import CONSENT_ITEMS, FEEDBACK_QUESTIONS, FEEDBACK_SCALE, Previous
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.step_events import OSA_SCALES
from ..model.steps import (
    VARIANTS,
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
    PREPARATION_PARTS,
    REFLECTION_PARTS,
    crisis_plan_key,
    feedback_key,
    focus_key,
    notes_key,
    preparation_key,
    reflection_key,
    review_note_key,
    service_note_key,
)
from ..page import Section
from ..untrusted import visible, visible_line


@dataclass(frozen=True)
class Kept:
    """One session as its file keeps it: the protocol it followed, its state folded from
    its events, when it was started (ISO, with its offset) and its id."""

    protocol: Protocol
    state: SessionState
    created: str
    session_id: str = ""


@dataclass
class Meeting:
    """One session on the page: its heading, its dates and people, and what it keeps."""

    heading: str
    facts: list[str]
    sections: list[Section] = field(default_factory=list)


@dataclass
class AccessCopy:
    lang: str
    title: str
    intro: list[str]
    # For the students and the teacher, on the screen only (it does not print).
    for_students: list[str]
    meetings: list[Meeting]
    # Who answers for the data, and the client's rights.
    about: Section
    footer: str


def build(sessions: Sequence[Kept], made: dt.datetime | None = None) -> AccessCopy:
    """The copy of a client's sessions (oldest first), in the last session's language."""
    assert sessions, "a copy of no session"
    lang = sessions[-1].state.setup.lang
    made = made or dt.datetime.now().astimezone()
    shown = {kept.session_id for kept in sessions}
    meetings = [_meeting(kept, lang, shown) for kept in sessions]
    several = "many" if len(sessions) > 1 else "one"
    return AccessCopy(
        lang=lang,
        title=t(lang, "access.title"),
        intro=[t(lang, f"access.intro_{several}"), t(lang, "access.intro_current")],
        for_students=[
            t(lang, "access.students_read"),
            t(lang, "access.students_comments"),
            t(lang, "access.students_delete"),
        ],
        meetings=meetings,
        about=_about(sessions[-1].state, lang),
        footer=t(lang, "access.footer", date=page_date(made.date().isoformat(), lang)),
    )


def moment(created: str, seconds: float, lang: str) -> str:
    """An instant of a session as a date and a time of day ("4.12.2026 klo 10.17")."""
    when = (dt.datetime.fromisoformat(created) + dt.timedelta(seconds=seconds)).astimezone()
    return t(
        lang,
        "access.at",
        date=page_date(when.date().isoformat(), lang),
        time=format_time(f"{when:%H:%M}", lang),
    )


def _meeting(kept: Kept, lang: str, shown: set[str]) -> Meeting:
    protocol, state, created = kept.protocol, kept.state, kept.created
    facts = [t(lang, "access.started", when=moment(created, 0.0, lang))]
    if state.closed_at is not None:
        facts.append(t(lang, "access.closed", when=moment(created, state.closed_at, lang)))
    else:
        facts.append(t(lang, "access.not_closed"))
    if state.setup.client_code:
        facts.append(t(lang, "access.code", code=state.setup.client_code))
    if state.setup.students:
        facts.append(t(lang, "access.students", names=", ".join(state.setup.students)))
    meeting = Meeting(
        t(lang, "access.meeting", title=protocol.title(lang), date=_day(created, lang)), facts
    )
    used: set[str] = set()
    sections = meeting.sections
    if state.previous is not None and state.previous.session_id not in shown:
        sections.append(_previous(state.previous, protocol, lang))
    sections.append(_written(state, lang, "preparation", PREPARATION_PARTS, used))
    for step in protocol.steps:
        sections.append(_step(step, kept, lang, used))
    sections.append(_written(state, lang, "reflection", REFLECTION_PARTS, used))
    sections.append(_moments(kept, lang))
    sections.append(_other_texts(state, lang, used))
    meeting.sections = [section for section in sections if section.lines]
    return meeting


def _day(created: str, lang: str) -> str:
    return page_date(dt.datetime.fromisoformat(created).astimezone().date().isoformat(), lang)


def _text(section: Section, label: str, text: str) -> None:
    """A text as it was written, under its label (it keeps its own lines)."""
    if text.strip():
        section.details[len(section.lines)] = [text.strip()]
        section.lines.append(label)
        section.strong.add(len(section.lines) - 1)


def _step(step: Step, kept: Kept, lang: str, used: set[str]) -> Section:
    """One step of the session: what was answered and rated in it, then the students'
    notes of it, then the notes added to it after closing."""
    state, section = kept.state, Section(step.title(lang))

    def typed(label: str, key: str) -> None:
        used.add(key)
        _text(section, label, state.text(key))

    if isinstance(step, OrientationStep):
        _orientation(step, kept, lang, section)
    elif isinstance(step, StressStep):
        if step.id in state.stress:
            value = state.stress[step.id]
            level = step.levels[value - 1](lang)
            section.lines.append(t(lang, "access.stress", value=value, label=level))
        for part in CRISIS_PLAN_PARTS:
            typed(t(lang, f"stress.plan_{part}"), crisis_plan_key(step.id, part))
    elif isinstance(step, TimeCircleStep):
        _time_circle(step, state, lang, section)
    elif isinstance(step, OsaStep):
        _osa(step, state, lang, section)
    elif isinstance(step, SummaryStep):
        for entry in state.summary.get(step.id, {}).values():
            section.lines.append(f"{t(lang, f'summary.{entry.column}')}: {entry.text}")
        if step.id in state.agreed:
            agreed = "agreed" if state.agreed[step.id] else "not_agreed"
            section.lines.append(t(lang, f"access.summary_{agreed}"))
    elif isinstance(step, GoalsStep):
        for goal in state.goals.get(step.id, {}).values():
            line = t(lang, "access.goal", goal=goal.text)
            if goal.due:
                line += f" ({t(lang, 'goals.by', date=page_date(goal.due, lang))})"
            section.details[len(section.lines)] = [
                t(lang, "access.action", action=action) for action in goal.actions
            ]
            section.lines.append(line)
    elif isinstance(step, ReviewStep):
        for review in goal_reviews(kept.protocol, state):
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
    elif isinstance(step, ClosingStep):
        _closing(step, state, lang, section)
        typed(t(lang, "closing.focus"), focus_key(step.id))
        typed(t(lang, "closing.service_other"), service_note_key(step.id))
        _feedback(step, state, lang, section)
        typed(t(lang, "access.feedback_comment"), feedback_key(step.id))
    typed(t(lang, "access.notes"), notes_key(step.id))
    for instant, noted, text in state.after_closing:
        if noted == step.id:
            label = t(lang, "access.added_after", when=moment(kept.created, instant, lang))
            _text(section, label, text)
    return section


def _orientation(step: OrientationStep, kept: Kept, lang: str, section: Section) -> None:
    state = kept.state
    if step.id in state.orientation:
        section.lines.append(t(lang, f"access.orientation_{state.orientation[step.id]}"))
    for item in CONSENT_ITEMS:
        if item in state.consent:
            answer = t(lang, "consent.yes" if state.consent[item] else "consent.no")
            when = moment(kept.created, state.consent_at.get(item, 0.0), lang)
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
            level = state.feedback[question]
            scale = t(lang, f"feedback.scale_{level}")
            section.lines.append(
                t(
                    lang,
                    "access.feedback",
                    question=t(lang, f"feedback.{question}"),
                    value=level,
                    scale=FEEDBACK_SCALE,
                    answer=scale,
                )
            )


def _written(
    state: SessionState, lang: str, kind: str, parts: tuple[str, ...], used: set[str]
) -> Section:
    """The students' preparation or reflection: each part under its prompt."""
    key_of = preparation_key if kind == "preparation" else reflection_key
    section = Section(t(lang, f"access.{kind}"))
    for part in parts:
        key = key_of(part)
        used.add(key)
        prompt, colon, _ = t(lang, f"{kind}.{part}").partition(":")
        _text(section, prompt if colon else prompt.rstrip(":"), state.text(key))
    return section


def _moments(kept: Kept, lang: str) -> Section:
    """What the students marked during the conversation, and when: the emergency
    instructions opened, the steps moved to another appointment, the incident records,
    their markers."""
    state, protocol = kept.state, kept.protocol
    titles = {step.id: step.title(lang) for step in protocol.steps}
    section = Section(t(lang, "access.moments"))
    for instant, step in state.emergencies:
        section.lines.append(
            t(
                lang,
                "access.emergency",
                when=moment(kept.created, instant, lang),
                step=titles.get(step, step),
            )
        )
    if state.deferred:
        steps = ", ".join(titles.get(step, step) for step in state.deferred)
        section.lines.append(t(lang, "access.deferred", steps=steps))
    for incident in sorted(state.incidents.values(), key=lambda incident: incident.at):
        section.lines.append(
            t(
                lang,
                "access.incident",
                when=moment(kept.created, incident.at, lang),
                trigger=t(lang, f"incident.trigger_{incident.trigger}").lower(),
                parts=incidents.parts(incident, lang),
            )
        )
    for instant, step, tag in state.markers:
        section.lines.append(
            t(
                lang,
                "access.marker",
                when=moment(kept.created, instant, lang),
                tag=t(lang, f"marker.{tag}"),
                step=titles.get(step, step),
            )
        )
    return section


def _other_texts(state: SessionState, lang: str, used: set[str]) -> Section:
    """Any text the session keeps that no step above has shown: nothing kept is left off."""
    section = Section(t(lang, "access.other"))
    for key, text in sorted(state.texts.items()):
        if key not in used:
            _text(section, key, text)
    return section


def _previous(previous: Previous, protocol: Protocol, lang: str) -> Section:
    """What a follow-up copied from the session before it, when that session is not on
    the page itself (the OSA's items named as this session's protocol names them)."""
    section = Section(t(lang, "access.previous", date=_day(previous.created, lang)))
    if previous.stress:
        section.lines.append(t(lang, "access.previous_stress", value=previous.stress))
    for variant, hours in previous.hours.items():
        name = t(lang, f"time_circle.variant_{variant}") if variant in VARIANTS else variant
        section.lines.append(f"{name}: {hours_line(hours, lang)}")
    for goal in previous.goals:
        section.details[len(section.lines)] = [
            t(lang, "access.action", action=action) for action in goal.actions
        ]
        section.lines.append(t(lang, "access.goal", goal=goal.text))
    for column, texts in (("strengths", previous.strengths), ("challenges", previous.challenges)):
        section.lines += [f"{t(lang, f'summary.{column}')}: {text}" for text in texts]
    labels = {
        item.number: item.label(lang)
        for step in protocol.steps
        if isinstance(step, OsaStep)
        for item in step.items
    }
    for number, rated in sorted(previous.osa.items()):
        scales = ", ".join(
            f"{t(lang, f'osa.{scale}').lower()} {rated[scale]}/4"
            for scale in OSA_SCALES
            if scale in rated  # the record comes from a file: only the scales we know
        )
        section.lines.append(f"{number}. {labels.get(number, '')}: {scales}")
    if previous.osa_priorities:
        chosen = [f"{n}. {labels.get(n, '')}".strip() for n in previous.osa_priorities]
        section.details[len(section.lines)] = chosen
        section.lines.append(t(lang, "access.osa_priorities"))
    for question, level in previous.feedback.items():
        if question not in FEEDBACK_QUESTIONS or not 1 <= level <= FEEDBACK_SCALE:
            continue
        section.lines.append(
            t(
                lang,
                "access.feedback",
                question=t(lang, f"feedback.{question}"),
                value=level,
                scale=FEEDBACK_SCALE,
                answer=t(lang, f"feedback.scale_{level}"),
            )
        )
    if previous.focus:
        section.lines.append(f"{t(lang, 'closing.focus')}: {previous.focus}")
    return section


def _about(state: SessionState, lang: str) -> Section:
    """Who answers for the data, how long it is kept, and what the client may ask."""
    privacy = state.privacy
    section = Section(t(lang, "access.about"))
    missing = t(lang, "access.not_given")
    section.lines.append(t(lang, "access.controller", controller=privacy.controller or missing))
    section.lines.append(t(lang, "access.contact", contact=privacy.contact or missing))
    if privacy.purpose:
        section.lines.append(t(lang, "access.purpose", purpose=privacy.purpose))
    if privacy.retention_days:
        section.lines.append(t(lang, "access.retention", days=privacy.retention_days))
    section.lines.append(t(lang, "access.rights"))
    return section


# Printed on A4 at 12 pt, however many sheets it takes; each session after the first
# starts a sheet of its own. The box for the students shows on the screen and never
# prints. The policy lets no script and no request out of the page, should anything
# ever slip past the escaping.
CSS = """
@page { size: A4; margin: 18mm; }
html { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 12pt; }
body { max-width: 174mm; margin: 0 auto; line-height: 1.35; color: #000; background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 0.3em; }
h2 { font-size: 1.3em; margin: 1em 0 0.3em; border-bottom: 0.4mm solid #555; }
h3 { font-size: 1.1em; margin: 0.9em 0 0.2em; }
p { margin: 0.3em 0; }
ul { margin: 0; padding-left: 1.4em; }
li { margin: 0.15em 0; break-inside: avoid; }
li ul { margin-top: 0.1em; }
.written { white-space: pre-wrap; }
.meeting + .meeting { break-before: page; }
.for-students { border: 0.6mm solid #a35a00; background: #fff3df; padding: 0.4em 1em;
  margin: 0 0 1em; }
.about { break-inside: avoid; }
footer { margin-top: 1.5em; border-top: 0.3mm solid #888; color: #222; }
@media print { .for-students { display: none; } }
"""
POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _e(text: str) -> str:
    """Untrusted text for the page: control characters shown, HTML escaped."""
    return html.escape(visible(text))


def _section_html(section: Section, level: str) -> list[str]:
    out = [f"<{level}>{html.escape(visible_line(section.heading))}</{level}>", "<ul>"]
    for index, line in enumerate(section.lines):
        shown = _e(line)
        if index in section.strong:
            shown = f"<strong>{shown}</strong>"
        details = section.details.get(index, [])
        inner = "".join(f'<li><span class="written">{_e(d)}</span></li>' for d in details)
        out.append(f"<li>{shown}" + (f"<ul>{inner}</ul>" if details else "") + "</li>")
    out.append("</ul>")
    return out


def to_html(copy: AccessCopy) -> str:
    """The copy as one HTML page: no script, nothing fetched, every text escaped."""
    body = [
        '<aside class="for-students">',
        *(f"<p>{_e(line)}</p>" for line in copy.for_students),
        "</aside>",
        f"<h1>{_e(copy.title)}</h1>",
        *(f"<p>{_e(line)}</p>" for line in copy.intro),
    ]
    for meeting in copy.meetings:
        body += ['<section class="meeting">', f"<h2>{_e(meeting.heading)}</h2>", "<ul>"]
        body += [f"<li>{_e(fact)}</li>" for fact in meeting.facts]
        body.append("</ul>")
        for section in meeting.sections:
            body += _section_html(section, "h3")
        body.append("</section>")
    body += ['<section class="about">', *_section_html(copy.about, "h2"), "</section>"]
    body.append(f"<footer><p>{_e(copy.footer)}</p></footer>")
    return (
        f'<!DOCTYPE html>\n<html lang="{copy.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        f"<title>{_e(copy.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
