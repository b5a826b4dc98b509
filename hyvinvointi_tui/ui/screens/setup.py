"""The setup screen: client code, language, students, first or follow-up session."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, RadioSet

from ...core.client.notice import missing_line
from ...core.model.client_code import check_client_code
from ...core.model.course import Privacy
from ...core.model.session_events import SetupChanged, one_of
from ...core.model.state_entries import Setup
from ...i18n import LANGUAGE_NAMES, LANGUAGES, t
from ..widgets.plain import Label, Static
from ..widgets.toggles import RadioButton


class SetupScreen(Screen[SetupChanged | None]):
    """Returns the new setup, or None when the student backs out (escape)."""

    DEFAULT_CSS = """
    #setup-box { padding: 1 2; max-width: 100; }
    #setup-heading { text-style: bold; color: $accent; }
    #setup-actions { height: auto; margin-top: 1; }
    """
    AUTO_FOCUS = "#client-code"
    BINDINGS = [
        Binding("escape", "back", show=False),
        # Enter in a text field moves on, as the screen reads it: the keys typed after it
        # in a burst go to the next field (not queued to this one, as Input.Submitted was).
        Binding("enter", "next_field", show=False, priority=True),
    ]

    def __init__(
        self,
        setup: Setup,
        *,
        protocol_title: str,
        in_session: bool,
        teachers: int | None = None,
        is_key: Callable[[str], bool] = lambda key: False,
        privacy: Privacy | None = None,
    ) -> None:
        super().__init__()
        self.setup = setup
        # Whether a text is an age public key (its checksum too): the store knows.
        self.is_key = is_key
        # How many teachers new files are encrypted to (None: a demo, nothing is kept).
        self.teachers = teachers
        self.lang = setup.lang
        self.protocol_title = protocol_title
        self.in_session = in_session
        # The course's facts for the client's privacy notice (none outside a course).
        self.privacy = privacy or Privacy()

    def compose(self) -> ComposeResult:
        setup = self.setup
        with VerticalScroll(id="setup-box"):
            yield Label(id="setup-heading")
            # Said first: the course's facts the client's notice needs, if any are missing.
            yield Static(id="privacy-missing", classes="privacy-missing")
            yield Label(id="label-client-code", classes="field-label")
            yield Input(setup.client_code, id="client-code", max_length=40)
            yield Static(id="client-code-hint", classes="hint")
            yield Label(id="label-language", classes="field-label")
            yield RadioSet(
                *(
                    RadioButton(LANGUAGE_NAMES[lang], value=lang == setup.lang, id=f"lang-{lang}")
                    for lang in LANGUAGES
                ),
                id="language",
                classes="choices horizontal",
            )
            yield Label(id="label-students", classes="field-label")
            yield Input(", ".join(setup.students), id="students", max_length=120)
            yield Label(id="label-partner", classes="field-label")
            yield Input(setup.partner, id="partner", max_length=62, placeholder="age1…")
            yield Static(id="readers", classes="hint")
            yield Label(id="label-session-type", classes="field-label")
            yield RadioSet(
                RadioButton(id="type-first", value=not setup.follow_up),
                RadioButton(id="type-follow-up", value=setup.follow_up),
                id="session-type",
                classes="choices horizontal",
            )
            yield Static(id="protocol-name", classes="hint")
            with Vertical(id="setup-actions"):
                yield Button(id="setup-done", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self._relabel()
        # Focusing the code field centres it, which on a short terminal scrolled the heading
        # and the line on missing privacy facts out of sight: the box starts at its top.
        box = self.query_one("#setup-box", VerticalScroll)
        self.call_after_refresh(box.scroll_home, animate=False)

    def _relabel(self) -> None:
        """All labels in the language chosen on this screen (it may change here)."""
        lang = self.lang

        def tr(key: str) -> str:
            return t(lang, f"setup.{key}")

        self.query_one("#setup-heading", Label).update(tr("heading"))
        self.query_one("#label-client-code", Label).update(tr("client_code"))
        self.query_one("#label-language", Label).update(tr("language"))
        self.query_one("#label-students", Label).update(tr("students"))
        self.query_one("#label-partner", Label).update(tr("partner"))
        self.query_one("#label-session-type", Label).update(tr("session_type"))
        self.query_one("#type-first", RadioButton).label = tr("first")
        self.query_one("#type-follow-up", RadioButton).label = tr("follow_up")
        self.query_one("#protocol-name", Static).update(f"{tr('protocol')}: {self.protocol_title}")
        missing = missing_line(self.privacy, lang)
        self.query_one("#privacy-missing", Static).update(missing)
        self.query_one("#privacy-missing", Static).display = bool(missing)
        self.query_one("#setup-done", Button).label = tr("back" if self.in_session else "start")
        self._show_code_problem(show_errors=False)
        self._show_readers(show_errors=False)

    def _partner(self) -> str:
        return self.query_one("#partner", Input).value.strip()

    def _show_readers(self, *, show_errors: bool) -> bool:
        """Who can open the session's file, as the setup now stands; False if the partner's
        key is not an age public key."""
        partner = self._partner()
        valid = not partner or self.is_key(partner)
        readers = self.query_one("#readers", Static)
        error = not valid and (show_errors or len(partner) >= 62)
        if error:
            text = t(self.lang, "setup.err_partner")
        elif self.teachers is None:
            text = t(self.lang, "setup.readers_demo")
        else:
            with_partner = "with_partner" if partner and valid else "alone"
            none = "" if self.teachers else "_none"
            text = t(self.lang, f"setup.readers_{with_partner}{none}", teachers=self.teachers)
        readers.update(text)
        readers.set_class(error, "error")
        return valid

    def _show_code_problem(self, *, show_errors: bool) -> bool:
        code = self.query_one("#client-code", Input).value
        problem = check_client_code(code)
        hint = self.query_one("#client-code-hint", Static)
        error = problem is not None and (show_errors or (problem != "empty" and bool(code)))
        hint.update(
            t(self.lang, f"setup.err_{problem}")
            if error
            else t(self.lang, "setup.client_code_hint")
        )
        hint.set_class(error, "error")
        return problem is None

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "client-code":
            self._show_code_problem(show_errors=False)
        elif event.input.id == "partner":
            self._show_readers(show_errors=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            return isinstance(self.focused, Input)  # elsewhere Enter chooses or presses
        return True

    def action_next_field(self) -> None:
        self.focus_next()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id == "language":
            self.lang = LANGUAGES[event.index]
            self._relabel()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        if not self._show_code_problem(show_errors=True):
            self.query_one("#client-code", Input).focus()
            return
        if not self._show_readers(show_errors=True):
            self.query_one("#partner", Input).focus()
            return
        students_text = self.query_one("#students", Input).value
        students = [name.strip() for name in students_text.split(",") if name.strip()]
        follow_up = self.query_one("#session-type", RadioSet).pressed_index == 1
        self.dismiss(
            SetupChanged(
                client_code=self.query_one("#client-code", Input).value.strip(),
                lang=one_of(self.lang, LANGUAGES),
                students=students,
                follow_up=follow_up,
                partner=self._partner(),
            )
        )

    def action_back(self) -> None:
        self.dismiss(None)
