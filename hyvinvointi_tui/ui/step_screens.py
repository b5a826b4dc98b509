"""Which screen shows a step of each kind, a step screen made for the live session, and the
session's step screens kept while it runs."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol

from textual.screen import Screen
from textual.timer import Timer

from ..core.follow_up.carried import step_order
from ..core.model.course import Teacher
from ..core.model.session import Session
from .app_host import SessionHost
from .prebuilt import ScreensAhead
from .screens.context import StepContext
from .screens.step import StepScreen
from .timings import TIMINGS, Timings

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


def make_step_screen(
    session: Session,
    step_id: str,
    *,
    demo: bool = False,
    teachers: tuple[Teacher, ...] = (),
    timings: Timings = TIMINGS,
) -> StepScreen:
    """A new screen for one step of the session, as the session now stands."""
    protocol, state = session.protocol, session.state
    step = protocol.step(step_id)
    context = StepContext(
        protocol=protocol,
        created=session.created,
        title=protocol.title(state.setup.lang),
        order=tuple(step_order(protocol, state)),
        demo=demo,
        teachers=teachers,
        timings=timings,
    )
    return step_screen_class(step.kind)(step, state, context, session.reading())


class StepScreensApp(SessionHost, Protocol):
    """What the step screens ask of their app, besides the session: Textual's named screens,
    whether it is the demo, and the save line to show on a screen shown again."""

    @property
    def is_demo(self) -> bool: ...
    @property
    def save_status(self) -> tuple[str, bool]: ...
    def install_screen(self, screen: Screen[Any], name: str) -> None: ...
    def is_screen_installed(self, screen: Screen[Any] | str) -> bool: ...
    def get_screen(self, screen: str) -> Screen[Any]: ...
    def uninstall_screen(self, screen: Screen[Any] | str) -> str | None: ...
    def switch_screen(self, screen: Screen[Any] | str) -> object: ...
    def call_later(self, callback: Callable[[], object]) -> bool: ...


class StepScreens:
    """The live session's step screens, kept: each step's screen is built once and installed
    under its step's name, so moving back and forth only re-renders it from the state; the
    next step's screen is built ahead (`ScreensAhead`) while the student is on this one."""

    def __init__(self, app: StepScreensApp, ahead: ScreensAhead, timings: Timings) -> None:
        self.app = app
        self.ahead = ahead
        self.timings = timings
        self._prepare_timer: Timer | None = None

    def make(self, step_id: str | None = None) -> StepScreen:
        """A new screen for a step (the current one unless told)."""
        app = self.app
        step_id = step_id or app.session.state.step
        assert step_id is not None
        teachers = tuple(app.student.teachers) if app.student is not None else ()
        return make_step_screen(
            app.session,
            step_id,
            demo=app.is_demo,
            teachers=teachers,
            timings=self.timings,
        )

    def show_first(self) -> None:
        """The current step's screen as the app's first screen."""
        name = f"step:{self.app.session.state.step}"
        self.app.install_screen(self.make(), name)
        self.app.push_screen(name)
        self._prepare_soon()

    def show_current(self) -> None:
        """Show the current step's screen, as the session now stands."""
        app = self.app
        state = app.session.state
        name = f"step:{state.step}"
        if not app.is_screen_installed(name):
            app.install_screen(self.make(), name)
        screen = app.get_screen(name)
        assert isinstance(screen, StepScreen)
        if screen.is_mounted:
            screen.show_state(state)
            screen.show_clock(app.session.reading())
            screen.show_save_status(*app.save_status)
        app.switch_screen(name)
        self._prepare_soon()

    def next_step_id(self) -> str | None:
        """The step after the current one in the session's order (None on the last)."""
        state = self.app.session.state
        if state.step is None:
            return None
        order = [step.id for step in step_order(self.app.protocol, state)]
        index = order.index(state.step)
        return order[index + 1] if index + 1 < len(order) else None

    def _prepare_soon(self) -> None:
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._prepare_timer = self.app.set_timer(self.timings.prepare, self.prepare_next)

    def prepare_next(self) -> None:
        """Build the next step's screen now, unseen, so that ctrl+n only has to show it."""
        self._prepare_timer = None
        app = self.app
        # Not under a modal, nor while the app is closing (the stack is then empty).
        shown = app.screen_stack[-1] if app.screen_stack else None
        if not isinstance(shown, StepScreen) or not app.is_running:
            return
        step_id = self.next_step_id()
        if step_id is None or app.is_screen_installed(f"step:{step_id}"):
            return
        self.ahead.build(self.make(step_id), f"step:{step_id}")

    def rebuild(self) -> None:
        """After a setup change every step screen is built anew (language, client code)."""
        app = self.app
        fresh = self.make()
        name = f"step:{app.session.state.step}"
        app.switch_screen(fresh)

        def reinstall() -> None:
            for step in app.protocol.steps:
                if app.is_screen_installed(f"step:{step.id}"):
                    self._drop(f"step:{step.id}")
            app.install_screen(fresh, name)
            self._prepare_soon()

        app.call_after_refresh(reinstall)

    def _drop(self, name: str) -> None:
        screen = self.app.get_screen(name)
        if self.app.uninstall_screen(name) is not None and screen.is_running:
            self.app.call_later(screen.remove)
