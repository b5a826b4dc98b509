"""The time circle's named activities (optional): their list, and the form that adds one or
edits the one chosen on the list. The step records what the form holds (`entered`) when
Enter is pressed in it, and an activity the form holds with its hours (`held`) once the
student stops typing, leaves the form or leaves the step; and the removals the list asks
for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, ListView, Select

from ...core.dates import format_hours, format_number
from ...core.instruments.time_circle import parse_hours
from ...core.model.session_events import one_of
from ...core.model.state_entries import Activity
from ...core.model.steps import TIME_CATEGORIES, Category, Variant
from ...i18n import t
from .entry_list import EntryList
from .hours_input import HoursInput
from .plain import Label, Static

# An activity as the form holds it: its name, its category and its hours per variant (None
# where the field holds something that is not half hours).
Entered = tuple[str, Category, dict[Variant, float | None]]


class ActivityForm(Vertical):
    DEFAULT_CSS = """
    ActivityForm { height: auto; }
    #activity-form { height: auto; }
    #activity-name { width: 1fr; }
    #activity-category { width: 20; margin: 0 0 0 1; }
    .activity-hours { width: 7; margin-right: 1; }
    .activity-hours.-refused { background: $error 40%; }
    """

    def __init__(self, variants: Sequence[Variant], lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.variants = list(variants)
        self.lang = lang
        self.editing: str | None = None  # the activity being edited, None for a new one
        self.activities: Mapping[str, Activity] = {}

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Label(t(lang, "time_circle.activities"), classes="section-title")
        yield EntryList(id="activity-list")
        with Horizontal(id="activity-form"):
            yield Input(
                placeholder=t(lang, "time_circle.activity_name"),
                id="activity-name",
                max_length=60,
                select_on_focus=False,
                compact=True,
            )
            yield Select(
                [(t(lang, f"time_circle.{c}_short"), c) for c in TIME_CATEGORIES],
                value=TIME_CATEGORIES[0],
                allow_blank=False,
                id="activity-category",
                compact=True,
            )
            for variant in self.variants:
                yield HoursInput(
                    placeholder=t(lang, f"time_circle.variant_{variant}"),
                    id=f"activity-{variant}",
                    classes="activity-hours",
                )
        yield Static(t(lang, "time_circle.activity_hint"), id="activity-status", classes="hint")

    def entered(self) -> Entered | None:
        """The activity as the form holds it (name, category, hours per variant), or None,
        saying why, when it has no name or hours that are not half hours."""
        entered = self._read()
        if not _recordable(entered):
            self.say(t(self.lang, "time_circle.activity_invalid"), error=True)
            return None
        return entered

    def held(self) -> Entered | None:
        """The activity the form holds, if it may be recorded without Enter: a name, hours
        in half-hour steps and some hours given (a name alone may still be being typed).
        None, quietly, otherwise."""
        entered = self._read()
        return entered if _recordable(entered) and any(entered[2].values()) else None

    def in_place(self) -> bool:
        """Its fields are there: not yet while it is being built, nor once its screen is
        being taken down (as the app closes)."""
        return bool(self.query("#activity-name"))

    def nothing_typed(self) -> bool:
        """Nothing typed in the form (its category aside)."""
        fields = ("#activity-name", *(f"#activity-{variant}" for variant in self.variants))
        return not any(self.query_one(field, Input).value.strip() for field in fields)

    def _read(self) -> Entered:
        name = self.query_one("#activity-name", Input).value.strip()
        hours: dict[Variant, float | None] = {
            variant: parse_hours(self.query_one(f"#activity-{variant}", Input).value)
            for variant in self.variants
        }
        category = one_of(str(self.query_one("#activity-category", Select).value), TIME_CATEGORIES)
        return name, category, hours

    def say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#activity-status", Static)
        status.update(text)
        status.set_class(error, "error")

    def clear(self, *, focus: bool = True) -> None:
        """An empty form for the next activity, its category the first again, with the hint
        (and the focus on its name, unless the student has gone elsewhere)."""
        self.editing = None
        self.query_one("#activity-name", Input).value = ""
        # The category too: the next activity's is chosen for it, not left from the last one.
        self.query_one("#activity-category", Select).value = TIME_CATEGORIES[0]
        for variant in self.variants:
            self.query_one(f"#activity-{variant}", Input).value = ""
        self.say(t(self.lang, "time_circle.activity_hint"))
        if focus:
            self.query_one("#activity-name", Input).focus()

    def typing_in(self) -> bool:
        """Whether the focus is in the form's fields (the name, the category, the hours)."""
        return self.query_one("#activity-form").has_focus_within

    def edit(self, activity_id: str) -> None:
        """The form holds the activity chosen on the list."""
        activity = self.activities.get(activity_id)
        if activity is None:
            return
        self.editing = activity_id
        self.query_one("#activity-name", Input).value = activity.name
        self.query_one("#activity-category", Select).value = activity.category
        for variant in self.variants:
            value = activity.hours.get(variant)
            self.query_one(f"#activity-{variant}", Input).value = (
                format_number(value, self.lang) if value else ""
            )
        self.query_one("#activity-name", Input).focus()

    def show(self, activities: Mapping[str, Activity]) -> None:
        """The list: each activity with its category and hours (hidden while there is none)."""
        self.activities = activities
        rows: list[tuple[str, RenderableType]] = []
        lang = self.lang
        for activity_id, activity in activities.items():
            hours = ", ".join(
                f"{t(lang, f'time_circle.variant_{v}')} {format_hours(activity.hours[v], lang)}"
                for v in self.variants
                if activity.hours.get(v)
            )
            category = t(self.lang, f"time_circle.{activity.category}_short")
            rows.append((activity_id, f"• {activity.name} · {category} · {hours or '0 h'}"))
        listing = self.query_one("#activity-list", EntryList)
        listing.show_rows(rows)
        listing.display = bool(activities)

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        self.edit(event.item.name or "")

    def on_entry_list_requested(self, event: EntryList.Requested) -> None:
        if event.action == "edit":
            event.stop()
            self.edit(event.name)
        # A removal goes on to the step, which records it.


def _recordable(entered: Entered) -> bool:
    """A name, and hours in half-hour steps (or none) in every field."""
    name, _, hours = entered
    return bool(name) and all(value is not None for value in hours.values())
