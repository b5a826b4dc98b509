"""Step: the time-use circle — the 24 hours of an average day, now / before / ideal."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable

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
from ...core.model.step_events import ActivityRemoved, ActivitySet, HoursSet
from ...core.model.steps import TIME_CATEGORIES, VARIANTS, Category, TimeCircleStep, Variant
from ..sections import section_text
from ..widgets.activity_form import ActivityForm, Entered
from ..widgets.day_bars import DayBars
from ..widgets.entry_list import EntryList
from ..widgets.hours_input import HoursInput
from ..widgets.plain import Label, Static
from .sentence_to_notes import focus_in_view
from .step import StepScreen


class TimeCircleScreen(StepScreen):
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
        self._activity_timer: Timer | None = None  # an activity in the form, being typed

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
            self._activity_typed()
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

    def _pending_hours_events(self) -> list[HoursSet]:
        """The hours being typed, as events (the settle timer stopped)."""
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        pending = (self._pending_hours(field) for field in self.query(HoursInput))
        return [event for event in pending if event is not None]

    def pending_events(self) -> list[SessionEvent]:
        """The hours being typed, and an activity the form holds with its hours, for the
        app to record before anything leaves the step: a step change, quitting, ctrl+s, the
        emergency key, printing. The form goes on editing the activity (the student may be
        typing in it still), unless recording it made the category's "other" activity: that
        is worked out once, as Enter does, and the form is emptied."""
        events: list[SessionEvent] = list(self._pending_hours_events())
        form = self.query_one(ActivityForm)
        self._stop_activity_timer()
        held = form.held()
        if held is not None:
            final = self._keeps_hours(form, held[1])
            found, kept = self._activity_events(form, held, hours_included=True)
            events += found
            if final:
                form.clear(focus=False)
                self._say_kept(form, held, kept)
        return events

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
        focused = self.focused
        if not (
            isinstance(focused, EntryList)
            and focused.id == "activity-list"
            and event.is_printable
            and event.character is not None
            and event.key not in self.active_bindings
        ):
            return  # the frame's handler sends a stray character to the notes
        name = self.query_one("#activity-name", Input)
        event.stop()
        event.prevent_default()
        name.focus()
        name.insert_text_at_cursor(event.character)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "activity-category":
            self._activity_typed()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if (event.input.id or "").startswith("activity-"):
            event.stop()
            self.save_activity()

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

    # --- named activities ---------------------------------------------------------------

    # Enter records the activity the form holds and empties the form for the next. An
    # activity with its hours is also recorded without Enter: when the focus leaves the form
    # (the form is emptied), before anything leaves the step (`pending_events`), and once
    # the student has stopped typing for `Timings.settle` (the form then goes on editing
    # it). Not the last, for the first activity of a category whose own hours were
    # typed: its "other" activity keeps what the new one does not cover, worked out once
    # from the final name, category and hours (a category or hours corrected after a pause
    # would leave it wrong).

    def save_activity(self) -> None:
        """Record the activity the form holds: a new one, or the one being edited."""
        form = self.query_one(ActivityForm)
        entered = form.entered()
        if entered is None:
            return
        kept = self._record_activity(form, entered)
        form.clear()
        self._say_kept(form, entered, kept)

    def _activity_typed(self) -> None:
        self._stop_activity_timer()
        self._activity_timer = self.set_timer(self.context.timings.settle, self._settle_activity)

    def _stop_activity_timer(self) -> None:
        if self._activity_timer is not None:
            self._activity_timer.stop()
            self._activity_timer = None

    def _settle_activity(self) -> None:
        self._activity_timer = None
        if self.state.closed:
            return
        form = self.query_one(ActivityForm)
        held = form.held()
        if held is not None and not self._keeps_hours(form, held[1]):
            self._record_activity(form, held)

    def _keeps_hours(self, form: ActivityForm, category: Category) -> bool:
        """Whether recording the form's activity in `category` makes an "other" activity:
        a new activity, the first of its category, whose category has hours of its own."""
        if form.editing is not None:
            return False
        recorded = self.state.activities.get(self.step.id, {}).values()
        if any(activity.category == category for activity in recorded):
            return False
        fields = (self.query_one(f"#hours-{v}-{category}", Input) for v in self.step.variants)
        return any(parse_hours(field.value) for field in fields)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        super().on_descendant_focus(event)
        form = self.query_one(ActivityForm)
        if form.typing_in():
            return
        held = form.held()
        if held is not None:
            kept = self._record_activity(form, held)
            form.clear(focus=False)
            self._say_kept(form, held, kept)
        elif not form.nothing_typed():
            form.entered()  # left unrecorded: it says why (no name, or hours it cannot take)

    def _record_activity(self, form: ActivityForm, entered: Entered) -> str | None:
        """Record `entered` as the activity the form edits from now on (a new one if none).
        Returns the name of the activity made to keep the category's hours, if one was."""
        self._stop_activity_timer()
        events, kept = self._activity_events(form, entered, hours_included=False)
        for event in events:
            self.propose(event)
        return kept

    def _say_kept(self, form: ActivityForm, entered: Entered, kept: str | None) -> None:
        if kept is not None:
            form.say(self.tr("time_circle.kept_as_other", parts=f"{entered[0]} + {kept}"))

    def _activity_events(
        self, form: ActivityForm, entered: Entered, *, hours_included: bool
    ) -> tuple[list[SessionEvent], str | None]:
        """The events that record `entered` (none if it is what is recorded already), and
        the name of the activity that keeps the hours typed for its category before, if
        one is made. `hours_included`: the hours being typed are recorded anyway."""
        name, category, hours = entered
        given = {v: h for v, h in hours.items() if h}
        recorded = self.state.activities.get(self.step.id, {})
        if form.editing is not None:
            before = recorded.get(form.editing)
            if before is not None and (before.name, before.category, before.hours) == (
                name,
                category,
                given,
            ):
                return [], None
        events: list[SessionEvent] = []
        kept = None
        if form.editing is None and not any(a.category == category for a in recorded.values()):
            events, kept = self._keep_typed_hours(category, hours, hours_included=hours_included)
        form.editing = form.editing or uuid.uuid4().hex[:8]
        events.append(
            ActivitySet(
                step=self.step.id,
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
        events: list[SessionEvent] = [] if hours_included else list(self._pending_hours_events())
        rest: dict[Variant, float] = {}
        for variant in self.step.variants:
            typed = parse_hours(self.query_one(f"#hours-{variant}-{category}", Input).value)
            if typed:
                rest[variant] = max(0.0, typed - (new.get(variant) or 0.0))
        if not any(rest.values()):
            return events, None
        name = self.tr(f"time_circle.other_{category}")
        events.append(
            ActivitySet(
                step=self.step.id,
                activity_id=uuid.uuid4().hex[:8],
                name=name,
                category=category,
                hours={v: h for v, h in rest.items() if h},
            )
        )
        return events, name

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
