"""When the time circle records a named activity the form holds, and with which events.

Enter records the activity the form holds and empties the form for the next. An activity
with its hours is also recorded without Enter: when the focus leaves the form (the form is
emptied), before anything leaves the step (`pending`), and once the student has stopped
typing for `Timings.settle` (the form then goes on editing it). Not the last, for the first
activity of a category whose own hours were typed: its "other" activity keeps what the new
one does not cover, worked out once from the final name, category and hours (a category or
hours corrected after a pause would leave it wrong).
"""

from __future__ import annotations

import uuid
from typing import Protocol

from textual.timer import Timer

from ...core.model.session_events import SessionEvent
from ...core.model.state import SessionState
from ...core.model.step_events import ActivitySet, HoursSet
from ...core.model.steps import Category, TimeCircleStep, Variant
from ..widgets.activity_form import ActivityForm, Entered


class ActivityHost(Protocol):
    """What the recorder asks of the time circle's screen."""

    @property
    def step(self) -> TimeCircleStep: ...
    @property
    def state(self) -> SessionState: ...
    def propose(self, event: SessionEvent) -> None: ...
    def tr(self, key: str, **values: object) -> str: ...
    def typed_hours(self, variant: Variant, category: Category) -> float | None:
        """The hours a category's own field holds (None if none or refused)."""
        ...

    def pending_hours_events(self) -> list[HoursSet]:
        """The hours being typed, as events."""
        ...


class NamedActivities:
    """Records the activity `form` holds for `host`; the settle timer is the form's."""

    def __init__(self, host: ActivityHost, form: ActivityForm, settle_seconds: float) -> None:
        self.host = host
        self.form = form
        self.settle_seconds = settle_seconds
        self._timer: Timer | None = None  # an activity in the form, being typed

    def typed(self) -> None:
        """The form changed: record what it holds once the typing stops. Not for a form
        with nothing typed (the category's menu says it has changed as it is built)."""
        self._stop_timer()
        if self.form.in_place() and not self.form.nothing_typed():
            self._timer = self.form.set_timer(self.settle_seconds, self._settle)

    @property
    def waiting(self) -> bool:
        """An activity being typed waits for the typing to stop."""
        return self._timer is not None

    def saved(self) -> None:
        """Enter: record the activity the form holds, a new one or the one being edited."""
        form = self.form
        entered = form.entered()
        if entered is None:
            return
        kept = self._record(entered)
        form.clear()
        self._say_kept(entered, kept)

    def focus_moved(self) -> None:
        """The focus moved; if it left the form, what the form holds is recorded, or the
        form says why it cannot be."""
        form = self.form
        if form.typing_in():
            return
        held = form.held()
        if held is not None:
            kept = self._record(held)
            form.clear(focus=False)
            self._say_kept(held, kept)
        elif not form.nothing_typed():
            form.entered()  # left unrecorded: it says why (no name, or hours it cannot take)

    def pending(self) -> list[SessionEvent]:
        """The events for the activity the form holds, for the screen's `pending_events`
        (the hours being typed are among those already). The form goes on editing the
        activity (the student may be typing in it still), unless recording it made the
        category's "other" activity: that is worked out once, as Enter does, and the form
        is emptied."""
        self._stop_timer()
        form = self.form
        held = form.held()
        if held is None:
            return []
        final = self._keeps_hours(held[1])
        events, kept = self._events(held, hours_included=True)
        if final:
            form.clear(focus=False)
            self._say_kept(held, kept)
        return events

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _settle(self) -> None:
        self._timer = None
        if self.host.state.closed or not self.form.in_place():
            return  # the form's fields went with its screen (the app is closing)
        held = self.form.held()
        if held is not None and not self._keeps_hours(held[1]):
            self._record(held)

    def _first_of_category(self, category: Category) -> bool:
        """The form holds a new activity, and `category` has none yet."""
        if self.form.editing is not None:
            return False
        recorded = self.host.state.activities.get(self.host.step.id, {}).values()
        return not any(activity.category == category for activity in recorded)

    def _keeps_hours(self, category: Category) -> bool:
        """Whether recording the form's activity in `category` makes an "other" activity:
        the first of its category, whose category has hours of its own."""
        return self._first_of_category(category) and any(
            self.host.typed_hours(variant, category) for variant in self.host.step.variants
        )

    def _record(self, entered: Entered) -> str | None:
        """Record `entered` as the activity the form edits from now on (a new one if none).
        Returns the name of the activity made to keep the category's hours, if one was."""
        self._stop_timer()
        events, kept = self._events(entered, hours_included=False)
        for event in events:
            self.host.propose(event)
        return kept

    def _say_kept(self, entered: Entered, kept: str | None) -> None:
        if kept is not None:
            parts = f"{entered[0]} + {kept}"
            self.form.say(self.host.tr("time_circle.kept_as_other", parts=parts))

    def _events(
        self, entered: Entered, *, hours_included: bool
    ) -> tuple[list[SessionEvent], str | None]:
        """The events that record `entered` (none if it is what is recorded already), and
        the name of the activity that keeps the hours typed for its category before, if
        one is made. `hours_included`: the hours being typed are recorded anyway."""
        host, form = self.host, self.form
        name, category, hours = entered
        given = {v: h for v, h in hours.items() if h}
        if form.editing is not None:
            before = host.state.activities.get(host.step.id, {}).get(form.editing)
            if before is not None and (before.name, before.category, before.hours) == (
                name,
                category,
                given,
            ):
                return [], None
        events: list[SessionEvent] = []
        kept = None
        if self._first_of_category(category):
            events, kept = self._keep_typed_hours(category, hours, hours_included=hours_included)
        form.editing = form.editing or uuid.uuid4().hex[:8]
        events.append(
            ActivitySet(
                step=host.step.id,
                activity_id=form.editing,
                name=name,
                category=category,
                hours=given,
            )
        )
        return events, kept

    def _keep_typed_hours(
        self, category: Category, new: dict[Variant, float | None], *, hours_included: bool
    ) -> tuple[list[SessionEvent], str | None]:
        """The first named activity of a category makes the category's hours the sum of its
        activities. Hours typed for the category before are not dropped: what the new
        activity does not cover becomes an activity "other <category>", so the day's total
        stays as the client gave it. The events that keep them (the hours being typed
        first), and that activity's name, if one is made."""
        host = self.host
        events: list[SessionEvent] = [] if hours_included else list(host.pending_hours_events())
        rest: dict[Variant, float] = {}
        for variant in host.step.variants:
            typed = host.typed_hours(variant, category)
            if typed:
                rest[variant] = max(0.0, typed - (new.get(variant) or 0.0))
        if not any(rest.values()):
            return events, None
        name = host.tr(f"time_circle.other_{category}")
        events.append(
            ActivitySet(
                step=host.step.id,
                activity_id=uuid.uuid4().hex[:8],
                name=name,
                category=category,
                hours={v: h for v, h in rest.items() if h},
            )
        )
        return events, name
