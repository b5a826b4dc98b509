"""What a step screen knows of its session besides the state: given when the screen is made,
so that a screen never reaches into the app for it."""

from __future__ import annotations

from ...core.model.course import Teacher
from ...core.model.protocol import Protocol
from ...core.model.steps import Step
from ...core.record import Record, record
from ..timings import TIMINGS, Timings


@record
class StepContext(Record):
    protocol: Protocol
    created: str  # when the session began (ISO, with its offset): clock times are from it
    title: str  # the session's title in its language
    order: tuple[Step, ...]  # the steps in this session's order (a follow-up's may differ)
    demo: bool = False
    teachers: tuple[Teacher, ...] = ()  # whom to reach during the session, per course.toml
    timings: Timings = TIMINGS  # how long the screen waits to report typing, to settle hours

    def position(self, step: Step) -> tuple[int, int]:
        """The step's number in the session's order, and how many steps there are."""
        return self.order.index(step) + 1, len(self.order)
