"""The Textual app: its bindings and actions, and the collaborators it owns (made in
`__init__`, each handed what it needs; ui/app_host.py says what they may ask of it). Its
timers are one value, `Timings` (ui/timings.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TextArea

from ..core.model.client_events import Previous
from ..core.model.protocol import Protocol
from ..core.model.session import Session
from ..i18n import t
from . import memory
from .autosave import Autosaver, SaveFailed, SaveFinished
from .client_documents import ClientDocuments
from .event_path import EventPath
from .incidents import Incidents
from .markers import ask_for_marker
from .messages import EventProposed, RolesTurned, TextChanged
from .navigation import Navigation
from .palette import commands, open_palette, open_theme_palette
from .paste_safe_app import PasteSafeApp
from .prebuilt import ScreensAhead
from .quitting import Quitting
from .screens.step import StepScreen
from .session_setup import SessionSetup, demo_session, new_session
from .start_flows import StartFlows
from .step_roles import StepRoles
from .step_screens import StepScreens
from .terminal import TerminalClosed, closable_driver
from .themes import HIGH_CONTRAST_THEME, apply_preferences, keep_theme
from .timings import TIMINGS, Timings

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.driver import Driver
    from textual.theme import Theme

    from ..store.session_store import SessionStore
    from ..store.student import Student
    from .screens.start import StartScreen

# Textual's private name this module overrides (tests/unit/test_textual_private.py).
TEXTUAL_PRIVATE = ("App._shutdown",)

# What a closed session no longer offers: its time has ended.
CLOSED_SESSION_HIDES = frozenset({"next_step", "toggle_pause", "replan_for_crisis", "swap_roles"})


class HyvinvointiApp(PasteSafeApp[None]):
    CSS_PATH = "app.tcss"
    TITLE = "hyvinvointi"
    # ctrl+p: the app's own commands in the session's language (ui/palette.py).
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "request_quit", "Quit", show=False, priority=True),
        # Out of habit: copies what is selected, else says how to quit (Textual's own hint
        # looks for an action named "quit", and a text field took ctrl+c silently).
        Binding("ctrl+c", "copy_or_hint", show=False, priority=True),
        # Textual's own palette binding would put an English "palette" in the footer.
        Binding("ctrl+p", "command_palette", show=False, priority=True),
        # Tab moves the focus as the app reads it, not when the field reaches it: keys typed
        # in a burst ("K-33", Tab, "Aino") were all queued to the field that had the focus,
        # so the words after a Tab landed in the field before it.
        Binding("tab", "focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous", show=False, priority=True),
    ]

    def __init__(
        self,
        protocol: Protocol,
        *,
        lang: str = "fi",
        session: Session | None = None,
        open_setup: bool = False,
        demo: bool = False,
        clock: Callable[[], float] | None = None,
        store: SessionStore | None = None,
        student: Student | None = None,
        session_lang: str | None = None,
        timings: Timings = TIMINGS,
    ) -> None:
        super().__init__()
        self.protocol = protocol
        self.lang = lang
        self.session = session or Session(protocol, clock=clock)
        self.setup_first = open_setup
        self.is_demo = demo
        self.store = store
        self.student = student
        self.timings = timings
        # The collaborators, each handed the app (ui/app_host.py: what each may ask of it).
        self.event_path = EventPath(self)
        self.autosaver = Autosaver(self, timings)
        self.quitting = Quitting(self, self.autosaver, self.key_order)
        self.start_flows = StartFlows(self)
        self.step_screens = StepScreens(self, ScreensAhead(self, timings.paint), timings)
        self.navigation = Navigation(self, self.step_screens, timings)
        self.setup = SessionSetup(self, self.step_screens)
        self.incidents = Incidents(self)
        self.client_documents = ClientDocuments(self)
        self.step_roles = StepRoles(self)
        self.autosaver.watch(self.session)
        self.register_theme(HIGH_CONTRAST_THEME)
        # The language a new session's setup starts in (the theme too: the student's).
        self.default_session_lang = apply_preferences(self, student, session_lang) or lang

    @classmethod
    def demo(
        cls,
        protocol: Protocol,
        *,
        lang: str = "fi",
        clock: Callable[[], float] | None = None,
        store: SessionStore | None = None,
        timings: Timings = TIMINGS,
    ) -> HyvinvointiApp:
        """A session for a fictional client, already at the first step."""
        session = demo_session(protocol, lang, clock)
        return cls(
            protocol,
            lang=lang,
            session=session,
            demo=True,
            clock=clock,
            store=store,
            timings=timings,
        )

    @classmethod
    def new_session(
        cls,
        protocol: Protocol,
        *,
        lang: str = "fi",
        client_code: str | None = None,
        clock: Callable[[], float] | None = None,
        store: SessionStore | None = None,
        student: Student | None = None,
        previous: Previous | None = None,
        begun: bool = False,
        timings: Timings = TIMINGS,
    ) -> HyvinvointiApp:
        """With a client code the session opens at its preparation, as one set up on the
        start screen does; without one, at the setup screen (`session_setup.new_session`)."""
        session = new_session(
            protocol,
            lang,
            client_code,
            clock=clock,
            student=student,
            previous=previous,
            begun=begun,
        )
        return cls(
            protocol,
            lang=lang,
            session=session,
            open_setup=not client_code,
            clock=clock,
            store=store,
            student=student,
            session_lang=lang,
            timings=timings,
        )

    def on_mount(self) -> None:
        self.set_interval(self.timings.tick, self._tick)
        # Subscribed after the saved theme was applied in __init__: only a change is kept.
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.quitting.stop_requests.attach()
        # A page printed without a copy by a run that crashed is removed now.
        self.client_documents.remove_print_copies(quitting=False)
        self.start_with(self._show_first_screen)

    def _show_first_screen(self) -> None:
        if self.session.state.started and self.session.state.step is None:
            self.push_screen(self.navigation.preparation(begun=False))
        elif self.session.state.started:
            self.step_screens.show_first()
        else:
            self.start_flows.show_start_screen(open_setup=self.setup_first)
        # Once the first screen is drawn (after-refresh callbacks wait for the screen now on
        # top): the save thread and the collector would compete with drawing it.
        self.call_after_refresh(memory.settle)
        if self.store is not None and self.session.state.started:
            self.call_after_refresh(self.autosaver.save_soon, 0)

    # --- the session's screens --------------------------------------------------------------

    def show_step(self) -> None:
        """Show the current step (a session not yet begun: its preparation)."""
        self.navigation.show_step()

    def _tick(self) -> None:
        # The timer can fire while the app is closing and the screen stack is already empty.
        screen = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(screen, StepScreen) and self.session.state.started:
            screen.show_clock(self.session.reading())
            screen.show_save_status(*self.autosaver.status)

    @property
    def session_lang(self) -> str:
        """The session's language once it has started, the app's before."""
        return self.session.state.setup.lang if self.session.state.started else self.lang

    def tr(self, key: str, **values: object) -> str:
        return t(self.session_lang, key, **values)

    def show_save_status(self, text: str, failed: bool) -> None:
        self.event_path.show_save_status(text, failed)

    def show_session_state(self) -> None:
        self.event_path.show_state()

    def open_setup(self) -> None:
        self.setup.open()

    # --- the start screen's ways in -----------------------------------------------------------

    def on_start_screen_chosen(self, message: StartScreen.Chosen) -> None:
        self.start_flows.chosen(message.choice)

    def take_session(
        self, protocol: Protocol, session: Session, store: SessionStore | None
    ) -> None:
        """Run `session` from now on (a follow-up, one saved before), kept in `store`."""
        if self.store is not None and store is not self.store:
            self.store.close()
        self.protocol, self.session, self.store = protocol, session, store
        self.autosaver.watch(session)

    def open_settings(self) -> None:
        """The start screen's "Keys and course" (also from the command palette)."""
        # lazy: the start screen, 3 ms before the first screen of a session
        from .screens.start import StartScreen

        self.post_message(StartScreen.Chosen("settings"))

    @property
    def has_student(self) -> bool:
        return self.student is not None

    # --- messages from screens and the autosaver ----------------------------------------------

    def unless_closed(self) -> AbstractContextManager[None]:
        return self.event_path.unless_closed()

    def flush_texts(self) -> None:
        """Record what was typed on the current screen before anything leaves it."""
        self.event_path.flush_texts()

    def on_event_proposed(self, message: EventProposed) -> None:
        self.event_path.proposed(message.event)

    def on_text_changed(self, message: TextChanged) -> None:
        self.event_path.text_changed(message.key, message.text)

    def on_roles_turned(self, message: RolesTurned) -> None:
        self.step_roles.turn(message.step)

    def on_save_finished(self, message: SaveFinished) -> None:
        self.autosaver.finished(message.upto)

    def on_save_failed(self, message: SaveFailed) -> None:
        self.autosaver.failed(message.reason)

    @property
    def save_status(self) -> tuple[str, bool]:
        """The save line as last shown (a screen shown again shows it too)."""
        return self.autosaver.status

    @property
    def saving(self) -> bool:
        """A save is under way or waiting to start."""
        return self.autosaver.saving

    # --- moving through the session (ui/navigation.py) ----------------------------------------

    def go_to(self, step_id: str) -> None:
        self.navigation.go_to(step_id)

    def action_next_step(self) -> None:
        self.navigation.next_step()

    def action_goto_step(self) -> None:
        self.navigation.choose_step()

    def action_open_reflection(self) -> None:
        self.navigation.open_reflection()

    # --- actions --------------------------------------------------------------------------------

    def action_swap_roles(self) -> None:
        self.step_roles.swap_on_current_step()

    def action_add_marker(self) -> None:
        ask_for_marker(self)

    def action_client_page(self) -> None:
        self.client_documents.ask_for_client_page()

    def action_privacy_notice(self) -> None:
        self.client_documents.write_privacy_notice()

    def action_emergency(self) -> None:
        self.incidents.emergency()

    def action_replan_for_crisis(self) -> None:
        self.incidents.replan_for_crisis()

    def action_incident_record(self) -> None:
        self.incidents.open_latest()

    def action_save_now(self) -> None:
        self.flush_texts()
        if self.store is not None:
            self.autosaver.save_soon(0)

    def action_toggle_pause(self) -> None:
        if self.session.state.started and not self.session.state.closed:
            self.session.toggle_pause()
            self._tick()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CLOSED_SESSION_HIDES and self.session.state.closed:
            return False  # the clock has stopped; ctrl+g still reaches any step's notes
        if action == "replan_for_crisis":
            screen = self.screen_stack[-1] if self.screen_stack else None
            return isinstance(screen, StepScreen) and screen.in_crisis()
        return True

    # --- the palette and the theme --------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return commands(self)

    def action_command_palette(self) -> None:
        open_palette(self)

    def action_change_theme(self) -> None:
        """The theme chosen is kept for the next start (_theme_changed)."""
        open_theme_palette(self)

    def _theme_changed(self, theme: Theme) -> None:
        if self.student is None:
            return  # the demo keeps nothing
        reason = keep_theme(self.student.home, theme.name)
        if reason is not None:
            self.notify(self.tr("palette.theme_not_kept", reason=reason), markup=False)

    # --- stopping -------------------------------------------------------------------------------

    def action_copy_or_hint(self) -> None:
        focused = self.focused
        selected = focused.selected_text if isinstance(focused, TextArea | Input) else ""
        if selected:
            self.copy_to_clipboard(selected)
        else:
            self.notify(t(self.session_lang, "app.quit_hint"), timeout=4)

    def action_request_quit(self) -> None:
        self.quitting.request()

    def get_driver_class(self) -> type[Driver]:
        return closable_driver(super().get_driver_class())

    def on_terminal_closed(self, message: TerminalClosed) -> None:
        self.quitting.terminal_closed()

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """Exit, once the screen built ahead has mounted (ui/prebuilt.py says why)."""
        self.step_screens.ahead.once_mounted(partial(super().exit, result, return_code, message))

    async def _shutdown(self) -> None:
        await self.step_screens.ahead.mounted()  # the tests' run_test closes without exit()
        await super()._shutdown()

    def on_unmount(self) -> None:
        self.quitting.stop_requests.detach()
        if self.store is not None:
            self.store.close()
        self.client_documents.remove_print_copies(quitting=True)
        memory.release()
