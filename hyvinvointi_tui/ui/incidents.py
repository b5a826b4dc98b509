"""The session's safety moments: the emergency instructions (ctrl+e), the crisis re-plan
(ctrl+r on the stress step) and the incident record asked for after each."""

from __future__ import annotations

import uuid

from ..core.model.client_events import (
    INCIDENT_PARTS,
    INCIDENT_TRIGGERS,
    EmergencyRaised,
    IncidentRecorded,
)
from ..core.model.session_events import SessionEvent, one_of
from ..core.model.timer import format_minutes
from .app_host import SessionHost
from .incident_draft import IncidentDraft


class Incidents:
    """The app's incidents: raised, recorded, and the latest kept until its record is
    written (it can be completed later from the palette)."""

    def __init__(self, app: SessionHost) -> None:
        self.app = app
        # The latest emergency or crisis re-plan, whose record may not be written yet.
        self.latest: IncidentDraft | None = None

    def emergency(self) -> None:
        """Immediate danger: the instructions on top of any step, the moment recorded; once
        they are closed, the incident record is asked for."""
        # lazy: the emergency screen, 2 ms before the first screen
        from .screens.emergency import EmergencyContext, EmergencyModal

        app = self.app
        state = app.session.state
        raised: SessionEvent | None = None
        step = state.step
        if state.started and step is not None:
            app.flush_texts()  # what was typed up to this moment, recorded before it
            raised = app.session.record(EmergencyRaised(step=step))
        context = EmergencyContext(
            contacts=tuple(state.help_contacts(app.protocol)),
            phone=state.privacy.supervisor_phone,
            teachers=tuple(app.student.teachers) if app.student is not None else (),
            solo=state.setup.solo,
        )

        def closed(_: None) -> None:
            if raised is not None and step is not None:
                self.ask("emergency", step, raised.t)

        app.push_screen(EmergencyModal(app.session_lang, context), closed)

    def replan_for_crisis(self) -> None:
        """The crisis re-plan; then the incident record is asked for."""
        app = self.app
        state = app.session.state
        if state.step is None:
            return
        app.flush_texts()
        if state.closed:
            return
        step, before = state.step, len(app.session.events)
        deferred = app.session.replan_for_crisis(step)
        app.show_step()
        if deferred:
            lang = state.setup.lang
            titles = ", ".join(app.protocol.step(step).title(lang) for step in deferred)
            app.notify(app.tr("app.replanned", steps=titles), timeout=8, markup=False)
        if len(app.session.events) > before:
            self.ask("crisis", step, app.session.events[before].t)

    def ask(self, trigger: str, step: str, at: float) -> None:
        """A new incident (the emergency instructions closed, a crisis re-planned): its
        record is asked for now, and can be completed later from the palette."""
        self.latest = IncidentDraft(
            incident_id=uuid.uuid4().hex[:8], trigger=trigger, step=step, at=at
        )
        self.open(self.latest)

    def open_latest(self) -> None:
        """The latest incident's record, to complete (the palette's "Incident record")."""
        app = self.app
        drafts = [
            IncidentDraft(incident_id=key, **incident.fields())
            for key, incident in app.session.state.incidents.items()
        ]
        pending = self.latest
        if pending is not None and pending.incident_id not in app.session.state.incidents:
            drafts.append(pending)
        if not drafts:
            app.notify(app.tr("incident.none"), timeout=6, markup=False)
            return
        self.open(max(drafts, key=lambda draft: draft.at))

    def open(self, draft: IncidentDraft) -> None:
        # lazy: the session's dialogs, 2.5 ms together before the first screen
        # (docs/ARCHITECTURE.md)
        from .screens.incident import IncidentModal

        app = self.app
        if any(isinstance(screen, IncidentModal) for screen in app.screen_stack):
            return  # one open already; this one waits in the palette
        elapsed = app.session.state.clock.reading(draft.at).elapsed
        moment = f"{format_minutes(elapsed)} {app.tr(f'incident.trigger_{draft.trigger}')}"
        modal = IncidentModal(app.session_lang, draft, moment)
        app.push_screen(modal, self.written)

    def written(self, draft: IncidentDraft | None) -> None:
        """Record what the dialog holds, if it says something new (a safety record: it is
        written whatever the client said about notes)."""
        if draft is None:
            return
        app = self.app
        texts = draft.texts()
        kept = app.session.state.incidents.get(draft.incident_id)
        before = {part: getattr(kept, part) for part in INCIDENT_PARTS} if kept else {}
        if texts != before and (kept is not None or any(texts.values())):
            app.session.record(
                IncidentRecorded(
                    step=draft.step,
                    incident_id=draft.incident_id,
                    trigger=one_of(draft.trigger, INCIDENT_TRIGGERS),
                    at=draft.at,
                    happened=draft.happened,
                    done=draft.done,
                    told=draft.told,
                )
            )
        done = any(texts.values())
        app.notify(app.tr("incident.saved" if done else "incident.empty"), timeout=6, markup=False)
