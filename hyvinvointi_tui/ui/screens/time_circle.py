"""Step: the time-use circle — the 24 hours of an average day, now / before / ideal."""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cached_property

from rich.console import Console
from rich.text import Text
from textual.binding import Binding
from textual.containers import Grid
from textual.events import DescendantFocus, Key
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Select

from ...core.dates import format_hours, format_number
from ...core.follow_up.last_time import hours_change
from ...core.instruments.time_circle import difference_line, hours_status, parse_hours
from ...core.model.session_events import SessionEvent, one_of
from ...core.model.state import SessionState
from ...core.model.step_events import ActivityRemoved, HoursSet
from ...core.model.steps import TIME_CATEGORIES, VARIANTS, Category, TimeCircleStep, Variant
from ..sections import section_text
from ..widgets.activity_form import ActivityForm
from ..widgets.day_bars import DayBars
from ..widgets.entry_list import EntryList, typed_on_list
from ..widgets.hours_input import HoursInput
from ..widgets.plain import Label, Static
from .named_activities import NamedActivities
from .sentence_to_notes import focus_in_view, start_in
from .step import StepScreen


class TimeCircleScreen(StepScreen):
    DEFAULT_CSS = """
    #hours-grid { height: auto; grid-columns: 1fr 8 8 8; grid-rows: auto; grid-gutter: 0 1; }
    .variant-title { text-style: bold; }
    .hours-label { width: 1fr; height: auto; }
    .hours-input { width: 9; }
    .hours-input.-refused { background: $error 40%; }
    .hours-sum { text-style: bold; }
    .unfinished { color: $warning; }
    #day-bars { margin-top: 1; height: auto; }
    #hours-difference { height: auto; text-style: bold; }
    """
    FOCUS = "#hours-now-productive"
    step: TimeCircleStep
    BINDINGS = [
        # Enter in an hours field goes down the column as the screen reads it: the digits
        # typed after it in a burst ("8⏎4⏎12⏎") go to the next field, not queued to this
        # one ("8412", refused) as Input.Submitted left them.
        Binding("enter", "hours_enter", show=False, priority=True),
    ]

    def prepare(self) -> None:
        self.invalid: set[str] = set()  # fields holding something that is not half hours
        self._settle_timer: Timer | None = None

    def compose_last_time(self) -> Iterable[Widget]:
        yield Static(id="last-time", classes="last-time")

    def compose_instrument(self) -> Iterable[Widget]:
        variants = self.step.variants
        yield Label(self.tr("time_circle.heading_all"), classes="instrument-title")
        with Grid(id="hours-grid") as grid:
            grid.styles.grid_size_columns = 1 + len(variants)
            yield Label("")
            for variant in variants:
                yield Label(self.tr(f"time_circle.variant_{variant}"), classes="variant-title")
            for category in TIME_CATEGORIES:
                label = self.tr(f"time_circle.{category}_short")
                yield Label(label[:1].upper() + label[1:], classes="hours-label")
                for variant in variants:
                    value = self.state.hours.get(self.step.id, {}).get(variant, {}).get(category)
                    yield HoursInput(
                        "" if value is None else format_number(value, self.lang),
                        placeholder="–",
                        id=f"hours-{variant}-{category}",
                        classes="hours-input",
                    )
            yield Label("")
            for variant in variants:
                yield Static(id=f"sum-{variant}", classes="hours-sum")
        yield Static(id="hours-status")
        yield DayBars(id="day-bars")
        yield Static(id="hours-difference")
        yield ActivityForm(variants, self.lang, id="activities")

    # --- hours: recorded when settled ---------------------------------------------------
    # A value is recorded when the student settles on it (Enter, leaving the field, leaving
    # the step or quitting) or has stopped typing for `Timings.settle`, never keystroke by
    # keystroke: "10" is not first recorded as "1", and a refused "30" never as "3".

    def _hours_cell(self, field: Input) -> tuple[Variant, Category] | None:
        parts = (field.id or "").split("-", 2)
        if len(parts) != 3 or parts[0] != "hours":
            return None
        return one_of(parts[1], VARIANTS), one_of(parts[2], TIME_CATEGORIES)

    def _recorded_hours(self, variant: str, category: str) -> float | None:
        return self.state.hours.get(self.step.id, {}).get(variant, {}).get(category)

    def on_input_changed(self, event: Input.Changed) -> None:
        if (event.input.id or "").startswith("activity-"):
            if isinstance(event.input, HoursInput):  # marked as the grid's are
                event.input.set_class(parse_hours(event.value) is None, "-refused")
            self.named_activities.typed()
            return
        cell = self._hours_cell(event.input)
        if cell is None:
            return
        event.stop()
        if not event.input.has_focus:
            return  # shown by the screen (a category summed from its activities)
        invalid = parse_hours(event.value) is None
        event.input.set_class(invalid, "-refused")
        if invalid:
            self.invalid.add(event.input.id or "")
        else:
            self.invalid.discard(event.input.id or "")
        # The sums and the drawn day follow the keys; the value is recorded once settled.
        self.show_hours(self.state)
        if self._settle_timer is not None:
            self._settle_timer.stop()
        self._settle_timer = self.set_timer(
            self.context.timings.settle, lambda field=event.input: self._settle(field)
        )

    def _pending_hours(self, field: Input) -> HoursSet | None:
        """The field's value as an event, if it is valid and not what is recorded."""
        cell = self._hours_cell(field)
        if cell is None or field.disabled:
            return None
        variant, category = cell
        hours = parse_hours(field.value)
        recorded = self._recorded_hours(variant, category)
        if hours is None or hours == recorded or (recorded is None and not field.value.strip()):
            return None
        return HoursSet(step=self.step.id, variant=variant, category=category, hours=hours)

    def _settle(self, field: Input) -> None:
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        event = self._pending_hours(field)
        if event is not None:
            self.propose(event)

    def pending_hours_events(self) -> list[HoursSet]:
        """The hours being typed, as events (the settle timer stopped)."""
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        pending = (self._pending_hours(field) for field in self.query(HoursInput))
        return [event for event in pending if event is not None]

    def pending_events(self) -> list[SessionEvent]:
        """The hours being typed, and an activity the form holds with its hours, for the
        app to record before anything leaves the step: a step change, quitting, ctrl+s, the
        emergency key, printing."""
        return [*self.pending_hours_events(), *self.named_activities.pending()]

    def on_input_blurred(self, event: Input.Blurred) -> None:
        """Leaving a field: a valid value is recorded; a refused one is not kept, and the
        field shows the recorded value again (with a message saying so)."""
        cell = self._hours_cell(event.input)
        if cell is None:
            return
        event.stop()
        field = event.input
        if field.id not in self.invalid:
            self._settle(field)
            return
        refused = field.value
        recorded = self._recorded_hours(*cell)
        self.invalid.discard(field.id or "")
        field.set_class(False, "-refused")
        with field.prevent(Input.Changed):
            field.value = "" if recorded is None else format_number(recorded, self.lang)
        self.notify(self.tr("time_circle.refused", value=refused), severity="warning")
        self.show_state(self.state)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hours_enter":
            focused = self.focused
            return isinstance(focused, HoursInput) and self._hours_cell(focused) is not None
        return super().check_action(action, parameters)

    def on_key(self, event: Key) -> None:
        """A character typed on the list of activities starts a new activity's name (not the
        notes): the student who tabbed onto the list is naming the next one."""
        found = typed_on_list(self, event)
        if found is not None and found.id == "activity-list":
            start_in(self.query_one("#activity-name", Input), event)
        # Otherwise the frame's handler sends a stray character to the notes.

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "activity-category":
            self.named_activities.typed()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if (event.input.id or "").startswith("activity-"):
            event.stop()
            self.named_activities.saved()

    def on_entry_list_requested(self, event: EntryList.Requested) -> None:
        event.stop()
        if event.action == "remove":
            self.propose(ActivityRemoved(step=self.step.id, activity_id=event.name))

    def action_hours_enter(self) -> None:
        """Enter goes down the column: the client fills one variant at a time. A refused
        value keeps the focus, marked, until it is corrected (one still on its way in a
        burst of keys is refused when the field is left, with a message)."""
        field = self.focused
        if not isinstance(field, HoursInput):
            return
        cell = self._hours_cell(field)
        if cell is None or field.id in self.invalid:
            return
        self._settle(field)
        variant, category = cell
        variants = list(self.step.variants)
        row = TIME_CATEGORIES.index(category) + 1
        column = variants.index(variant)
        if row == len(TIME_CATEGORIES):
            row, column = 0, column + 1
        # At once (set_focus), not after the keys already read (focus() waits for them).
        if column < len(variants):
            self.set_focus(self.query_one(f"#hours-{variants[column]}-{TIME_CATEGORIES[row]}"))
        else:
            focus_in_view(self, self.query_one("#notes"))

    # --- named activities: when they are recorded is named_activities.py's ---------------

    @cached_property
    def named_activities(self) -> NamedActivities:
        form = self.query_one(ActivityForm)
        return NamedActivities(self, form, self.context.timings.settle)

    def typed_hours(self, variant: Variant, category: Category) -> float | None:
        """The hours a category's own field holds (None if none or refused)."""
        return parse_hours(self.query_one(f"#hours-{variant}-{category}", Input).value)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        super().on_descendant_focus(event)
        self.named_activities.focus_moved()

    def show_activities(self, state: SessionState) -> None:
        activities = state.activities.get(self.step.id, {})
        self.query_one(ActivityForm).show(activities)
        # A category with activities takes their sum: its own fields show it and rest.
        summed = {activity.category for activity in activities.values()}
        for variant in self.step.variants:
            day = state.category_hours(self.step.id, variant)
            for category in TIME_CATEGORIES:
                field = self.query_one(f"#hours-{variant}-{category}", Input)
                by_activities = category in summed
                field.disabled = by_activities or state.closed
                field.tooltip = self.tr("time_circle.activity_sum") if by_activities else None
                if by_activities:
                    summed_hours = day.get(category)
                    field.value = (
                        "" if summed_hours is None else format_number(summed_hours, self.lang)
                    )

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        self.show_activities(state)
        self.show_hours(state)
        if state.previous is not None:
            panel = hours_change(self.protocol, state, self.lang)
            self.query_one("#last-time", Static).update(section_text(panel))

    def shown_hours(self, state: SessionState) -> dict[Variant, dict[str, float]]:
        """Each day's hours as its fields show them: a valid value being typed counts at
        once (it is recorded when settled), a refused one does not."""
        shown: dict[Variant, dict[str, float]] = {}
        for variant in self.step.variants:
            hours = state.category_hours(self.step.id, variant)
            for category in TIME_CATEGORIES:
                field = self.query_one(f"#hours-{variant}-{category}", Input)
                typed = parse_hours(field.value)
                if typed is not None and (field.value.strip() or category in hours):
                    hours[category] = typed
            shown[variant] = hours
        return shown

    def show_hours(self, state: SessionState) -> None:
        """Each day's sum, what is missing or too many, the days drawn, and the difference
        between now and the ideal."""
        hours = self.shown_hours(state)
        problems = []
        over = bool(self.invalid)
        for variant, given in hours.items():
            total = sum(given.get(category, 0.0) for category in TIME_CATEGORIES)
            status = hours_status(total)
            widget = self.query_one(f"#sum-{variant}", Static)
            # One line in its column, whatever it says: never laid out again.
            summed = format_hours(total, self.lang)
            shown = f"{summed} ✓" if status.kind == "ok" else summed if given else ""
            widget.update(shown, layout=False)
            widget.set_class(bool(given) and status.kind == "over", "error")
            over = over or (bool(given) and status.kind == "over")
            if given and status.kind != "ok":
                name = self.tr(f"time_circle.variant_{variant}")
                hours_left = self.tr(
                    f"time_circle.{status.kind}", hours=format_hours(status.hours, self.lang)
                )
                problems.append(f"{name}: {hours_left}")
        if self.invalid:
            problems.insert(0, self.tr("time_circle.invalid"))
        status_line = self.query_one("#hours-status", Static)
        _show(status_line, " · ".join(problems))
        # Too many hours is an error; hours still to place are only unfinished.
        status_line.set_class(over, "error")
        status_line.set_class(bool(problems) and not over, "unfinished")
        self.query_one("#day-bars", DayBars).draw(
            [(self.tr(f"time_circle.variant_{v}"), day) for v, day in hours.items()],
            {c: self.tr(f"time_circle.{c}_short") for c in TIME_CATEGORIES},
            self.tr("time_circle.not_given"),
        )
        difference = difference_line(hours.get("now", {}), hours.get("ideal", {}), self.lang)
        _show(self.query_one("#hours-difference", Static), difference)


def _show(widget: Static, text: str) -> None:
    """A line that follows the keys: laid out again (a whole screen's work) only when it
    takes more or fewer lines than before."""
    if widget.content == text:
        return
    width = widget.content_region.width
    before, after = (_rows(str(widget.content), width), _rows(text, width))
    widget.update(text, layout=not width or before != after)


def _rows(text: str, width: int) -> int:
    return len(Text(text).wrap(_MEASURE, width)) if text and width else 0


_MEASURE = Console(width=200, file=io.StringIO())
