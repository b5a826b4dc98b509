"""The incident record: after the emergency instructions or a crisis re-plan, three short
fields — what happened, what was done, who was told — for the debrief.

Asked for once the safety actions are behind the students, never before them: it opens
when the emergency instructions close, or after the re-plan has moved the steps. "Later"
keeps what was typed and closes; the palette's "Incident record" opens it again. It is
kept whatever the client said about notes (a safety record; core/model/client_events.py).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from ...core.model.client_events import INCIDENT_PART_MAX, INCIDENT_PARTS
from ...i18n import t
from ..incident_draft import IncidentDraft
from ..widgets.plain import Label, Static


class IncidentModal(ModalScreen[IncidentDraft]):
    """Three short fields; Save and Later both keep what was typed (Escape is Later)."""

    DEFAULT_CSS = """
    #incident-fields { height: auto; max-height: 45vh; }
    """
    BINDINGS = [Binding("escape", "later", show=False)]
    # The first field takes the focus without scrolling to it: on a small terminal the
    # explanation above it (the record is kept for safety, whatever the client said about
    # notes) would be scrolled away, and the field is in sight below it anyway.
    AUTO_FOCUS = None

    def __init__(self, lang: str, draft: IncidentDraft, moment: str) -> None:
        super().__init__()
        self.lang = lang
        self.draft = draft
        self.moment = moment  # "12:30 — The emergency instructions were opened"

    def compose(self) -> ComposeResult:
        lang, texts = self.lang, self.draft.texts()
        # The title, the moment and the buttons stay in sight; on a small terminal the
        # fields between them scroll.
        with Vertical(id="incident-box", classes="dialog"):
            yield Label(t(lang, "incident.title"), classes="dialog-title")
            yield Static(self.moment, classes="emergency-step")
            with VerticalScroll(id="incident-fields"):
                yield Static(t(lang, "incident.explain"), classes="emergency-note")
                for part in INCIDENT_PARTS:
                    yield Label(t(lang, f"incident.ask_{part}"), classes="field-label")
                    yield Input(
                        texts[part],
                        max_length=INCIDENT_PART_MAX,
                        id=f"incident-{part}",
                        compact=True,
                    )
            with Horizontal(classes="dialog-buttons"):
                later = t(lang, "incident.later")
                yield Button(later, id="incident-later", compact=True)
                save = t(lang, "incident.save")
                yield Button(save, id="incident-save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#incident-happened", Input), scroll_visible=False)

    def typed(self) -> IncidentDraft:
        values = {
            part: self.query_one(f"#incident-{part}", Input).value.strip()
            for part in INCIDENT_PARTS
        }
        return self.draft.replace(**values)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field; on the last one it saves."""
        event.stop()
        if event.input.id == f"incident-{INCIDENT_PARTS[-1]}":
            self.dismiss(self.typed())
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.typed())

    def action_later(self) -> None:
        self.dismiss(self.typed())
