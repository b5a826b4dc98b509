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

What each step shows is in access_steps.py; the page as HTML, in access_html.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...i18n import t
from ..dates import page_date
from ..debrief import incidents
from ..instruments.time_circle import hours_line
from ..model.client_events import FEEDBACK_QUESTIONS, FEEDBACK_SCALE, Previous
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.step_events import OSA_SCALES
from ..model.steps import (
    VARIANTS,
    OsaStep,
)
from ..model.text_keys import PREPARATION_PARTS, REFLECTION_PARTS, preparation_key, reflection_key
from ..page import Section
from ..record import Record, record
from .access_steps import add_text, feedback_line, moment, step_section


@record
class Kept(Record):
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
        sections.append(step_section(step, protocol, state, created, lang, used))
    sections.append(_written(state, lang, "reflection", REFLECTION_PARTS, used))
    sections.append(_moments(kept, lang))
    sections.append(_other_texts(state, lang, used))
    meeting.sections = [section for section in sections if section.lines]
    return meeting


def _day(created: str, lang: str) -> str:
    return page_date(dt.datetime.fromisoformat(created).astimezone().date().isoformat(), lang)


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
        add_text(section, prompt if colon else prompt.rstrip(":"), state.text(key))
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
            add_text(section, key, text)
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
        section.lines.append(feedback_line(question, level, lang))
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
