"""The start screen: new session, resume, replay, settings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets.option_list import Option

from ...i18n import t
from ..widgets.plain import Label, OptionList, Static

CHOICES = ("new", "follow_up", "resume", "replay", "settings", "quit")


class StartScreen(Screen[None]):
    AUTO_FOCUS = "#start-menu"

    class Chosen(Message):
        def __init__(self, choice: str) -> None:
            self.choice = choice
            super().__init__()

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="start-box"):
            yield Label(t(self.lang, "start.heading"), id="start-heading")
            yield Static(t(self.lang, "start.intro"), id="start-intro")
            yield OptionList(
                *(Option(t(self.lang, f"start.{choice}"), id=choice) for choice in CHOICES),
                id="start-menu",
            )
            yield Static(t(self.lang, "app.not_saved"), classes="hint")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option.id or ""))
