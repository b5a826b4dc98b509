"""The start screen: new session, resume, replay, settings; for a student, their sessions'
keep-until dates and the plaintext copies on this computer, with what each needs now."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...core.record import Record, record
from ...i18n import t
from ..widgets.plain import Label, OptionList, Static

CHOICES = ("new", "follow_up", "resume", "replay", "settings", "sessions", "copies", "quit")
# Offered only with a student's data folder to look into.
STUDENT_CHOICES = frozenset({"sessions", "copies"})


@record
class DataFacts(Record):
    """What the start screen says of the student's data: the plaintext copies still on
    this computer and the sessions past their keep-until date."""

    copies: int = 0
    due: int = 0


class StartScreen(Screen[None]):
    DEFAULT_CSS = """
    StartScreen { align: center middle; }
    #start-box { width: 72; height: auto; }
    #start-heading { text-style: bold; color: $accent; }
    #start-menu { height: auto; margin: 1 0; }
    """
    AUTO_FOCUS = "#start-menu"

    class Chosen(Message):
        def __init__(self, choice: str) -> None:
            self.choice = choice
            super().__init__()

    class FactsRead(Message):
        def __init__(self, facts: DataFacts) -> None:
            self.facts = facts
            super().__init__()

    def __init__(self, lang: str, facts: Callable[[], DataFacts] | None = None) -> None:
        """`facts` reads what is said of the student's data (it opens every session: it
        runs in a thread, and again each time the screen is shown)."""
        super().__init__()
        self.lang = lang
        self.facts = facts

    def compose(self) -> ComposeResult:
        choices = [c for c in CHOICES if self.facts is not None or c not in STUDENT_CHOICES]
        with Vertical(id="start-box"):
            yield Label(t(self.lang, "start.heading"), id="start-heading")
            yield Static(t(self.lang, "start.intro"), id="start-intro")
            yield OptionList(
                *(Option(t(self.lang, f"start.{choice}"), id=choice) for choice in choices),
                id="start-menu",
            )
            if self.facts is not None:
                yield Static("", id="start-data", classes="hint")
            yield Static(t(self.lang, "app.not_saved"), classes="hint")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.read_facts()

    def read_facts(self) -> None:
        """Read again what is said of the student's data (after a deletion)."""
        if self.facts is not None:
            self._read_facts(self.facts)

    @work(thread=True, exclusive=True, group="start-facts")
    def _read_facts(self, facts: Callable[[], DataFacts]) -> None:
        read = facts()
        if not get_current_worker().is_cancelled:  # a newer read is under way
            self.post_message(self.FactsRead(read))

    def on_start_screen_facts_read(self, message: StartScreen.FactsRead) -> None:
        said = []
        if message.facts.copies:
            said.append(t(self.lang, "copies.count", count=message.facts.copies))
        if message.facts.due:
            said.append(t(self.lang, "retention.due_count", count=message.facts.due))
        self.query_one("#start-data", Static).update("\n".join(said))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option.id or ""))
