"""The Textual app: its bindings, its actions, and the event path that turns the screens'
messages into the session's events. Saving (`autosave.py`), screens built ahead
(`prebuilt.py`) and the start screen's ways in (`start_flows.py`) are layers of their own."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, TextArea

from ..core.debrief.results import roles_line
from ..core.follow_up.carried import step_order
from ..core.model.client_events import INCIDENT_TRIGGERS, IncidentRecorded, Previous
from ..core.model.protocol import Protocol
from ..core.model.session import Session, SessionClosedError
from ..core.model.session_events import (
    MARKER_TAGS,
    MarkerAdded,
    RolesSet,
    SessionClosed,
    SessionEvent,
    SetupChanged,
    StepEntered,
    one_of,
)
from ..core.model.state_entries import ROLES_CHOSEN_FROM, Roles, Setup
from ..core.model.timer import format_minutes
from ..i18n import LANGUAGES, system_language, t
from . import memory
from .messages import EventProposed, RolesTurned, TextChanged
from .screens.incident import IncidentDraft, IncidentModal
from .screens.roles_modal import RolesModal
from .screens.step import StepScreen
from .screens.writing import PreparationScreen, ReflectionScreen, WritingScreen
from .start_flows import StartFlowsApp
from .step_screens import make_step_screen
from .themes import HIGH_CONTRAST_THEME

if TYPE_CHECKING:
    from textual.theme import Theme

    from ..store.session_store import SessionStore
    from ..store.student import Student
    from .screens.client_page import PrintOnly

# The next step's screen is built this long after a step is shown (after its save).
PREPARE_SECONDS = 0.3

# What a closed session no longer offers: its time has ended.
CLOSED_SESSION_HIDES = frozenset({"next_step", "toggle_pause", "replan_for_crisis", "swap_roles"})
# The screens that show the session and take what is typed in it.
SESSION_SCREENS = (StepScreen, WritingScreen)

DEMO_SETUP = SetupChanged(
    client_code="DEMO-01", lang="fi", students=["Opiskelija A", "Opiskelija B"]
)


class HyvinvointiApp(StartFlowsApp):
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
    ) -> None:
        super().__init__()
        self.protocol = protocol
        self.lang = lang
        self.session = session or Session(protocol, clock=clock)
        self.setup_first = open_setup
        self.is_demo = demo
        self.store = store
        self.student = student
        self._prepare_timer: Timer | None = None
        # The client's pages written for printing only: removed as the app quits.
        self.print_copies: list[Path] = []
        # The latest emergency or crisis re-plan, whose record may not be written yet.
        self.last_incident: IncidentDraft | None = None
        self.watch_session(self.session)
        self.register_theme(HIGH_CONTRAST_THEME)
        # The language a new session's setup starts in: the one asked for (`new --lang`),
        # else the student's preference.
        self.default_session_lang = session_lang or lang
        if student is not None:
            from ..store.preferences import read_preferences

            preferences = read_preferences(student.home)
            # None chosen in settings: the system's language (LC_ALL, LC_MESSAGES, LANG).
            self.default_session_lang = session_lang or preferences.lang or system_language()
            if preferences.theme in self.available_themes:
                self.theme = preferences.theme

    # --- ways in ----------------------------------------------------------------------------

    @classmethod
    def demo(
        cls,
        protocol: Protocol,
        *,
        lang: str = "fi",
        clock: Callable[[], float] | None = None,
        store: SessionStore | None = None,
    ) -> HyvinvointiApp:
        """A session for a fictional client, already at the first step."""
        session = Session(protocol, clock=clock)
        session.start(DEMO_SETUP.replace(lang=lang))
        return cls(protocol, lang=lang, session=session, demo=True, clock=clock, store=store)

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
    ) -> HyvinvointiApp:
        """With a client code the session opens at its preparation, as one set up on the
        start screen does (the clock starts when the students begin the conversation, or
        at once if `begun`); without one, at the setup screen. A follow-up (`previous`)
        records what it follows up as it starts."""
        session = Session(protocol, clock=clock)
        if client_code:
            language = one_of(lang, LANGUAGES)
            setup = SetupChanged(
                client_code=client_code,
                lang=language,
                follow_up=bool(previous),
                partner=student.partner if student else "",
            )
            course = student.course_noted() if student else None
            session.start(setup, previous, course, prepare=not begun)
        return cls(
            protocol,
            lang=lang,
            session=session,
            open_setup=not client_code,
            clock=clock,
            store=store,
            student=student,
            session_lang=lang,
        )

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        # Subscribed after the saved theme was applied in __init__: only a change is kept.
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.handle_signals()
        if self.student is not None:
            from ..store.copies import remove_temporary_copies

            # A page printed without a copy by a run that crashed is removed now.
            remove_temporary_copies(self.student.home, quitting=False)
        if self.session.state.started and self.session.state.step is None:
            self.push_screen(self._preparation(begun=False))
        elif self.session.state.started:
            name = f"step:{self.session.state.step}"
            self.install_screen(self._step_screen(), name)
            self.push_screen(name)
            self._prepare_soon()
        else:
            from .screens.start import StartScreen

            facts = self.data_facts(self.student) if self.student is not None else None
            self.push_screen(StartScreen(self.lang, facts))
            if self.setup_first:
                self.open_setup()
        # Once the first screen is drawn (after-refresh callbacks wait for the screen now on
        # top): the save thread and the collector would compete with drawing it.
        self.call_after_refresh(memory.settle)
        if self.store is not None and self.session.state.started:
            self.call_after_refresh(self.save_soon, 0)

    # --- screens ----------------------------------------------------------------------------

    def _step_screen(self, step_id: str | None = None) -> StepScreen:
        """A new screen for a step (the current one unless told)."""
        state = self.session.state
        step_id = step_id or state.step
        assert step_id is not None
        teachers = tuple(self.student.teachers) if self.student is not None else ()
        return make_step_screen(self.session, step_id, demo=self.is_demo, teachers=teachers)

    def _drop_step_screen(self, name: str) -> None:
        screen = self.get_screen(name)
        if self.uninstall_screen(name) is not None and screen.is_running:
            self.call_later(screen.remove)

    def _preparation(self, *, begun: bool) -> PreparationScreen:
        state = self.session.state
        order = step_order(self.protocol, state)
        return PreparationScreen(state, order, begun=begun, demo=self.is_demo)

    def show_step(self) -> None:
        """Show the current step. Each step's screen is built once and kept (installed), so
        moving back and forth only re-renders it from the state; the next step's screen is
        built ahead while the student is on this one. A session not yet begun shows its
        preparation."""
        state = self.session.state
        if state.step is None:
            self.switch_screen(self._preparation(begun=False))
            return
        name = f"step:{state.step}"
        if not self.is_screen_installed(name):
            self.install_screen(self._step_screen(), name)
        screen = self.get_screen(name, StepScreen)
        if screen.is_mounted:
            screen.show_state(state)
            screen.show_clock(self.session.reading())
            screen.show_save_status(*self.save_status)
        self.switch_screen(name)
        self._prepare_soon()

    def _prepare_soon(self) -> None:
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._prepare_timer = self.set_timer(PREPARE_SECONDS, self._prepare_next_step)

    def _prepare_next_step(self) -> None:
        """Build the next step's screen now, unseen, so that ctrl+n only has to show it."""
        self._prepare_timer = None
        # Not under a modal, nor while the app is closing (the stack is then empty).
        shown = self.screen_stack[-1] if self.screen_stack else None
        if not isinstance(shown, StepScreen) or not self.is_running:
            return
        step_id = self._next_step_id()
        if step_id is None or self.is_screen_installed(f"step:{step_id}"):
            return
        self.build_ahead(self._step_screen(step_id), f"step:{step_id}")

    def _tick(self) -> None:
        # The timer can fire while the app is closing and the screen stack is already empty.
        screen = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(screen, StepScreen) and self.session.state.started:
            screen.show_clock(self.session.reading())
            screen.show_save_status(*self.save_status)

    @property
    def session_lang(self) -> str:
        """The session's language once it has started, the app's before."""
        return self.session.state.setup.lang if self.session.state.started else self.lang

    def tr(self, key: str, **values: object) -> str:
        return t(self.session_lang, key, **values)

    def show_save_status(self, text: str, failed: bool) -> None:
        screen = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(screen, SESSION_SCREENS):
            screen.show_save_status(text, failed)

    def open_setup(self) -> None:
        state = self.session.state
        setup = (
            state.setup
            if state.started
            else self.setup_start or Setup(lang=self.default_session_lang)
        )
        if not state.started and self.student is not None and not setup.partner:
            setup = dataclasses.replace(setup, partner=self.student.partner)
        from .screens.setup import SetupScreen

        # The course's facts as the session recorded them; before it starts, the course's.
        privacy = (
            state.privacy
            if state.started
            else self.student.course.privacy
            if self.student is not None
            else None
        )
        screen = SetupScreen(
            setup,
            protocol_title=self.protocol.title(setup.lang),
            in_session=state.started,
            teachers=self._teacher_count(),
            is_key=_is_public_key,
            privacy=privacy,
        )
        self.push_screen(screen, self._setup_done)

    def _teacher_count(self) -> int | None:
        """How many teachers the session's file is encrypted to (None: nothing is kept)."""
        if self.student is not None:
            return len(self.student.teachers)
        return len(self.store.recipients) - 1 if self.store is not None else None

    def _setup_done(self, result: SetupChanged | None) -> None:
        if result is None:
            return
        session = self.session
        if not session.state.started:
            # A new session opens at its preparation: the clock starts with the first step.
            course = self.student.course_noted() if self.student is not None else None
            session.start(result, self.previous, course, prepare=True)
            self.show_step()
            return
        if Setup.of(result) != session.state.setup:
            with self._unless_closed():
                session.record(result)
                self._rebuild_step_screens()

    def _rebuild_step_screens(self) -> None:
        """After a setup change every step screen is built anew (language, client code)."""
        fresh = self._step_screen()
        name = f"step:{self.session.state.step}"
        self.switch_screen(fresh)

        def reinstall() -> None:
            for step in self.protocol.steps:
                if self.is_screen_installed(f"step:{step.id}"):
                    self._drop_step_screen(f"step:{step.id}")
            self.install_screen(fresh, name)
            self._prepare_soon()

        self.call_after_refresh(reinstall)

    def flush_texts(self) -> None:
        """Record what was typed on the current step before anything leaves it."""
        if isinstance(self.screen, SESSION_SCREENS):
            for key, text in self.screen.pending_texts():
                with self._unless_closed():
                    self.session.edit_text(key, text)
            for event in self.screen.pending_events():
                with self._unless_closed():
                    self.session.record(event)

    def go_to(self, step_id: str) -> None:
        self.flush_texts()
        from .screens.modals import PREPARATION, REFLECTION, SETUP

        if step_id == SETUP:
            self.open_setup()
            return
        if step_id == PREPARATION:
            self._push_writing(self._preparation(begun=self.session.state.step is not None))
            return
        if step_id == REFLECTION:
            self.action_open_reflection()
            return
        if step_id != self.session.state.step:
            self.session.record(StepEntered(step=step_id))
        self.show_step()

    # --- messages from screens ----------------------------------------------------------------

    @contextlib.contextmanager
    def _unless_closed(self) -> Iterator[None]:
        """A change of a closed session is refused with a message (the screens disable
        their inputs, so this is a last line)."""
        try:
            yield
        except SessionClosedError:
            self.notify(self.tr("closing.refused"), severity="warning")

    def on_event_proposed(self, message: EventProposed) -> None:
        if isinstance(message.event, SessionClosed):
            self.flush_texts()  # what was typed belongs to the session, not after it
        with self._unless_closed():
            self.session.record(message.event)
        if isinstance(self.screen, SESSION_SCREENS):
            self.screen.show_state(self.session.state)
            if isinstance(message.event, SessionClosed):
                self.screen.refresh_bindings()

    def on_text_changed(self, message: TextChanged) -> None:
        with self._unless_closed():
            self.session.edit_text(message.key, message.text)
        if isinstance(self.screen, SESSION_SCREENS):
            self.screen.show_texts(self.session.state)

    # --- actions --------------------------------------------------------------------------------

    def _next_step_id(self) -> str | None:
        """The step after the current one in the session's order (None on the last)."""
        state = self.session.state
        if state.step is None:
            return None
        order = [step.id for step in step_order(self.protocol, state)]
        index = order.index(state.step)
        return order[index + 1] if index + 1 < len(order) else None

    def action_next_step(self) -> None:
        state = self.session.state
        if state.closed or not state.started:
            return
        if state.step is None:  # from the preparation: the conversation begins
            self.flush_texts()
            self.session.begin()
            self.show_step()
            return
        step_id = self._next_step_id()
        if step_id is not None:
            self.go_to(step_id)

    def action_goto_step(self) -> None:
        if not self.session.state.started:
            return
        self.flush_texts()
        from .screens.modals import GoToStepModal

        modal = GoToStepModal(self.protocol, self.session.state, self.session.now())

        def chosen(step_id: str | None) -> None:
            if step_id is not None:
                self.go_to(step_id)

        self.push_screen(modal, chosen)

    def _push_writing(self, screen: WritingScreen) -> None:
        """The preparation or the reflection over the step; back to the step after it."""
        self.flush_texts()

        def returned(_: None) -> None:
            if isinstance(self.screen, StepScreen):
                self.screen.show_state(self.session.state)

        self.push_screen(screen, returned)

    def action_open_reflection(self) -> None:
        """The students' reflection (after closing, or any time from ctrl+g)."""
        state = self.session.state
        if not state.started or isinstance(self.screen, ReflectionScreen):
            return
        order = step_order(self.protocol, state)
        self._push_writing(ReflectionScreen(state, order, demo=self.is_demo))

    def action_swap_roles(self) -> None:
        """The next turn on the current step: the other student leads (f2)."""
        state = self.session.state
        if state.step is not None and not state.closed and self._turn_roles(state.step):
            title = self.protocol.step(state.step).title(state.setup.lang)
            line = roles_line(state.roles.get(state.step), state.setup.lang)
            self.notify(f"{title}: {line}", timeout=4, markup=False)

    def on_roles_turned(self, message: RolesTurned) -> None:
        self._turn_roles(message.step)

    def _turn_roles(self, step: str) -> bool:
        """Record the next turn of a step's roles (False, with a word why, if the setup
        names no students; False too when three or more choose, in a dialog)."""
        state = self.session.state
        if not state.setup.students:
            self.notify(self.tr("roles.need_students"), severity="warning")
            return False
        if len(state.setup.students) >= ROLES_CHOSEN_FROM:
            self._choose_roles(step)
            return False
        turn = state.roles.get(step, Roles()).swapped(state.setup.students)
        with self._unless_closed():
            self.session.record(RolesSet(step=step, lead=turn.lead, note_taker=turn.note_taker))
        if isinstance(self.screen, SESSION_SCREENS):
            self.screen.show_state(self.session.state)
        return True

    def _choose_roles(self, step: str) -> None:
        """Three or more students: who leads the step and who takes its notes, chosen."""
        state = self.session.state
        lang = state.setup.lang
        title = self.protocol.step(step).title(lang)

        def chosen(roles: Roles | None) -> None:
            if roles is None:
                return
            with self._unless_closed():
                self.session.record(
                    RolesSet(step=step, lead=roles.lead, note_taker=roles.note_taker)
                )
            if isinstance(self.screen, SESSION_SCREENS):
                self.screen.show_state(self.session.state)
            line = roles_line(self.session.state.roles.get(step), lang)
            self.notify(f"{title}: {line}", timeout=4, markup=False)

        current = state.roles.get(step, Roles())
        self.push_screen(RolesModal(lang, title, state.setup.students, current), chosen)

    def action_add_marker(self) -> None:
        """A timestamped marker for the debrief; the time is when the key was pressed."""
        step = self.session.state.step
        if step is None:
            return
        at = self.session.now()

        def chosen(tag: str | None) -> None:
            if tag is None:
                return
            # Stamped when the key was pressed, not when the tag was chosen.
            self.session.record(MarkerAdded(step=step, tag=one_of(tag, MARKER_TAGS)), at=at)
            time = format_minutes(self.session.state.clock.reading(at).elapsed)
            self.notify(self.tr("marker.dropped", time=time, tag=self.tr(f"marker.{tag}")))

        from .screens.modals import MarkerModal

        self.push_screen(MarkerModal(self.session.state.setup.lang, MARKER_TAGS), chosen)

    def action_client_page(self) -> None:
        """Write the client's page (html and md) into a folder the student chooses and open
        the html in the system's browser, for printing."""
        from ..store.client_page import documents_folder
        from ..store.typed_path import folder_or_reason, led_to
        from .screens.client_page import ClientPageModal

        self.flush_texts()

        def chosen(folder: Path | PrintOnly | None) -> None:
            if folder is not None:
                self._write_client_page(folder)

        lang = self.session_lang
        modal = ClientPageModal(
            lang,
            documents_folder(),
            choose_folder=lambda typed: folder_or_reason(typed, lang),
            through_link=led_to,
        )
        self.push_screen(modal, chosen)

    def _write_client_page(self, folder: Path | PrintOnly, *, replace: bool = False) -> None:
        """Write the page where chosen (PRINT_ONLY: into a private temp folder, removed as
        the app quits), record the plaintext copies and open the html for printing. A page
        of the same name in the folder is replaced only after a yes."""
        import webbrowser

        from ..core.client import takeaway
        from ..store.client_page import client_page_paths, write_client_page, write_print_copy
        from ..store.copies import record_copy
        from ..store.typed_path import TypedPathProblem, reason
        from .screens.modals import ConfirmModal

        session, lang = self.session, self.session_lang
        stem, code = t(lang, "page.file"), session.state.setup.client_code
        printing = not isinstance(folder, Path)
        if isinstance(folder, Path) and not replace:
            paths = client_page_paths(folder, stem, code, session.created)
            there = [path for path in paths if os.path.lexists(path)]
            if there:

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._write_client_page(folder, replace=True)
                    else:
                        said = self.tr("page.not_replaced", folder=str(folder))
                        self.notify(said, timeout=8, markup=False)

                question = self.tr("page.replace", path=str(there[0]))
                modal = ConfirmModal(
                    self.tr("page.replace_heading"),
                    question,
                    cancel=self.tr("page.replace_keep"),
                    confirm=self.tr("page.replace_confirm"),
                )
                self.push_screen(modal, answered)
                return
        page = takeaway.build(self.protocol, session.state, session.created)
        try:
            if isinstance(folder, Path):
                html_path = write_client_page(folder, page, stem, code, session.created)
                written = [html_path, html_path.with_suffix(".md")]
            else:
                html_path = write_print_copy(page, stem, code, session.created)
                written = [html_path]
        except (OSError, TypedPathProblem) as exc:
            why = reason(exc, lang) if isinstance(exc, TypedPathProblem) else exc.strerror
            why = why or type(exc).__name__
            self.notify(self.tr("page.failed", reason=why), severity="error", markup=False)
            return
        self.print_copies += written if printing else []
        if self.student is not None:
            for path in written:
                kind = "print" if printing else "page"
                record_copy(self.student.home, path, session.session_id, kind, temporary=printing)
        said = self.tr("page.print_written") if printing else None
        said = said or self.tr("page.written", path=str(html_path))
        self.notify(said, timeout=12, markup=False)
        webbrowser.open(html_path.as_uri())  # a local file: nothing leaves the machine

    def action_privacy_notice(self) -> None:
        """Write the client's privacy notice in the session's language, with the course's
        facts as the session recorded them, into the data folder's notices/ and open it in
        the system's browser for printing (it holds no client data: no folder is asked)."""
        import webbrowser

        from ..store.notice import NoticeProblem, notice_path, write_notice
        from ..store.paths import DataFolderError, home

        lang = self.session_lang
        try:
            base = self.student.home if self.student is not None else home()
            html_path = write_notice(notice_path(base, lang), self.session.state.privacy, lang)
        except (NoticeProblem, DataFolderError) as exc:  # the demo's data folder: home()
            self.notify(self.tr("notice.failed", reason=str(exc)), severity="error", markup=False)
            return
        self.notify(self.tr("notice.written", path=str(html_path)), timeout=12, markup=False)
        webbrowser.open(html_path.as_uri())  # a local file: nothing leaves the machine

    def action_emergency(self) -> None:
        """Immediate danger: the instructions on top of any step, the moment recorded; once
        they are closed, the incident record is asked for."""
        from ..core.model.client_events import EmergencyRaised
        from .screens.emergency import EmergencyContext, EmergencyModal

        state = self.session.state
        raised: SessionEvent | None = None
        step = state.step
        if state.started and step is not None:
            self.flush_texts()  # what was typed up to this moment, recorded before it
            raised = self.session.record(EmergencyRaised(step=step))
        context = EmergencyContext(
            contacts=tuple(state.help_contacts(self.protocol)),
            phone=state.privacy.supervisor_phone,
            teachers=tuple(self.student.teachers) if self.student is not None else (),
            solo=state.setup.solo,
        )

        def closed(_: None) -> None:
            if raised is not None and step is not None:
                self.ask_incident("emergency", step, raised.t)

        self.push_screen(EmergencyModal(self.session_lang, context), closed)

    def action_replan_for_crisis(self) -> None:
        """The crisis re-plan (ctrl+r on the stress step during a crisis); then the incident
        record is asked for."""
        state = self.session.state
        if state.step is None:
            return
        self.flush_texts()
        if state.closed:
            return
        step, before = state.step, len(self.session.events)
        deferred = self.session.replan_for_crisis(step)
        self.show_step()
        if deferred:
            lang = state.setup.lang
            titles = ", ".join(self.protocol.step(step).title(lang) for step in deferred)
            self.notify(self.tr("app.replanned", steps=titles), timeout=8, markup=False)
        if len(self.session.events) > before:
            self.ask_incident("crisis", step, self.session.events[before].t)

    def ask_incident(self, trigger: str, step: str, at: float) -> None:
        """A new incident (the emergency instructions closed, a crisis re-planned): its
        record is asked for now, and can be completed later from the palette."""
        self.last_incident = IncidentDraft(uuid.uuid4().hex[:8], trigger, step, at)
        self.open_incident(self.last_incident)

    def action_incident_record(self) -> None:
        """The latest incident's record, to complete (the palette's "Incident record")."""
        drafts = [
            IncidentDraft(key, i.trigger, i.step, i.at, i.happened, i.done, i.told)
            for key, i in self.session.state.incidents.items()
        ]
        pending = self.last_incident
        if pending is not None and pending.incident_id not in self.session.state.incidents:
            drafts.append(pending)
        if not drafts:
            self.notify(self.tr("incident.none"), timeout=6, markup=False)
            return
        self.open_incident(max(drafts, key=lambda draft: draft.at))

    def open_incident(self, draft: IncidentDraft) -> None:
        if any(isinstance(screen, IncidentModal) for screen in self.screen_stack):
            return  # one open already; this one waits in the palette
        elapsed = self.session.state.clock.reading(draft.at).elapsed
        moment = f"{format_minutes(elapsed)} {self.tr(f'incident.trigger_{draft.trigger}')}"
        modal = IncidentModal(self.session_lang, draft, moment)
        self.push_screen(modal, self.incident_written)

    def incident_written(self, draft: IncidentDraft | None) -> None:
        """Record what the dialog holds, if it says something new (a safety record: it is
        written whatever the client said about notes)."""
        if draft is None:
            return
        texts = draft.texts()
        kept = self.session.state.incidents.get(draft.incident_id)
        before = {"happened": kept.happened, "done": kept.done, "told": kept.told} if kept else {}
        if texts != before and (kept is not None or any(texts.values())):
            self.session.record(
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
        self.notify(
            self.tr("incident.saved" if done else "incident.empty"), timeout=6, markup=False
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CLOSED_SESSION_HIDES and self.session.state.closed:
            return False  # the clock has stopped; ctrl+g still reaches any step's notes
        if action == "replan_for_crisis":
            screen = self.screen_stack[-1] if self.screen_stack else None
            return isinstance(screen, StepScreen) and screen.in_crisis()
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from .palette import commands

        return commands(self)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from .palette import palette

        if not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            self.push_screen(palette(self.tr("palette.placeholder"), self.tr("palette.none")))

    def action_change_theme(self) -> None:
        """Textual's themes in a palette that speaks the session's language; the theme
        chosen is kept for the next start (_theme_changed)."""
        from .palette import theme_palette

        self.push_screen(
            theme_palette(self.tr("palette.theme_placeholder"), self.tr("palette.none"))
        )

    def _theme_changed(self, theme: Theme) -> None:
        """A theme chosen anywhere (the palette, settings) is the student's preference, as
        the settings screen saves it."""
        if self.student is None:
            return  # the demo keeps nothing
        from ..store.preferences import read_preferences, save_preferences

        home = self.student.home
        try:
            preferences = read_preferences(home)
            if preferences.theme != theme.name:
                save_preferences(home, preferences.replace(theme=theme.name))
        except (OSError, ValueError) as exc:  # a full disk; a theme name of another form
            reason = str(exc.strerror if isinstance(exc, OSError) else exc)
            self.notify(self.tr("palette.theme_not_kept", reason=reason), markup=False)

    @property
    def has_student(self) -> bool:
        return self.student is not None

    def open_settings(self) -> None:
        """The start screen's "Keys and course" (also from the command palette)."""
        from .screens.start import StartScreen

        self.post_message(StartScreen.Chosen("settings"))

    def action_toggle_pause(self) -> None:
        if self.session.state.started and not self.session.state.closed:
            self.session.toggle_pause()
            self._tick()

    def action_copy_or_hint(self) -> None:
        focused = self.focused
        selected = focused.selected_text if isinstance(focused, TextArea | Input) else ""
        if selected:
            self.copy_to_clipboard(selected)
            return
        self.notify(t(self.session_lang, "app.quit_hint"), timeout=4)

    def action_request_quit(self) -> None:
        """Save and quit (with every key typed before ctrl+q); ask first only if something
        entered would be lost."""
        self.after_typed_keys(self._quit)

    def _quit(self) -> None:
        failure = self.save_sync()
        waiting = self.session.state.notes_waiting
        if not self.session.has_unsaved_input and not waiting:
            self.exit()
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.exit()

        message = self.tr("quit.save_failed", reason=failure) if failure else None
        if waiting and not failure:
            # Notes are written only after the client's yes: quitting before it loses them.
            message = self.tr("quit.notes_waiting")
        from .screens.modals import ConfirmQuitModal

        self.push_screen(ConfirmQuitModal(self.session_lang, message), answered)

    def on_unmount(self) -> None:
        super().on_unmount()
        self._remove_print_copies()
        memory.release()

    def _remove_print_copies(self) -> None:
        """The pages printed without a copy go as the app quits (a crash leaves them to
        the next start, which finds them recorded)."""
        from ..store.client_page import remove_print_copy
        from ..store.copies import remove_temporary_copies

        for path in self.print_copies:
            remove_print_copy(path)
        self.print_copies = []
        if self.student is not None:
            remove_temporary_copies(self.student.home, quitting=True)


def _is_public_key(text: str) -> bool:
    """An age X25519 public key, its checksum checked (the setup's partner field)."""
    from ..store.keys import KeyProblem, parse_recipient

    try:
        parse_recipient(text)
    except KeyProblem:
        return False
    return True
