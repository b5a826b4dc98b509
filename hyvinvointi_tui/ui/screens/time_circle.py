"""Step: the time-use circle — the 24 hours of an average day, now / before / ideal."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from rich.console import RenderableType
from rich.text import Text
from textual.containers import Grid, Horizontal
from textual.widget import Widget
from textual.widgets import Input, ListView, Select

from ...core.instruments.time_circle import (
    FILL,
    day_bar,
    differences,
    hours_status,
    parse_hours,
)
from ...core.protocol import TIME_CATEGORIES, TimeCircleStep
from ...core.session import ActivityRemoved, ActivitySet, HoursSet, SessionState
from ..widgets.entry_list import EntryList
from ..widgets.plain import Label, Static
from .step import StepScreen

STYLE = {"productive": "bold", "leisure": "", "self_care": "dim"}


class TimeCircleScreen(StepScreen):
    FOCUS = "#hours-now-productive"
    step: TimeCircleStep

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.invalid: set[str] = set()  # fields holding something that is not half hours
        self.editing_activity: str | None = None

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
                    yield Input(
                        "" if value is None else f"{value:g}",
                        placeholder="–",
                        restrict=r"[0-9.,]*",
                        max_length=4,
                        compact=True,
                        id=f"hours-{variant}-{category}",
                        classes="hours-input",
                    )
            yield Label("")
            for variant in variants:
                yield Static(id=f"sum-{variant}", classes="hours-sum")
        yield Static(id="hours-status")
        yield Static(id="day-bars")
        yield Static(id="hours-difference")
        yield Label(self.tr("time_circle.activities"), classes="section-title")
        yield EntryList(id="activity-list")
        with Horizontal(id="activity-form"):
            yield Input(
                placeholder=self.tr("time_circle.activity_name"),
                id="activity-name",
                max_length=60,
                select_on_focus=False,
                compact=True,
            )
            yield Select(
                [(self.tr(f"time_circle.{c}_short"), c) for c in TIME_CATEGORIES],
                value=TIME_CATEGORIES[0],
                allow_blank=False,
                id="activity-category",
                compact=True,
            )
            for variant in variants:
                yield Input(
                    placeholder=self.tr(f"time_circle.variant_{variant}"),
                    restrict=r"[0-9.,]*",
                    max_length=4,
                    compact=True,
                    id=f"activity-{variant}",
                    classes="activity-hours",
                )
        yield Static(self.tr("time_circle.activity_hint"), id="activity-status", classes="hint")

    def on_input_changed(self, event: Input.Changed) -> None:
        if not (event.input.id or "").startswith("hours-"):
            return
        event.stop()
        _, variant, category = (event.input.id or "--").split("-", 2)
        hours = parse_hours(event.value)
        event.input.set_class(hours is None, "-invalid")
        if hours is None:
            self.invalid.add(event.input.id or "")
            self.show_state(self.state)
        else:
            self.invalid.discard(event.input.id or "")
            self.propose(
                HoursSet(step=self.step.id, variant=variant, category=category, hours=hours)  # type: ignore[arg-type]
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter goes down the column: the client fills one variant at a time."""
        if (event.input.id or "").startswith("activity-"):
            event.stop()
            self.save_activity()
            return
        if not (event.input.id or "").startswith("hours-"):
            return
        event.stop()
        _, variant, category = (event.input.id or "--").split("-", 2)
        variants = list(self.step.variants)
        row = TIME_CATEGORIES.index(category) + 1
        column = variants.index(variant)
        if row == len(TIME_CATEGORIES):
            row, column = 0, column + 1
        if column < len(variants):
            self.query_one(f"#hours-{variants[column]}-{TIME_CATEGORIES[row]}", Input).focus()
        else:
            self.query_one("#notes").focus()

    # --- named activities ---------------------------------------------------------------

    def save_activity(self) -> None:
        name = self.query_one("#activity-name", Input).value.strip()
        hours = {
            variant: parse_hours(self.query_one(f"#activity-{variant}", Input).value)
            for variant in self.step.variants
        }
        status = self.query_one("#activity-status", Static)
        if not name or any(value is None for value in hours.values()):
            status.update(self.tr("time_circle.activity_invalid"))
            status.set_class(True, "error")
            return
        self.propose(
            ActivitySet(
                step=self.step.id,
                activity_id=self.editing_activity or uuid.uuid4().hex[:8],
                name=name,
                category=self.query_one("#activity-category", Select).value,  # type: ignore[arg-type]
                hours={v: h for v, h in hours.items() if h},  # type: ignore[misc]
            )
        )
        self.clear_activity_form()

    def clear_activity_form(self) -> None:
        self.editing_activity = None
        self.query_one("#activity-name", Input).value = ""
        for variant in self.step.variants:
            self.query_one(f"#activity-{variant}", Input).value = ""
        status = self.query_one("#activity-status", Static)
        status.update(self.tr("time_circle.activity_hint"))
        status.set_class(False, "error")
        self.query_one("#activity-name", Input).focus()

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        self.edit_activity(event.item.name or "")

    def on_entry_list_requested(self, event: EntryList.Requested) -> None:
        event.stop()
        if event.action == "remove":
            self.propose(ActivityRemoved(step=self.step.id, activity_id=event.name))
        elif event.action == "edit":
            self.edit_activity(event.name)

    def edit_activity(self, activity_id: str) -> None:
        activity = self.state.activities.get(self.step.id, {}).get(activity_id)
        if activity is None:
            return
        self.editing_activity = activity_id
        self.query_one("#activity-name", Input).value = activity.name
        self.query_one("#activity-category", Select).value = activity.category
        for variant in self.step.variants:
            value = activity.hours.get(variant)
            self.query_one(f"#activity-{variant}", Input).value = f"{value:g}" if value else ""
        self.query_one("#activity-name", Input).focus()

    def show_activities(self, state: SessionState) -> None:
        activities = state.activities.get(self.step.id, {})
        rows: list[tuple[str, RenderableType]] = []
        for activity_id, activity in activities.items():
            hours = ", ".join(
                f"{self.tr(f'time_circle.variant_{v}')} {activity.hours[v]:g} h"
                for v in self.step.variants
                if activity.hours.get(v)
            )
            category = self.tr(f"time_circle.{activity.category}_short")
            rows.append((activity_id, f"• {activity.name} · {category} · {hours or '0 h'}"))
        listing = self.query_one("#activity-list", EntryList)
        listing.show_rows(rows)
        listing.display = bool(activities)
        # A category with activities takes their sum: its own fields show it and rest.
        summed = {activity.category for activity in activities.values()}
        for variant in self.step.variants:
            hours = state.category_hours(self.step.id, variant)
            for category in TIME_CATEGORIES:
                field = self.query_one(f"#hours-{variant}-{category}", Input)
                by_activities = category in summed
                field.disabled = by_activities or state.closed
                field.tooltip = self.tr("time_circle.activity_sum") if by_activities else None
                if by_activities:
                    field.value = f"{hours.get(category, 0.0):g}"

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        self.show_activities(state)
        variants = self.step.variants
        hours = {v: state.category_hours(self.step.id, v) for v in variants}
        bars = Text()
        problems = []
        over = bool(self.invalid)
        for variant in variants:
            given = hours.get(variant, {})
            total = state.hours_total(self.step.id, variant)
            status = hours_status(total)
            name = self.tr(f"time_circle.variant_{variant}")
            widget = self.query_one(f"#sum-{variant}", Static)
            widget.update(
                f"{total:g} h ✓" if status.kind == "ok" else f"{total:g} h" if given else ""
            )
            widget.set_class(bool(given) and status.kind == "over", "error")
            over = over or (bool(given) and status.kind == "over")
            if given and status.kind != "ok":
                problems.append(
                    f"{name}: " + self.tr(f"time_circle.{status.kind}", hours=f"{status.hours:g}")
                )
            bars.append(f"{name[:6]:<7}")
            cells = day_bar(given, TIME_CATEGORIES)
            # One character per half hour when there is room, else one per hour.
            if self.query_one("#day-bars").content_region.width < len(cells) + 7:
                cells = cells[::2]
            for cell in cells:
                category = next((c for c, ch in FILL.items() if ch == cell), None)
                bars.append(cell, STYLE.get(category or "", "dim"))
            bars.append("\n")
        bars.append(self.tr("time_circle.legend"), "dim")
        if self.invalid:
            problems.insert(0, self.tr("time_circle.invalid"))
        status_line = self.query_one("#hours-status", Static)
        status_line.update(" · ".join(problems))
        # Too many hours is an error; hours still to place are only unfinished.
        status_line.set_class(over, "error")
        status_line.set_class(bool(problems) and not over, "unfinished")
        self.query_one("#day-bars", Static).update(bars)
        self.query_one("#hours-difference", Static).update(self._difference(hours))
        if state.previous is not None:
            from ..widgets.last_time import hours_change

            self.query_one("#last-time", Static).update(
                hours_change(self.protocol, state, self.lang)
            )

    def _difference(self, hours: dict[str, dict[str, float]]) -> str:
        """Ideal minus now per category, once both days add up to 24 hours."""
        now, ideal = hours.get("now", {}), hours.get("ideal", {})
        complete = all(hours_status(sum(day.values())).kind == "ok" for day in (now, ideal))
        if not complete or "ideal" not in self.step.variants:
            return ""
        parts = [
            f"{self.tr(f'time_circle.{category}_short')} {_signed(delta)} h"
            for category, delta in differences(now, ideal, TIME_CATEGORIES).items()
        ]
        return f"{self.tr('time_circle.difference')}: " + ", ".join(parts)


def _signed(hours: float) -> str:
    """+4, −5 (a real minus sign), ±0."""
    if hours == 0:
        return "±0"
    return f"+{hours:g}" if hours > 0 else f"−{-hours:g}"
