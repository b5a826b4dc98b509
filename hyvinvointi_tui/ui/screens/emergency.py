"""The emergency instructions: immediate danger to someone's life or health.

Not the stress scale's acute situation (which the stress step handles by stopping and
re-planning): talk of suicide, violence, psychosis or a medical emergency. Opened with one
key on every step; the opening is recorded with its time.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

from ...core.protocol import HelpContact
from ...i18n import t
from ..widgets.plain import Label, Static


def contact_line(contact: HelpContact, lang: str) -> str:
    """ "MIELI Kriisipuhelin 09 2525 0111 — what it is for" (the number where one is known)."""
    hours = f" ({contact.hours})" if contact.hours else ""
    return f"{contact.called(lang)}{hours} — {contact.purpose(lang)}"


class EmergencyModal(ModalScreen[None]):
    """What to do now, in the session's language, and where help is."""

    BINDINGS = [
        Binding("escape", "close", show=False),
        Binding("enter", "close", show=False),
    ]
    # The instructions take the focus, not the button below them: on a small terminal the
    # dialog scrolls to what has the focus, and the first lines are the ones that matter.
    AUTO_FOCUS = "#emergency-box"

    def __init__(self, lang: str, contacts: list[HelpContact], teacher: str) -> None:
        super().__init__()
        self.lang = lang
        self.contacts = contacts
        self.teacher = teacher  # how to reach the teacher (teacher_line)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with VerticalScroll(id="emergency-box", classes="dialog emergency"):
            yield Label(t(lang, "emergency.heading"), classes="dialog-title crisis-banner")
            for number, key in enumerate(("stay", "teacher", "call"), 1):
                yield Static(f"{number}. {t(lang, f'emergency.{key}')}", classes="emergency-step")
            yield Static(self.teacher, classes="emergency-note")
            if self.contacts:
                yield Label(t(lang, "emergency.contacts"), classes="section-title")
                for contact in self.contacts:
                    yield Static(f"• {contact_line(contact, lang)}", classes="emergency-contact")
            yield Static(t(lang, "emergency.recorded"), classes="emergency-note emergency-recorded")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t(lang, "emergency.back"), id="emergency-back", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
