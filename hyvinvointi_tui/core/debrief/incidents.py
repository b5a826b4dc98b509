"""The incident records in words: each emergency or crisis re-plan with what happened, what
was done and who was told, for the debrief report, the replay and the client's copy of
their data; an emergency whose record was never written is named as such."""

from __future__ import annotations

from collections.abc import Callable

from ...i18n import t
from ..model.client_events import INCIDENT_PARTS
from ..model.protocol import Protocol
from ..model.state import SessionState
from ..model.state_entries import Incident
from ..page import Section


def part_lines(incident: Incident, lang: str) -> list[str]:
    """ "What happened: …", "What was done: …", "Who was told: …" ("not recorded" for a
    field left empty)."""
    return [
        f"{t(lang, f'incident.{part}')}: {text or t(lang, 'incident.not_written')}"
        for part in INCIDENT_PARTS
        for text in [" ".join(getattr(incident, part).split())]
    ]


def parts(incident: Incident, lang: str) -> str:
    """The three parts on one line, each ending with a full stop."""
    return " ".join(f"{line.rstrip('.')}." for line in part_lines(incident, lang))


def section(
    protocol: Protocol, state: SessionState, lang: str, at: Callable[[float], str]
) -> Section:
    """Every incident record in time order, and every opening of the emergency
    instructions that has none (marked); `at` says an instant as the session clock did."""
    titles = {step.id: step.title(lang) for step in protocol.steps}
    found = Section(t(lang, "incident.heading"))
    moments: list[tuple[float, str, list[str]]] = [
        (
            incident.at,
            t(
                lang,
                "incident.line",
                time=at(incident.at),
                trigger=t(lang, f"incident.trigger_{incident.trigger}"),
                step=titles.get(incident.step, incident.step),
            ),
            part_lines(incident, lang),
        )
        for incident in state.incidents.values()
    ]
    recorded = {(i.trigger, i.at) for i in state.incidents.values()}
    moments += [
        (
            instant,
            t(
                lang,
                "incident.missing",
                time=at(instant),
                trigger=t(lang, "incident.trigger_emergency"),
                step=titles.get(step, step),
            ),
            [],
        )
        for instant, step in state.emergencies
        if ("emergency", instant) not in recorded
    ]
    for _, line, details in sorted(moments, key=lambda moment: moment[0]):
        if details:
            found.details[len(found.lines)] = details
        else:
            found.marked.add(len(found.lines))  # an emergency with no record
        found.lines.append(line)
    return found
