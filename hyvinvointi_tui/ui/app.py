"""The Textual app: its bindings, and the session controller that turns messages into events."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import importlib
import signal
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Input, TextArea

from ..core.events import (
    MARKER_TAGS,
    MarkerAdded,
    Previous,
    SessionClosed,
    SessionEvent,
    SetupChanged,
    StepEntered,
)
from ..core.follow_up import step_order
from ..core.protocol import Protocol
from ..core.session import Session, SessionClosedError
from ..core.state import Setup
from ..core.timer import format_minutes
from ..core.untrusted import visible_line
from ..i18n import t
from . import memory
from .messages import EventProposed, TextChanged
from .paste_safe_app import PasteSafeApp
from .screens.step import StepScreen

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..store.session_store import SessionStore
    from ..store.student import Student
    from .screens.start import StartScreen

# Step screens are imported when first shown, so start-up loads only the widgets it draws.
SCREENS_BY_KIND: dict[str, tuple[str, str]] = {
    "orientation": ("orientation", "OrientationScreen"),
    "conversation": ("conversation", "ConversationScreen"),
    "stress": ("stress", "StressScreen"),
    "time_circle": ("time_circle", "TimeCircleScreen"),
    "osa": ("osa", "OsaScreen"),
    "summary": ("summary", "SummaryScreen"),
    "goals": ("goals", "GoalsScreen"),
    "closing": ("closing", "ClosingScreen"),
    "review": ("review", "ReviewScreen"),
}


def step_screen_class(kind: str) -> type[StepScreen]:
    module_name, class_name = SCREENS_BY_KIND[kind]
    module = importlib.import_module(f".screens.{module_name}", __package__)
    screen_class: type[StepScreen] = getattr(module, class_name)
    return screen_class


# A change is on disk within this long (the first change after a save starts the countdown,
# later ones ride along), and a failed save is retried after RETRY_SECONDS.
AUTOSAVE_SECONDS = 0.5
RETRY_SECONDS = 2.0
# After a step change the save waits until the new screen has been drawn: serialising holds
# the GIL, and the student is looking at the screen.
STEP_SAVE_SECONDS = 0.25
# The next step's screen is built this long after a step is shown (after its save).
PREPARE_SECONDS = 0.3
PAINT_SECONDS = 0.1

# What a closed session no longer offers: its time has ended.
CLOSED_SESSION_HIDES = frozenset({"next_step", "toggle_pause", "replan_for_crisis"})

DEMO_SETUP = SetupChanged(
    client_code="DEMO-01", lang="fi", students=["Opiskelija A", "Opiskelija B"]
)


class HyvinvointiApp(PasteSafeApp[None]):
    CSS_PATH = "app.tcss"
    TITLE = "hyvinvointi"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "request_quit", "Quit", show=False, priority=True),
        # Out of habit: copies what is selected, else says how to quit (Textual's own hint
        # looks for an action named "quit", and a text field took ctrl+c silently).
        Binding("ctrl+c", "copy_or_hint", show=False, priority=True),
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
    ) -> None:
        super().__init__()
        self.protocol = protocol
        self.lang = lang
        self.session = session or Session(protocol, clock=clock)
        self.open_setup = open_setup
        self.is_demo = demo
        self.store = store
        self.student = student
        self._save_timer: Timer | None = None
        self._prepare_timer: Timer | None = None
        self._built_ahead: StepScreen | None = None
        self._saving = False
        self._save_status = ("", False)
        # A follow-up chosen on the start screen: what it follows up, until the setup starts it.
        self._previous: Previous | None = None
        self._setup_start: Setup | None = None
        self.session.subscribe(self._on_recorded)

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
    ) -> HyvinvointiApp:
        """With a client code the session starts at once; without one, at the setup screen.
        A follow-up (`previous`) records what it follows up as it starts."""
        session = Session(protocol, clock=clock)
        if client_code:
            setup = SetupChanged(client_code=client_code, lang=lang, follow_up=bool(previous))  # type: ignore[arg-type]
            session.start(setup, previous)
        return cls(
            protocol,
            lang=lang,
            session=session,
            open_setup=not client_code,
            clock=clock,
            store=store,
            student=student,
        )

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self._handle_signals()
        if self.session.state.started:
            name = f"step:{self.session.state.step}"
            self.install_screen(self._step_screen(), name)
            self.push_screen(name)
            self._prepare_soon()
        else:
            from .screens.start import StartScreen

            self.push_screen(StartScreen(self.lang))
            if self.open_setup:
                self._open_setup()
        # Once the first screen is drawn (after-refresh callbacks wait for the screen now on
        # top): the save thread and the collector would compete with drawing it.
        self.call_after_refresh(memory.settle)
        if self.store is not None and self.session.state.started:
            self.call_after_refresh(self._save_soon, 0)

    # --- screens ----------------------------------------------------------------------------

    def _step_screen(self, step_id: str | None = None) -> StepScreen:
        """A new screen for a step (the current one unless told)."""
        state = self.session.state
        step_id = step_id or state.step
        assert step_id is not None
        step = self.protocol.step(step_id)
        order = step_order(self.protocol, state)
        screen = step_screen_class(step.kind)(
            step,
            state,
            number=order.index(step) + 1,
            total=len(order),
            session_title=self.protocol.title(state.setup.lang),
            reading=self.session.reading(),
            protocol_steps=order,
            demo=self.is_demo,
        )
        return screen

    def _drop_step_screen(self, name: str) -> None:
        screen = self.get_screen(name)
        if self.uninstall_screen(name) is not None and screen.is_running:
            self.call_later(screen.remove)

    def _show_step(self) -> None:
        """Show the current step. Each step's screen is built once and kept (installed), so
        moving back and forth only re-renders it from the state; the next step's screen is
        built ahead while the student is on this one."""
        state = self.session.state
        assert state.step is not None
        name = f"step:{state.step}"
        if not self.is_screen_installed(name):
            self.install_screen(self._step_screen(), name)
        screen = self.get_screen(name, StepScreen)
        if screen.is_mounted:
            screen.show_state(state)
            screen.show_clock(self.session.reading())
            screen.show_save_status(*self._save_status)
        self.switch_screen(name)
        self._prepare_soon()

    def _prepare_soon(self) -> None:
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._prepare_timer = self.set_timer(PREPARE_SECONDS, self._prepare_next_step)

    def _prepare_next_step(self) -> None:
        """Build the next step's screen now, unseen, so that ctrl+n only has to show it:
        building a step screen (compose, mount, style) takes longer than the 100 ms a step
        change may take. Textual builds a screen when it is first shown; `_register` is the
        call it makes then, made early (Textual is pinned exactly)."""
        self._prepare_timer = None
        # Not under a modal, nor while the app is closing (the stack is then empty).
        shown = self.screen_stack[-1] if self.screen_stack else None
        if not isinstance(shown, StepScreen) or not self.is_running:
            return
        step_id = self._next_step_id()
        if step_id is None or self.is_screen_installed(f"step:{step_id}"):
            return
        screen = self._step_screen(step_id)
        self.install_screen(screen, f"step:{step_id}")
        self._load_screen_css(screen)
        self._register(self, screen)
        self._built_ahead = screen
        self.set_timer(PAINT_SECONDS, partial(self._paint_unseen, screen))

    # A screen built ahead may still be mounting its widgets when the app is told to close.
    # Once closing, Textual mounts no more widgets, and a widget whose children were never
    # mounted fails in its own mount handler (Textual's Select: a traceback at quit). Its
    # mount takes a fraction of a second: closing waits for it.

    async def _built_ahead_mounted(self) -> None:
        screen = self._built_ahead
        if screen is not None and not screen.is_mounted:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(screen._mounted_event.wait(), timeout=2.0)

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        screen = self._built_ahead
        if screen is None or screen.is_mounted or not self.is_running:
            super().exit(result, return_code, message)
            return

        async def when_mounted() -> None:
            await self._built_ahead_mounted()
            App.exit(self, result, return_code, message)

        self.run_worker(when_mounted(), group="exit", exit_on_error=False)

    async def _shutdown(self) -> None:
        await self._built_ahead_mounted()  # the tests' run_test closes without exit()
        await super()._shutdown()

    def _paint_unseen(self, screen: StepScreen, laid_out: bool = False) -> None:
        """Lay out a screen built ahead (its widgets have mounted by now), then, once its
        widgets have taken in their sizes, paint it once, unseen: showing it reuses the
        layout and each widget's rendered lines."""
        if not self.is_running or not screen.is_running or screen in self.screen_stack:
            return
        if not laid_out:
            screen._refresh_layout(self.size)
            self.set_timer(PAINT_SECONDS, partial(self._paint_unseen, screen, True))
        else:
            screen._compositor.render_update(full=True)
            memory.settle()

    def _tick(self) -> None:
        # The timer can fire while the app is closing and the screen stack is already empty.
        screen = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(screen, StepScreen) and self.session.state.started:
            screen.show_clock(self.session.reading())
            screen.show_save_status(*self._save_status)

    # --- saving -------------------------------------------------------------------------------

    def _on_recorded(self, event: SessionEvent) -> None:
        """Every recorded event is saved soon; a step change sooner."""
        if self.store is not None:
            step = isinstance(event, StepEntered)
            self._save_soon(STEP_SAVE_SECONDS if step else AUTOSAVE_SECONDS)

    def _save_soon(self, delay: float) -> None:
        if self._save_timer is not None:
            if delay >= AUTOSAVE_SECONDS:
                return  # a save is already on its way and will take this change along
            self._save_timer.stop()
        # A zero delay is not allowed by Textual's timers.
        self._save_timer = self.set_timer(max(delay, 0.01), self._start_save)

    def _snapshot(self) -> tuple[list[SessionEvent], float]:
        return list(self.session.events), self.session.now()

    def _start_save(self) -> None:
        self._save_timer = None
        if self.store is None:
            return
        if self._saving:
            self._save_soon(AUTOSAVE_SECONDS)
            return
        events, saved_t = self._snapshot()
        self._saving = True
        self._set_save_status(self.tr("save.saving"), False)
        self.run_worker(
            partial(self._save_in_thread, events, saved_t),
            thread=True,
            group="autosave",
            exit_on_error=False,
        )

    def _write(self, events: Sequence[SessionEvent], saved_t: float) -> None:
        assert self.store is not None
        session = self.session
        self.store.save(
            self.protocol,
            session_id=session.session_id,
            created=session.created,
            events=events,
            saved_t=saved_t,
        )

    def _save_in_thread(self, events: list[SessionEvent], saved_t: float) -> None:
        """Runs in a worker thread: serialise, encrypt, write. Never touches the UI."""
        try:
            self._write(events, saved_t)
        except Exception as exc:  # any failure keeps the last good file and is retried
            self.call_from_thread(self._save_failed, _reason(exc))
        else:
            self.call_from_thread(self._save_done, len(events))

    def _save_done(self, upto: int) -> None:
        self._saving = False
        self.session.mark_saved(upto)
        kept = self.store.take_kept() if self.store is not None else None
        if kept is not None:
            old, new = (visible_line(name) for name in kept)
            self.notify(
                self.tr("save.kept_both", old=old, new=new),
                severity="warning",
                timeout=20,
                markup=False,
            )
        now = dt.datetime.now().strftime("%H:%M:%S")
        self._set_save_status(self.tr("save.saved", time=now), False)
        if len(self.session.events) > upto:
            self._save_soon(AUTOSAVE_SECONDS)

    def _save_failed(self, reason: str) -> None:
        self._saving = False
        self._set_save_status(self.tr("save.failed", reason=reason), True)
        self._save_soon(RETRY_SECONDS)

    def _set_save_status(self, text: str, failed: bool) -> None:
        self._save_status = (text, failed)
        screen = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(screen, StepScreen):
            screen.show_save_status(text, failed)

    def save_sync(self) -> str | None:
        """Save everything now, in this thread (quit, signals). Returns a reason on failure."""
        self._flush_texts()
        if self.store is None or not self.session.state.started:
            return None
        events, saved_t = self._snapshot()
        try:
            self._write(events, saved_t)
        except Exception as exc:
            reason = _reason(exc)
            self._set_save_status(self.tr("save.failed", reason=reason), True)
            return reason
        self.session.mark_saved(len(events))
        return None

    def _handle_signals(self) -> None:
        """A closed terminal (SIGHUP) or SIGTERM saves and exits; Textual leaves them to us."""
        if not hasattr(signal, "SIGHUP"):
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._save_and_exit)

    def _save_and_exit(self) -> None:
        self.save_sync()  # at once, in case the app gets no further
        self._after_typed_keys(self._save_then_exit)

    def _save_then_exit(self) -> None:
        self.save_sync()
        self.exit()

    def _after_typed_keys(self, then: Callable[[], None]) -> None:
        """Run `then` once the keys already read have reached their widget. The app hands
        each key on to the focused widget's own queue, so a quit or a signal handled at once
        could save before the last keys typed were in the notes (found by bench/signals.py:
        once in 200 ctrl+q while the next step was being built)."""

        def at_the_widget() -> None:
            focused = self.focused
            if focused is None or not focused.call_later(then):
                then()

        if not self.call_later(at_the_widget):
            then()

    @property
    def session_lang(self) -> str:
        """The session's language once it has started, the app's before."""
        return self.session.state.setup.lang if self.session.state.started else self.lang

    def tr(self, key: str, **values: object) -> str:
        return t(self.session_lang, key, **values)

    def action_save_now(self) -> None:
        self._flush_texts()
        if self.store is not None:
            self._save_soon(0)

    def _open_setup(self) -> None:
        state = self.session.state
        setup = state.setup if state.started else self._setup_start or Setup(lang=self.lang)
        from .screens.setup import SetupScreen

        screen = SetupScreen(
            setup, protocol_title=self.protocol.title(setup.lang), in_session=state.started
        )
        self.push_screen(screen, self._setup_done)

    def _setup_done(self, result: SetupChanged | None) -> None:
        if result is None:
            return
        session = self.session
        if not session.state.started:
            session.start(result, self._previous)
            self._show_step()
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

    def _flush_texts(self) -> None:
        """Record what was typed on the current step before anything leaves it."""
        if isinstance(self.screen, StepScreen):
            for key, text in self.screen.pending_texts():
                with self._unless_closed():
                    self.session.edit_text(key, text)
            for event in self.screen.pending_events():
                with self._unless_closed():
                    self.session.record(event)

    def go_to(self, step_id: str) -> None:
        self._flush_texts()
        from .screens.modals import SETUP

        if step_id == SETUP:
            self._open_setup()
            return
        if step_id != self.session.state.step:
            self.session.record(StepEntered(step=step_id))
        self._show_step()

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
            self._flush_texts()  # what was typed belongs to the session, not after it
        with self._unless_closed():
            self.session.record(message.event)
        if isinstance(self.screen, StepScreen):
            self.screen.show_state(self.session.state)
            if isinstance(message.event, SessionClosed):
                self.screen.refresh_bindings()

    def on_text_changed(self, message: TextChanged) -> None:
        with self._unless_closed():
            self.session.edit_text(message.key, message.text)
        if isinstance(self.screen, StepScreen):
            self.screen.show_texts(self.session.state)

    def on_start_screen_chosen(self, message: StartScreen.Chosen) -> None:
        if message.choice == "new":
            self._open_setup()
        elif message.choice == "quit":
            self.exit()
        elif message.choice == "resume" and self.student is not None:
            self._choose_session_to_resume(self.student)
        elif message.choice == "replay" and self.student is not None:
            self._choose_session_to_resume(
                self.student, then=self._replay, heading="resume.replay_heading"
            )
        elif message.choice == "follow_up" and self.student is not None:
            self._choose_session_to_follow_up(self.student)
        else:
            self.notify(t(self.lang, "start.coming"))

    def _choose_session_to_resume(
        self,
        student: Student,
        then: Callable[[Student, Path], None] | None = None,
        heading: str = "resume.heading",
    ) -> None:
        """The student's saved sessions, newest first; the chosen one is resumed (or
        replayed)."""

        rows = []
        for path, loaded in student.sessions():
            if loaded is None:
                name = visible_line(path.name)  # a file's name may hold anything
                rows.append((path, f"{name} — {t(self.lang, 'resume.unreadable')}"))
                continue
            meta = loaded.meta
            when = dt.datetime.fromisoformat(meta["created"]).astimezone()
            # The step's name in the protocol the session was made with.
            step_id = loaded.state.step
            step = loaded.protocol.step(step_id).title(self.lang) if step_id else ""
            line = f"{when:%d.%m.%Y %H:%M}  {meta['client_code']:<12} {step}"
            if loaded.closed:
                line += f" · {t(self.lang, 'resume.closed')}"
            rows.append((path, line))

        def chosen(path: Path | None) -> None:
            if path is not None:
                (then or self._resume)(student, path)

        from .screens.modals import ResumeModal

        self.push_screen(ResumeModal(self.lang, rows, heading=heading), chosen)

    def _choose_session_to_follow_up(self, student: Student) -> None:
        """Closed sessions whose closing booked a new appointment, newest first."""
        from ..store.student import booked_a_follow_up

        rows = []
        for path, loaded in student.sessions():
            if loaded is not None and booked_a_follow_up(loaded):
                meta = loaded.meta
                when = dt.datetime.fromisoformat(meta["created"]).astimezone()
                rows.append((path, f"{when:%d.%m.%Y %H:%M}  {meta['client_code']}"))

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._start_follow_up(student, path)

        from .screens.modals import ResumeModal

        modal = ResumeModal(self.lang, rows, heading="start.follow_up", empty="start.no_follow_ups")
        self.push_screen(modal, chosen)

    def _start_follow_up(self, student: Student, path: Path) -> None:
        """The setup of a follow-up: the follow-up protocol, the client code and language
        of the session followed up, which the setup's start records."""
        from ..core.protocol import ProtocolError, resolve_protocol
        from ..store.student import follow_up_or_reason

        found = follow_up_or_reason(path, [student.identity])
        if isinstance(found, str):
            self.notify(t(self.lang, "resume.failed", reason=found), severity="error", markup=False)
            return
        try:
            protocol = resolve_protocol("seurantakeskustelu")
        except ProtocolError as exc:
            self.notify(exc.report(), severity="error", markup=False)
            return
        self.protocol = protocol
        self.session = Session(protocol)
        self.session.subscribe(self._on_recorded)
        self._previous = found.previous
        self._setup_start = Setup(client_code=found.client_code, lang=found.lang, follow_up=True)
        self._open_setup()

    def _resume(self, student: Student, path: Path) -> None:
        """Go on with a saved session in this running app (from the start screen)."""
        from ..store.student import reopen_or_reason

        opened = reopen_or_reason(student, path)
        if isinstance(opened, str):
            self.notify(
                t(self.lang, "resume.failed", reason=opened), severity="error", markup=False
            )
            return
        if self.store is not None:
            self.store.close()
        self.protocol = opened.protocol
        self.session = opened.session
        self.store = opened.store
        self.session.subscribe(self._on_recorded)
        self._show_step()

    def _replay(self, student: Student, path: Path) -> None:
        """The student's own replay of a saved session, with the teacher's comments."""
        from ..store.debrief import open_replay
        from ..store.session_file import SessionFileError
        from .replay import ReplayScreen

        try:
            opened = open_replay(path, [student.identity])
        except SessionFileError as exc:
            reason = str(exc)
            self.notify(
                t(self.lang, "resume.failed", reason=reason), severity="error", markup=False
            )
            return
        self.push_screen(
            ReplayScreen(
                opened.protocol,
                opened.replay,
                created=opened.meta["created"],
                client_code=opened.meta["client_code"],
                lang=self.lang,
                comments=opened.comments,
            )
        )
        self.call_after_refresh(memory.settle)  # the session's events, kept while it is shown

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
        if self.session.state.closed:
            return
        step_id = self._next_step_id()
        if step_id is not None:
            self.go_to(step_id)

    def action_goto_step(self) -> None:
        if not self.session.state.started:
            return
        self._flush_texts()
        from .screens.modals import GoToStepModal

        modal = GoToStepModal(self.protocol, self.session.state, self.session.now())

        def chosen(step_id: str | None) -> None:
            if step_id is not None:
                self.go_to(step_id)

        self.push_screen(modal, chosen)

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
            self.session.record(MarkerAdded(step=step, tag=tag), at=at)  # type: ignore[arg-type]
            time = format_minutes(self.session.state.clock.reading(at).elapsed)
            self.notify(self.tr("marker.dropped", time=time, tag=self.tr(f"marker.{tag}")))

        from .screens.modals import MarkerModal

        self.push_screen(MarkerModal(self.session.state.setup.lang, MARKER_TAGS), chosen)

    def action_client_page(self) -> None:
        """Write the client's page (html and md) into a folder the student chooses and open
        the html in the system's browser, for printing."""
        from .screens.client_page import ClientPageModal

        self._flush_texts()

        def chosen(folder: Path | None) -> None:
            if folder is not None:
                self._write_client_page(folder)

        self.push_screen(ClientPageModal(self.session_lang, _documents_folder()), chosen)

    def _write_client_page(self, folder: Path) -> None:
        import webbrowser

        from ..core import takeaway
        from ..store.atomic import write_atomic

        session, lang = self.session, self.session_lang
        page = takeaway.build(self.protocol, session.state, session.created)
        code = "".join(ch for ch in session.state.setup.client_code if ch.isalnum() or ch in "-_")
        stem = f"{t(lang, 'page.file')}-{code or 'asiakas'}-{session.created[:10]}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            html_path = folder / f"{stem}.html"
            write_atomic(html_path, takeaway.to_html(page).encode())
            write_atomic(folder / f"{stem}.md", takeaway.to_markdown(page).encode())
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            self.notify(self.tr("page.failed", reason=reason), severity="error", markup=False)
            return
        self.notify(self.tr("page.written", path=str(html_path)), timeout=12, markup=False)
        webbrowser.open(html_path.as_uri())  # a local file: nothing leaves the machine

    def action_emergency(self) -> None:
        """Immediate danger: the instructions on top of any step, the moment recorded."""
        from ..core.events import EmergencyRaised
        from .screens.emergency import EmergencyModal

        state = self.session.state
        if state.started and state.step is not None:
            self._flush_texts()  # what was typed up to this moment, recorded before it
            self.session.record(EmergencyRaised(step=state.step))
        from .teacher_line import teacher_line

        teachers = self.student.teachers if self.student is not None else []
        lang = self.session_lang
        self.push_screen(
            EmergencyModal(lang, list(self.protocol.help_contacts), teacher_line(lang, teachers))
        )

    def action_replan_for_crisis(self) -> None:
        """The crisis re-plan (ctrl+r on the stress step during a crisis)."""
        state = self.session.state
        if state.step is None:
            return
        self._flush_texts()
        if state.closed:
            return
        deferred = self.session.replan_for_crisis(state.step)
        self._show_step()
        if deferred:
            lang = state.setup.lang
            titles = ", ".join(self.protocol.step(step).title(lang) for step in deferred)
            self.notify(self.tr("app.replanned", steps=titles), timeout=8, markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CLOSED_SESSION_HIDES and self.session.state.closed:
            return False  # the clock has stopped; ctrl+g still reaches any step's notes
        if action == "replan_for_crisis":
            screen = self.screen_stack[-1] if self.screen_stack else None
            return bool(getattr(screen, "in_crisis", lambda: False)())
        return True

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
        self._after_typed_keys(self._quit)

    def _quit(self) -> None:
        failure = self.save_sync()
        if not self.session.has_unsaved_input:
            self.exit()
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.exit()

        message = self.tr("quit.save_failed", reason=failure) if failure else None
        from .screens.modals import ConfirmQuitModal

        self.push_screen(ConfirmQuitModal(self.session_lang, message), answered)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
        memory.release()


def _reason(exc: BaseException) -> str:
    """A short reason for the save-state line (never the content being saved)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return type(exc).__name__


def _documents_folder() -> Path:
    """Where the client's page is offered to go: the user's documents folder."""
    from platformdirs import user_documents_dir

    return Path(user_documents_dir())
