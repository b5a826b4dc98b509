"""The students' own writing around the conversation, outside its 90 minutes: preparation
before it (what they know from the referral, their plan, questions for the teacher, who
leads which step) and reflection after it (four prompts and the summary read through the
model of human occupation). Each field is a text of the session, saved and encrypted like
the notes; a closed session still takes them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button
from textual.widgets.option_list import Option

from ...core.debrief.results import roles_line
from ...core.model.session_events import SessionEvent
from ...core.model.state import SessionState
from ...core.model.state_entries import ROLES_CHOSEN_FROM
from ...core.model.steps import Step
from ...core.model.text_keys import (
    PREPARATION_PARTS,
    REFLECTION_LENSES,
    REFLECTION_PROMPTS,
    preparation_key,
    reflection_key,
)
from ...i18n import t
from ..keys import SESSION_KEYS, bind
from ..messages import EventProposed, RolesTurned, TextChanged
from ..timings import TIMINGS
from ..widgets.key_hints import KeyHints
from ..widgets.notes_area import NotesArea
from ..widgets.plain import Label, OptionList, Static
from ..widgets.title_line import TitleLine, TitlePart

# Of the session's keys, those that mean something away from a step.
WRITING_KEYS = ("ctrl+g", "ctrl+s", "ctrl+l", "ctrl+q")


class WritingScreen(Screen[None]):
    """A heading, a short intro, then the fields to write in; Esc or the button returns."""

    DEFAULT_CSS = """
    #writing { padding: 0 1; }
    .writing-field { height: 5; min-height: 5; }
    #roles { height: auto; max-height: 12; }
    #writing-actions { height: auto; padding: 1 0; }
    #summary-reference { padding: 0 0 1 2; }
    #reflection-summary { height: auto; }
    """
    AUTO_FOCUS = ""
    HEADING = ""

    def __init__(
        self,
        state: SessionState,
        steps: Sequence[Step],
        *,
        demo: bool = False,
        report_seconds: float = TIMINGS.report,
    ) -> None:
        super().__init__()
        self.state = state
        self.steps = tuple(steps)
        self.lang = state.setup.lang
        self.demo = demo
        self.report_seconds = report_seconds
        for key, action, label in self.session_keys():
            bind(self, key, action, self.tr(label), priority=True)
        if self.escape_label():
            bind(self, "escape", "done", self.escape_label())

    def escape_label(self) -> str:
        """What Esc does here, as the key line says it ("" for nothing)."""
        return self.tr("reflection.done")

    def tr(self, key: str, **values: object) -> str:
        return t(self.lang, key, **values)

    def session_keys(self) -> list[tuple[str, str, str]]:
        """The keys this screen offers (key, action, label key): the session's own, but
        those of a step (next, pause, marker, lead, guide)."""
        return [entry for entry in SESSION_KEYS if entry[0] in WRITING_KEYS]

    def fields(self) -> list[tuple[str, str]]:
        """(prompt, text key) of each field, in order."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        parts = [
            TitlePart(text=self.tr(self.HEADING), style="bold"),
            TitlePart(text=self.state.setup.client_code, style="dim"),
        ]
        if self.demo:
            demo = self.tr("app.demo")
            parts.append(
                TitlePart(text=demo, style="italic", short=self.tr("app.demo_short"), give_way=1)
            )
        with Horizontal(id="title-bar"):
            yield TitleLine(parts, id="step-title")
        with VerticalScroll(id="writing", can_focus=False):
            yield Static(self.tr(f"{self.HEADING.partition('.')[0]}.intro"), classes="hint")
            yield from self.compose_fields()
            with Horizontal(id="writing-actions"):
                yield Button(self.button_label(), id="writing-done", variant="primary")
        yield KeyHints()

    def field(self, prompt: str, key: str) -> Iterable[Widget]:
        yield Label(prompt, classes="field-label")
        area = NotesArea(
            key,
            self.state.text(key),
            id=f"field-{key.replace('.', '-')}",
            report_seconds=self.report_seconds,
        )
        area.add_class("writing-field")
        yield area

    def compose_fields(self) -> Iterable[Widget]:
        for prompt, key in self.fields():
            yield from self.field(prompt, key)

    def button_label(self) -> str:
        return self.tr("reflection.done")

    def on_mount(self) -> None:
        first = next(iter(self.query(NotesArea)), None)
        if first is not None:
            first.focus()
            first.move_cursor(first.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        self.report_typed()
        self.dismiss(None)

    def report_typed(self) -> None:
        """What was typed and not yet reported goes to the app before the screen goes."""
        for key, text in self.pending_texts():
            self.app.post_message(TextChanged(key, text))

    # --- what the app asks of a screen of the session ------------------------------------

    def propose(self, event: SessionEvent) -> None:
        self.post_message(EventProposed(event))

    def show_state(self, state: SessionState) -> None:
        self.state = state

    def show_texts(self, state: SessionState) -> None:
        self.state = state

    def show_save_status(self, text: str, failed: bool) -> None:
        for title in self.query("#step-title").results(TitleLine):
            title.show_status(text, failed)

    def pending_events(self) -> Sequence[SessionEvent]:
        return ()

    def pending_texts(self) -> list[tuple[str, str]]:
        pending = []
        for field in self.query(NotesArea):
            text = field.pending()
            if text is not None:
                pending.append((field.key, text))
        return pending


class PreparationScreen(WritingScreen):
    """Before the conversation: what the students know, their plan, their questions for
    the teacher and who leads which step. Before the session has begun its button (and
    ctrl+n) begins it; during the session it returns to the step."""

    HEADING = "preparation.heading"

    def __init__(
        self,
        state: SessionState,
        steps: Sequence[Step],
        *,
        begun: bool,
        demo: bool = False,
        report_seconds: float = TIMINGS.report,
    ) -> None:
        self.begun = begun
        super().__init__(state, steps, demo=demo, report_seconds=report_seconds)

    def session_keys(self) -> list[tuple[str, str, str]]:
        keys = super().session_keys()
        # The client's privacy notice, printed before the client comes.
        keys.insert(0, ("ctrl+f", "app.privacy_notice", "notice.key"))
        if not self.begun:
            keys.insert(0, ("ctrl+n", "app.next_step", "preparation.key_begin"))
        return keys

    def fields(self) -> list[tuple[str, str]]:
        return [
            (self.tr(f"preparation.{part}"), preparation_key(part)) for part in PREPARATION_PARTS
        ]

    def compose_fields(self) -> Iterable[Widget]:
        yield from super().compose_fields()
        # Three or more students choose anyone for either role; two take turns.
        choice = len(self.state.setup.students) >= ROLES_CHOSEN_FROM
        label = self.tr("preparation.roles_choice" if choice else "preparation.roles")
        yield Label(label, classes="field-label")
        if not self.state.setup.students:
            yield Static(self.tr("preparation.no_students"), classes="hint")
        yield OptionList(*self._role_options(), id="roles")

    def button_label(self) -> str:
        return self.tr("preparation.back" if self.begun else "preparation.begin")

    def escape_label(self) -> str:
        # Before the conversation there is nothing to go back to (ctrl+n begins it).
        return self.tr("preparation.key_back") if self.begun else ""

    def action_done(self) -> None:
        if self.begun:
            super().action_done()
        else:
            self.call_later(self.run_action, "app.next_step")

    def _role_options(self) -> list[Option]:
        width = max((len(step.title(self.lang)) for step in self.steps), default=0)
        return [
            Option(
                f"{number:>2}. {step.title(self.lang):<{width}}  "
                f"{roles_line(self.state.roles.get(step.id), self.lang)}",
                id=step.id,
            )
            for number, step in enumerate(self.steps, 1)
        ]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a step: the next turn (the other student leads), or with three or more
        students the choice of who leads and who takes notes (the app asks)."""
        event.stop()
        self.post_message(RolesTurned(event.option.id or ""))

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        for roles in self.query("#roles").results(OptionList):
            highlighted = roles.highlighted
            roles.set_options(self._role_options())
            roles.highlighted = highlighted


class ReflectionScreen(WritingScreen):
    """After the client has left: what went well, what was hard, what to do differently,
    what to ask the teacher; then the summary read through the model's four lenses."""

    HEADING = "reflection.heading"

    def fields(self) -> list[tuple[str, str]]:
        return [
            (self.tr(f"reflection.{part}"), reflection_key(part)) for part in REFLECTION_PROMPTS
        ]

    def compose_fields(self) -> Iterable[Widget]:
        yield from super().compose_fields()
        yield Label(self.tr("reflection.lenses"), classes="section-title")
        with Vertical(id="reflection-summary"):
            yield Label(self.tr("reflection.summary"), classes="field-label")
            yield Static(self._summary_text(), id="summary-reference")
        for part in REFLECTION_LENSES:
            yield from self.field(self.tr(f"reflection.{part}"), reflection_key(part))

    def _summary_text(self) -> Text:
        """The summary's strengths and challenges, as written with the client."""
        text = Text()
        for entries in self.state.summary.values():
            for entry in entries.values():
                text.append(f"{self.tr(f'summary.tag_{entry.column}')}: ", "bold")
                text.append(entry.text + "\n")
        if not text:
            text.append(self.tr("reflection.summary_empty"), "dim")
        return text
