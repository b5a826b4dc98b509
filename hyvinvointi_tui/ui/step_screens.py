"""Which screen shows a step of each kind, and a step screen made for the live session."""

from __future__ import annotations

import importlib

from ..core.follow_up.carried import step_order
from ..core.model.course import Teacher
from ..core.model.session import Session
from .screens.context import StepContext
from .screens.step import StepScreen

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
    session: Session, step_id: str, *, demo: bool = False, teachers: tuple[Teacher, ...] = ()
) -> StepScreen:
    """A new screen for one step of the session, as the session now stands."""
    protocol, state = session.protocol, session.state
    step = protocol.step(step_id)
    context = StepContext(
        protocol,
        created=session.created,
        title=protocol.title(state.setup.lang),
        order=tuple(step_order(protocol, state)),
        demo=demo,
        teachers=teachers,
    )
    return step_screen_class(step.kind)(step, state, context, session.reading())
