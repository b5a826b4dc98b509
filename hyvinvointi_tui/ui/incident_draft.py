"""An incident record as its dialog shows and edits it (ui/screens/incident.py), apart from
the dialog: the app keeps the latest one (ui/incidents.py) before the dialog is ever opened."""

from __future__ import annotations

from ..core.model.client_events import INCIDENT_PARTS
from ..core.record import Record, record


@record
class IncidentDraft(Record):
    """One incident as the dialog shows it: which it is, what set it off and when (the
    session's seconds), where, and its three texts as they stand."""

    incident_id: str
    trigger: str  # "emergency" or "crisis"
    step: str
    at: float
    happened: str = ""
    done: str = ""
    told: str = ""

    def texts(self) -> dict[str, str]:
        return {part: getattr(self, part) for part in INCIDENT_PARTS}
