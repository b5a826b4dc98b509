"""The emergency instructions: immediate danger to someone's life or health.

Not the stress scale's acute situation (which the stress step handles by stopping and
re-planning): talk of suicide, violence, psychosis or a medical emergency. Opened with one
key on every step; the opening is recorded with its time, and closing it asks for the
incident record (ui/screens/incident.py).

The order is the order of what to do: 112 when life or health is in danger, never leave
the client alone, then the supervising teacher, with the phone the course gives. A student
who runs the session alone is told to do each of them themselves.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

from ...core.model.course import Teacher
from ...core.model.help_contacts import HelpContact
from ...core.record import Record, record
from ...i18n import t
from ..teacher_line import phone_line, teachers_line
from ..widgets.plain import Label, Static


def contact_line(contact: HelpContact, lang: str) -> str:
    """ "MIELI Kriisipuhelin 09 2525 0111 — what it is for" (the number where one is known)."""
    hours = f" ({contact.hours})" if contact.hours else ""
    return f"{contact.called(lang)}{hours} — {contact.purpose(lang)}"


@record
class EmergencyContext(Record):
    """What the instructions say beyond their fixed words: where help is, the supervising
    teacher's phone ("" when the course gives none), the course's teachers, and whether one
    student runs the session alone."""

    contacts: tuple[HelpContact, ...] = ()
    phone: str = ""
    teachers: tuple[Teacher, ...] = ()
    solo: bool = False

    def steps(self, lang: str) -> list[str]:
        """The three things to do, in their order, in `lang`."""
        tail = "_solo" if self.solo else ""
        return [
            t(lang, f"emergency.call{tail}"),
            t(lang, f"emergency.stay{tail}"),
            phone_line(lang, self.phone, f"emergency.teacher{tail}"),
        ]


class EmergencyModal(ModalScreen[None]):
    """What to do now, in the session's language, and where help is."""

    DEFAULT_CSS = """
    /* The instructions scroll on a small terminal; the way back stays in sight below. */
    #emergency-text { height: auto; max-height: 60vh; }
    .emergency-contact { height: auto; }
    """
    BINDINGS = [
        Binding("escape", "close", show=False),
        Binding("enter", "close", show=False),
    ]
    # The instructions take the focus, not the button below them: on a small terminal they
    # scroll, and the first lines are the ones that matter. The button stays in sight below
    # them, so the way back is never below the fold.
    AUTO_FOCUS = "#emergency-text"

    def __init__(self, lang: str, context: EmergencyContext) -> None:
        super().__init__()
        self.lang = lang
        self.context = context

    def compose(self) -> ComposeResult:
        lang, context = self.lang, self.context
        with Vertical(id="emergency-box", classes="dialog emergency"):
            with VerticalScroll(id="emergency-text"):
                yield Label(t(lang, "emergency.heading"), classes="dialog-title crisis-banner")
                for number, text in enumerate(context.steps(lang), 1):
                    yield Static(f"{number}. {text}", classes="emergency-step")
                teachers = teachers_line(lang, "emergency", context.teachers)
                if teachers:
                    yield Static(teachers, classes="emergency-note")
                if context.contacts:
                    yield Label(t(lang, "emergency.contacts"), classes="section-title")
                    for contact in context.contacts:
                        line = f"• {contact_line(contact, lang)}"
                        yield Static(line, classes="emergency-contact")
                recorded = "emergency.recorded_solo" if context.solo else "emergency.recorded"
                yield Static(t(lang, recorded), classes="emergency-note emergency-recorded")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    t(lang, "emergency.back"), id="emergency-back", variant="primary", compact=True
                )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
