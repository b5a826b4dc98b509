"""The frame every step screen shares: title, clock, the protocol's texts, instrument, notes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input

from ...core.dates import clock_time
from ...core.follow_up.last_time import overview
from ...core.model.client_events import CONSENT_ITEMS, ConsentRecorded
from ...core.model.protocol import Protocol
from ...core.model.session_events import NoteAppended, SessionEvent, one_of
from ...core.model.state import SessionState
from ...core.model.steps import Step
from ...core.model.text_keys import notes_key
from ...core.model.timer import ClockReading
from ...i18n import t
from ..keys import bind_session_keys, rebind
from ..messages import EventProposed
from ..prebuilt import KeptScreen
from ..sections import section_text
from ..widgets.consent_choices import ConsentChoices
from ..widgets.key_hints import KeyHints
from ..widgets.notes_area import NotesArea, TextField
from ..widgets.plain import Label, Static, titled_text
from ..widgets.session_clock import SessionClock
from ..widgets.title_line import TitleLine, TitlePart
from .closed_session import added_after_closing, closed_widgets
from .consent_section import consent_section
from .context import StepContext
from .sentence_to_notes import SentenceToNotes, focus_in_view

if TYPE_CHECKING:
    from ..widgets.append_note import AppendNote


class StepScreen(KeptScreen):
    """One step of the session. Built from the state; re-rendered by `show_state`."""

    BINDINGS = [
        Binding("ctrl+pageup", "scroll_guide(-1)", show=False),
        Binding("ctrl+pagedown", "scroll_guide(1)", show=False),
    ]
    # Below this width the guidance goes above the work instead of beside it, so that every
    # instrument has the whole width (the OSA grid's topics and ratings side by side).
    NARROW_BELOW = 100

    # Focus is given in `_first_view`, after the first layout: Textual's auto focus would
    # centre the field before the layout settles and leave the pane scrolled.
    AUTO_FOCUS = ""
    FOCUS = "#notes"
    NOTES_TITLE = "step.notes"

    def __init__(
        self, step: Step, state: SessionState, context: StepContext, reading: ClockReading
    ) -> None:
        super().__init__(name=step.id)
        self.step = step
        self.state = state
        self.context = context
        self.lang = state.setup.lang
        self.reading = reading
        self._closed_shown = False
        self._notes_consent_shown: str | None = None
        self._first_view_done = False
        # Typing meant as text, started on a rating or choice, goes to the notes.
        self._sentences = SentenceToNotes(self, self.typing_target)
        bind_session_keys(self, self.lang)
        self.prepare()

    def prepare(self) -> None:
        """A step's own state and key bindings, made with the screen (its __init__ is
        the frame's)."""

    def in_crisis(self) -> bool:
        """The step shows an acute situation (the stress step, rated in the crisis range)."""
        return False

    @property
    def protocol(self) -> Protocol:
        return self.context.protocol

    @property
    def protocol_steps(self) -> tuple[Step, ...]:
        """The steps in this session's order."""
        return self.context.order

    def tr(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        number, total = self.context.position(self.step)
        position = self.tr("step.position", n=number, total=total)
        code = self.state.setup.client_code
        # At 80 columns the protocol's title gives way first: the client code stays whole.
        parts = [
            TitlePart(text=f"{position} · {self.step.title(self.lang)}", style="bold"),
            TitlePart(text=f"{self.context.title} · {code}", style="dim", short=code, give_way=1),
        ]
        if self.context.demo:
            demo = self.tr("app.demo")
            parts.append(
                TitlePart(text=demo, style="italic", short=self.tr("app.demo_short"), give_way=2)
            )
        with Horizontal(id="title-bar"):
            yield TitleLine(parts, id="step-title")
        yield SessionClock(self.lang, id="clock")
        with Horizontal(id="body"):
            # The panes take no focus themselves (Tab goes from field to field; a pane
            # showed no sign of having the focus): the guide scrolls with the mouse and
            # ctrl+pageup/ctrl+pagedown, the work pane follows its focused field.
            with VerticalScroll(id="guide", can_focus=False):
                yield from self.compose_guide_top()
                if self.state.previous is not None:
                    yield from self.compose_last_time()
                # What to say comes first: it is what the student needs in the moment.
                if self.step.say:
                    yield Label(self.tr("step.say"), classes="section-title")
                    lines = [f"» {line(self.lang)}" for line in self.step.say]
                    yield Static("\n".join(lines), classes="say")
                yield titled_text(
                    self.tr("step.for_students"), self.step.guidance(self.lang), "guidance"
                )
                yield from self.compose_guide_extra()
            with VerticalScroll(id="work", can_focus=False):
                if self.state.closed:
                    yield from closed_widgets(self.lang)
                yield from self.compose_instrument()
                yield Label(self.tr(self.NOTES_TITLE), classes="section-title notes-title")
                notes = NotesArea(
                    notes_key(self.step.id),
                    self.state.text(notes_key(self.step.id)),
                    id="notes",
                    report_seconds=self.context.timings.report,
                )
                notes.placeholder = self.tr("step.notes_hint")
                yield notes
                yield from self.compose_after_notes()
        yield KeyHints()

    def _show_notes_consent(self, state: SessionState) -> None:
        """Notes are kept only with the client's yes: until the answer, the notes' title says
        that what is typed waits (in memory, not on disk); after a no, the notes take no
        typing and say why."""
        shown = "off" if state.notes_declined else "waiting" if state.notes_pending else ""
        if shown == self._notes_consent_shown:
            return
        self._notes_consent_shown = shown
        titles = {"off": "consent.notes_off", "waiting": "consent.notes_waiting"}
        for title in self.query(".notes-title").results(Label):
            title.update(self.tr(titles.get(shown, self.NOTES_TITLE)))
            title.set_class(shown == "off", "-notes-off")
            title.set_class(shown == "waiting", "-notes-waiting")
        for notes in self.query("#notes").results(NotesArea):
            notes.read_only = shown == "off" or state.closed

    def compose_consent(self) -> Iterable[Widget]:
        """The client's consent (the steps that ask for it: ui/screens/consent_section.py)."""
        return consent_section(self.state, self.lang)

    def on_consent_choices_answered(self, event: ConsentChoices.Answered) -> None:
        event.stop()
        if self.state.consent.get(event.item) is event.given:
            return
        if self.state.closed and event.given:
            # A closed session takes a withdrawal only: nothing new is kept after it.
            self.notify(self.tr("consent.closed_withdraw_only"), severity="warning")
            event.choices.set_answers(self.state.consent)
            return
        item = one_of(event.item, CONSENT_ITEMS)
        self.propose(ConsentRecorded(step=self.step.id, item=item, given=event.given))

    def _show_lead(self, state: SessionState) -> None:
        """Who leads this step, in the title bar (nothing while nobody is named)."""
        roles = state.roles.get(self.step.id)
        lead = self.tr("roles.header", lead=roles.lead) if roles and roles.lead else ""
        for title in self.query("#step-title").results(TitleLine):
            title.show_lead(lead)

    def compose_guide_top(self) -> Iterable[Widget]:
        """Protocol text that must be seen first (the crisis guidance)."""
        return ()

    def compose_last_time(self) -> Iterable[Widget]:
        """A follow-up: what the session before it left for this step. The opening step
        shows the overview (focus, stress, goals, the steps offered first)."""
        if self.protocol_steps[0] is self.step and self.state.previous is not None:
            panel = overview(self.protocol, self.state.previous, self.lang, self.protocol_steps)
            yield Static(section_text(panel), id="last-time", classes="last-time")

    def compose_guide_extra(self) -> Iterable[Widget]:
        """Extra protocol texts under the guidance (info text, crisis guidance, services)."""
        return ()

    def compose_instrument(self) -> Iterable[Widget]:
        """The step's own input, above the notes."""
        return ()

    def compose_after_notes(self) -> Iterable[Widget]:
        """Fields that come after the notes, in the focus order too (the crisis plan:
        shift+tab from the notes then reaches the rating scale at once)."""
        return ()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW_BELOW, "-narrow")

    def action_fold_guide(self) -> None:
        """Fold the guidance away (the work gets the room), or bring it back."""
        self.toggle_class("-guide-folded")

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < self.NARROW_BELOW, "-narrow")
        if not self.app.is_running or not self.children:
            return  # built ahead just as the app closed: its widgets were never mounted
        self.show_state(self.state)
        self.query_one(SessionClock).show(self.reading)
        # Focus now, without scrolling (that waits for the first layout): a screen built
        # ahead is then painted unseen as it will be shown, focused field and all.
        self._focus_first_field()

    def on_shown(self) -> None:
        self._notes_cursor_to_end()
        # The first time the screen is shown: it may have been built ahead, unseen.
        if not self._first_view_done:
            self._first_view_done = True
            self.call_after_refresh(self._first_view)

    def _notes_cursor_to_end(self) -> None:
        """New words go after the old ones: on resume and on each return to the step, the
        notes' cursor is at their end (TextArea puts it at the start of a text it is given)."""
        for notes in self.query("#notes").results(NotesArea):
            notes.move_cursor(notes.document.end)

    def _first_view(self) -> None:
        """Open at the top of the step's work (the instrument's title, a crisis banner),
        scrolled only as far as the focused field needs."""
        self._notes_cursor_to_end()
        self._focus_first_field()
        self.query_one("#work").scroll_home(animate=False, immediate=True)
        if self.focused is not None:
            self.focused.scroll_visible(animate=False, immediate=True)

    def _focus_first_field(self) -> None:
        if self.focused is None:
            for widget in self.query(self.FOCUS):
                if widget.focusable:
                    self.set_focus(widget, scroll_visible=False)
                    break

    def action_scroll_guide(self, direction: int) -> None:
        guide = self.query_one("#guide", VerticalScroll)
        if direction > 0:
            guide.scroll_page_down()
        else:
            guide.scroll_page_up()

    # --- typing meant as text -----------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        self._sentences.key(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._sentences.focus_moved()

    def to_the_notes(self) -> None:
        """After an answer on a scale (a digit, a click): the notes take the typing, so a
        digit at the start of the next sentence cannot change the answer; shift+tab or Tab
        goes back to the scale."""
        notes = self.typing_target()
        if notes is not None and not notes.read_only:
            focus_in_view(self, notes)

    def typing_target(self) -> NotesArea | None:
        """Where typing meant as text goes: the step's notes."""
        found = self.query("#notes").results(NotesArea)
        return next(found, None)

    # --- data flow ------------------------------------------------------------------------

    def propose(self, event: SessionEvent) -> None:
        self.post_message(EventProposed(event))

    def show_state(self, state: SessionState) -> None:
        """Re-render the instrument from the session state (after every recorded event).

        A closed session shows its state but takes no input; notes can only be appended."""
        self.state = state
        self._show_notes_consent(state)
        self._show_lead(state)
        for choices in self.query("#consent").results(ConsentChoices):
            choices.set_answers(state.consent)
        if not state.closed:
            return
        if not self.query("#closed-banner"):
            self.query_one("#work").mount_all(closed_widgets(self.lang), before=0)
        banner = self.query_one("#closed-banner", Static)
        after = self.query_one("#after-closing", Static)
        created = self.context.created
        assert state.closed_at is not None
        closed = self.tr("closing.closed", time=clock_time(created, state.closed_at))
        banner.update(f"{closed}\n{self.tr('reflection.open')}")
        for widget in self.query_one("#work").children:
            # The consent rows stay: a client may withdraw a consent after the conversation.
            kept = ("closed-banner", "after-closing", "append-note", "notes", "consent")
            if widget.id not in kept:
                widget.disabled = True
        self.query_one("#notes", NotesArea).read_only = True
        # A note appended after closing is a note: kept only with the client's yes.
        append = self.query_one("#append-note", Input)
        append.disabled = state.consent.get("notes") is not True
        append.placeholder = self.tr(
            "closing.append" if not append.disabled else "closing.append_no_consent"
        )
        after.update(added_after_closing(state, self.step.id, created, self.lang))
        if not self._closed_shown:
            # Just closed (or opened closed): show the banner, ready to append a note;
            # ctrl+n now opens the students' reflection.
            self._closed_shown = True
            rebind(self, "ctrl+n", "app.open_reflection", self.tr("reflection.key"))
            self.refresh_bindings()
            self.query_one("#append-note").focus(scroll_visible=False)
            self.call_after_refresh(self.query_one("#work").scroll_home, animate=False)

    def show_texts(self, state: SessionState) -> None:
        """A typed text was recorded. Its own field shows it already; a screen that also
        shows the text elsewhere (the review's goal list) updates that here."""

    def on_append_note_appended(self, event: AppendNote.Appended) -> None:
        event.stop()
        self.propose(NoteAppended(step=self.step.id, text=event.text))

    def show_clock(self, reading: ClockReading) -> None:
        self.reading = reading
        # A tick may arrive while the screen is being built or torn down.
        for clock in self.query(SessionClock):
            clock.show(reading)

    def show_save_status(self, text: str, failed: bool) -> None:
        # "saving…" and "saved 10:42:07" take the same width: the title beside them stays
        # where it is (a save about once a second while typing).
        shown = text.rjust(self._status_width) if text else ""
        for title in self.query("#step-title").results(TitleLine):
            title.show_status(shown, failed)

    @cached_property
    def _status_width(self) -> int:
        return max(
            cell_len(self.tr("save.saving")), cell_len(self.tr("save.saved", time="00:00:00"))
        )

    def pending_events(self) -> Sequence[SessionEvent]:
        """Values typed but not yet recorded (hours being typed), for the app to record
        before leaving the step or quitting."""
        return ()

    def pending_texts(self) -> list[tuple[str, str]]:
        """Text typed since it was last reported, for the app to record before leaving."""
        pending = []
        for field in (*self.query(NotesArea), *self.query(TextField)):
            text = field.pending()
            if text is not None:
                pending.append((field.key, text))
        return pending
