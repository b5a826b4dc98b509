"""The debrief report: timings (planned and actual per step), results, markers, the crisis
path and the teacher's comments — for the teacher and the students, never for the client.

Written with the take-away's page writers (Markdown, HTML).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from ...i18n import t
from ..dates import format_date
from ..follow_up.last_time import changes
from ..instruments.day_circle import day_circles
from ..model.client_events import CONSENT_ITEMS, FEEDBACK_QUESTIONS, FEEDBACK_SCALE
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.text_keys import feedback_key
from ..model.timer import format_minutes
from ..page import Page, Section
from . import incidents, results
from .comments import Assessment
from .replay import Replayer


def build(
    protocol: Protocol,
    replay: Replayer,
    *,
    created: str,
    client_code: str,
    lang: str,
    comments: Sequence[tuple[float, str, str]] = (),  # (t, step, text)
    assessment: Assessment | None = None,
) -> Page:
    """The teacher's report of a replayed session, its sections in the order read."""
    state = replay.final
    at = _session_clock(replay)
    titles = {step.id: step.title(lang) for step in protocol.steps}
    markers = _markers(replay, titles, at, lang)
    produced = results.results(protocol, state, lang)
    produced.figure = day_circles(protocol, state, lang)  # the days drawn beside them
    sections = [
        _emergencies(state, titles, at, lang),
        incidents.section(protocol, state, lang, at),
        _consent(state, lang),
        results.preparation(state, lang),
        _timings(protocol, replay, lang),
        results.crisis(protocol, state, lang),
        markers,
        produced,
        results.goals(state, lang),
        results.closing(state, lang),
        _client_view(protocol, state, lang),
        results.reflection(state, lang),
        _comments(comments, titles, at, lang),
        results.assessment(assessment, lang),
    ]
    if state.previous is not None:
        changed = changes(protocol, state, {"stress", "time_circle", "osa"}, lang)
        changed.heading = t(lang, "replay.changes")
        sections.insert(sections.index(markers), changed)
    day = dt.datetime.fromisoformat(created).astimezone().date().isoformat()
    header = t(
        lang,
        "report.session",
        code=client_code,
        date=format_date(day, lang),
        protocol=protocol.title(lang),
    )
    return Page(
        lang,
        t(lang, "report.title"),
        header,
        [section for section in sections if section.lines],
        t(lang, "report.footer"),
        sheets=2,
        shorten=False,
    )


def _session_clock(replay: Replayer) -> Callable[[float], str]:
    """An instant as the session clock showed it (the preparation counts nowhere)."""

    def at(instant: float) -> str:
        return format_minutes(replay.timeline.elapsed_at(instant))

    return at


def _timings(protocol: Protocol, replay: Replayer, lang: str) -> Section:
    """Planned and actual minutes per step, and the whole session's with its pauses."""
    state, end = replay.final, replay.duration
    timings = results.timings(protocol, state, end, lang)
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
    return timings


def _markers(
    replay: Replayer, titles: dict[str, str], at: Callable[[float], str], lang: str
) -> Section:
    markers = Section(t(lang, "report.markers"))
    for instant, marked, tag in replay.timeline.markers:
        markers.lines.append(
            t(
                lang,
                "report.marker_line",
                time=at(instant),
                tag=t(lang, f"marker.{tag}"),
                step=titles.get(marked, marked),
            )
        )
    return markers


def _emergencies(
    state: SessionState, titles: dict[str, str], at: Callable[[float], str], lang: str
) -> Section:
    emergencies = Section(t(lang, "report.emergencies"))
    for instant, raised in state.emergencies:
        emergencies.lines.append(
            t(lang, "report.emergency_line", time=at(instant), step=titles.get(raised, raised))
        )
    return emergencies


def _consent(state: SessionState, lang: str) -> Section:
    consent = Section(t(lang, "report.consent"))
    for item in CONSENT_ITEMS:
        given = state.consent.get(item)
        answer = "not_asked" if given is None else ("yes" if given else "no")
        consent.lines.append(f"{t(lang, f'consent.{item}')}: {t(lang, f'consent.{answer}')}")
    return consent


def _client_view(protocol: Protocol, state: SessionState, lang: str) -> Section:
    """The client's feedback: their answers on the scale, and their comments by step."""
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
    return client_view


def _comments(
    comments: Sequence[tuple[float, str, str]],
    titles: dict[str, str],
    at: Callable[[float], str],
    lang: str,
) -> Section:
    """The teacher's comments, each at its instant and step."""
    feedback = Section(t(lang, "replay.comments"))
    for instant, commented, text in comments:
        feedback.lines.append(
            t(
                lang,
                "report.comment_line",
                time=at(instant),
                step=titles.get(commented, commented),
                text=text,
            )
        )
    return feedback
