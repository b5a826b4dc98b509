"""Moving through the session: the next step (ctrl+n), any step (ctrl+g), the preparation
before the conversation and the students' reflection after it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from textual.screen import Screen

from ..core.follow_up.carried import step_order
from ..core.model.session_events import StepEntered
from .app_host import SessionHost
from .screens.step import StepScreen
from .step_screens import StepScreens
from .timings import Timings

if TYPE_CHECKING:
    from .screens.writing import PreparationScreen, WritingScreen


class NavigatingApp(SessionHost, Protocol):
    """What moving through the session asks of its app besides the session."""

    @property
    def is_demo(self) -> bool: ...
    @property
    def screen(self) -> Screen[Any]: ...
    def open_setup(self) -> None: ...
    def switch_screen(self, screen: Screen[Any] | str) -> object: ...


class Navigation:
    """Where the student is in the session, and the ways to another place in it."""

    def __init__(self, app: NavigatingApp, step_screens: StepScreens, timings: Timings) -> None:
        self.app = app
        self.step_screens = step_screens
        self.timings = timings

    def preparation(self, *, begun: bool) -> PreparationScreen:
        # lazy: the writing screens, 1.4 ms the demo's first screen does not need
        from .screens.writing import PreparationScreen

        app = self.app
        state = app.session.state
        order = step_order(app.protocol, state)
        report = self.timings.report
        return PreparationScreen(state, order, begun=begun, demo=app.is_demo, report_seconds=report)

    def show_step(self) -> None:
        """Show the current step (a session not yet begun: its preparation)."""
        if self.app.session.state.step is None:
            self.app.switch_screen(self.preparation(begun=False))
        else:
            self.step_screens.show_current()

    def go_to(self, step_id: str) -> None:
        """A step of the protocol, or the setup, the preparation or the reflection."""
        # lazy: the modal screens, 2 ms before the first screen (docs/ARCHITECTURE.md)
        from .screens.modals import PREPARATION, REFLECTION, SETUP

        app = self.app
        app.flush_texts()
        if step_id == SETUP:
            app.open_setup()
            return
        if step_id == PREPARATION:
            self._push_writing(self.preparation(begun=app.session.state.step is not None))
            return
        if step_id == REFLECTION:
            self.open_reflection()
            return
        if step_id != app.session.state.step:
            app.session.record(StepEntered(step=step_id))
        self.show_step()

    def next_step(self) -> None:
        """The next step in the session's order (from the preparation: the conversation
        begins)."""
        app = self.app
        state = app.session.state
        if state.closed or not state.started:
            return
        if state.step is None:
            app.flush_texts()
            app.session.begin()
            self.show_step()
            return
        step_id = self.step_screens.next_step_id()
        if step_id is not None:
            self.go_to(step_id)

    def choose_step(self) -> None:
        """Any step, chosen from a list with each step's time."""
        # lazy: the modal screens, 2 ms before the first screen (docs/ARCHITECTURE.md)
        from .screens.modals import GoToStepModal

        app = self.app
        if not app.session.state.started:
            return
        app.flush_texts()
        modal = GoToStepModal(app.protocol, app.session.state, app.session.now())

        def chosen(step_id: str | None) -> None:
            if step_id is not None:
                self.go_to(step_id)

        app.push_screen(modal, chosen)

    def _push_writing(self, screen: WritingScreen) -> None:
        """The preparation or the reflection over the step; back to the step after it."""
        app = self.app
        app.flush_texts()

        def returned(_: None) -> None:
            if isinstance(app.screen, StepScreen):
                app.screen.show_state(app.session.state)

        app.push_screen(screen, returned)

    def open_reflection(self) -> None:
        """The students' reflection (after closing, or any time from ctrl+g)."""
        # lazy: the writing screens, 1.4 ms the demo's first screen does not need
        from .screens.writing import ReflectionScreen

        app = self.app
        state = app.session.state
        if not state.started or isinstance(app.screen, ReflectionScreen):
            return
        order = step_order(app.protocol, state)
        report = self.timings.report
        self._push_writing(ReflectionScreen(state, order, demo=app.is_demo, report_seconds=report))
