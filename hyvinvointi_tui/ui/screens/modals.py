"""Small dialogs: go to a step, confirm quitting."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button
from textual.widgets.option_list import Option

from ...core.follow_up.carried import step_order
from ...core.model.protocol import Protocol
from ...core.model.state import SessionState
from ...core.model.timer import format_minutes
from ...i18n import t
from ..widgets.plain import Label, OptionList, Static

SETUP = "setup"
# The students' writing before and after the conversation (ui/screens/writing.py).
PREPARATION = "preparation"
REFLECTION = "reflection"
T = TypeVar("T")


class ChoiceModal(ModalScreen[T | None]):
    """A list to choose from: Enter or a click returns the choice, Esc returns None."""

    BINDINGS = [Binding("escape", "dismiss_none", show=False)]

    def choice(self, option_id: str) -> T:
        """The result for the chosen option."""
        raise NotImplementedError

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choice(event.option.id or ""))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


# The widest line a step can have in the go-to dialog at 80 columns.
GOTO_LINE_FITS = 64


class GoToStepModal(ChoiceModal[str]):
    """Lists the setup, the preparation, every step with its budget and the time used, and
    the reflection; returns a step id (or SETUP, PREPARATION, REFLECTION)."""

    DEFAULT_CSS = """
    #goto-list { height: auto; max-height: 16; }
    """

    def choice(self, option_id: str) -> str:
        return option_id  # a step's id, or SETUP

    AUTO_FOCUS = "#goto-list"

    def __init__(self, protocol: Protocol, state: SessionState, now: float) -> None:
        super().__init__()
        self.protocol = protocol
        self.state = state
        self.now = now

    def compose(self) -> ComposeResult:
        lang = self.state.setup.lang
        options = [
            Option(f" 0. {t(lang, 'goto.setup')}", id=SETUP),
            Option(f"  · {t(lang, 'goto.preparation')}", id=PREPARATION),
        ]
        order = step_order(self.protocol, self.state)
        left_over = self.state.previous.deferred if self.state.previous else []
        title_width = max(len(step.title(lang)) for step in order)
        for number, step in enumerate(order, 1):
            spent = self.state.clock.step_spent(step.id, self.now)
            budget = format_minutes(step.budget_minutes * 60)
            line = f"{number:>2}. {step.title(lang):<{title_width}} {budget}"
            notes = []
            if spent:
                notes.append(f"· {t(lang, 'goto.spent', time=format_minutes(spent))}")
            if step.id in self.state.deferred:
                notes.append(f"→ {t(lang, 'goto.deferred')}")
            elif step.kind in left_over and not spent:
                notes.append(f"← {t(lang, 'goto.left_over')}")
            if step.id == self.state.step:
                notes.append(f"◀ {t(lang, 'goto.current')}")
            if notes:
                # On the step's line while it fits the dialog at 80 columns, else on a line
                # of their own: a note is never broken in two ("◀ olet" / "tässä").
                joined = " ".join(notes)
                fits = len(line) + 1 + len(joined) <= GOTO_LINE_FITS
                line += f" {joined}" if fits else f"\n{' ' * (title_width + 5)}{joined}"
            options.append(Option(line, id=step.id))
        options.append(Option(f"  · {t(lang, 'goto.reflection')}", id=REFLECTION))
        with Vertical(id="goto-box", classes="dialog"):
            yield Label(t(lang, "goto.heading"), classes="dialog-title")
            menu = OptionList(*options, id="goto-list")
            if self.state.step is not None:
                ids = [step.id for step in order]
                menu.highlighted = ids.index(self.state.step) + 2
            yield menu


class ConfirmModal(ModalScreen[bool]):
    """A yes/no question; the safe answer has the focus and Esc gives it."""

    BINDINGS = [Binding("escape", "cancel", show=False)]
    AUTO_FOCUS = "#confirm-cancel"

    def __init__(self, heading: str, message: str, *, cancel: str, confirm: str) -> None:
        super().__init__()
        self.heading = heading
        self.message = message
        self.labels = (cancel, confirm)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            yield Static(self.message)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.labels[0], id="confirm-cancel", variant="primary")
                yield Button(self.labels[1], id="confirm-ok", variant="error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-ok")

    def action_cancel(self) -> None:
        self.dismiss(False)


class ConfirmQuitModal(ConfirmModal):
    def __init__(self, lang: str, message: str | None = None) -> None:
        super().__init__(
            t(lang, "quit.heading"),
            message or t(lang, "quit.unsaved"),
            cancel=t(lang, "quit.cancel"),
            confirm=t(lang, "quit.confirm"),
        )


class ResumeModal(ChoiceModal[Path]):
    """Saved sessions, the most recently saved first; returns the chosen file."""

    AUTO_FOCUS = "#resume-list"

    def __init__(
        self,
        lang: str,
        rows: list[tuple[Path, str]],
        *,
        heading: str = "resume.heading",
        empty: str = "resume.none",
    ) -> None:
        super().__init__()
        self.lang = lang
        self.rows = rows
        self.heading = heading
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-box", classes="dialog"):
            yield Label(t(self.lang, self.heading), classes="dialog-title")
            if not self.rows:
                yield Static(t(self.lang, self.empty))
            else:
                yield OptionList(
                    *(Option(text, id=str(index)) for index, (_, text) in enumerate(self.rows)),
                    id="resume-list",
                )

    def choice(self, option_id: str) -> Path:
        return self.rows[int(option_id)][0]


class MarkerModal(ChoiceModal[str]):
    """Choose a marker's tag: digits 1–4 or arrows and Enter; Esc drops nothing."""

    def choice(self, option_id: str) -> str:
        return option_id

    BINDINGS = [Binding(str(n), f"choose({n})", show=False) for n in range(1, 5)]
    AUTO_FOCUS = "#marker-list"

    def __init__(self, lang: str, tags: tuple[str, ...]) -> None:
        super().__init__()
        self.lang = lang
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(id="marker-box", classes="dialog"):
            yield Label(t(self.lang, "marker.heading"), classes="dialog-title")
            yield OptionList(
                *(
                    Option(f"{number}  {t(self.lang, f'marker.{tag}')}", id=tag)
                    for number, tag in enumerate(self.tags, 1)
                ),
                id="marker-list",
            )

    def action_choose(self, number: int) -> None:
        self.dismiss(self.tags[number - 1])
