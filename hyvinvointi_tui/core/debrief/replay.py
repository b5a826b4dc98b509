"""The teacher's replay: the session as a timeline, and its state at any instant.

The state at an instant is the fold of the events up to it. To move the cursor anywhere in
a long session quickly, the fold is checkpointed every few events: moving to an instant
copies the nearest earlier checkpoint and applies at most `CHECKPOINT_EVERY` events.
"""

from __future__ import annotations

import bisect
import copy
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...i18n import t
from ..dates import format_hours, session_date
from ..model.protocol import Protocol
from ..model.session_events import (
    MarkerAdded,
    Paused,
    Resumed,
    SessionClosed,
    SessionEvent,
    StepEntered,
    StepsDeferred,
    TextEdited,
)
from ..model.state import SessionState
from ..model.state_entries import Incident
from ..model.step_events import HoursSet, OsaRated, StressRated
from ..model.steps import OsaStep, StressStep
from ..record import Record, record
from .incidents import parts as incident_parts

# A copy of the state costs about as much as applying a few hundred events.
CHECKPOINT_EVERY = 256


@record
class Band(Record):
    """A stretch of the session spent on one step (a step visited twice has two bands)."""

    step: str
    start: float
    end: float


@dataclass
class Timeline:
    duration: float
    bands: list[Band] = field(default_factory=list)
    pauses: list[tuple[float, float]] = field(default_factory=list)
    markers: list[tuple[float, str, str]] = field(default_factory=list)  # (t, step, tag)
    crisis: list[float] = field(default_factory=list)  # crisis ratings and the re-plan

    @functools.cached_property
    def _stretches(self) -> tuple[list[float], list[float], list[float]]:
        """The stretches the clock ran (on a step, not paused), in time order: their starts,
        their ends, and the clock at each start (read once the timeline is complete)."""
        starts: list[float] = []
        ends: list[float] = []
        clock: list[float] = []
        total = 0.0
        for band in sorted(self.bands, key=lambda band: band.start):
            pieces = [(band.start, band.end)]
            for paused, resumed in self.pauses:
                pieces = [
                    (low, high)
                    for start, stop in pieces
                    for low, high in ((start, min(stop, paused)), (max(start, resumed), stop))
                    if high > low
                ]
            for low, high in pieces:
                starts.append(low)
                ends.append(high)
                clock.append(total)
                total += high - low
        return starts, ends, clock

    def elapsed_at(self, t: float) -> float:
        """The session clock at instant t: time on steps, without pauses (the preparation
        before the first step and the time after closing count nowhere). A search among
        the stretches it ran: the replay's event list asks it for every line."""
        starts, ends, clock = self._stretches
        index = bisect.bisect_right(starts, t) - 1
        if index < 0:
            return 0.0
        return clock[index] + min(t, ends[index]) - starts[index]

    def step_at(self, t: float) -> str | None:
        for band in reversed(self.bands):
            if band.start <= t:
                return band.step
        return None

    def next_stop(self, t: float, kind: str, direction: int) -> float | None:
        """The next (direction 1) or previous (-1) step start or marker from t."""
        stops = [b.start for b in self.bands] if kind == "step" else [m[0] for m in self.markers]
        if direction > 0:
            later = [s for s in stops if s > t + 1e-6]
            return min(later) if later else None
        earlier = [s for s in stops if s < t - 1e-6]
        return max(earlier) if earlier else None


def timeline(protocol: Protocol, events: Sequence[SessionEvent], duration: float) -> Timeline:
    stress_steps = {s.id: s for s in protocol.steps if isinstance(s, StressStep)}
    line = Timeline(duration=duration)
    current: tuple[str, float] | None = None
    paused_at: float | None = None
    closed = False
    for event in events:
        match event:
            case StepEntered() if not closed:
                if current is not None:
                    line.bands.append(Band(step=current[0], start=current[1], end=event.t))
                current = (event.step, event.t)
            case SessionClosed():
                # The session's time ends at its close (notes appended afterwards on any
                # step are not time spent on that step).
                if current is not None:
                    line.bands.append(Band(step=current[0], start=current[1], end=event.t))
                current, closed = None, True
                if paused_at is not None:
                    line.pauses.append((paused_at, event.t))
                paused_at = None
            case Paused():
                paused_at = event.t if paused_at is None else paused_at
            case Resumed():
                if paused_at is not None:
                    line.pauses.append((paused_at, event.t))
                paused_at = None
            case MarkerAdded():
                line.markers.append((event.t, event.step, event.tag))
            case StressRated() if event.step in stress_steps and stress_steps[event.step].in_crisis(
                event.value
            ):
                line.crisis.append(event.t)
            case StepsDeferred():
                line.crisis.append(event.t)
    if current is not None:
        line.bands.append(Band(step=current[0], start=current[1], end=duration))
    if paused_at is not None:
        line.pauses.append((paused_at, duration))
    return line


class Replayer:
    """The state of a saved session at any instant."""

    def __init__(
        self,
        protocol: Protocol,
        events: Sequence[SessionEvent],
        *,
        duration: float | None = None,
        every: int = CHECKPOINT_EVERY,
    ) -> None:
        self.protocol = protocol
        self.events = list(events)
        self.times = [event.t for event in self.events]
        last = self.times[-1] if self.times else 0.0
        self.duration = max(duration or 0.0, last)
        self.timeline = timeline(protocol, self.events, self.duration)
        # checkpoints[k] is the state after the first k * every events.
        self._every = every
        self._checkpoints: list[SessionState] = []
        state = SessionState.for_protocol(protocol)
        for index, event in enumerate(self.events):
            if index % every == 0:
                self._checkpoints.append(copy.deepcopy(state))
            state.apply(event)
        self.final = state

    def count_at(self, t: float) -> int:
        """How many events happened at or before t."""
        return bisect.bisect_right(self.times, t)

    def state_at(self, t: float) -> SessionState:
        upto = self.count_at(t)
        if upto == len(self.events):
            return self.final
        block = upto // self._every
        state = copy.deepcopy(self._checkpoints[block])
        for event in self.events[block * self._every : upto]:
            state.apply(event)
        return state


def run_key(event: SessionEvent) -> tuple[object, ...] | None:
    """Events in a row with the same key are one run of work on one value (typing in a
    field, changing one cell of the hours or the OSA): the event list shows a run as one
    line, the value settled on. None for events that always stand alone."""
    match event:
        case TextEdited():
            return ("text", event.key)
        case HoursSet():
            return ("hours", event.step, event.variant, event.category)
        case OsaRated():
            return ("osa", event.step, event.item, event.scale)
    return None


def field_label(name: str, lang: str) -> str:
    """A text field's name as the event list shows it, in `lang` (`field.*`); a goal's
    review note is named as one. A name the program does not know is shown as it is."""
    if name.startswith("goal_"):
        name = "goal"
    try:
        return t(lang, f"field.{name}")
    except KeyError:
        return name


def describe(protocol: Protocol, event: SessionEvent, lang: str) -> str:
    """One line for the event list, in the teacher's language."""
    kind: str = getattr(event, "kind", "")
    if not kind:
        return type(event).__name__
    titles = {step.id: step.title(lang) for step in protocol.steps}
    titles |= {part: t(lang, f"{part}.heading") for part in ("preparation", "reflection")}
    values = event.fields()
    detail = _session_detail(protocol, kind, values, titles, lang) or _step_detail(
        protocol, kind, values, titles, lang
    )
    return t(lang, f"event.{kind}", detail=detail)


def _session_detail(
    protocol: Protocol, kind: str, values: dict[str, Any], titles: dict[str, str], lang: str
) -> str:
    """The detail of an event of the session itself or of the client's say."""
    match kind:
        case "setup_changed":
            return f"{values['client_code']}, {values['lang']}"
        case "step_entered":
            return titles.get(values["step"], str(values["step"]))
        case "text_edited":
            step, _, field_name = str(values["key"]).partition(".")
            named = "" if field_name == "notes" else f" ({field_label(field_name, lang)})"
            return titles.get(step, step) + named
        case "note_appended":
            return str(values["text"])
        case "feedback_given":
            return f"{t(lang, 'feedback.' + values['question'])}: {values['value']}"
        case "consent_recorded":
            answer = t(lang, "consent.yes" if values["given"] else "consent.no")
            return f"{t(lang, 'consent.' + values['item'])}: {answer}"
        case "emergency_raised":
            return titles.get(values["step"], str(values["step"]))
        case "incident_recorded":
            trigger = t(lang, f"incident.trigger_{values['trigger']}")
            said = {part: values[part] for part in ("happened", "done", "told")}
            record = Incident(
                trigger=values["trigger"], step=values["step"], at=values["at"], **said
            )
            return f"{trigger}. {incident_parts(record, lang)}"
        case "marker_added":
            return f"{t(lang, 'marker.' + values['tag'])} ({titles.get(values['step'], '')})"
        case "steps_deferred":
            return ", ".join(titles.get(step, step) for step in values["steps"]) or "–"
        case "follow_up_linked":
            return session_date(values["previous"].created, lang)
        case "course_noted":
            return " · ".join(part for part in (values["course"], values["place"]) if part)
        case "roles_set":
            lead, notes = values["lead"] or "–", values["note_taker"] or "–"
            roles = t(lang, "roles.line", lead=lead, notes=notes)
            return f"{titles.get(values['step'], values['step'])}: {roles}"
    return ""


def _step_detail(
    protocol: Protocol, kind: str, values: dict[str, Any], titles: dict[str, str], lang: str
) -> str:
    """The detail of what a step recorded: ratings, hours, entries, choices."""
    match kind:
        case "orientation_recorded" | "closing_chosen":
            return t(lang, f"{kind.split('_')[0]}.{values['value']}")
        case "stress_rated":
            return str(values["value"])
        case "hours_set":
            variant = t(lang, f"time_circle.variant_{values['variant']}")
            category = t(lang, f"time_circle.{values['category']}_short")
            return f"{variant}, {category} {format_hours(values['hours'], lang)}"
        case "activity_set":
            return str(values["name"])
        case "osa_rated":
            step = protocol.step(values["step"])
            part = step.part_of(values["item"]) if isinstance(step, OsaStep) else "self"
            environment = part == "environment" and values["scale"] == "competence"
            scale = t(
                lang, "osa.competence_environment" if environment else f"osa.{values['scale']}"
            )
            return f"{values['item']}: {scale} {values['value']}"
        case "osa_priorities_set":
            return ", ".join(str(item) for item in values["items"])
        case "summary_entry_added" | "summary_entry_edited":
            origin = values.get("origin")  # a suggestion as it was, edited, the students' own
            said = f" ({t(lang, 'summary.origin_' + origin)})" if origin else ""
            return str(values["text"]) + said
        case "goal_added" | "goal_edited":
            return str(values["text"])
        case "summary_agreed":
            return "✓" if values["agreed"] else "–"
        case "appointment_set":
            return f"{values['date']} {values['time']}".strip()
        case "service_chosen":
            return values["service"] or "–"
        case "takeaway_chosen":
            return ", ".join(t(lang, f"closing.takeaway_{p}") for p in values["parts"]) or "–"
        case "appointment_reasons_set":
            return ", ".join(t(lang, f"reasons.{reason}") for reason in values["reasons"])
        case "goal_reviewed":
            return t(lang, f"review.progress_{values['progress']}")
    return ""
