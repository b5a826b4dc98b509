"""The command palette (ctrl+p, as in other Textual apps): this app's own commands, in the
session's language. Each is also where it is without the palette (a key, the start screen)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, Provider
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.widgets.option_list import Option

from ..core.follow_up.carried import step_order
from ..core.model.session import Session

# Textual's palette says "No matches found" in English from inside a private method: the
# palette below says it in the session's language the same way (tests/unit/
# test_textual_private.py fails if an upgrade changes these).
TEXTUAL_PRIVATE = (
    "CommandPalette._start_no_matches_countdown",
    "CommandPalette._stop_no_matches_countdown",
    "CommandPalette._no_matches_timer",
    "CommandPalette._NO_MATCHES",
    "CommandPalette._NO_MATCHES_COUNTDOWN",
    "CommandPalette._list_visible",
)


class PaletteApp(Protocol):
    """What the palette's commands act on (the app)."""

    session: Session

    @property
    def has_student(self) -> bool:
        """A student is unlocked: the settings are there to open."""
        ...

    def tr(self, key: str, **values: object) -> str: ...
    def go_to(self, step_id: str) -> None: ...
    def action_add_marker(self) -> None: ...
    def action_toggle_pause(self) -> None: ...
    def action_save_now(self) -> None: ...
    def action_client_page(self) -> None: ...
    def action_privacy_notice(self) -> None: ...
    def action_emergency(self) -> None: ...
    def action_incident_record(self) -> None: ...
    def action_swap_roles(self) -> None: ...
    def action_change_theme(self) -> None: ...
    def action_request_quit(self) -> None: ...
    def open_settings(self) -> None: ...


def commands(app: PaletteApp) -> Iterator[SystemCommand]:
    """The commands for where the app is: in a session, its steps and actions; before one,
    the settings. The theme and quitting always."""
    tr = app.tr

    def command(name: str, callback: Callable[[], object], **values: object) -> SystemCommand:
        return SystemCommand(tr(f"palette.{name}", **values), tr(f"palette.{name}_help"), callback)

    state = app.session.state
    if state.started:
        lang = state.setup.lang
        for step in step_order(app.session.protocol, state):
            title = step.title(lang)
            yield SystemCommand(
                tr("palette.goto", step=title),
                tr("palette.goto_help"),
                lambda step_id=step.id: app.go_to(step_id),
            )
        # The students' own writing, before and after the conversation.
        # lazy: the modal screens, 2 ms before the first screen (docs/ARCHITECTURE.md)
        from .screens.modals import PREPARATION, REFLECTION

        for writing in (PREPARATION, REFLECTION):
            yield SystemCommand(
                tr("palette.goto", step=tr(f"goto.{writing}")),
                tr(f"palette.{writing}_help"),
                lambda where=writing: app.go_to(where),
            )
        if not state.closed:
            yield command("pause", app.action_toggle_pause)
            yield command("lead", app.action_swap_roles)
        yield command("marker", app.action_add_marker)
        yield command("save", app.action_save_now)
        yield command("page", app.action_client_page)
        yield command("notice", app.action_privacy_notice)
        yield command("emergency", app.action_emergency)
        yield command("incident", app.action_incident_record)
    elif app.has_student:
        yield command("settings", app.open_settings)
    yield command("theme", app.action_change_theme)
    yield command("quit", app.action_request_quit)


class Palette(CommandPalette):
    """Textual's command palette with its words (the search's placeholder, "No matches
    found") in the session's language."""

    def __init__(
        self,
        placeholder: str,
        no_matches: str,
        providers: list[type[Provider]] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(providers=providers, placeholder=placeholder, id=id)
        self.no_matches = no_matches

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8.2.8's own, with our words in place of its English ones.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(self.no_matches, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def palette(placeholder: str, no_matches: str) -> Palette:
    """The app's commands (ctrl+p)."""
    return Palette(placeholder, no_matches, id="--command-palette")


def theme_palette(placeholder: str, no_matches: str) -> Palette:
    """Textual's themes, by name: the one chosen is applied at once."""
    return Palette(placeholder, no_matches, providers=[ThemeProvider])


class PaletteHost(Protocol):
    """What opening a palette asks of the app."""

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...
    def tr(self, key: str, **values: object) -> str: ...
    def push_screen(self, screen: Screen[Any]) -> object: ...


def open_palette(app: PaletteHost) -> None:
    """The app's commands (ctrl+p), unless the palette is open already."""
    if not any(isinstance(screen, CommandPalette) for screen in app.screen_stack):
        app.push_screen(palette(app.tr("palette.placeholder"), app.tr("palette.none")))


def open_theme_palette(app: PaletteHost) -> None:
    """Textual's themes in a palette that speaks the session's language."""
    app.push_screen(theme_palette(app.tr("palette.theme_placeholder"), app.tr("palette.none")))
