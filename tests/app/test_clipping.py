"""No text cut off (issue 30, item 9): every screen — each step of both protocols, the setup,
the preparation, the reflection, the start screen, the settings and the dialogs — in every
language at 80×24 and 120×40 shows each text it was given whole.

A widget's text is looked for in what the widget draws (its content area, whitespace
squashed): a text that is wrapped is found, one cut at the edge or ended with an ellipsis
"…" is not. What a widget draws does not depend on where its pane is scrolled, so a text
that is further down a scrolling pane counts as shown; a table must fit its width (a
column the student would have to scroll sideways to see is cut off)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    OptionList,
    RadioButton,
    Static,
    TextArea,
)

from hyvinvointi_tui.core.instruments.summary import suggestions
from hyvinvointi_tui.core.model.course import Course
from hyvinvointi_tui.core.model.preferences import Preferences
from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.session_events import SessionClosed, one_of
from hyvinvointi_tui.core.model.step_events import SUMMARY_COLUMNS, SummaryEntryAdded
from hyvinvointi_tui.i18n import LANGUAGES, Lang, t
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.modals import PREPARATION, ConfirmQuitModal
from hyvinvointi_tui.ui.screens.settings import SettingsScreen
from hyvinvointi_tui.ui.screens.start import StartScreen
from hyvinvointi_tui.ui.widgets.title_line import TitleLine

from ..conftest import FakeClock
from ..snapshots.test_snapshots import booked, follow_up_app

SIZES = [(80, 24), (120, 40)]


def squash(text: str) -> str:
    return " ".join(text.split())


def shown(widget: Widget) -> bool:
    """Displayed: neither it nor a container above it is hidden."""
    node: object = widget
    while isinstance(node, Widget):
        if not node.display or node.styles.visibility == "hidden":
            return False
        node = node.parent
    return True


def drawn(widget: Widget) -> str:
    """What the widget draws in its content area (inside border and padding)."""
    gutter = widget.styles.gutter
    width, height = widget.size  # the content area's
    if width <= 0 or height <= 0:
        return ""
    strips = widget.render_lines(Region(gutter.left, gutter.top, width, height))
    return "\n".join(strip.text for strip in strips)


def sticks_out(widget: Widget) -> bool:
    """The widget reaches past the right edge of its container, which does not scroll
    sideways: what is beyond the edge is not shown (a label as wide as its text)."""
    parent = widget.parent
    if not isinstance(parent, Widget) or parent.allow_horizontal_scroll:
        return False
    right = widget.virtual_region_with_margin.right
    return right > parent.scrollable_content_region.width


def given(widget: Widget) -> list[str]:
    """The texts the screen gave the widget to show."""
    if isinstance(widget, TitleLine):
        return [part.shortest for part in widget.parts]  # given way as far as it goes
    if isinstance(widget, Button | Checkbox | RadioButton):
        return [str(widget.label)]
    if isinstance(widget, Input):
        return [widget.placeholder] if not widget.value else []
    if isinstance(widget, TextArea):
        return [str(widget.placeholder)] if not widget.text else []
    if isinstance(widget, Static):
        content = widget.content
        return [str(content)] if isinstance(content, str | Text) else []
    return []


def cut_off(screen: Screen[Any]) -> list[str]:
    """Each text of the screen not drawn whole, with where it is."""
    problems = []
    for widget in screen.query("*"):
        if not shown(widget):
            continue
        if isinstance(widget, DataTable):
            if widget.virtual_size.width > widget.scrollable_content_region.width:
                problems.append(f"{widget!r}: wider than it is ({widget.virtual_size.width})")
            continue
        if isinstance(widget, OptionList):
            continue  # its options are checked as the screen's text below
        texts = [squash(text) for text in given(widget) if text.strip()]
        if not texts:
            continue
        if sticks_out(widget):
            problems.append(f"{widget!r}: wider than its container shows ({texts[0]!r})")
            continue
        seen = squash(drawn(widget))
        for text in texts:
            if text not in seen:
                problems.append(f"{widget!r}: {text!r} drawn as {seen!r}")
    for options in screen.query(OptionList):
        if not shown(options):
            continue
        seen = squash(
            "\n".join(strip.text for strip in options.render_lines(options.region.reset_offset))
        )
        for index in range(options.option_count):
            prompt = options.get_option_at_index(index).prompt
            text = squash(str(prompt))
            if text and text not in seen:
                problems.append(f"{options!r}: {text!r} drawn as {seen!r}")
    return problems


class Checked:
    """Every screen looked at, and what was found cut off on each."""

    def __init__(self, app: HyvinvointiApp, pilot: Pilot[None]) -> None:
        self.app = app
        self.pilot = pilot
        self.problems: list[str] = []
        self.screens: list[str] = []

    async def look(self, name: str) -> None:
        await self.pilot.pause()
        # As in a session that saves: the title shares its line with the save's time.
        lang = self.app.session.state.setup.lang
        self.app.show_save_status(t(lang, "save.saved", time="22:45:45"), False)
        for _ in range(2):
            await self.pilot.pause()
        self.screens.append(name)
        self.problems += [f"{name}: {problem}" for problem in cut_off(self.app.screen)]

    async def dialog(self, name: str, *keys: str) -> None:
        before = self.app.screen
        await self.pilot.press(*keys)
        await self.pilot.pause()
        assert self.app.screen is not before, f"{name} did not open"
        await self.look(name)
        await self.pilot.press("escape")
        await self.pilot.pause()


class FakeSettings:
    data_folder = Path("/home/opiskelija/.local/share/hyvinvointi")
    key_file = data_folder / "identity.age"

    def course(self) -> Course:
        return Course()

    def join(self, path: str) -> str:
        return ""

    def add_teacher(self, recipient: str) -> str:
        return ""

    def remove_teacher(self, recipient: str) -> str:
        return ""

    def change_passphrase(self, old: str, new: str) -> str:
        return ""

    def preferences(self) -> Preferences:
        return Preferences()

    def save_preferences(self, preferences: Preferences) -> str:
        return ""


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGUAGES)
async def test_no_screen_cuts_off_a_text(
    protocol: Protocol, lang: Lang, size: tuple[int, int]
) -> None:
    app = HyvinvointiApp.demo(protocol, lang=lang, clock=FakeClock(0.0))
    booked(app.session)  # lists, suggestions and goals filled in
    for number, suggestion in enumerate(suggestions(protocol, app.session.state, lang)):
        entry = SummaryEntryAdded(
            step="summary",
            entry_id=f"s{number}",
            column=one_of(suggestion.column, SUMMARY_COLUMNS),
            text=suggestion.text,
            suggestion=suggestion.key,
        )
        app.session.record(entry)
    async with app.run_test(size=size) as pilot:
        checked = Checked(app, pilot)
        for step in protocol.steps:
            app.go_to(step.id)
            await checked.look(f"step {step.id}")
        # The crisis: its guidance, the teacher's line and the plan.
        app.go_to("stress")
        await pilot.pause()
        app.screen.query_one("#stress-scale").focus()
        await pilot.press("5")
        await checked.look("stress in a crisis")
        await checked.dialog("go-to dialog", "ctrl+g")
        await checked.dialog("marker dialog", "ctrl+b")
        await checked.dialog("emergency", "ctrl+l")
        # Closing the instructions asks for the incident record.
        assert type(app.screen).__name__ == "IncidentModal"
        await checked.look("incident record")
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(ConfirmQuitModal(lang))
        await checked.look("quit dialog")
        app.pop_screen()
        app.open_setup()
        await checked.look("setup")
        app.pop_screen()
        app.go_to(PREPARATION)
        await checked.look("preparation")
        app.pop_screen()
        app.push_screen(StartScreen(lang, None))
        await checked.look("start screen")
        app.pop_screen()
        app.push_screen(SettingsScreen(lang, FakeSettings()))
        await checked.look("settings")
        app.pop_screen()
        app.go_to("closing")
        await pilot.pause()
        app.session.record(SessionClosed(step="closing"))
        app.show_step()
        await checked.look("closed session")
        app.action_open_reflection()
        await checked.look("reflection")

    follow_up = follow_up_app(protocol, lang, crisis=True)
    async with follow_up.run_test(size=size) as pilot:
        checked_follow_up = Checked(follow_up, pilot)
        for step in resolve_protocol("seurantakeskustelu").steps:
            follow_up.go_to(step.id)
            await checked_follow_up.look(f"follow-up step {step.id}")
    problems = checked.problems + checked_follow_up.problems
    assert not problems, "\n".join(problems)
