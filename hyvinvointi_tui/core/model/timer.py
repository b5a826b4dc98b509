"""The session clock: plan, elapsed, remaining and pauses, as arithmetic on event times.

Times are seconds since the session started (the `t` of its events). Nothing here reads a
real clock: callers pass `now`, so tests and the teacher's replay use the same code.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from ..record import MutableRecord, Record, mutable_record, record

Level = Literal["calm", "amber", "red"]

AMBER_FROM = 0.8


def budget_level(elapsed: float, budget: float) -> Level:
    """Calm below 80 % of the budget, amber from 80 % up to the budget, red past it."""
    if budget <= 0 or elapsed > budget:
        return "red"
    if elapsed >= AMBER_FROM * budget:
        return "amber"
    return "calm"


@record
class ClockReading(Record):
    """What the clock shows at one instant."""

    elapsed: float
    total: float
    step: str | None
    step_elapsed: float
    step_budget: float
    paused: bool
    paused_for: float

    @property
    def remaining(self) -> float:
        """Seconds left, counted from the whole seconds elapsed: the clock shows both in
        whole seconds, and the two must add up to the plan (00:01 and 89:59, not 89:58)."""
        return max(0.0, float(int(self.total) - int(self.elapsed)))

    @property
    def overrun(self) -> float:
        return max(0.0, self.elapsed - self.total)

    @property
    def step_level(self) -> Level:
        return budget_level(self.step_elapsed, self.step_budget)

    @property
    def step_over(self) -> float:
        return max(0.0, self.step_elapsed - self.step_budget)


@mutable_record
class Clock(MutableRecord):
    """Active time per step, built from step entries, pauses and resumes in time order.

    Time spent paused counts nowhere. Time after the last event counts towards the current
    step (unless paused) when a reading is taken.
    """

    total: float
    budgets: dict[str, float]
    step: str | None = None
    paused_at: float | None = None
    # Start of the current running segment (step entry or resume); None while paused or before
    # the first step.
    segment_start: float | None = None
    spent: dict[str, float] = field(default_factory=dict)
    last_t: float = 0.0
    # When the session was closed: the clock stops for good (notes appended on any step
    # afterwards count towards no step).
    stopped_at: float | None = None

    def _close_segment(self, t: float) -> None:
        if self.step is not None and self.segment_start is not None:
            self.spent[self.step] = self.spent.get(self.step, 0.0) + max(
                0.0, t - self.segment_start
            )
        self.segment_start = None

    def enter(self, step: str, t: float) -> None:
        """The students moved to `step` at time t."""
        self._close_segment(t)
        self.step = step
        running = self.paused_at is None and self.stopped_at is None
        self.segment_start = t if running else None
        self.last_t = max(self.last_t, t)

    def stop(self, t: float) -> None:
        """The session was closed at time t: no time counts after it."""
        self._close_segment(t)
        self.paused_at = None
        self.stopped_at = t
        self.last_t = max(self.last_t, t)

    def pause(self, t: float) -> None:
        if self.paused_at is not None or self.stopped_at is not None:
            return
        self._close_segment(t)
        self.paused_at = t
        self.last_t = max(self.last_t, t)

    def resume(self, t: float) -> None:
        if self.paused_at is None or self.stopped_at is not None:
            return
        self.paused_at = None
        self.segment_start = t if self.step is not None else None
        self.last_t = max(self.last_t, t)

    def step_spent(self, step: str, now: float) -> float:
        """Active seconds spent in `step` up to `now` (all visits added up)."""
        spent = self.spent.get(step, 0.0)
        if step == self.step and self.segment_start is not None:
            spent += max(0.0, now - self.segment_start)
        return spent

    def reading(self, now: float) -> ClockReading:
        now = max(now, self.last_t)
        elapsed = sum(self.spent.values())
        if self.step is not None and self.segment_start is not None:
            elapsed += max(0.0, now - self.segment_start)
        step_elapsed = self.step_spent(self.step, now) if self.step else 0.0
        return ClockReading(
            elapsed=elapsed,
            total=self.total,
            step=self.step,
            step_elapsed=step_elapsed,
            step_budget=self.budgets.get(self.step, 0.0) if self.step else 0.0,
            paused=self.paused_at is not None,
            paused_for=(now - self.paused_at) if self.paused_at is not None else 0.0,
        )


def format_minutes(seconds: float) -> str:
    """Minutes and seconds ("07:05", "90:00", "104:30"): the plan is counted in minutes."""
    minutes, secs = divmod(int(max(0.0, seconds)), 60)
    return f"{minutes:02d}:{secs:02d}"
