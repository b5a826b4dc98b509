"""Suggestions for the summary, read from what the instruments recorded.

Each suggestion has a stable key, so that accepting or dropping it is remembered and it is
not offered again; a column (strengths or challenges); a text in the session language; and
the source a goal made from it links to (stress, time_circle, osa:N).
"""

from __future__ import annotations

from ...i18n import t
from ..dates import format_number
from ..model.protocol import Protocol
from ..model.session_events import one_of
from ..model.state import SessionState
from ..model.state_entries import SummaryEntry
from ..model.step_events import SUMMARY_ORIGINS, SummaryOrigin
from ..model.steps import TIME_CATEGORIES, OsaStep, StressStep, TimeCircleStep
from ..record import Record, record
from . import osa
from .time_circle import differences, hours_status

# A difference of less than an hour a day between now and the ideal is not worth a line.
TIME_GAP_HOURS = 1.0


@record
class Suggestion(Record):
    key: str
    column: str  # "strengths" | "challenges"
    text: str
    source: str


def suggestions(protocol: Protocol, state: SessionState, lang: str) -> list[Suggestion]:
    """Every suggestion the instruments give, in protocol order."""
    found: list[Suggestion] = []
    for step in protocol.steps:
        if isinstance(step, StressStep) and step.id in state.stress:
            value = state.stress[step.id]
            label = step.levels[value - 1](lang)
            column = "strengths" if value <= 2 else "challenges"
            text = t(lang, f"summary.{column}_stress", value=value, label=label)
            found.append(
                Suggestion(key=f"stress:{step.id}", column=column, text=text, source="stress")
            )
        elif isinstance(step, TimeCircleStep) and "ideal" in step.variants:
            now = state.category_hours(step.id, "now")
            ideal = state.category_hours(step.id, "ideal")
            if any(hours_status(sum(day.values())).kind != "ok" for day in (now, ideal)):
                continue
            for category, delta in differences(now, ideal, TIME_CATEGORIES).items():
                if abs(delta) >= TIME_GAP_HOURS:
                    name = t(lang, f"summary.for_{category}")
                    which = "more" if delta > 0 else "less"
                    text = t(
                        lang,
                        f"summary.time_{which}",
                        category=name,
                        hours=format_number(abs(delta), lang),
                    )
                    key = f"time:{step.id}:{category}"
                    found.append(
                        Suggestion(key=key, column="challenges", text=text, source="time_circle")
                    )
        elif isinstance(step, OsaStep):
            found += _osa_suggestions(step, state, lang)
    return found


def _osa_suggestions(step: OsaStep, state: SessionState, lang: str) -> list[Suggestion]:
    ratings = state.osa.get(step.id, {})
    labels = {item.number: item.label(lang) for item in step.items}
    numbers = list(labels)
    found = []
    priorities = [item for item in state.osa_priorities.get(step.id, []) if item in labels]
    for item in priorities:
        text = t(lang, "summary.osa_priority", label=labels[item], number=item)
        found.append(
            Suggestion(
                key=f"osa:{step.id}:{item}", column="challenges", text=text, source=f"osa:{item}"
            )
        )

    def worded(kind: str, item: int) -> str:
        """An environment item is not managed well or badly: it works or it does not."""
        key = f"summary.osa_{kind}_environment" if step.part_of(item) == "environment" else ""
        return t(lang, key or f"summary.osa_{kind}", label=labels[item], number=item)

    for item in osa.gaps(numbers, ratings):
        if item not in priorities:
            text = worded("gap", item)
            found.append(
                Suggestion(
                    key=f"osa:{step.id}:{item}",
                    column="challenges",
                    text=text,
                    source=f"osa:{item}",
                )
            )
    for item in osa.strengths(numbers, ratings):
        text = worded("strength", item)
        found.append(
            Suggestion(
                key=f"osa_s:{step.id}:{item}", column="strengths", text=text, source=f"osa:{item}"
            )
        )
    return found


def open_suggestions(
    protocol: Protocol, state: SessionState, step: str, lang: str
) -> list[Suggestion]:
    """The suggestions not yet accepted or dropped on the summary step `step`."""
    taken = {entry.suggestion for entry in state.summary.get(step, {}).values()}
    taken |= set(state.dropped.get(step, []))
    return [s for s in suggestions(protocol, state, lang) if s.key not in taken]


def source_of(suggestion: str) -> str:
    """The goal source of a suggestion key ("osa:osa:12" → "osa:12"); the talk otherwise."""
    kind, _, rest = suggestion.partition(":")
    if kind == "stress":
        return "stress"
    if kind == "time":
        return "time_circle"
    if kind in ("osa", "osa_s"):
        return "osa:" + rest.rpartition(":")[2]
    return "talk"


def added_origin(text: str, suggested: str | None) -> SummaryOrigin:
    """Where a new entry came from: the students' own words (no suggestion), a suggestion
    taken as it was, or one the students edited before taking it."""
    if suggested is None:
        return "own"
    return "suggestion" if text == suggested else "edited"


def edited_origin(entry: SummaryEntry, text: str) -> SummaryOrigin:
    """An entry's origin once its text is `text`: a suggestion whose words change becomes
    the students' edit; the students' own stay their own (an unrecorded one stays so)."""
    if entry.origin in ("suggestion", "edited") and text != entry.text:
        return "edited"
    return one_of(entry.origin, SUMMARY_ORIGINS) if entry.origin else ""
