"""Markers for the debrief (ctrl+m): a moment of the conversation tagged for the teacher's
replay, stamped when the key was pressed."""

from __future__ import annotations

from ..core.model.session_events import MARKER_TAGS, MarkerAdded, one_of
from ..core.model.timer import format_minutes
from .app_host import SessionHost


def ask_for_marker(app: SessionHost) -> None:
    """The tags to choose from; the marker is recorded at the moment the key was pressed."""
    # lazy: the modal screens, 2 ms before the first screen (docs/ARCHITECTURE.md)
    from .screens.modals import MarkerModal

    step = app.session.state.step
    if step is None:
        return
    at = app.session.now()

    def chosen(tag: str | None) -> None:
        if tag is None:
            return
        app.session.record(MarkerAdded(step=step, tag=one_of(tag, MARKER_TAGS)), at=at)
        time = format_minutes(app.session.state.clock.reading(at).elapsed)
        app.notify(app.tr("marker.dropped", time=time, tag=app.tr(f"marker.{tag}")))

    app.push_screen(MarkerModal(app.session.state.setup.lang, MARKER_TAGS), chosen)
